"""Filter and score plugins of the default profile, table-driven against upstream behaviour."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from simulator.scheduler import schedule_one
from simulator.scheduler.pod_info import PodInfo, pod_requests
from tests.test_scheduler_fixtures import CONTROL_PLANE_TAINT, cluster, make_node, make_pod, place

RNG = random.Random(0)


def filters_of(cache, pod):
    return schedule_one(pod, cache, rng=random.Random(0)).filters


def test_cordoned_node_receives_no_new_pods():
    cache = cluster(make_node("worker-1"), make_node("worker-2", unschedulable=True), make_node("worker-3"))
    placed = place(cache, [make_pod(f"web-{i}") for i in range(30)])
    assert "worker-2" not in placed.values()
    assert set(placed.values()) == {"worker-1", "worker-3"}
    assert filters_of(cache, make_pod("probe"))["worker-2"] == (
        "NodeUnschedulable", "node(s) were unschedulable")


def test_cordon_after_placements_takes_effect_for_the_next_pod():
    cache = cluster(make_node("worker-1"), make_node("worker-2"))
    place(cache, [make_pod(f"a-{i}") for i in range(4)])
    cache.update_node(None, make_node("worker-1", unschedulable=True))
    assert set(place(cache, [make_pod(f"b-{i}") for i in range(6)]).values()) == {"worker-2"}


def test_unschedulable_toleration_allows_a_cordoned_node():
    tol = {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}
    cache = cluster(make_node("worker-1", unschedulable=True))
    pod = make_pod("ds", tolerations=[tol])
    assert schedule_one(pod, cache, rng=RNG).node == "worker-1"


@pytest.mark.parametrize("taint, tolerations, fits", [
    ({"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}, [], False),
    ({"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
     [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}], True),
    ({"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
     [{"key": "dedicated", "value": "tpu", "effect": "NoSchedule"}], False),
    ({"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
     [{"key": "dedicated", "operator": "Exists"}], True),
    ({"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
     [{"key": "dedicated", "operator": "Exists", "effect": "NoExecute"}], False),
    ({"key": "dedicated", "value": "gpu", "effect": "NoExecute"}, [], False),
    ({"key": "dedicated", "value": "gpu", "effect": "PreferNoSchedule"}, [], True),
    ({"key": "anything", "effect": "NoSchedule"}, [{"operator": "Exists"}], True),
])
def test_taints_and_tolerations(taint, tolerations, fits):
    cache = cluster(make_node("worker-1", taints=[taint]))
    result = schedule_one(make_pod("p", tolerations=tolerations), cache, rng=RNG)
    assert (result.node == "worker-1") is fits
    if not fits:
        reason = f"node(s) had untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"
        assert result.filters["worker-1"] == ("TaintToleration", reason)


def test_control_plane_taint_keeps_pods_on_workers():
    cache = cluster(make_node("control-plane", taints=[CONTROL_PLANE_TAINT]), make_node("worker-1"),
                    make_node("worker-2"))
    placed = place(cache, [make_pod(f"web-{i}") for i in range(20)])
    assert set(placed.values()) == {"worker-1", "worker-2"}
    assert filters_of(cache, make_pod("probe"))["control-plane"] == (
        "TaintToleration", "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }")


def test_prefer_no_schedule_taint_lowers_the_score():
    soft = {"key": "spot", "value": "true", "effect": "PreferNoSchedule"}
    cache = cluster(make_node("soft", taints=[soft]),
                    make_node("plain"))
    result = schedule_one(make_pod("p"), cache, rng=RNG)
    assert result.node == "plain"
    assert result.scores["plain"]["TaintToleration"] == 300 and result.scores["soft"]["TaintToleration"] == 0


@pytest.mark.parametrize("spec, expected", [
    ({"nodeSelector": {"disk": "ssd"}}, {"ssd-1"}),
    ({"nodeSelector": {"disk": "ssd", "zone": "b"}}, set()),
    ({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd", "nvme"]}]}]}}}},
     {"ssd-1", "nvme-1"}),
    ({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "disk", "operator": "NotIn", "values": ["ssd"]}]}]}}}},
     {"nvme-1", "bare-1"}),
    ({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "disk", "operator": "DoesNotExist"}]}]}}}}, {"bare-1"}),
    ({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "cores", "operator": "Gt", "values": ["8"]}]}]}}}}, {"nvme-1"}),
    ({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["bare-1"]}]}]}}}}, {"bare-1"}),
    ({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]},
        {"matchExpressions": [{"key": "cores", "operator": "Lt", "values": ["8"]}]}]}}}},
     {"ssd-1", "bare-1"}),
])
def test_node_selector_and_required_node_affinity(spec, expected):
    cache = cluster(make_node("ssd-1", labels={"disk": "ssd", "cores": "8"}),
                    make_node("nvme-1", labels={"disk": "nvme", "cores": "16"}),
                    make_node("bare-1", labels={"cores": "4"}))
    filters = filters_of(cache, make_pod("p", **spec))
    assert {n for n, f in filters.items() if f is None} == expected
    for name in set(filters) - expected:
        assert filters[name] == ("NodeAffinity", "node(s) didn't match Pod's node affinity/selector")


def test_preferred_node_affinity_wins_the_score():
    pref = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 50,
         "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}}]}}
    cache = cluster(make_node("hdd-1", labels={"disk": "hdd"}), make_node("ssd-1", labels={"disk": "ssd"}),
                    make_node("hdd-2", labels={"disk": "hdd"}))
    result = schedule_one(make_pod("p", affinity=pref), cache, rng=RNG)
    assert result.node == "ssd-1"
    assert result.scores["ssd-1"]["NodeAffinity"] == 200 and result.scores["hdd-1"]["NodeAffinity"] == 0


def test_insufficient_cpu_message_is_kubernetes_text():
    cache = cluster(make_node("control-plane", taints=[CONTROL_PLANE_TAINT]),
                    *(make_node(f"worker-{i}", cpu="4") for i in (1, 2, 3)))
    place(cache, [make_pod(f"busy-{i}", cpu="2", nodeName=f"worker-{i}") for i in (1, 2, 3)])
    result = schedule_one(make_pod("big", cpu="3"), cache, rng=RNG)
    assert result.node is None
    assert result.message == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 Insufficient cpu. preemption: 0/4 nodes are available: "
        "1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.")


def test_request_above_allocatable_is_unresolvable_for_preemption():
    cache = cluster(make_node("worker-1", cpu="2"), make_node("worker-2", cpu="8"))
    place(cache, [make_pod("hog", cpu="7500m", nodeSelector={"kubernetes.io/hostname": "worker-2"})])
    result = schedule_one(make_pod("big", cpu="3", memory="1Gi"), cache, rng=RNG)
    assert result.message == (
        "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: "
        "1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.")


def test_too_many_pods_and_memory_reasons():
    cache = cluster(make_node("tiny", pods="2", memory="1Gi"), make_node("small", memory="256Mi"))
    on_tiny = {"kubernetes.io/hostname": "tiny"}
    place(cache, [make_pod(f"p{i}", memory="64Mi", nodeSelector=on_tiny) for i in range(2)])
    result = schedule_one(make_pod("q", memory="512Mi"), cache, rng=RNG)
    assert result.filters == {"tiny": ("NodeResourcesFit", "Too many pods"),
                              "small": ("NodeResourcesFit", "Insufficient memory")}
    assert result.message.startswith(
        "0/2 nodes are available: 1 Insufficient memory, 1 Too many pods. preemption:")


def test_host_port_conflict():
    ports = [{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}]
    cache = cluster(make_node("worker-1"), make_node("worker-2"))
    spec = {"containers": [{"name": "c", "image": "nginx", "ports": ports}]}
    placed = place(cache, [make_pod(f"hp-{i}", **spec) for i in range(3)])
    assert sorted(v for v in placed.values() if v) == ["worker-1", "worker-2"] and placed["hp-2"] is None
    assert filters_of(cache, make_pod("x", **spec))["worker-1"] == (
        "NodePorts", "node(s) didn't have free ports for the requested pod ports")


ANTI = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
    {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}]}}


def test_required_anti_affinity_spreads_replicas():
    cache = cluster(*(make_node(f"worker-{i}") for i in (1, 2, 3)))
    placed = place(cache, [make_pod(f"db-{i}", labels={"app": "db"}, affinity=ANTI) for i in range(4)])
    assert sorted(v for v in placed.values() if v) == ["worker-1", "worker-2", "worker-3"]
    result = schedule_one(make_pod("db-9", labels={"app": "db"}, affinity=ANTI), cache, rng=RNG)
    assert result.message == ("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. "
                              "preemption: "
                              "0/3 nodes are available: 3 No preemption victims found for incoming pod.")


def test_existing_pods_anti_affinity_repels_matching_newcomers():
    cache = cluster(make_node("worker-1"), make_node("worker-2"))
    place(cache, [make_pod("db-0", labels={"app": "db"}, affinity=ANTI, nodeName="worker-1")])
    filters = filters_of(cache, make_pod("plain", labels={"app": "db"}))
    assert filters["worker-1"] == (
        "InterPodAffinity", "node(s) didn't satisfy existing pods anti-affinity rules")
    assert filters["worker-2"] is None


def test_required_pod_affinity_follows_its_target_and_first_pod_may_go_anywhere():
    aff = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    cache = cluster(*(make_node(f"worker-{i}") for i in (1, 2, 3)))
    first = place(cache, [make_pod("cache-0", labels={"app": "cache"}, affinity=aff)])["cache-0"]
    assert first is not None        # self-affine first pod: no match anywhere yet, allowed
    placed = place(cache, [make_pod(f"cache-{i}", labels={"app": "cache"}, affinity=aff)
                           for i in range(1, 5)])
    assert set(placed.values()) == {first}
    filters = filters_of(cache, make_pod("web", labels={"app": "web"}, affinity=aff))
    rejected = ("InterPodAffinity", "node(s) didn't match pod affinity rules")
    assert sum(1 for f in filters.values() if f == rejected) == 2


ZONE_SPREAD = [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}]


def test_topology_spread_do_not_schedule_balances_zones():
    spread = ZONE_SPREAD
    cache = cluster(*(make_node(f"a-{i}", cpu="16", labels={"topology.kubernetes.io/zone": "a"})
                      for i in range(3)),
                    make_node("b-0", cpu="16", labels={"topology.kubernetes.io/zone": "b"}))
    placed = place(cache, [make_pod(f"web-{i}", topologySpreadConstraints=spread) for i in range(10)])
    zones = Counter(v.split("-")[0] for v in placed.values())
    assert zones == {"a": 5, "b": 5}


def test_topology_spread_rejection_reasons():
    spread = ZONE_SPREAD
    cache = cluster(make_node("a-0", labels={"topology.kubernetes.io/zone": "a"}),
                    make_node("b-0", labels={"topology.kubernetes.io/zone": "b"}, taints=[
                        {"key": "full", "effect": "NoSchedule"}]),
                    make_node("nozone"))
    place(cache, [make_pod("web-0", nodeName="a-0")])
    filters = filters_of(cache, make_pod("web-1", topologySpreadConstraints=spread))
    assert filters["a-0"] == ("PodTopologySpread", "node(s) didn't match pod topology spread constraints")
    assert filters["nozone"] == (
        "PodTopologySpread", "node(s) didn't match pod topology spread constraints (missing required label)")


def test_default_spreading_scores_nodes_without_siblings_higher():
    cache = cluster(*(make_node(f"worker-{i}", cpu="64", memory="256Gi") for i in range(4)))
    placed = place(cache, [make_pod(f"web-{i}", owner="web-abc") for i in range(8)])
    assert Counter(placed.values()) == {f"worker-{i}": 2 for i in range(4)}


def test_image_locality_prefers_a_node_holding_the_image():
    big = [{"names": ["registry.k8s.io/big:1.0"], "sizeBytes": 800 * 1024 * 1024}]
    cache = cluster(make_node("cold-1"), make_node("warm", images=big), make_node("cold-2"))
    result = schedule_one(make_pod("p", image="registry.k8s.io/big:1.0"), cache, rng=RNG)
    assert result.node == "warm" and result.scores["warm"]["ImageLocality"] > 0


def test_pod_requests_sum_containers_and_max_init_containers():
    spec = {"containers": [{"resources": {"requests": {"cpu": "200m", "memory": "100Mi"}}},
                           {"resources": {"limits": {"cpu": "300m"}}}],
            "initContainers": [{"resources": {"requests": {"cpu": "1", "memory": "10Mi"}}}]}
    cpu, mem, nz_cpu, nz_mem = pod_requests(spec)
    assert (cpu, mem) == (1000, 100 * 1024**2)
    assert (nz_cpu, nz_mem) == (1000, 300 * 1024**2)   # the second container counts 200Mi when scoring


def test_best_effort_pod_skips_balanced_allocation_and_uses_non_zero_defaults():
    cache = cluster(make_node("worker-1"), make_node("worker-2"))
    result = schedule_one(make_pod("be", cpu=None, memory=None), cache, rng=RNG)
    assert "NodeResourcesBalancedAllocation" not in result.scores["worker-1"]
    assert PodInfo(make_pod("be", cpu=None, memory=None)).nz_cpu == 100


def test_preferred_anti_affinity_scores_nodes_without_replicas_higher():
    term = {"labelSelector": {"matchLabels": {"app": "api"}}, "topologyKey": "kubernetes.io/hostname"}
    pref = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 100, "podAffinityTerm": term}]}}
    cache = cluster(*(make_node(f"worker-{i}", cpu="64", memory="256Gi") for i in range(3)))
    place(cache, [make_pod("api-0", labels={"app": "api"}, affinity=pref, nodeName="worker-0")])
    result = schedule_one(make_pod("api-1", labels={"app": "api"}, affinity=pref), cache, rng=RNG)
    assert result.scores["worker-0"]["InterPodAffinity"] == 0
    assert result.scores["worker-1"]["InterPodAffinity"] == 200 and result.node != "worker-0"


def test_existing_pods_required_affinity_attracts_matching_newcomers():
    aff = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    cache = cluster(*(make_node(f"worker-{i}", cpu="64", memory="256Gi") for i in range(3)))
    cache.assume_pod(make_pod("logs", labels={"app": "logs"}, affinity=aff, node_name="worker-2"), "worker-2")
    result = schedule_one(make_pod("web-0"), cache, rng=RNG)
    assert result.scores["worker-2"]["InterPodAffinity"] == 200      # hardPodAffinityWeight 1, normalised
    assert result.node == "worker-2"
