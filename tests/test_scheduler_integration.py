"""KubeScheduler against the real apiserver, client and informers (no controllers, no kubelets)."""
from __future__ import annotations

import pytest

from simulator.core import bootstrap_namespaces, build_core
from simulator.scheduler.kube_scheduler import KubeScheduler
from tests.test_scheduler_fixtures import CONTROL_PLANE_TAINT, make_node, make_pod


@pytest.fixture
def core():
    core = build_core(seed=5)
    bootstrap_namespaces(core)
    core.api.create("nodes", make_node("control-plane", taints=[CONTROL_PLANE_TAINT]), actor="kubelet")
    for i in (1, 2, 3):
        core.api.create("nodes", make_node(f"worker-{i}", cpu="2"), actor="kubelet")
    return core


@pytest.fixture
def scheduler(core):
    sched = KubeScheduler(kernel=core.kernel, client=core.client("kube-scheduler"),
                          informers=core.informers("kube-scheduler"), trace=core.trace, timing=core.timing)
    sched.start()
    core.kernel.run(until=core.kernel.now + 1)
    return sched


def create_pod(core, pod):
    pod.pop("status", None)
    core.api.create("pods", pod, namespace="default", actor="kubectl")


def pods(core):
    return {p["metadata"]["name"]: p for p in core.api.list("pods", namespace="default")[0]}


def test_pods_are_bound_through_the_apiserver(core, scheduler):
    for i in range(9):
        create_pod(core, make_pod(f"web-{i}"))
    core.kernel.run(until=core.kernel.now + 2)
    nodes = {p["spec"].get("nodeName") for p in pods(core).values()}
    assert nodes == {"worker-1", "worker-2", "worker-3"}
    events = core.api.list("events", namespace="default")[0]
    scheduled = [e for e in events if e["reason"] == "Scheduled"]
    assert len(scheduled) == 9 and scheduled[0]["source"]["component"] == "default-scheduler"
    binds = [e for e in core.trace if e.actor == "kube-scheduler" and e.verb == "bind"]
    assert len(binds) == 9


def test_unschedulable_pod_gets_the_condition_and_an_event(core, scheduler):
    create_pod(core, make_pod("huge", cpu="16"))
    core.kernel.run(until=core.kernel.now + 2)
    cond = next(c for c in pods(core)["huge"]["status"]["conditions"] if c["type"] == "PodScheduled")
    assert cond["status"] == "False" and cond["reason"] == "Unschedulable"
    assert cond["message"] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 Insufficient cpu. preemption: 0/4 nodes are available: "
        "4 Preemption is not helpful for scheduling.")
    assert scheduler.pending() == [("default/huge", "unschedulable")]
    core.api.create("nodes", make_node("worker-big", cpu="32"), actor="kubelet")
    core.kernel.run(until=core.kernel.now + 5)
    assert pods(core)["huge"]["spec"]["nodeName"] == "worker-big"


def test_restart_relists_and_keeps_accounting(core, scheduler):
    for i in range(3):
        create_pod(core, make_pod(f"a-{i}", cpu="1500m"))
    core.kernel.run(until=core.kernel.now + 2)
    scheduler.stop()
    create_pod(core, make_pod("b", cpu="1500m"))
    core.kernel.run(until=core.kernel.now + 2)
    assert not pods(core)["b"]["spec"].get("nodeName")
    scheduler.start()       # a new process: it leads once the killed one's lease has expired (15 s)
    core.kernel.run(until=core.kernel.now + 25)
    assert not pods(core)["b"]["spec"].get("nodeName")      # the relisted cache knows the workers are full
    assert scheduler.pending() == [("default/b", "unschedulable")]
