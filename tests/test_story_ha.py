"""A highly available control plane: three masters, a stacked etcd Raft group, leader election.

What a class watches on a kubeadm HA cluster: the load balancer keeps kubelets and kubectl
working when one apiserver dies, etcd keeps committing with one member of three down and
stops with two, a standby scheduler or controller manager takes over its lease when the
leader dies, and a control-plane node cut off from its peers falls behind, then catches up.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from simulator import errors
from simulator.cluster import Cluster
from tests.simhelpers import deployment, fault, healthy, pods_of, ready_status, run_until

CPS = ["control-plane-1", "control-plane-2", "control-plane-3"]


@pytest.fixture(scope="module")
def base() -> Cluster:
    return Cluster.create(seed=7, workers=3, control_planes=3, timing="kubernetes")


def fresh(seed: int = 7, **kw: Any) -> Cluster:
    return Cluster.create(seed=seed, workers=3, control_planes=3, timing=kw.pop("timing", "kubernetes"), **kw)


def lease(cluster: Cluster, name: str) -> dict[str, Any]:
    return next(obj for obj in cluster.objects("leases", namespace="kube-system")
                if obj["metadata"]["name"] == name)


def holder_node(cluster: Cluster, name: str) -> str:
    return lease(cluster, name)["spec"]["holderIdentity"].split("_")[0]


def write(cluster: Cluster, name: str) -> dict[str, Any]:
    """A kubectl write through the load balancer."""
    return cluster.core.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                                  "metadata": {"name": name, "namespace": "default"},
                                                  "data": {"k": name}}, actor="kubectl")


def test_three_masters_come_up_like_kubeadm_builds_them(base: Cluster) -> None:
    cluster = base
    assert cluster.control_plane_nodes == CPS and cluster.ha
    assert all(ready_status(cluster, n) == "True" for n in cluster.machines)
    static = Counter(p["spec"]["nodeName"] for p in cluster.objects("pods", namespace="kube-system")
                     if (p["metadata"].get("labels") or {}).get("tier") == "control-plane")
    assert static == {cp: 4 for cp in CPS}
    raft = cluster.core.raft
    assert raft.leader in {f"etcd@{cp}" for cp in CPS} and raft.quorum()
    terms = {m.term for m in raft.members.values()}
    assert len(terms) == 1
    for name in ("kube-scheduler", "kube-controller-manager"):
        assert holder_node(cluster, name) in CPS
        leaders = [c for k, c in cluster.components.items() if k.startswith(name + "@") and c.is_leader]
        assert len(leaders) == 1
    endpoints = next(e for e in cluster.objects("endpoints", namespace="default")
                     if e["metadata"]["name"] == "kubernetes")
    assert [a["ip"] for a in endpoints["subsets"][0]["addresses"]] == ["10.0.0.11", "10.0.0.12", "10.0.0.13"]
    assert "https://10.0.0.10:6443" in next(c for c in cluster.objects("configmaps", namespace="kube-public")
                                            if c["metadata"]["name"] == "cluster-info")["data"]["kubeconfig"]


def test_a_standby_scheduler_takes_over_and_no_pod_is_bound_twice() -> None:
    cluster = fresh(seed=11)
    old = holder_node(cluster, "kube-scheduler")
    timing = cluster.core.timing
    cluster.apply(fault("sched", "ComponentDown", component="kube-scheduler", node=old))
    stopped = cluster.now
    cluster.apply(deployment("web", 6))
    cluster.advance(5.0)
    assert all(not p["spec"].get("nodeName") for p in pods_of(cluster, "web")), "nobody leads yet"
    run_until(cluster, lambda: holder_node(cluster, "kube-scheduler") != old, limit=60)
    took = cluster.now - stopped
    # client-go: the standby polls every RetryPeriod with jitter 1.2 and judges expiry from when it
    # last saw the record change — at most LeaseDuration plus two jittered polls.
    assert took <= timing.leader_lease_duration + 2 * timing.leader_retry_period * 2.2 + 1.0
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 6, limit=120)
    binds = Counter(e.object for e in cluster.core.trace.since(0) if e.kind == "PodBound"
                    and "web-" in e.object)
    assert len(binds) == 6 and set(binds.values()) == {1}


def test_a_standby_controller_manager_takes_over_without_duplicate_pods() -> None:
    cluster = fresh(seed=12)
    cluster.apply(deployment("api", 3))
    run_until(cluster, lambda: len(healthy(cluster, "api")) == 3, limit=120)
    old = holder_node(cluster, "kube-controller-manager")
    cluster.apply(fault("kcm", "ComponentDown", component="kube-controller-manager", node=old))
    cluster.core.api.patch("deployments", "api", {"spec": {"replicas": 5}}, namespace="default",
                           actor="kubectl")
    run_until(cluster, lambda: holder_node(cluster, "kube-controller-manager") != old, limit=60)
    run_until(cluster, lambda: len(healthy(cluster, "api")) == 5, limit=120)
    cluster.advance(30.0)
    assert len(pods_of(cluster, "api")) == 5
    assert len(cluster.objects("replicasets", namespace="default")) == 1


def test_etcd_commits_with_one_member_down_and_refuses_with_two() -> None:
    cluster = fresh(seed=13)
    raft = cluster.core.raft
    acknowledged = [write(cluster, "before")["metadata"]["name"]]
    cluster.apply(fault("m2", "ComponentDown", component="etcd", node="control-plane-2"))
    cluster.advance(3.0)
    acknowledged.append(write(cluster, "one-down")["metadata"]["name"])
    cluster.apply(fault("m3", "ComponentDown", component="etcd", node="control-plane-3"))
    cluster.advance(3.0)
    assert not raft.quorum()
    with pytest.raises(errors.ApiError) as refused:
        write(cluster, "two-down")
    assert "etcdserver: request timed out" in refused.value.message
    assert "no quorum" in raft.why_unavailable("etcd@control-plane-1")
    cluster.delete("faults", "m2")
    cluster.delete("faults", "m3")
    run_until(cluster, lambda: raft.quorum(), limit=10)
    acknowledged.append(write(cluster, "healed")["metadata"]["name"])
    cluster.advance(3.0)
    names = {c["metadata"]["name"] for c in cluster.objects("configmaps", namespace="default")}
    assert set(acknowledged) <= names and "two-down" not in names
    assert {m.applied_revision for m in raft.members.values()} == {cluster.core.etcd.revision}
    # The nodes survived the outage: heartbeats resume once etcd commits again.
    run_until(cluster, lambda: all(ready_status(cluster, n) == "True" for n in cluster.machines), limit=120)


def test_one_apiserver_down_kubectl_and_kubelets_keep_working_through_the_load_balancer() -> None:
    cluster = fresh(seed=14)
    cluster.apply(fault("api1", "ComponentDown", component="kube-apiserver", node="control-plane-1"))
    cluster.advance(1.0)
    for i in range(5):
        write(cluster, f"via-lb-{i}")
    cluster.apply(deployment("web", 3))
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 3, limit=120)
    cluster.advance(120.0)   # longer than the node monitor grace period: heartbeats still arrive
    assert all(ready_status(cluster, n) == "True" for n in cluster.machines if n != "control-plane-1")
    served = Counter(e.target for e in cluster.core.trace
                     if e.t >= cluster.now - 60 and e.kind == "LeaseUpdated")
    assert served and "kube-apiserver@control-plane-1" not in served


def test_a_partitioned_master_falls_behind_cannot_lead_and_converges_when_healed() -> None:
    cluster = fresh(seed=15)
    raft = cluster.core.raft
    cut = "control-plane-3" if raft.leader != "etcd@control-plane-3" else "control-plane-2"
    member = f"etcd@{cut}"
    cluster.apply(fault("cut", "NetworkPartition", node=cut))
    cluster.advance(5.0)
    term = raft.members[member].term
    for i in range(10):
        write(cluster, f"majority-{i}")
    cluster.advance(30.0)
    assert raft.quorum() and raft.leader != member
    assert raft.members[member].term == term, "PreVote: a cut-off member does not inflate its term"
    assert raft.members[member].applied_revision < cluster.core.etcd.revision
    assert not raft.can_serve(member)
    cluster.delete("faults", "cut")
    run_until(cluster, lambda: raft.members[member].applied_revision == cluster.core.etcd.revision, limit=10)
    assert raft.members[member].leader == raft.leader


def test_a_paused_leader_wakes_after_a_takeover_and_is_fenced_not_obeyed() -> None:
    cluster = fresh(seed=16, timing="classroom")
    old = holder_node(cluster, "kube-scheduler")
    cluster.apply(fault("gc", "ComponentPaused", component="kube-scheduler", node=old))
    run_until(cluster, lambda: holder_node(cluster, "kube-scheduler") != old, limit=30)
    cluster.apply(deployment("web", 4))
    cluster.advance(0.04)       # the frozen old leader's informer has the new pods queued
    cluster.delete("faults", "gc")
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 4, limit=60)
    cluster.advance(10.0)
    trace = list(cluster.core.trace)
    binds = Counter(e.object for e in trace if e.kind == "PodBound" and "web-" in e.object)
    assert len(binds) == 4 and set(binds.values()) == {1}
    assert all(e.actor == f"kube-scheduler@{holder_node(cluster, 'kube-scheduler')}"
               for e in trace if e.kind == "PodBound" and "web-" in e.object)
    fenced = [e for e in trace if e.kind == "WriteFenced" and e.actor == f"kube-scheduler@{old}"]
    assert any(e.verb == "bind" and "is no longer the leader" in e.message for e in fenced)
    stale = cluster.components[f"kube-scheduler@{old}"]
    assert not stale.is_leader
    assert any(e.kind == "LeaderLost" and e.actor == f"kube-scheduler@{old}" for e in trace)
