"""NodeName: a pod that names its node fits only that node."""
from __future__ import annotations

from ...objects import Obj
from ..node_info import NodeInfo
from ..status import UNSCHEDULABLE_AND_UNRESOLVABLE, Status

NAME = "NodeName"
ERR_REASON = "node(s) didn't match the requested node name"
_REJECTED = Status(NAME, (ERR_REASON,), UNSCHEDULABLE_AND_UNRESOLVABLE)


def filter(pod_spec: Obj, ni: NodeInfo) -> Status | None:
    wanted = pod_spec.get("nodeName")
    if wanted and wanted != ni.name:
        return _REJECTED
    return None
