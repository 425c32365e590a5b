"""The lesson the product exists for: a worker dies, and the cluster responds as Kubernetes does."""
from __future__ import annotations

import pytest

from simulator.cluster import Cluster
from tests.simhelpers import (
    deployment,
    fault,
    healthy,
    lease_renew_seconds,
    pods_of,
    ready_status,
    run_until,
    taint_keys,
)

UNREACHABLE = "node.kubernetes.io/unreachable:NoExecute"


def busiest_worker(cluster: Cluster, app: str) -> str:
    counts: dict[str, int] = {}
    for pod in healthy(cluster, app):
        counts[pod["spec"]["nodeName"]] = counts.get(pod["spec"]["nodeName"], 0) + 1
    return max(sorted(counts), key=lambda n: counts[n])


@pytest.fixture(scope="module")
def failed_node_story() -> dict:
    cluster = Cluster.create(seed=7, workers=3, timing="kubernetes")
    cluster.apply(deployment("web", 6))
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 6, limit=120)
    victim = busiest_worker(cluster, "web")
    doomed = {p["metadata"]["name"] for p in healthy(cluster, "web") if p["spec"]["nodeName"] == victim}
    proxy = next(p["metadata"]["name"] for p in cluster.objects("pods", namespace="kube-system")
                 if p["metadata"]["name"].startswith("kube-proxy") and p["spec"].get("nodeName") == victim)
    cluster.apply(fault("w-down", "NodeDown", node=victim))
    failed_at = cluster.now
    last_renew = lease_renew_seconds(cluster, victim)
    unknown_at = run_until(cluster, lambda: ready_status(cluster, victim) == "Unknown", limit=120, step=0.25)
    tainted_at = run_until(cluster, lambda: UNREACHABLE in taint_keys(cluster, victim), limit=30, step=0.25)

    def doomed_terminating() -> bool:
        return all(p["metadata"].get("deletionTimestamp") for p in pods_of(cluster, "web")
                   if p["metadata"]["name"] in doomed)
    evicted_at = run_until(cluster, doomed_terminating, limit=400, step=1.0)
    settled_at = run_until(cluster, lambda: len([p for p in healthy(cluster, "web")
                                                 if p["spec"]["nodeName"] != victim]) == 6, limit=120)
    return {"cluster": cluster, "victim": victim, "doomed": doomed, "proxy": proxy, "failed_at": failed_at,
            "last_renew": last_renew, "unknown_at": unknown_at, "tainted_at": tainted_at,
            "evicted_at": evicted_at, "settled_at": settled_at}


def test_node_turns_unknown_after_the_grace_period_not_earlier(failed_node_story: dict) -> None:
    elapsed = failed_node_story["unknown_at"] - failed_node_story["last_renew"]
    assert 50.0 <= elapsed <= 55.0 + 0.5, elapsed


def test_the_unreachable_taint_follows_unknown_within_a_monitor_period(failed_node_story: dict) -> None:
    assert 0.0 <= failed_node_story["tainted_at"] - failed_node_story["unknown_at"] <= 5.0


def test_pods_are_marked_for_deletion_only_after_their_300s_toleration(failed_node_story: dict) -> None:
    waited = failed_node_story["evicted_at"] - failed_node_story["tainted_at"]
    assert 300.0 <= waited <= 300.0 + 12.0, waited


def test_evicted_pods_stay_terminating_with_no_kubelet_to_confirm(failed_node_story: dict) -> None:
    cluster = failed_node_story["cluster"]
    left = [p for p in pods_of(cluster, "web") if p["metadata"]["name"] in failed_node_story["doomed"]]
    assert left and all(p["metadata"].get("deletionTimestamp") for p in left)


def test_replacements_run_on_healthy_workers(failed_node_story: dict) -> None:
    cluster = failed_node_story["cluster"]
    live = healthy(cluster, "web")
    assert len([p for p in live if p["spec"]["nodeName"] != failed_node_story["victim"]]) == 6
    assert all(p["spec"]["nodeName"].startswith("worker-") for p in live)


def test_daemonset_pod_is_not_evicted(failed_node_story: dict) -> None:
    cluster = failed_node_story["cluster"]
    proxy = next(p for p in cluster.objects("pods", namespace="kube-system")
                 if p["metadata"]["name"] == failed_node_story["proxy"])
    assert not proxy["metadata"].get("deletionTimestamp")


def test_the_whole_story_takes_about_six_minutes(failed_node_story: dict) -> None:
    total = failed_node_story["settled_at"] - failed_node_story["failed_at"]
    assert 340.0 <= total <= 400.0, total


def test_recovering_the_machine_clears_the_terminating_pods() -> None:
    cluster = Cluster.create(seed=11, workers=3, timing="classroom")
    cluster.apply(deployment("web", 6))
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 6, limit=60)
    victim = busiest_worker(cluster, "web")
    cluster.apply(fault("down", "NodeDown", node=victim))
    run_until(cluster, lambda: any(p["metadata"].get("deletionTimestamp") for p in pods_of(cluster, "web")),
              limit=60)
    cluster.delete("faults", "down")
    run_until(cluster, lambda: ready_status(cluster, victim) == "True", limit=60)
    run_until(cluster, lambda: len(pods_of(cluster, "web")) == 6 and len(healthy(cluster, "web")) == 6,
              limit=60)
    # The next node-monitor pass sees Ready=True and lifts the taint.
    run_until(cluster, lambda: UNREACHABLE not in taint_keys(cluster, victim), limit=5)


def test_classroom_timing_plays_the_same_story_in_about_thirty_seconds() -> None:
    cluster = Cluster.create(seed=7, workers=3, timing="classroom")
    cluster.apply(deployment("web", 6))
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 6, limit=60)
    victim = busiest_worker(cluster, "web")
    cluster.apply(fault("w-down", "NodeDown", node=victim))
    start = cluster.now
    unknown_at = run_until(cluster, lambda: ready_status(cluster, victim) == "Unknown", limit=60, step=0.25)
    evicted_at = run_until(cluster, lambda: any(p["metadata"].get("deletionTimestamp")
                                                for p in pods_of(cluster, "web")),
                           limit=60, step=0.25)
    done_at = run_until(cluster, lambda: len([p for p in healthy(cluster, "web")
                                              if p["spec"]["nodeName"] != victim]) == 6, limit=60, step=0.25)
    assert start < unknown_at < evicted_at < done_at
    assert done_at - start <= 32.0, done_at - start
