"""The Pod row: READY, STATUS and RESTARTS exactly as kube-apiserver 1.32's ``printPod`` computes them.

STATUS walks the same precedence as upstream: the pod's phase or ``status.reason``,
``SchedulingGated``, the first init container that has not finished (``Init:1/2``,
``Init:CrashLoopBackOff``, ``Init:Error``), then the containers from last to first (a
waiting reason such as ``ContainerCreating``, ``ErrImagePull``, ``CrashLoopBackOff``; a
terminated reason such as ``Completed``/``Error``; ``ExitCode:N``), ``Completed`` turned back
into ``Running``/``NotReady`` while a container still runs, and finally ``Terminating`` (or
``Unknown`` for a pod of a lost node) once the pod has a deletionTimestamp.
"""
from __future__ import annotations

from typing import Any

from .printers_time import Ages

Obj = dict[str, Any]
_EMPTY: Obj = {}
NONE = "<none>"
SUCCEEDED_CONDITIONS = [{"type": "Completed", "status": "True", "reason": "Succeeded",
                         "message": "The pod has completed successfully."}]
FAILED_CONDITIONS = [{"type": "Completed", "status": "True", "reason": "Failed",
                      "message": "The pod failed."}]
NODE_UNREACHABLE_POD_REASON = "NodeLost"  # k8s.io/kubernetes/pkg/util/node.NodeUnreachablePodReason


def _terminated_reason(term: Obj, prefix: str) -> str:
    if term.get("reason"):
        return prefix + term["reason"]
    if term.get("signal"):
        return f"{prefix}Signal:{term['signal']}"
    return f"{prefix}ExitCode:{term.get('exitCode') or 0}"


def pod_status(pod: Obj, ages: Ages) -> tuple[int, int, str, int, float | None]:
    """(ready, total, STATUS, restarts, last restart in simulated seconds or None), as printPod."""
    spec = pod.get("spec") or _EMPTY
    status = pod.get("status") or _EMPTY
    total = len(spec.get("containers") or ())
    ready = 0
    phase = status.get("phase") or ""
    reason = status.get("reason") or phase
    conditions = status.get("conditions") or ()
    for cond in conditions:
        if cond.get("type") == "PodScheduled" and cond.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    restarts = 0
    last: float | None = None
    sidecar_restarts = 0
    sidecar_last: float | None = None
    initializing = False
    init_specs = spec.get("initContainers")
    init_statuses = status.get("initContainerStatuses")
    sidecars: set[str] = set()
    if init_specs:
        for c in init_specs:
            if c.get("restartPolicy") == "Always":
                sidecars.add(c.get("name"))
        total += len(sidecars)
    if init_statuses:
        for i, cs in enumerate(init_statuses):
            count = cs.get("restartCount") or 0
            restarts += count
            finished = _finished(cs, ages) if "lastState" in cs else None
            if finished is not None and (last is None or finished > last):
                last = finished
            sidecar = cs.get("name") in sidecars
            if sidecar:
                sidecar_restarts += count
                if finished is not None and (sidecar_last is None or finished > sidecar_last):
                    sidecar_last = finished
            state = cs.get("state") or _EMPTY
            term = state.get("terminated")
            waiting = state.get("waiting")
            if term is not None and not term.get("exitCode"):
                continue
            if sidecar and cs.get("started") is True:
                if cs.get("ready"):
                    ready += 1
                continue
            if term is not None:
                reason = _terminated_reason(term, "Init:")
            elif waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
                reason = "Init:" + waiting["reason"]
            else:
                reason = f"Init:{i}/{len(init_specs or ())}"
            initializing = True
            break

    if not initializing or _initialized(conditions):
        restarts = sidecar_restarts
        last = sidecar_last
        has_running = False
        for cs in reversed(status.get("containerStatuses") or ()):
            restarts += cs.get("restartCount") or 0
            if "lastState" in cs:
                finished = _finished(cs, ages)
                if finished is not None and (last is None or finished > last):
                    last = finished
            state = cs.get("state") or _EMPTY
            waiting = state.get("waiting")
            term = state.get("terminated")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif term is not None:
                reason = _terminated_reason(term, "")
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        # Back to "Running" while at least one container still runs.
        if reason == "Completed" and has_running:
            reason = "Running" if _ready(conditions) else "NotReady"

    if (pod.get("metadata") or _EMPTY).get("deletionTimestamp"):
        if status.get("reason") == NODE_UNREACHABLE_POD_REASON:
            reason = "Unknown"
        elif phase not in ("Succeeded", "Failed"):
            reason = "Terminating"
    return ready, total, reason, restarts, last


def _finished(cs: Obj, ages: Ages) -> float | None:
    last_state = cs.get("lastState")
    if not last_state:
        return None
    term = last_state.get("terminated")
    if term is None:
        return None
    return ages.seconds(term.get("finishedAt"))


def _initialized(conditions: Any) -> bool:
    for cond in conditions:
        if cond.get("type") == "Initialized":
            return cond.get("status") == "True"
    return False


def _ready(conditions: Any) -> bool:
    for cond in conditions:
        if cond.get("type") == "Ready" and cond.get("status") == "True":
            return True
    return False


def pod_row(pod: Obj, ages: Ages) -> list[Any]:
    ready, total, reason, restarts, last = pod_status(pod, ages)
    meta = pod.get("metadata") or _EMPTY
    spec = pod.get("spec") or _EMPTY
    status = pod.get("status") or _EMPTY
    restarts_text = str(restarts)
    if restarts and last is not None:
        restarts_text = f"{restarts} ({ages.since_seconds(last)} ago)"
    ips = status.get("podIPs")
    ip = (ips[0].get("ip") if ips else "") or NONE
    gates = spec.get("readinessGates")
    if gates:
        conditions = status.get("conditions") or ()
        true = 0
        for gate in gates:
            kind = gate.get("conditionType")
            for cond in conditions:
                if cond.get("type") == kind:
                    if cond.get("status") == "True":
                        true += 1
                    break
        gates_text = f"{true}/{len(gates)}"
    else:
        gates_text = NONE
    return [meta.get("name", ""), f"{ready}/{total}", reason, restarts_text,
            ages.since(meta.get("creationTimestamp")), ip, spec.get("nodeName") or NONE,
            status.get("nominatedNodeName") or NONE, gates_text]


def pod_conditions(pod: Obj) -> list[Obj] | None:
    """Row conditions: upstream marks finished pods ``Completed`` (kubectl may hide them)."""
    phase = (pod.get("status") or _EMPTY).get("phase")
    if phase == "Succeeded":
        return SUCCEEDED_CONDITIONS
    if phase == "Failed":
        return FAILED_CONDITIONS
    return None
