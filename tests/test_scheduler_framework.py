"""schedule_one: round-robin sampling, selection, the result record, and memoisation."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scheduler import Cache, Profile, schedule_one
from simulator.scheduler.framework import NO_NODES_AVAILABLE, num_feasible_nodes_to_find
from simulator.scheduler.node_info import Cache as CacheFromNodeInfo
from tests.test_scheduler_fixtures import CONTROL_PLANE_TAINT, cluster, make_node, make_pod, place


def test_cache_is_importable_from_node_info():
    assert CacheFromNodeInfo is Cache


def test_num_feasible_nodes_to_find_is_adaptive():
    assert num_feasible_nodes_to_find(50) == 50
    assert num_feasible_nodes_to_find(150) == 100           # at least 100 nodes
    assert num_feasible_nodes_to_find(1000) == 420          # 50% - 1000/125 = 42%
    assert num_feasible_nodes_to_find(5000) == 500          # 10%
    assert num_feasible_nodes_to_find(20000) == 1000        # floor of 5%
    assert num_feasible_nodes_to_find(1000, 100) == 1000


def test_large_cluster_samples_nodes_round_robin():
    cache = cluster(*(make_node(f"n-{i:04d}") for i in range(1000)))
    first = schedule_one(make_pod("a"), cache, rng=random.Random(1))
    assert first.evaluated == 420 and first.feasible == 420 and len(first.scores) == 420
    assert cache.next_start_index == 420
    second = schedule_one(make_pod("b"), cache, rng=random.Random(1))
    assert set(first.filters).isdisjoint(second.filters)
    assert cache.next_start_index == 840
    schedule_one(make_pod("c"), cache, rng=random.Random(1))
    assert cache.next_start_index == (840 + 420) % 1000


def test_failed_nodes_extend_the_sample_and_are_recorded():
    nodes = [make_node(f"n-{i:03d}", taints=[CONTROL_PLANE_TAINT] if i % 10 == 0 else None)
             for i in range(200)]
    cache = cluster(*nodes)
    result = schedule_one(make_pod("a"), cache, rng=random.Random(1))
    assert result.feasible == 100
    failed = [n for n, f in result.filters.items() if f]
    assert result.evaluated == 100 + len(failed) and len(failed) in (11, 12)
    taint = ("TaintToleration", "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }")
    assert all(f == taint
               for f in (result.filters[n] for n in failed))


def test_seeded_tie_break_is_deterministic():
    def run(seed):
        cache = cluster(*(make_node(f"worker-{i}") for i in range(8)))
        return place(cache, [make_pod(f"web-{i}") for i in range(12)], seed=seed)
    assert run(7) == run(7)
    assert len({tuple(run(s).values()) for s in range(6)}) > 1


def test_result_views_add_up():
    cache = cluster(make_node("control-plane", taints=[CONTROL_PLANE_TAINT]), make_node("worker-1"),
                    make_node("worker-2", cpu="8"))
    result = schedule_one(make_pod("p"), cache, rng=random.Random(0))
    assert result.filters["control-plane"][0] == "TaintToleration"
    assert set(result.scores) == {"worker-1", "worker-2"}
    for node, plugins in result.scores.items():
        assert result.total[node] == sum(plugins.values())
        assert set(plugins) >= {"TaintToleration", "NodeResourcesFit", "NodeResourcesBalancedAllocation"}
    assert result.node == "worker-2"    # LeastAllocated prefers the larger node
    assert result.raw_scores()["worker-2"]["TaintToleration"] == 100


def test_single_feasible_node_is_not_scored():
    cache = cluster(make_node("control-plane", taints=[CONTROL_PLANE_TAINT]), make_node("worker-1"))
    result = schedule_one(make_pod("p"), cache, rng=random.Random(0))
    assert result.node == "worker-1" and result.scores == {}


def test_no_nodes():
    result = schedule_one(make_pod("p"), Cache(), rng=random.Random(0))
    assert result.node is None and result.message == NO_NODES_AVAILABLE


def test_preemption_policy_never_is_reported():
    cache = cluster(make_node("worker-1", cpu="1"))
    result = schedule_one(make_pod("p", cpu="2", preemptionPolicy="Never"), cache, rng=random.Random(0))
    assert result.message == ("0/1 nodes are available: 1 Insufficient cpu. "
                              "preemption: not eligible due to preemptionPolicy=Never.")


def test_disabled_plugin_is_not_run():
    cache = cluster(make_node("worker-1", taints=[{"key": "x", "effect": "NoSchedule"}]))
    profile = Profile(name="no-taints", disabled=frozenset({"TaintToleration"}))
    assert schedule_one(make_pod("p"), cache, rng=random.Random(0), plugins=profile).node == "worker-1"


def test_forget_releases_the_assumed_resources():
    cache = cluster(make_node("worker-1", cpu="1"))
    pod = make_pod("p", cpu="1")
    cache.assume_pod(pod, "worker-1")
    assert schedule_one(make_pod("q", cpu="1"), cache, rng=random.Random(0)).node is None
    cache.forget_pod(pod)
    assert schedule_one(make_pod("q", cpu="1"), cache, rng=random.Random(0)).node == "worker-1"


def test_bound_pod_confirms_the_assumed_one():
    cache = cluster(make_node("worker-1", cpu="2"))
    pod = make_pod("p", cpu="1")
    cache.assume_pod(pod, "worker-1")
    bound = make_pod("p", cpu="1", node_name="worker-1")
    cache.add_pod(bound)
    assert not cache.is_assumed("default/p")
    assert cache.infos["worker-1"].req_cpu == 1000
    cache.remove_pod(bound)
    assert cache.infos["worker-1"].req_cpu == 0


# -- the memoised fast path must equal node-by-node evaluation ------------------------------
SHAPES = [
    {},
    {"cpu": "500m", "memory": "1Gi"},
    {"cpu": None, "memory": None},
    {"nodeSelector": {"disk": "ssd"}},
    {"tolerations": [{"key": "dedicated", "operator": "Exists"}]},
    {"owner": "rs-1"},
    {"cpu": "2", "owner": "rs-2"},
    {"containers": [{"name": "c", "image": "x", "ports": [{"containerPort": 1, "hostPort": 9000}]}]},
    {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                                    "labelSelector": {"matchLabels": {"app": "web"}}}]},
]


def _node(i: int, r: random.Random) -> dict:
    labels = {"zone": r.choice("abc")}
    if r.random() < 0.5:
        labels["disk"] = "ssd"
    taints = [{"key": "dedicated", "value": "x", "effect": "NoSchedule"}] if r.random() < 0.2 else None
    return make_node(f"n-{i:03d}", cpu=r.choice(["1", "2", "4"]), memory=r.choice(["2Gi", "4Gi"]),
                     labels=labels,
                     taints=taints, unschedulable=r.random() < 0.1, pods=r.choice(["3", "110"]))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), num_nodes=st.sampled_from([3, 40, 130]))
def test_memoised_views_match_node_by_node_evaluation(seed, num_nodes):
    r = random.Random(seed)
    nodes = [_node(i, r) for i in range(num_nodes)]
    fast, slow = cluster(*nodes), cluster(*nodes)
    rng_fast, rng_slow = random.Random(seed), random.Random(seed)
    for i in range(60):
        shape = dict(r.choice(SHAPES))
        pod = make_pod(f"p-{i}", **shape)
        if i == 30:     # a node change mid-way must invalidate memoised entries
            changed = make_node(nodes[0]["metadata"]["name"], unschedulable=True)
            fast.update_node(None, changed)
            slow.update_node(None, changed)
        slow.shape_views.clear()
        slow.static_views.clear()
        a = schedule_one(pod, fast, rng=rng_fast)
        b = schedule_one(pod, slow, rng=rng_slow)
        assert (a.node, a.message, a.filters, a.scores) == (b.node, b.message, b.filters, b.scores)
        if a.node:
            fast.assume_pod(pod, a.node)
            slow.assume_pod(pod, b.node)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_default_spreading_fast_path_matches_the_general_one(seed):
    from simulator.scheduler.plugins import pod_topology_spread as pts
    r = random.Random(seed)
    nodes = []
    for i in range(r.randint(2, 30)):
        labels = {"topology.kubernetes.io/zone": r.choice("ab")} if r.random() < 0.8 else {}
        nodes.append(make_node(f"n-{i:02d}", cpu="64", memory="256Gi", labels=labels))
    cache = cluster(*nodes)
    for i in range(r.randint(0, 40)):
        node = r.choice(nodes)["metadata"]["name"]
        cache.assume_pod(make_pod(f"old-{i}", owner=r.choice(["rs-a", "rs-b"]), node_name=node), node)
    pod = make_pod("new", owner="rs-a")
    result = schedule_one(pod, cache, rng=random.Random(seed))
    fast = {n: s["PodTopologySpread"] for n, s in result.scores.items()}
    original = pts._default_fast
    pts._default_fast = lambda *args: None
    try:
        slow_cache = cluster(*nodes)
        for state in cache.pods.values():
            slow_cache.assume_pod(state.info.pod, state.node_name)
        slow = schedule_one(pod, slow_cache, rng=random.Random(seed))
    finally:
        pts._default_fast = original
    assert fast == {n: s["PodTopologySpread"] for n, s in slow.scores.items()}


def test_memoised_view_with_many_failures_matches_node_by_node():
    nodes = [make_node(f"n-{i:03d}", labels={"disk": "ssd"} if i % 7 == 0 else {}) for i in range(300)]
    fast, slow = cluster(*nodes), cluster(*nodes)
    for i in range(20):
        pod = make_pod(f"p-{i}", nodeSelector={"disk": "ssd"}, cpu="1")
        slow.shape_views.clear()
        a = schedule_one(pod, fast, rng=random.Random(i))
        b = schedule_one(pod, slow, rng=random.Random(i))
        assert (a.node, a.filters, a.scores) == (b.node, b.filters, b.scores)
        assert len([f for f in a.filters.values() if f]) > 64
        fast.assume_pod(pod, a.node)
        slow.assume_pod(pod, b.node)


def test_summary_is_json_ready():
    import json
    cache = cluster(make_node("control-plane", taints=[CONTROL_PLANE_TAINT]), make_node("worker-1"),
                    make_node("worker-2", cpu="8"))
    summary = schedule_one(make_pod("p"), cache, rng=random.Random(0)).summary(top=1)
    assert json.loads(json.dumps(summary))["top"][0]["node"] == "worker-2"
    assert summary["rejected"] == {
        "TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }": 1}
    assert (summary["nodes"], summary["evaluated"], summary["feasible"]) == (3, 3, 2)
