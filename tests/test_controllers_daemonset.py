"""DaemonSet controller scenarios: placement, tolerations, status, rolling update."""
from __future__ import annotations

from test_controllers_support import FakeKubelets, FakeScheduler, cluster, events, pods, run_until

DS_TOLERATIONS = {
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
}


def daemonset(name: str = "proxy", *, image: str = "proxy:1", **pod_spec) -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "p", "image": image}], **pod_spec},
            },
        },
    }


def world(nodes: int = 3):
    core, client, kcm = cluster()
    kubelets = FakeKubelets(core)
    for i in range(1, nodes + 1):
        kubelets.register(f"worker-{i}")
    FakeScheduler(core, lambda: sorted(kubelets.alive))
    kcm.start()
    return core, client, kubelets


def live(client, app: str = "proxy") -> list[dict]:
    return [p for p in pods(client, app=app) if not p["metadata"].get("deletionTimestamp")]


def test_one_pod_per_node_pinned_by_node_affinity_with_daemon_tolerations() -> None:
    core, client, kubelets = world()
    client.create("daemonsets", daemonset())
    core.kernel.run(until=10)
    current = live(client)
    assert sorted(p["spec"]["nodeName"] for p in current) == ["worker-1", "worker-2", "worker-3"]
    for p in current:
        term = p["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][
            "nodeSelectorTerms"
        ]
        assert term == [
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [p["spec"]["nodeName"]]}]}
        ]
        assert {(t["key"], t["effect"]) for t in p["spec"]["tolerations"]} == DS_TOLERATIONS
        assert all("tolerationSeconds" not in t for t in p["spec"]["tolerations"])
        assert p["metadata"]["labels"]["controller-revision-hash"]
    st = client.get("daemonsets", "proxy", namespace="default")["status"]
    assert (
        st["desiredNumberScheduled"],
        st["currentNumberScheduled"],
        st["numberReady"],
        st["numberAvailable"],
        st["updatedNumberScheduled"],
        st["observedGeneration"],
    ) == (3, 3, 3, 3, 3, 1)
    assert len(events(client, "SuccessfulCreate")) == 3


def test_host_network_daemons_also_tolerate_network_unavailable() -> None:
    core, client, kubelets = world(nodes=1)
    client.create("daemonsets", daemonset(hostNetwork=True))
    core.kernel.run(until=5)
    (p,) = live(client)
    assert ("node.kubernetes.io/network-unavailable", "NoSchedule") in {
        (t["key"], t["effect"]) for t in p["spec"]["tolerations"]
    }


def test_node_selector_and_untolerated_taints_keep_daemons_off_a_node() -> None:
    core, client, kubelets = world(nodes=3)
    client.patch("nodes", "worker-1", {"metadata": {"labels": {"disk": "ssd"}}})
    client.patch(
        "nodes",
        "worker-2",
        {
            "metadata": {"labels": {"disk": "ssd"}},
            "spec": {"taints": [{"key": "gpu", "effect": "NoSchedule"}]},
        },
    )
    client.create("daemonsets", daemonset(nodeSelector={"disk": "ssd"}))
    core.kernel.run(until=10)
    assert [p["spec"]["nodeName"] for p in live(client)] == ["worker-1"]
    client.patch("nodes", "worker-3", {"metadata": {"labels": {"disk": "ssd"}}})
    run_until(
        core,
        lambda: sorted(p["spec"].get("nodeName") or "" for p in live(client)) == ["worker-1", "worker-3"],
        limit=10,
    )
    client.patch("nodes", "worker-1", {"metadata": {"labels": {"disk": "hdd"}}})
    run_until(core, lambda: [p["spec"].get("nodeName") for p in live(client)] == ["worker-3"], limit=10)


def test_a_new_node_gets_its_daemon_pod() -> None:
    core, client, kubelets = world(nodes=1)
    client.create("daemonsets", daemonset())
    core.kernel.run(until=5)
    kubelets.register("worker-9")
    run_until(core, lambda: "worker-9" in {p["spec"].get("nodeName") for p in live(client)}, limit=10)


def test_template_change_rolls_out_one_node_at_a_time() -> None:
    core, client, kubelets = world(nodes=4)
    client.create("daemonsets", daemonset())
    run_until(
        core,
        lambda: len([p for p in live(client) if p.get("status", {}).get("phase") == "Running"]) == 4,
        limit=20,
    )
    client.patch(
        "daemonsets",
        "proxy",
        {"spec": {"template": {"spec": {"containers": [{"name": "p", "image": "proxy:2"}]}}}},
        namespace="default",
    )
    worst = 4

    def ready_count() -> int:
        return len(
            [
                p
                for p in live(client)
                if any(
                    c["type"] == "Ready" and c["status"] == "True"
                    for c in p.get("status", {}).get("conditions", [])
                )
            ]
        )

    while core.kernel.now < 120:
        core.kernel.step()
        worst = min(worst, ready_count())
        if ready_count() == 4 and all(p["spec"]["containers"][0]["image"] == "proxy:2" for p in live(client)):
            break
    assert (
        all(p["spec"]["containers"][0]["image"] == "proxy:2" for p in live(client)) and len(live(client)) == 4
    )
    assert worst == 3  # maxUnavailable 1
    core.kernel.run(until=core.kernel.now + 3)
    st = client.get("daemonsets", "proxy", namespace="default")["status"]
    assert st["updatedNumberScheduled"] == 4 and st["observedGeneration"] == 2
