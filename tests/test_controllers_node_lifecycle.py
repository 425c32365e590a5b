"""Node lifecycle and taint eviction scenarios, with FIDELITY.md's default timings."""
from __future__ import annotations

from test_controllers_support import FakeKubelets, FakeScheduler, cluster, events, pod, pods, run_until

UNREACHABLE = ("node.kubernetes.io/unreachable", "NoExecute")
NOT_READY = ("node.kubernetes.io/not-ready", "NoExecute")


def world(nodes: int = 3, *, zone: str | None = None, timing: str = "kubernetes"):
    core, client, kcm = cluster(timing=timing)
    kubelets = FakeKubelets(core)
    for i in range(1, nodes + 1):
        kubelets.register(f"worker-{i}", zone=zone)
    kcm.start()
    core.kernel.run(until=core.kernel.now + 1)
    return core, client, kcm, kubelets


def ready_status(client, name: str) -> str:
    for c in client.get("nodes", name).get("status", {}).get("conditions", []):
        if c["type"] == "Ready":
            return c["status"]
    return "missing"


def taints(client, name: str) -> dict[tuple[str, str], dict]:
    return {(t["key"], t["effect"]): t for t in client.get("nodes", name).get("spec", {}).get("taints", [])}


def place(client, name: str, node: str, **kwargs) -> dict:
    created = client.create("pods", pod(name, pod_labels={"app": "web"}, node_name=node, **kwargs))
    return created


def deleted_at(core, client, name: str, *, limit: float) -> float:
    return run_until(core, lambda: _gone_or_terminating(client, name), limit=limit, step=0.5)


def _gone_or_terminating(client, name: str) -> bool:
    items = [p for p in pods(client) if p["metadata"]["name"] == name]
    return not items or bool(items[0]["metadata"].get("deletionTimestamp"))


def test_new_nodes_are_registered_with_an_event() -> None:
    core, client, kcm, kubelets = world(nodes=2)
    messages = sorted(e["message"] for e in events(client, "RegisteredNode"))
    assert messages == [f"Node worker-{i} event: Registered Node worker-{i} in Controller" for i in (1, 2)]


def test_node_turns_unknown_50_to_55_seconds_after_its_last_renewal_and_not_earlier() -> None:
    core, client, kcm, kubelets = world()
    place(client, "web-a", "worker-1")
    kubelets._run(client.get("pods", "web-a", namespace="default"), "worker-1")
    core.kernel.run(until=37)
    kubelets.stop("worker-1")
    last = kubelets.renewals["worker-1"]
    unknown_at = run_until(core, lambda: ready_status(client, "worker-1") == "Unknown", limit=120, step=0.05)
    assert 50.0 <= unknown_at - last <= 55.2, unknown_at - last
    ready = next(c for c in client.get("nodes", "worker-1")["status"]["conditions"] if c["type"] == "Ready")
    assert (ready["reason"], ready["message"]) == (
        "NodeStatusUnknown",
        "Kubelet stopped posting node status.",
    )
    kinds = {c["type"]: c["status"] for c in client.get("nodes", "worker-1")["status"]["conditions"]}
    assert kinds == {
        "Ready": "Unknown",
        "MemoryPressure": "Unknown",
        "DiskPressure": "Unknown",
        "PIDPressure": "Unknown",
    }
    core.kernel.run(until=core.kernel.now + 0.5)
    assert [
        e["message"] for e in events(client, "NodeNotReady") if e["involvedObject"]["kind"] == "Node"
    ] == ["Node worker-1 status is now: NodeNotReady"]
    web = client.get("pods", "web-a", namespace="default")
    assert next(c for c in web["status"]["conditions"] if c["type"] == "Ready")["status"] == "False"
    assert ready_status(client, "worker-2") == "True"


def test_unreachable_taints_follow_and_pods_are_evicted_after_their_300s_toleration() -> None:
    core, client, kcm, kubelets = world()
    place(client, "web-a", "worker-1")
    daemon_tolerations = [
        {"key": k, "operator": "Exists", "effect": "NoExecute"}
        for k in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")
    ]
    place(client, "proxy-a", "worker-1", tolerations=daemon_tolerations)
    kubelets.stop("worker-1")
    run_until(core, lambda: ready_status(client, "worker-1") == "Unknown", limit=120)
    tainted_at = run_until(core, lambda: UNREACHABLE in taints(client, "worker-1"), limit=20)
    assert ("node.kubernetes.io/unreachable", "NoSchedule") in taints(client, "worker-1")
    assert taints(client, "worker-1")[UNREACHABLE]["timeAdded"]
    evicted = deleted_at(core, client, "web-a", limit=400)
    assert 300.0 <= evicted - tainted_at <= 301.0, evicted - tainted_at
    marks = [e["message"] for e in events(client, "TaintManagerEviction")]
    assert marks == ["Marking for deletion Pod default/web-a"]
    core.kernel.run(until=core.kernel.now + 600)
    assert not client.get("pods", "proxy-a", namespace="default")["metadata"].get("deletionTimestamp")


def test_a_pod_that_does_not_tolerate_a_no_execute_taint_is_evicted_at_once() -> None:
    core, client, kcm, kubelets = world()
    place(client, "fragile", "worker-2")
    place(client, "tolerant", "worker-2", tolerations=[{"key": "dedicated", "operator": "Exists"}])
    client.patch(
        "nodes",
        "worker-2",
        {"spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoExecute"}]}},
    )
    tainted_at = core.kernel.now
    assert deleted_at(core, client, "fragile", limit=5) - tainted_at <= 0.5
    core.kernel.run(until=core.kernel.now + 30)
    assert not client.get("pods", "tolerant", namespace="default")["metadata"].get("deletionTimestamp")


def test_removing_the_taint_before_the_toleration_runs_out_cancels_eviction() -> None:
    core, client, kcm, kubelets = world()
    place(client, "web-a", "worker-1")
    kubelets.stop("worker-1")
    run_until(core, lambda: UNREACHABLE in taints(client, "worker-1"), limit=120)
    core.kernel.run(until=core.kernel.now + 100)
    kubelets.start("worker-1")
    run_until(core, lambda: not taints(client, "worker-1"), limit=20)
    core.kernel.run(until=core.kernel.now + 400)
    assert not client.get("pods", "web-a", namespace="default")["metadata"].get("deletionTimestamp")
    assert [e["message"] for e in events(client, "TaintManagerEviction")] == [
        "Cancelling deletion of Pod default/web-a"
    ]


def test_kubelet_reported_not_ready_gets_the_not_ready_taints() -> None:
    core, client, kcm, kubelets = world()
    client.patch_status(
        "nodes",
        "",
        "worker-2",
        {
            "conditions": [
                {
                    "type": "Ready",
                    "status": "False",
                    "reason": "KubeletNotReady",
                    "lastHeartbeatTime": core.clock.now(),
                    "lastTransitionTime": core.clock.now(),
                    "message": "container runtime network not ready",
                }
            ]
        },
    )
    run_until(core, lambda: NOT_READY in taints(client, "worker-2"), limit=20)
    assert ("node.kubernetes.io/not-ready", "NoSchedule") in taints(client, "worker-2")
    assert UNREACHABLE not in taints(client, "worker-2")


def test_eviction_rate_taints_one_node_every_ten_seconds() -> None:
    core, client, kcm, kubelets = world(nodes=4)
    kubelets.stop("worker-1")
    kubelets.stop("worker-2")
    first = run_until(
        core, lambda: any(UNREACHABLE in taints(client, n) for n in ("worker-1", "worker-2")), limit=120
    )
    both = run_until(
        core, lambda: all(UNREACHABLE in taints(client, n) for n in ("worker-1", "worker-2")), limit=60
    )
    assert 9.99 <= both - first <= 10.5, both - first


def test_when_every_node_is_down_nothing_is_evicted() -> None:
    core, client, kcm, kubelets = world(nodes=3)
    place(client, "web-a", "worker-1")
    for name in ("worker-1", "worker-2", "worker-3"):
        kubelets.stop(name)
    run_until(
        core,
        lambda: all(ready_status(client, n) == "Unknown" for n in ("worker-1", "worker-2", "worker-3")),
        limit=120,
    )
    core.kernel.run(until=core.kernel.now + 700)
    assert not client.get("pods", "web-a", namespace="default")["metadata"].get("deletionTimestamp")
    assert all(UNREACHABLE not in taints(client, n) for n in ("worker-1", "worker-2", "worker-3"))


def test_a_partially_disrupted_small_zone_stops_tainting() -> None:
    core, client, kcm, kubelets = world(nodes=5, zone="zone-a")
    for name in ("worker-1", "worker-2", "worker-3"):
        kubelets.stop(name)  # 3 of 5 not ready (≥55%, more than 2): PartialDisruption
    run_until(
        core, lambda: all(ready_status(client, f"worker-{i}") == "Unknown" for i in (1, 2, 3)), limit=120
    )
    core.kernel.run(until=core.kernel.now + 60)
    tainted = [i for i in (1, 2, 3) if UNREACHABLE in taints(client, f"worker-{i}")]
    assert len(tainted) <= 1  # a small cluster's partially disrupted zone gets rate 0 once detected


def test_daemonset_pods_on_a_dead_node_are_never_evicted() -> None:
    core, client, kcm, kubelets = world()
    FakeScheduler(core, lambda: sorted(kubelets.alive))
    client.create(
        "daemonsets",
        {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {"name": "proxy", "namespace": "default"},
            "spec": {
                "selector": {"matchLabels": {"app": "proxy"}},
                "template": {
                    "metadata": {"labels": {"app": "proxy"}},
                    "spec": {"containers": [{"name": "p", "image": "proxy"}]},
                },
            },
        },
    )
    run_until(
        core, lambda: len([p for p in pods(client, app="proxy") if p["spec"].get("nodeName")]) == 3, limit=30
    )
    kubelets.stop("worker-1")
    run_until(core, lambda: UNREACHABLE in taints(client, "worker-1"), limit=120)
    core.kernel.run(until=core.kernel.now + 700)
    on_dead = [p for p in pods(client, app="proxy") if p["spec"]["nodeName"] == "worker-1"]
    assert len(on_dead) == 1 and not on_dead[0]["metadata"].get("deletionTimestamp")


def test_classroom_timing_compresses_the_same_steps() -> None:
    core, client, kcm, kubelets = world(timing="classroom")
    place(client, "web-a", "worker-1")
    kubelets.stop("worker-1")
    last = kubelets.renewals["worker-1"]
    unknown = run_until(core, lambda: ready_status(client, "worker-1") == "Unknown", limit=30)
    tainted = run_until(core, lambda: UNREACHABLE in taints(client, "worker-1"), limit=10)
    evicted = deleted_at(core, client, "web-a", limit=30)
    assert 8.0 <= unknown - last <= 9.5 and unknown < tainted and 12.0 <= evicted - tainted <= 13.0
