"""TaintToleration: NoSchedule/NoExecute taints filter, PreferNoSchedule taints score."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...objects import Obj
from ..node_info import NodeInfo
from ..pod_info import PodInfo
from ..status import UNSCHEDULABLE_AND_UNRESOLVABLE, Status, default_normalize

NAME = "TaintToleration"
WEIGHT = 3


def err_reason(taint: Obj) -> str:
    return f"node(s) had untolerated taint {{{taint.get('key', '')}: {taint.get('value', '')}}}"


def toleration_tolerates(tol: Obj, taint: Obj) -> bool:
    """Mirrors v1.Toleration.ToleratesTaint."""
    if tol.get("effect") and tol.get("effect") != taint.get("effect"):
        return False
    if tol.get("key") and tol.get("key") != taint.get("key"):
        return False
    op = tol.get("operator") or "Equal"
    if op == "Exists":
        return True
    return op == "Equal" and (tol.get("value") or "") == (taint.get("value") or "")


def tolerates(tolerations: Iterable[Obj], taint: Obj) -> bool:
    return any(toleration_tolerates(t, taint) for t in tolerations)


def filter(pod_spec: Obj, ni: NodeInfo) -> Status | None:
    """The first untolerated NoSchedule/NoExecute taint (FindMatchingUntoleratedTaint)."""
    tolerations = pod_spec.get("tolerations") or ()
    for taint in ni.taints:
        if not tolerates(tolerations, taint):
            return Status(NAME, (err_reason(taint),), UNSCHEDULABLE_AND_UNRESOLVABLE)
    return None


def score(pi: PodInfo, nodes: list[NodeInfo], cache: Any, window: Any) -> list[int] | int:
    """Fewer untolerated PreferNoSchedule taints score higher (normalised, reversed)."""
    if not cache.prefer_taint_nodes:
        return 100      # every node counts 0: DefaultNormalizeScore(reverse) gives all the maximum
    prefer = [t for t in pi.spec.get("tolerations") or ()
              if t.get("effect") in (None, "", "PreferNoSchedule")]
    counts = [sum(1 for taint in ni.prefer_taints if not tolerates(prefer, taint)) for ni in nodes]
    return default_normalize(counts, reverse=True)
