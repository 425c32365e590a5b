"""KubeletDown, NetworkPartition and ComponentDown, as a class would watch them."""
from __future__ import annotations

import pytest

from simulator import errors
from simulator.cluster import Cluster
from tests.simhelpers import deployment, fault, healthy, pods_of, ready_status, run_until


def setup(seed: int = 5) -> tuple[Cluster, str, set[str]]:
    cluster = Cluster.create(seed=seed, workers=3, timing="classroom")
    cluster.apply(deployment("web", 6))
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 6, limit=60)
    victim = "worker-1"
    on_victim = {p["metadata"]["name"] for p in healthy(cluster, "web") if p["spec"]["nodeName"] == victim}
    assert on_victim, "the seed should place pods on worker-1"
    return cluster, victim, on_victim


def containers_on(cluster: Cluster, node: str) -> set[str]:
    return {c.pod_name for c in cluster.machines[node].runtime.running_containers()}


@pytest.mark.parametrize("kind", ["KubeletDown", "NetworkPartition"])
def test_a_short_outage_replaces_nothing(kind: str) -> None:
    cluster, victim, on_victim = setup()
    spec = {"node": victim} if kind == "KubeletDown" else {"nodes": [victim]}
    cluster.apply(fault("short", kind, **spec))
    run_until(cluster, lambda: ready_status(cluster, victim) == "Unknown", limit=30)
    cluster.advance(5.0)  # shorter than the classroom toleration
    cluster.delete("faults", "short")
    run_until(cluster, lambda: ready_status(cluster, victim) == "True", limit=30)
    cluster.advance(15.0)
    assert {p["metadata"]["name"] for p in pods_of(cluster, "web")} >= on_victim
    assert len(pods_of(cluster, "web")) == 6 and len(healthy(cluster, "web")) == 6


@pytest.mark.parametrize("kind", ["KubeletDown", "NetworkPartition"])
def test_a_long_outage_runs_two_copies_until_the_kubelet_returns(kind: str) -> None:
    cluster, victim, on_victim = setup()
    spec = {"node": victim} if kind == "KubeletDown" else {"nodes": [victim]}
    cluster.apply(fault("long", kind, **spec))
    run_until(cluster, lambda: len([p for p in healthy(cluster, "web")
                                    if p["spec"]["nodeName"] != victim]) == 6,
              limit=60)
    # Split brain: the old containers still run on the cut-off machine, unseen.
    assert on_victim <= containers_on(cluster, victim)
    cluster.delete("faults", "long")
    run_until(cluster, lambda: not (on_victim & containers_on(cluster, victim)), limit=60)
    run_until(cluster, lambda: len(pods_of(cluster, "web")) == 6, limit=60)
    assert len(healthy(cluster, "web")) == 6


def test_without_a_scheduler_new_pods_stay_pending_until_it_returns() -> None:
    cluster, _, _ = setup()
    cluster.apply(fault("sched", "ComponentDown", component="kube-scheduler", node="control-plane-1"))
    cluster.apply(deployment("api", 2))
    cluster.advance(20.0)
    assert len(pods_of(cluster, "api")) == 2
    assert all(not p["spec"].get("nodeName") for p in pods_of(cluster, "api"))
    cluster.delete("faults", "sched")
    run_until(cluster, lambda: len(healthy(cluster, "api")) == 2, limit=30)


def test_without_a_controller_manager_nothing_is_replaced_until_it_returns() -> None:
    cluster, victim, _ = setup()
    cluster.apply(fault("kcm", "ComponentDown", component="kube-controller-manager", node="control-plane-1"))
    # A pod on a healthy node: its kubelet confirms the deletion, and nothing replaces it.
    victim_pod = next(p for p in healthy(cluster, "web")
                      if p["spec"]["nodeName"] != victim)["metadata"]["name"]
    cluster.delete("pods", victim_pod, namespace="default")
    cluster.apply(fault("node", "NodeDown", node=victim))
    cluster.advance(40.0)
    assert len(pods_of(cluster, "web")) == 5
    assert ready_status(cluster, victim) == "True"  # nobody is watching the heartbeats
    assert not any(p["metadata"].get("deletionTimestamp") for p in pods_of(cluster, "web"))
    cluster.delete("faults", "kcm")
    run_until(cluster, lambda: ready_status(cluster, victim) == "Unknown", limit=30)
    run_until(cluster, lambda: len([p for p in healthy(cluster, "web")
                                    if p["spec"]["nodeName"] != victim]) == 6,
              limit=60)


def test_without_the_apiserver_the_cluster_freezes_and_resumes_with_nothing_lost() -> None:
    cluster, _, _ = setup()
    revision = cluster.core.etcd.revision
    cluster.apply(fault("api", "ComponentDown", component="kube-apiserver", node="control-plane-1"))
    with pytest.raises(errors.ApiError):
        cluster.apply(deployment("late", 1))
    cluster.advance(30.0)
    assert cluster.core.etcd.revision == revision  # nothing could be written
    cluster.delete("faults", "api")
    run_until(cluster, lambda: all(ready_status(cluster, n) == "True" for n in cluster.machines), limit=60)
    cluster.advance(10.0)
    assert len(healthy(cluster, "web")) == 6 and len(pods_of(cluster, "web")) == 6


def test_without_etcd_writes_fail_with_a_timeout() -> None:
    cluster, _, _ = setup()
    cluster.apply(fault("etcd", "ComponentDown", component="etcd", node="control-plane-1"))
    with pytest.raises(errors.ApiError) as caught:
        cluster.apply(deployment("late", 1))
    assert "etcdserver: request timed out" in caught.value.message
    cluster.delete("faults", "etcd")
    cluster.apply(deployment("late", 1))
    run_until(cluster, lambda: len(healthy(cluster, "late")) == 1, limit=60)


def test_fault_status_says_when_it_took_effect() -> None:
    cluster, victim, _ = setup()
    applied = cluster.apply(fault("f", "KubeletDown", node=victim))[0]
    status = cluster.core.api.get("faults", "f")["status"]
    assert status["phase"] == "Active" and status["startedAt"] and applied["metadata"]["name"] == "f"
    cluster.apply(fault("bad", "NodeDown", node="worker-99"))
    assert cluster.core.api.get("faults", "bad")["status"]["phase"] == "Failed"
