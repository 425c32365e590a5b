"""Pod rows: READY / STATUS / RESTARTS exactly as kube-apiserver's printPod (table-driven)."""
from __future__ import annotations

from typing import Any

import pytest

from clusterviz.k8s.printers import table
from simulator.apiserver.registry import BY_PLURAL
from simulator.objects import DEFAULT_EPOCH, Clock

Obj = dict[str, Any]
NOW = 3600.0


class _Kernel:
    now = NOW


CLOCK = Clock(_Kernel(), epoch=DEFAULT_EPOCH)


def at(seconds: float) -> str:
    return CLOCK.at(seconds)


RUNNING = {"running": {"startedAt": at(100)}}


def cs(name: str = "app", *, ready: bool = False, state: Obj | None = None, restarts: int = 0,
       last_finished: float | None = None, started: bool | None = None) -> Obj:
    out: Obj = {"name": name, "ready": ready, "restartCount": restarts, "state": state or {}}
    if last_finished is not None:
        out["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": at(last_finished)}}
    if started is not None:
        out["started"] = started
    return out


def waiting(reason: str) -> Obj:
    return {"waiting": {"reason": reason}}


def terminated(code: int, reason: str = "", signal: int = 0) -> Obj:
    term: Obj = {"exitCode": code, "finishedAt": at(200)}
    if reason:
        term["reason"] = reason
    if signal:
        term["signal"] = signal
    return {"terminated": term}


def pod(*, phase: str = "Running", containers: int = 1, statuses: list[Obj] | None = None,
        init: list[Obj] | None = None, init_statuses: list[Obj] | None = None,
        conditions: list[Obj] | None = None, reason: str = "", deleting: bool = False,
        gates: list[str] | None = None, ip: str = "10.244.1.5", node: str = "worker-1",
        nominated: str = "") -> Obj:
    status: Obj = {"phase": phase, "conditions": conditions if conditions is not None else []}
    if statuses is not None:
        status["containerStatuses"] = statuses
    if init_statuses is not None:
        status["initContainerStatuses"] = init_statuses
    if reason:
        status["reason"] = reason
    if ip:
        status["podIP"], status["podIPs"] = ip, [{"ip": ip}]
    if nominated:
        status["nominatedNodeName"] = nominated
    spec: Obj = {"containers": [{"name": f"c{i}" if i else "app", "image": "nginx"}
                                for i in range(containers)]}
    if node:
        spec["nodeName"] = node
    if init is not None:
        spec["initContainers"] = init
    if gates:
        spec["readinessGates"] = [{"conditionType": g} for g in gates]
    meta: Obj = {"name": "p", "namespace": "default", "creationTimestamp": at(0), "uid": "u1",
                 "resourceVersion": "7"}
    if deleting:
        meta["deletionTimestamp"] = at(3500)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status}


def row(obj: Obj) -> list[Any]:
    return table(BY_PLURAL["pods"], [obj], resource_version="1", now=NOW, clock=CLOCK)["rows"][0]["cells"]


READY = {"type": "Ready", "status": "True"}
NOT_READY = {"type": "Ready", "status": "False"}
INITIALIZED = {"type": "Initialized", "status": "True"}
NOT_INITIALIZED = {"type": "Initialized", "status": "False"}
SIDECAR = {"name": "proxy", "image": "envoy", "restartPolicy": "Always"}
INIT = {"name": "setup", "image": "busybox"}

CASES = [
    # (id, pod, READY, STATUS, RESTARTS)
    ("unscheduled", pod(phase="Pending", ip="", node=""), "0/1", "Pending", "0"),
    ("scheduling-gated", pod(phase="Pending", conditions=[
        {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]),
     "0/1", "SchedulingGated", "0"),
    ("container-creating", pod(phase="Pending", statuses=[cs(state=waiting("ContainerCreating"))]),
     "0/1", "ContainerCreating", "0"),
    ("running", pod(statuses=[cs(ready=True, state=RUNNING)], conditions=[READY]), "1/1", "Running", "0"),
    ("running-not-ready", pod(statuses=[cs(ready=False, state=RUNNING)]), "0/1", "Running", "0"),
    ("err-image-pull", pod(phase="Pending", statuses=[cs(state=waiting("ErrImagePull"))]),
     "0/1", "ErrImagePull", "0"),
    ("image-pull-backoff", pod(phase="Pending", statuses=[cs(state=waiting("ImagePullBackOff"))]),
     "0/1", "ImagePullBackOff", "0"),
    ("crash-loop", pod(statuses=[cs(state=waiting("CrashLoopBackOff"), restarts=5, last_finished=3300)]),
     "0/1", "CrashLoopBackOff", "5 (5m ago)"),
    ("restarted-running", pod(statuses=[cs(ready=True, state=RUNNING, restarts=2, last_finished=3480)],
                              conditions=[READY]), "1/1", "Running", "2 (2m ago)"),
    ("restarts-without-last-state", pod(statuses=[cs(ready=True, state=RUNNING, restarts=3)]),
     "1/1", "Running", "3"),
    ("completed", pod(phase="Succeeded", statuses=[cs(state=terminated(0, "Completed"))]),
     "0/1", "Completed", "0"),
    ("error", pod(phase="Failed", statuses=[cs(state=terminated(1, "Error"))]), "0/1", "Error", "0"),
    ("oom-killed", pod(statuses=[cs(state=terminated(137, "OOMKilled"))]), "0/1", "OOMKilled", "0"),
    ("exit-code", pod(phase="Failed", statuses=[cs(state=terminated(3))]), "0/1", "ExitCode:3", "0"),
    ("signal", pod(phase="Failed", statuses=[cs(state=terminated(137, signal=9))]), "0/1", "Signal:9", "0"),
    # Containers are read from last to first: the first container's state wins.
    ("first-container-wins", pod(containers=2, statuses=[cs("app", state=waiting("ErrImagePull")),
                                                         cs("c1", ready=True, state=RUNNING)]),
     "1/2", "ErrImagePull", "0"),
    ("completed-but-one-running-ready", pod(containers=2, conditions=[READY], statuses=[
        cs("app", state=terminated(0, "Completed")), cs("c1", ready=True, state=RUNNING)]),
     "1/2", "Running", "0"),
    ("completed-but-one-running-not-ready", pod(containers=2, conditions=[NOT_READY], statuses=[
        cs("app", state=terminated(0, "Completed")), cs("c1", ready=True, state=RUNNING)]),
     "1/2", "NotReady", "0"),
    ("init-waiting", pod(phase="Pending", init=[INIT],
                         init_statuses=[cs("setup", state=waiting("PodInitializing"))],
                         statuses=[cs(state=waiting("PodInitializing"))], conditions=[NOT_INITIALIZED]),
     "0/1", "Init:0/1", "0"),
    ("init-running-second", pod(phase="Pending", init=[INIT, {"name": "two"}], init_statuses=[
        cs("setup", state=terminated(0, "Completed")), cs("two", state=RUNNING)],
        conditions=[NOT_INITIALIZED]),
     "0/1", "Init:1/2", "0"),
    ("init-crash-loop", pod(phase="Pending", init=[INIT], init_statuses=[
        cs("setup", state=waiting("CrashLoopBackOff"), restarts=4, last_finished=3540)],
        statuses=[cs(state=waiting("PodInitializing"))], conditions=[NOT_INITIALIZED]),
     "0/1", "Init:CrashLoopBackOff", "4 (60s ago)"),
    ("init-error", pod(phase="Pending", init=[INIT],
                       init_statuses=[cs("setup", state=terminated(1, "Error"))],
                       conditions=[NOT_INITIALIZED]), "0/1", "Init:Error", "0"),
    ("init-exit-code", pod(phase="Pending", init=[INIT], init_statuses=[cs("setup", state=terminated(2))],
                           conditions=[NOT_INITIALIZED]), "0/1", "Init:ExitCode:2", "0"),
    ("init-signal", pod(phase="Pending", init=[INIT],
                        init_statuses=[cs("setup", state=terminated(1, signal=15))],
                        conditions=[NOT_INITIALIZED]), "0/1", "Init:Signal:15", "0"),
    ("init-done-restarts-dropped", pod(init=[INIT], init_statuses=[
        cs("setup", state=terminated(0, "Completed"), restarts=3, last_finished=100)],
        statuses=[cs(ready=True, state=RUNNING)], conditions=[INITIALIZED, READY]), "1/1", "Running", "0"),
    ("sidecar-counts", pod(init=[SIDECAR], init_statuses=[cs("proxy", ready=True, state=RUNNING, started=True,
                                                             restarts=1, last_finished=3000)],
                           statuses=[cs(ready=True, state=RUNNING)], conditions=[INITIALIZED, READY]),
     "2/2", "Running", "1 (10m ago)"),
    ("terminating", pod(deleting=True, statuses=[cs(ready=True, state=RUNNING)], conditions=[READY]),
     "1/1", "Terminating", "0"),
    ("terminating-finished-keeps-status", pod(phase="Succeeded", deleting=True,
                                              statuses=[cs(state=terminated(0, "Completed"))]),
     "0/1", "Completed", "0"),
    ("node-lost", pod(deleting=True, reason="NodeLost", statuses=[cs(ready=True, state=RUNNING)]),
     "1/1", "Unknown", "0"),
    ("evicted", pod(phase="Failed", reason="Evicted", statuses=[]), "0/1", "Evicted", "0"),
    ("no-phase", pod(phase=""), "0/1", "", "0"),
]


@pytest.mark.parametrize("obj, ready, status, restarts", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_pod_ready_status_restarts(obj: Obj, ready: str, status: str, restarts: str):
    cells = row(obj)
    assert cells[1:4] == [ready, status, restarts]


def test_pod_age_and_wide_cells():
    cells = row(pod(statuses=[cs(ready=True, state=RUNNING)], conditions=[READY], nominated="worker-2"))
    assert cells[0] == "p"
    assert cells[4] == "60m"  # 3600 s: HumanDuration shows minutes below 3 hours
    assert cells[5:] == ["10.244.1.5", "worker-1", "worker-2", "<none>"]


def test_pod_wide_cells_when_unscheduled():
    assert row(pod(phase="Pending", ip="", node=""))[5:] == ["<none>", "<none>", "<none>", "<none>"]


@pytest.mark.parametrize("conditions, expected", [
    ([], "0/2"),
    ([{"type": "example.com/a", "status": "True"}], "1/2"),
    ([{"type": "example.com/a", "status": "True"}, {"type": "example.com/b", "status": "True"}], "2/2"),
    ([{"type": "example.com/a", "status": "False"}, {"type": "example.com/b", "status": "True"}], "1/2"),
])
def test_pod_readiness_gates(conditions: list[Obj], expected: str):
    assert row(pod(gates=["example.com/a", "example.com/b"], conditions=conditions))[8] == expected


@pytest.mark.parametrize("phase, conditions", [
    ("Succeeded", [{"type": "Completed", "status": "True", "reason": "Succeeded",
                    "message": "The pod has completed successfully."}]),
    ("Failed", [{"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}]),
])
def test_finished_pods_carry_row_conditions(phase: str, conditions: list[Obj]):
    built = table(BY_PLURAL["pods"], [pod(phase=phase)], resource_version="1", now=NOW, clock=CLOCK)
    assert built["rows"][0]["conditions"] == conditions


def test_running_pod_has_no_row_conditions():
    built = table(BY_PLURAL["pods"], [pod()], resource_version="1", now=NOW, clock=CLOCK)
    assert "conditions" not in built["rows"][0]


def test_restart_age_uses_the_latest_termination():
    obj = pod(containers=2, statuses=[cs("app", ready=True, state=RUNNING, restarts=1, last_finished=3000),
                                      cs("c1", ready=True, state=RUNNING, restarts=2, last_finished=3590)])
    assert row(obj)[3] == "3 (10s ago)"


def test_microtime_finished_at_is_read():
    obj = pod(statuses=[cs(ready=True, state=RUNNING, restarts=1)])
    obj["status"]["containerStatuses"][0]["lastState"] = {
        "terminated": {"exitCode": 1, "finishedAt": "2026-01-01T00:59:30.250000Z"}}
    assert row(obj)[3] == "1 (29s ago)"
