"""NodeUnschedulable: cordoned nodes (spec.unschedulable) take no new pods."""
from __future__ import annotations

from ...objects import Obj
from ..node_info import NodeInfo
from ..status import UNSCHEDULABLE_AND_UNRESOLVABLE, Status
from .taint_toleration import tolerates

NAME = "NodeUnschedulable"
ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable"
_REJECTED = Status(NAME, (ERR_REASON_UNSCHEDULABLE,), UNSCHEDULABLE_AND_UNRESOLVABLE)
# Mirrors the plugin: tolerating this taint also tolerates spec.unschedulable.
_UNSCHEDULABLE_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


def filter(pod_spec: Obj, ni: NodeInfo) -> Status | None:
    if not ni.unschedulable:
        return None
    if tolerates(pod_spec.get("tolerations") or (), _UNSCHEDULABLE_TAINT):
        return None
    return _REJECTED
