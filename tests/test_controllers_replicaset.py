"""ReplicaSet controller scenarios: counts, expectations, slow start, adoption, ranking."""
from __future__ import annotations

from test_controllers_support import cluster, events, pod, pods, replicaset, set_ready

from simulator import errors
from simulator.objects import controller_of


def owned(client, name: str = "web") -> list[dict]:
    rs = client.get("replicasets", name, namespace="default")
    return [p for p in pods(client) if (controller_of(p) or {}).get("uid") == rs["metadata"]["uid"]]


def active(items: list[dict]) -> list[dict]:
    return [p for p in items if not p["metadata"].get("deletionTimestamp")]


def test_replicaset_creates_its_pods_with_owner_reference_and_events() -> None:
    core, client, kcm = cluster()
    kcm.start()
    client.create("replicasets", replicaset("web", 3))
    core.kernel.run(until=2)
    created = owned(client)
    assert len(created) == 3
    for p in created:
        assert p["metadata"]["name"].startswith("web-") and len(p["metadata"]["name"]) == len("web-") + 5
        ref = controller_of(p)
        assert ref["kind"] == "ReplicaSet" and ref["name"] == "web" and ref["blockOwnerDeletion"] is True
    messages = sorted(e["message"] for e in events(client, "SuccessfulCreate"))
    assert messages == sorted(f"Created pod: {p['metadata']['name']}" for p in created)
    st = client.get("replicasets", "web", namespace="default")["status"]
    assert st["replicas"] == 3 and st["fullyLabeledReplicas"] == 3 and st["observedGeneration"] == 1


def test_slow_watches_never_make_it_over_create_or_over_delete() -> None:
    core, client, kcm = cluster()
    core.api.watches.latency = 3.0  # the controller's cache lags 3 s behind its own writes
    kcm.start()
    client.create("replicasets", replicaset("web", 4))
    seen_max = 0
    while core.kernel.now < 20:
        core.kernel.run(until=core.kernel.now + 0.05)
        seen_max = max(seen_max, len(owned(client)))
    assert seen_max == 4 and len(owned(client)) == 4
    client.patch("replicasets", "web", {"spec": {"replicas": 1}}, namespace="default")
    seen_min = 4
    while core.kernel.now < 40:
        core.kernel.run(until=core.kernel.now + 0.05)
        seen_min = min(seen_min, len(active(owned(client))))
    assert seen_min == 1 and len(events(client, "SuccessfulDelete")) == 3


def test_creates_go_out_in_slow_start_batches_and_a_failure_stops_the_rest() -> None:
    core, client, kcm = cluster()
    attempts: list[float] = []

    def quota(op, res, obj, old) -> None:
        if op == "create" and res.plural == "pods":
            attempts.append(core.kernel.now)
            raise errors.forbidden('pods "web" is forbidden: exceeded quota: pods')
    core.api.admission.append(quota)
    kcm.start()
    client.create("replicasets", replicaset("web", 10))
    core.kernel.run(until=0.5)
    first = [t for t in attempts if t == attempts[0]]
    assert len(first) == 1  # one call of the first batch of 1, not ten
    assert events(client, "FailedCreate")[0]["message"].startswith('Error creating: pods "web" is forbidden')
    core.api.admission.remove(quota)
    core.kernel.run(until=10)
    assert len(owned(client)) == 10
    st = client.get("replicasets", "web", namespace="default")["status"]
    assert not any(c["type"] == "ReplicaFailure" for c in st.get("conditions", []))


def test_replica_failure_condition_reports_the_create_error() -> None:
    core, client, kcm = cluster()
    core.api.admission.append(
        lambda op, res, obj, old: (
            (_ for _ in ()).throw(errors.forbidden("no pods today"))
            if op == "create" and res.plural == "pods"
            else None
        )
    )
    kcm.start()
    client.create("replicasets", replicaset("web", 2))
    core.kernel.run(until=3)
    conditions = client.get("replicasets", "web", namespace="default")["status"].get("conditions", [])
    assert [(c["type"], c["reason"], c["message"]) for c in conditions] == [
        ("ReplicaFailure", "FailedCreate", "no pods today")
    ]


def test_matching_orphans_are_adopted_and_count() -> None:
    core, client, kcm = cluster()
    client.create("pods", pod("stray", pod_labels={"app": "web"}))
    kcm.start()
    client.create("replicasets", replicaset("web", 2))
    core.kernel.run(until=2)
    stray = client.get("pods", "stray", namespace="default")
    assert controller_of(stray)["name"] == "web"
    assert len(owned(client)) == 2


def test_a_pod_whose_labels_stop_matching_is_released_and_replaced() -> None:
    core, client, kcm = cluster()
    kcm.start()
    client.create("replicasets", replicaset("web", 2))
    core.kernel.run(until=2)
    victim = owned(client)[0]["metadata"]["name"]
    client.patch("pods", victim, {"metadata": {"labels": {"app": "debug"}}}, namespace="default")
    core.kernel.run(until=4)
    assert controller_of(client.get("pods", victim, namespace="default")) is None
    assert victim not in {p["metadata"]["name"] for p in owned(client)}
    assert len(owned(client)) == 2


def test_terminating_pods_are_replaced_at_once() -> None:
    core, client, kcm = cluster()
    client.create("nodes", {"metadata": {"name": "worker-1"}})
    kcm.start()
    client.create("replicasets", replicaset("web", 2))
    core.kernel.run(until=2)
    victim = owned(client)[0]
    client.bind("default", victim["metadata"]["name"], "worker-1")  # bound: deletion waits for a kubelet
    client.delete("pods", victim["metadata"]["name"], namespace="default")
    core.kernel.run(until=3)
    assert client.get("pods", victim["metadata"]["name"], namespace="default")["metadata"][
        "deletionTimestamp"
    ]
    assert len(active(owned(client))) == 2 and len(owned(client)) == 3


def test_scale_down_deletes_unassigned_then_not_ready_pods_first() -> None:
    core, client, kcm = cluster()
    client.create("nodes", {"metadata": {"name": "worker-1"}})
    kcm.start()
    client.create("replicasets", replicaset("web", 4))
    core.kernel.run(until=2)
    names = sorted(p["metadata"]["name"] for p in owned(client))
    for i, name in enumerate(names[:3]):
        client.bind("default", name, "worker-1")
        set_ready(client, client.get("pods", name, namespace="default"), f"10.0.0.{i + 1}", ready=i != 1)
    unassigned, not_ready = names[3], names[1]
    client.patch("replicasets", "web", {"spec": {"replicas": 2}}, namespace="default")
    core.kernel.run(until=4)
    doomed = {p["metadata"]["name"] for p in owned(client) if p["metadata"].get("deletionTimestamp")}
    assert unassigned not in {p["metadata"]["name"] for p in owned(client)}  # unbound: removed at once
    assert doomed == {not_ready}


def test_ready_and_available_follow_min_ready_seconds() -> None:
    core, client, kcm = cluster()
    kcm.start()
    rs = replicaset("web", 2)
    rs["spec"]["minReadySeconds"] = 10
    client.create("replicasets", rs)
    core.kernel.run(until=2)
    for i, p in enumerate(owned(client)):
        set_ready(client, p, f"10.0.0.{i + 1}", stamp=core.clock.now())
    core.kernel.run(until=5)
    st = client.get("replicasets", "web", namespace="default")["status"]
    assert st["readyReplicas"] == 2 and "availableReplicas" not in st
    core.kernel.run(until=14)
    assert client.get("replicasets", "web", namespace="default")["status"]["availableReplicas"] == 2
