"""How a DELETE turns into removal now, a grace period, or finalizers (propagation)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import errors
from ..objects import Obj, deep_copy
from .registry import Resource

if TYPE_CHECKING:
    from .server import ApiServer

FOREGROUND = "foregroundDeletion"
ORPHAN = "orphan"
# Mirrors apps/v1: the default propagation of these kinds is Background.
_VALID_POLICIES = ("Background", "Foreground", "Orphan")


def plan_deletion(api: ApiServer, res: Resource, current: Obj, policy: str | None,
                  grace: int | None) -> Obj | None:
    """None: remove now. Otherwise the object to store (marked for deletion), or ``current``."""
    if policy is not None and policy not in _VALID_POLICIES:
        raise errors.invalid("DeleteOptions", "", "", [{
            "reason": "FieldValueNotSupported", "field": "propagationPolicy",
            "message": f'Unsupported value: "{policy}": '
                       'supported values: "Foreground", "Background", "Orphan"'}])
    meta = current["metadata"]
    new = deep_copy(current)
    new_meta = new["metadata"]
    finalizers = list(new_meta.get("finalizers") or [])
    if policy == "Foreground" and FOREGROUND not in finalizers:
        finalizers.append(FOREGROUND)
    if policy == "Orphan" and ORPHAN not in finalizers:
        finalizers.append(ORPHAN)
    if res.plural == "namespaces":
        return _namespace_deletion(api, new)
    grace_period = _grace(res, current, grace)
    if meta.get("deletionTimestamp"):
        # Already terminating: only a shorter grace period (or new finalizers) changes anything.
        if grace_period is not None and grace_period < int(meta.get("deletionGracePeriodSeconds") or 0):
            new_meta["deletionGracePeriodSeconds"] = grace_period
            return new if finalizers or grace_period > 0 else None
        if finalizers != list(meta.get("finalizers") or []):
            new_meta["finalizers"] = finalizers
            return new
        return current
    if not finalizers and not grace_period:
        return None
    new_meta["finalizers"] = finalizers
    if not finalizers:
        new_meta.pop("finalizers")
    new_meta["deletionTimestamp"] = api.clock.at(api.kernel.now + (grace_period or 0))
    new_meta["deletionGracePeriodSeconds"] = grace_period or 0
    return new


def _grace(res: Resource, pod: Obj, grace: int | None) -> int | None:
    """Pods bound to a node and not yet finished get a grace period for their kubelet."""
    if res.plural != "pods":
        return 0
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    if not spec.get("nodeName") or status.get("phase") in ("Succeeded", "Failed"):
        return 0
    if grace is None:
        grace = int(spec.get("terminationGracePeriodSeconds", 30))
    return max(0, grace)


def _namespace_deletion(api: ApiServer, new: Obj) -> Obj | None:
    meta = new["metadata"]
    if meta["name"] in ("default", "kube-system", "kube-public", "kube-node-lease"):
        raise errors.forbidden(f'namespaces "{meta["name"]}" is forbidden: this namespace may not be deleted')
    if (new.get("status") or {}).get("phase") == "Terminating":
        return new
    meta["deletionTimestamp"] = api.clock.now()
    meta["deletionGracePeriodSeconds"] = 0
    new.setdefault("status", {})["phase"] = "Terminating"
    return new
