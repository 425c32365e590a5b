"""KubeletDown, NetworkPartition and a power cycle, seen from the node."""
from __future__ import annotations

from simulator.images import parse_reference
from tests.kubelet_helpers import (
    advance,
    cluster_of_one,
    container_status,
    create,
    events,
    exists,
    get,
    pod,
    run_until,
    running_pods,
)


def lease_attempts(core, since: float) -> list[float]:  # noqa: ANN001
    return [e.t for e in core.trace
            if e.actor == "kubelet/worker-1" and "Lease" in e.message and e.t >= since]


def started(core, name: str) -> None:  # noqa: ANN001
    run_until(core, lambda: get(core, name)["status"]["phase"] == "Running", limit=10)


def test_kubelet_down_keeps_the_containers_running_and_stops_heartbeats() -> None:
    core, k = cluster_of_one()
    create(core, pod("web"))
    started(core, "web")
    k.stop()
    stopped_at = core.kernel.now
    advance(core, 120)
    assert "web" in running_pods(k)
    assert not [t for t in lease_attempts(core, stopped_at)]
    assert not k.running


def test_kubelet_restart_adopts_running_containers_without_restarting_them() -> None:
    core, k = cluster_of_one()
    create(core, pod("web"))
    started(core, "web")
    before = container_status(get(core, "web"))
    k.stop()
    advance(core, 30)
    k.start()
    advance(core, 5)
    after = container_status(get(core, "web"))
    assert after["containerID"] == before["containerID"] and after["restartCount"] == 0
    assert after["state"] == before["state"]


def test_a_partition_fails_lease_renewals_which_retry_with_a_capped_back_off() -> None:
    core, k = cluster_of_one()
    advance(core, 15)
    core.network.partitioned.add("worker-1")
    advance(core, 60)
    attempts = [e.t for e in core.trace if e.actor == "kubelet/worker-1" and e.kind == "LeaseUpdated"]
    assert attempts == [10.0]            # the renewal at 10 s was the last that got through
    # The calls fail before reaching the apiserver; the kubelet traces nothing, so read its timer.
    assert k._lease_delay == 7.0


def test_lease_retries_double_from_200ms_to_7s() -> None:
    core, k = cluster_of_one()
    core.network.partitioned.add("worker-1")
    seen: list[float] = []
    for _ in range(12):
        core.kernel.run(until=core.kernel.peek() or core.kernel.now + 1)   # one timer at a time
        if k._lease_delay and (not seen or seen[-1] != k._lease_delay):
            seen.append(k._lease_delay)
    assert seen[:7] == [0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 7.0]


def test_renewals_resume_at_once_after_the_partition_heals() -> None:
    core, k = cluster_of_one()
    core.network.partitioned.add("worker-1")
    advance(core, 60)
    core.network.partitioned.discard("worker-1")
    healed = core.kernel.now
    advance(core, 30)
    renewals = [e.t for e in core.trace if e.kind == "LeaseUpdated" and e.t >= healed]
    assert renewals and renewals[0] - healed <= 7.0
    assert all(round(b - a, 6) == 10.0 for a, b in zip(renewals, renewals[1:], strict=False))


def test_a_pod_deleted_during_a_partition_is_killed_after_it_heals() -> None:
    core, k = cluster_of_one()
    create(core, pod("web"))
    started(core, "web")
    core.network.partitioned.add("worker-1")
    core.api.delete("pods", "web", namespace="default", grace_period_seconds=0)   # force: gone from the API
    advance(core, 60)
    assert not exists(core, "web") and "web" in running_pods(k)   # split brain: it still runs, unseen
    core.network.partitioned.discard("worker-1")
    run_until(core, lambda: "web" not in running_pods(k), limit=40)


def test_a_pod_evicted_during_a_partition_terminates_after_it_heals() -> None:
    core, k = cluster_of_one()
    create(core, pod("web"))
    started(core, "web")
    core.network.partitioned.add("worker-1")
    # Graceful: it stays Terminating with no kubelet to confirm.
    core.api.delete("pods", "web", namespace="default")
    advance(core, 60)
    assert exists(core, "web") and get(core, "web")["metadata"].get("deletionTimestamp")
    core.network.partitioned.discard("worker-1")
    run_until(core, lambda: not exists(core, "web"), limit=40)
    assert "web" not in running_pods(k)


def test_after_a_kubelet_outage_pods_deleted_meanwhile_are_killed() -> None:
    core, k = cluster_of_one()
    create(core, pod("web"))
    create(core, pod("api", "redis"))
    started(core, "web")
    started(core, "api")
    k.stop()
    core.api.delete("pods", "web", namespace="default", grace_period_seconds=0)
    core.api.delete("pods", "api", namespace="default")
    advance(core, 30)
    assert running_pods(k) == {"web", "api"}
    k.start()
    run_until(core, lambda: not running_pods(k) and not exists(core, "api"), limit=10)


def test_a_power_cycle_recreates_the_containers_as_restarts() -> None:
    core, k = cluster_of_one()
    create(core, pod("web"))
    started(core, "web")
    k.stop()
    k.runtime.power_off()
    core.network.down.add("worker-1")
    assert not running_pods(k)
    advance(core, 60)
    core.network.down.discard("worker-1")
    k.start()
    run_until(core, lambda: container_status(get(core, "web")).get("restartCount") == 1
              and get(core, "web")["status"]["phase"] == "Running" and "web" in running_pods(k), limit=15)
    cs = container_status(get(core, "web"))
    last = cs["lastState"]["terminated"]
    assert last["exitCode"] == 255 and last["reason"] == "Unknown"
    changed = "Pod sandbox changed, it will be killed and re-created."
    assert ("Normal", "SandboxChanged", changed) in events(core, "web")
    assert k.runtime.has_image(parse_reference("nginx"))     # the image store survived the reboot
    assert get(core, "web")["status"]["podIP"].startswith("10.244.1.")
    node_events = [r for _, r, _ in events(core, "worker-1")]
    assert "Rebooted" in node_events


def test_the_node_reports_ready_at_once_after_the_node_controller_marked_it_unknown() -> None:
    core, k = cluster_of_one()
    core.network.partitioned.add("worker-1")
    advance(core, 60)
    node = core.api.get("nodes", "worker-1")
    conds = [dict(c, status="Unknown", reason="NodeStatusUnknown") if c["type"] == "Ready" else c
             for c in node["status"]["conditions"]]
    core.api.patch("nodes", "worker-1", {"status": {"conditions": conds}}, subresource="status")
    core.network.partitioned.discard("worker-1")
    advance(core, 12)
    ready = next(c for c in core.api.get("nodes", "worker-1")["status"]["conditions"] if c["type"] == "Ready")
    assert ready["status"] == "True" and ready["reason"] == "KubeletReady"
    assert 60 <= core.clock.seconds(ready["lastTransitionTime"]) <= 72
    assert ("Normal", "NodeReady", "Node worker-1 status is now: NodeReady") in events(core, "worker-1")[-2:]
