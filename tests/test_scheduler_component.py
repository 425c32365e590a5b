"""KubeScheduler, the component, against fakes of the client and informers."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from simulator.errors import unavailable
from simulator.kernel import Kernel
from simulator.scheduler import kube_scheduler
from simulator.scheduler.kube_scheduler import KubeScheduler
from simulator.trace import Trace
from tests.test_scheduler_fixtures import CONTROL_PLANE_TAINT, FakeClient, FakeInformers, make_node, make_pod


@pytest.fixture
def env():
    kernel = Kernel(seed=3)
    informers = FakeInformers()
    client = FakeClient(kernel, informers)
    sched = KubeScheduler(kernel=kernel, client=client, informers=informers, trace=Trace(lambda: kernel.now),
                          timing=SimpleNamespace(scheduling_cycle=0.002), leader_elect=False)
    informers.nodes.put(make_node("control-plane", taints=[CONTROL_PLANE_TAINT]))
    for i in (1, 2):
        informers.nodes.put(make_node(f"worker-{i}", cpu="2"))
    sched.start()
    return SimpleNamespace(kernel=kernel, informers=informers, client=client, sched=sched)


def bound(env) -> dict[str, str]:
    store = env.informers.pods.store
    return {k: p["spec"]["nodeName"] for k, p in store.items() if p["spec"].get("nodeName")}


def test_pending_pods_are_bound_to_workers_with_a_scheduled_event(env):
    for i in range(6):
        env.informers.pods.put(make_pod(f"web-{i}"))
    env.kernel.run(until=1)
    assert set(bound(env).values()) == {"worker-1", "worker-2"} and len(bound(env)) == 6
    scheduled = [e for e in env.client.events if e["reason"] == "Scheduled"]
    node = bound(env)["default/web-0"]
    assert scheduled[0]["message"] == f"Successfully assigned default/web-0 to {node}"
    assert scheduled[0]["component"] == "default-scheduler" and scheduled[0]["type"] == "Normal"
    assert env.sched.pending() == []
    assert env.sched.decisions["default/web-0"].node == node


def test_unschedulable_pod_gets_event_condition_and_waits_for_a_node(env):
    env.informers.pods.put(make_pod("big", cpu="3"))
    env.kernel.run(until=1)
    failed = [e for e in env.client.events if e["reason"] == "FailedScheduling"]
    assert len(failed) == 1 and failed[0]["type"] == "Warning"
    # 3 cpu exceeds a 2-cpu worker's whole allocatable: Unresolvable, so preemption cannot help anywhere.
    assert failed[0]["message"] == (
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "2 Insufficient cpu. preemption: 0/3 nodes are available: "
        "3 Preemption is not helpful for scheduling.")
    key, patch = env.client.status_patches[0]
    cond = patch["conditions"][-1]
    assert key == "default/big" and cond["type"] == "PodScheduled" and cond["status"] == "False"
    assert cond["reason"] == "Unschedulable" and cond["message"] == failed[0]["message"]
    assert env.sched.pending() == [("default/big", "unschedulable")]
    env.informers.nodes.put(make_node("worker-3", cpu="4"))
    env.kernel.run(until=15)
    assert bound(env) == {"default/big": "worker-3"}


def test_bind_failure_forgets_the_pod_and_retries_after_backoff(env):
    env.client.fail_binds_with = unavailable("the server is currently unable to handle the request")
    env.informers.pods.put(make_pod("web-0"))
    env.kernel.run(until=0.5)
    assert not env.sched.cache.pods and env.sched.pending() == [("default/web-0", "backoff")]
    failed = [e for e in env.client.events if e["reason"] == "FailedScheduling"]
    assert failed and failed[0]["message"] == "the server is currently unable to handle the request"
    assert env.client.status_patches[0][1]["conditions"][-1]["reason"] == "SchedulerError"
    env.client.fail_binds_with = None
    env.kernel.run(until=3)
    assert "default/web-0" in bound(env)


def test_assumed_pod_counts_until_the_bind_is_observed(env):
    env.client.watch_latency = 5.0
    for i in range(4):
        env.informers.pods.put(make_pod(f"web-{i}", cpu="1"))
    env.kernel.run(until=1)
    assert len(env.client.binds) == 4 and not bound(env)        # binds in flight, caches not yet updated
    assert all(env.sched.assumed(f"default/web-{i}") for i in range(4))
    env.informers.pods.put(make_pod("web-4", cpu="1"))
    env.kernel.run(until=2)
    assert len(env.client.binds) == 4        # both workers are full with assumed pods
    env.kernel.run(until=10)
    assert not any(env.sched.assumed(f"default/web-{i}") for i in range(4))


def test_stop_forgets_everything_and_start_relists(env):
    env.sched.stop()
    env.informers.pods.put(make_pod("web-0"))
    env.kernel.run(until=1)
    assert not bound(env) and env.sched.pending() == []
    env.sched.start()
    env.kernel.run(until=2)
    assert "default/web-0" in bound(env)


def test_pods_for_other_schedulers_and_deleted_pods_are_ignored(env):
    env.informers.pods.put(make_pod("other", schedulerName="my-scheduler"))
    pod = make_pod("gone")
    pod["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    env.informers.pods.put(pod)
    env.kernel.run(until=1)
    assert not bound(env) and env.sched.pending() == []


def test_backlog_is_scheduled_in_batches_at_the_cycle_rate(env):
    for i in range(3):
        env.informers.nodes.put(make_node(f"big-{i}", cpu="64", memory="256Gi"))
    for i in range(200):
        env.informers.pods.put(make_pod(f"web-{i}", cpu="10m", memory="10Mi"))
    env.kernel.run(until=10)
    times = sorted({t for _, _, t in env.client.binds})
    assert len(env.client.binds) == 200
    assert len(times) == 4       # 64 + 64 + 64 + 8
    assert times[1] - times[0] == pytest.approx(64 * 0.002)


def test_decisions_are_bounded(env, monkeypatch):
    monkeypatch.setattr(kube_scheduler, "DECISIONS_KEPT", 3)
    for i in range(5):
        env.informers.pods.put(make_pod(f"web-{i}", cpu="10m"))
    env.kernel.run(until=1)
    assert list(env.sched.decisions) == ["default/web-2", "default/web-3", "default/web-4"]


def test_deleting_a_bound_pod_frees_room_for_a_parked_one(env):
    env.informers.pods.put(make_pod("a", cpu="2", nodeSelector={"kubernetes.io/hostname": "worker-1"}))
    env.kernel.run(until=1)
    env.informers.pods.put(make_pod("b", cpu="2", nodeSelector={"kubernetes.io/hostname": "worker-1"}))
    env.kernel.run(until=2)
    assert env.sched.pending() == [("default/b", "unschedulable")]
    env.informers.pods.remove("default/a")
    env.kernel.run(until=5)
    assert bound(env) == {"default/b": "worker-1"}
