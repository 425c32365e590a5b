"""Scheduling and rollouts on a whole cluster (real kubelets, scheduler and controllers)."""
from __future__ import annotations

from simulator.cluster import Cluster
from tests.simhelpers import deployment, events, healthy, pods_of, ready_pods, run_until


def test_a_pod_too_big_for_every_node_stays_pending_with_kubernetes_wording() -> None:
    cluster = Cluster.create(seed=3, workers=3, timing="classroom")
    cluster.apply(deployment("huge", 1, cpu="16"))
    run_until(cluster, lambda: bool(events(cluster, reason="FailedScheduling")), limit=30)
    message = events(cluster, reason="FailedScheduling")[0]["message"]
    # 16 CPUs exceed every node's allocatable, so preemption cannot help anywhere (upstream >= 1.31).
    assert message == ("0/4 nodes are available: 1 node(s) had untolerated taint "
                       "{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes "
                       "are available: 4 Preemption is not helpful for scheduling."), message
    pod = pods_of(cluster, "huge")[0]
    assert pod["status"]["phase"] == "Pending"
    scheduled = next(c for c in pod["status"]["conditions"] if c["type"] == "PodScheduled")
    assert scheduled["status"] == "False" and scheduled["reason"] == "Unschedulable"


def test_a_cordoned_node_receives_no_new_pods_and_user_pods_avoid_the_control_plane() -> None:
    cluster = Cluster.create(seed=3, workers=3, timing="classroom")
    cluster.core.api.patch("nodes", "worker-2", {"spec": {"unschedulable": True}}, patch_type="strategic")
    cluster.apply(deployment("web", 8))
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 8, limit=60)
    assert {p["spec"]["nodeName"] for p in healthy(cluster, "web")} == {"worker-1", "worker-3"}


def test_a_rolling_update_respects_max_surge_and_max_unavailable_at_every_step() -> None:
    cluster = Cluster.create(seed=9, workers=3, timing="classroom")
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}}
    cluster.apply(deployment("web", 4, strategy=strategy))
    run_until(cluster, lambda: len([p for p in pods_of(cluster, "web") if ready_pods(p)]) == 4, limit=60)
    cluster.apply(deployment("web", 4, image="nginx:1.28", strategy=strategy))
    worst_total, worst_ready = 0, 4

    def done() -> bool:
        nonlocal worst_total, worst_ready
        pods = [p for p in pods_of(cluster, "web") if not p["metadata"].get("deletionTimestamp")]
        worst_total = max(worst_total, len(pods))
        worst_ready = min(worst_ready, len([p for p in pods if ready_pods(p)]))
        new = [p for p in pods if p["spec"]["containers"][0]["image"] == "nginx:1.28" and ready_pods(p)]
        return len(new) == 4 and len(pods) == 4
    run_until(cluster, done, limit=120, step=0.1)
    assert worst_total <= 4 + 1, worst_total      # maxSurge 1
    assert worst_ready >= 4 - 1, worst_ready      # maxUnavailable 1
