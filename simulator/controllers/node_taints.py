"""Taint bookkeeping of the node lifecycle controller (pure functions over Node objects)."""
from __future__ import annotations

from collections.abc import Callable

from ..objects import Obj, deep_copy, spec
from ..objects import name as obj_name
from .base import RecordEvent, Update, UpdateStatus
from .podutil import TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, is_ready, taint_key

NOT_READY_EXECUTE = (TAINT_NOT_READY, "NoExecute")
UNREACHABLE_EXECUTE = (TAINT_UNREACHABLE, "NoExecute")
NO_EXECUTE = frozenset({NOT_READY_EXECUTE, UNREACHABLE_EXECUTE})
# nodeConditionToTaintKeyStatusMap: the NoSchedule taint each condition status implies.
CONDITION_TAINTS = {
    ("Ready", "False"): TAINT_NOT_READY, ("Ready", "Unknown"): TAINT_UNREACHABLE,
    ("MemoryPressure", "True"): "node.kubernetes.io/memory-pressure",
    ("DiskPressure", "True"): "node.kubernetes.io/disk-pressure",
    ("PIDPressure", "True"): "node.kubernetes.io/pid-pressure",
    ("NetworkUnavailable", "True"): "node.kubernetes.io/network-unavailable",
}
CONDITION_TAINT_KEYS = frozenset(CONDITION_TAINTS.values()) | {TAINT_UNSCHEDULABLE}


def no_execute_for(ready_status: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(the NoExecute taint a Ready status calls for, the one it replaces)."""
    if ready_status == "False":
        return NOT_READY_EXECUTE, UNREACHABLE_EXECUTE
    return UNREACHABLE_EXECUTE, NOT_READY_EXECUTE


def swap_taints(node: Obj, *, add: list[tuple[str, str]], remove: list[tuple[str, str]],
                stamp: str) -> Update:
    """SwapNodeControllerTaint: added taints carry timeAdded, as upstream sets it."""
    updated = deep_copy(node)
    taints = [t for t in spec(updated).get("taints") or () if taint_key(t) not in remove]
    have = {taint_key(t) for t in taints}
    taints += [{"key": k, "effect": e, "timeAdded": stamp} for k, e in add if (k, e) not in have]
    updated.setdefault("spec", {})["taints"] = taints
    if not taints:
        del updated["spec"]["taints"]
    shown = ", ".join(f"{k}:{e}" for k, e in add) or "none"
    return Update(resource="nodes", obj=updated, summary=f"taint node {obj_name(node)}: add {shown}")


def no_schedule_changes(node: Obj) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """doNoScheduleTaintingPass: (NoSchedule taints to add, to remove) for conditions and cordon."""
    want = set()
    for c in (node.get("status") or {}).get("conditions") or ():
        taint = CONDITION_TAINTS.get((c.get("type"), c.get("status")))
        if taint:
            want.add((taint, "NoSchedule"))
    if spec(node).get("unschedulable"):
        want.add((TAINT_UNSCHEDULABLE, "NoSchedule"))
    have = {taint_key(t) for t in spec(node).get("taints") or ()
            if t.get("effect") == "NoSchedule" and t.get("key") in CONDITION_TAINT_KEYS}
    return sorted(want - have), sorted(have - want)


def mark_pods_not_ready(pods: list[Obj], stamp: str) -> list:
    """MarkPodsNotReady: Ready=False on the node's pods, and a NodeNotReady event on each."""
    actions: list = []
    for pod in pods:
        if not is_ready(pod):
            continue
        updated = deep_copy(pod)
        for c in updated["status"]["conditions"]:
            if c.get("type") == "Ready":
                c.update(status="False", lastTransitionTime=stamp)
        event = RecordEvent(involved=pod, reason="NodeNotReady", message="Node is not ready", type="Warning")
        actions.append(UpdateStatus(resource="pods", obj=updated, tolerate=(404,), then=_followed_by(event)))
    return actions


def _followed_by(event: RecordEvent) -> Callable[[Obj], list[RecordEvent]]:
    return lambda _obj: [event]


def taint_inputs(node: Obj) -> tuple:
    """What the NoSchedule taints depend on: condition statuses, cordon, current taints."""
    conditions = tuple((c.get("type"), c.get("status"))
                       for c in (node.get("status") or {}).get("conditions") or ())
    taints = tuple(taint_key(t) for t in spec(node).get("taints") or ())
    return conditions, bool(spec(node).get("unschedulable")), taints
