"""The controller manager process and its work queues."""
from __future__ import annotations

import pytest
from test_controllers_support import FakeKubelets, cluster, deployment, events, pods, replicaset, run_until

from simulator.controller_manager import CONTROLLERS, KubeControllerManager
from simulator.controllers.workqueue import WorkQueue
from simulator.kernel import Kernel


class _Timing:
    controller_sync = 0.01


def queue_with_log() -> tuple[Kernel, WorkQueue, list[tuple[float, str]]]:
    kernel = Kernel(seed=1)
    log: list[tuple[float, str]] = []
    queue = WorkQueue(kernel, _Timing(), lambda key: log.append((round(kernel.now, 6), key)))
    return kernel, queue, log


def test_a_key_queued_twice_is_processed_once() -> None:
    kernel, queue, log = queue_with_log()
    queue.add("a")
    queue.add("b")
    queue.add("a")
    kernel.run(until=1)
    assert [k for _, k in log] == ["a", "b"]
    assert log[0][0] == pytest.approx(0.01)


def test_add_after_keeps_the_earliest_wake_up() -> None:
    kernel, queue, log = queue_with_log()
    queue.add_after("a", 5)
    queue.add_after("a", 2)
    queue.add_after("a", 9)
    kernel.run(until=20)
    assert log == [(2.01, "a")]


def test_failures_back_off_exponentially_until_forgotten() -> None:
    kernel, queue, log = queue_with_log()
    delays = []
    for _ in range(5):
        start = kernel.now
        queue.add_rate_limited("a")
        kernel.run(until=kernel.now + 100)
        delays.append(round(log[-1][0] - start, 6))
    assert delays == [0.015, 0.02, 0.03, 0.05, 0.09]  # 5, 10, 20, 40, 80 ms + one reconcile
    queue.forget("a")
    assert queue.num_requeues("a") == 0


def test_shutdown_drops_everything() -> None:
    kernel, queue, log = queue_with_log()
    queue.add("a")
    queue.add_after("b", 1)
    queue.shutdown()
    queue.add("c")
    kernel.run(until=5)
    assert log == []


def test_unknown_controller_names_are_rejected() -> None:
    core, _, _ = cluster()
    with pytest.raises(ValueError):
        KubeControllerManager(core, controllers=["replicaset", "cronjob"])
    assert set(CONTROLLERS) >= {
        "replicaset",
        "deployment",
        "daemonset",
        "nodelifecycle",
        "garbagecollector",
        "endpoint",
        "endpointslice",
        "namespace",
        "podgc",
        "taint-eviction-controller",
    }


def test_a_stopped_controller_manager_does_nothing_until_started_again() -> None:
    core, client, kcm = cluster()
    kcm.start()
    client.create("replicasets", replicaset("web", 2))
    core.kernel.run(until=2)
    kcm.stop()
    assert not kcm.running
    client.patch("replicasets", "web", {"spec": {"replicas": 5}}, namespace="default")
    core.kernel.run(until=60)
    assert len(pods(client, app="web")) == 2
    kcm.start()     # a new process: it leads once the killed one's lease has expired (15 s)
    run_until(core, lambda: len(pods(client, app="web")) == 5, limit=25)


def test_a_restarted_controller_manager_registers_nodes_again() -> None:
    core, client, kcm = cluster()
    kubelets = FakeKubelets(core)
    kubelets.register("worker-1")
    kcm.start()
    core.kernel.run(until=1)
    kcm.stop()
    kcm.start()     # a new process: it leads once the killed one's lease has expired (15 s)
    core.kernel.run(until=25)
    assert len(events(client, "RegisteredNode")) == 2


def test_writes_resume_after_the_apiserver_comes_back() -> None:
    core, client, kcm = cluster()
    kcm.start()
    core.api.stop()
    core.kernel.run(until=5)
    core.api.start()
    client.create("replicasets", replicaset("web", 3))
    run_until(core, lambda: len(pods(client, app="web")) == 3, limit=40)


def test_same_seed_same_trace() -> None:
    def play() -> list[tuple]:
        core, client, kcm = cluster(seed=5)
        FakeKubelets(core).register("worker-1")
        kcm.start()
        client.create("deployments", deployment("web", 3))
        core.kernel.run(until=30)
        return [(round(e.t, 6), e.actor, e.verb, e.object, e.message) for e in core.trace]

    assert play() == play()
