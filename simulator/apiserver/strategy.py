"""Per-kind create/update strategies, as kube-apiserver's registry strategies do."""
from __future__ import annotations

from ..objects import Obj, deep_copy
from .registry import Resource

# Metadata the server owns: clients cannot change it by update.
_SERVER_META = ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation")


def prepare_for_create(res: Resource, obj: Obj) -> None:
    if res.plural == "pods":
        # Mirrors podStrategy.PrepareForCreate: status starts Pending, whatever was sent.
        obj["status"] = {"phase": "Pending", "qosClass": _qos_class(obj)}
    elif res.plural in ("deployments", "replicasets", "daemonsets"):
        obj["status"] = {}
    elif res.plural == "services":
        obj["status"] = {"loadBalancer": {}}
    elif res.plural == "namespaces":
        obj["status"] = {"phase": "Active"}
    elif res.simulation:
        obj.setdefault("status", {})


def prepare_for_update(res: Resource, new: Obj, old: Obj, *, subresource: str | None) -> None:
    """Carry server-owned fields over, and split spec from status by subresource."""
    meta, old_meta = new.setdefault("metadata", {}), old["metadata"]
    for field in _SERVER_META:
        if field in old_meta:
            meta[field] = old_meta[field]
        else:
            meta.pop(field, None)
    meta["resourceVersion"] = old_meta["resourceVersion"]
    new.setdefault("apiVersion", old.get("apiVersion"))
    new.setdefault("kind", old.get("kind"))
    if subresource == "finalize":
        # namespaces/finalize changes only spec.finalizers (the namespace controller's last step).
        finalizers = (new.get("spec") or {}).get("finalizers") or []
        new.clear()
        new.update(deep_copy(old))
        new["spec"] = dict(new.get("spec") or {}, finalizers=finalizers)
        return
    if "status" not in res.subresources:
        return
    if subresource == "status":
        # A status write changes only status (and metadata, as upstream allows).
        for field in set(old) | set(new):
            if field not in ("status", "metadata", "apiVersion", "kind"):
                if field in old:
                    new[field] = old[field]
                else:
                    new.pop(field, None)
        return
    if "status" in old:
        new["status"] = old["status"]
    else:
        new.pop("status", None)
    if res.plural in ("deployments", "replicasets", "daemonsets") and new.get("spec") != old.get("spec"):
        meta["generation"] = int(old_meta.get("generation", 1)) + 1


def _qos_class(pod: Obj) -> str:
    containers = ((pod.get("spec") or {}).get("containers") or [])
    if not isinstance(containers, list):
        return "BestEffort"
    any_set, guaranteed = False, True
    for c in containers:
        res = (c or {}).get("resources") if isinstance(c, dict) else None
        res = res if isinstance(res, dict) else {}
        req, lim = res.get("requests") or {}, res.get("limits") or {}
        if req or lim:
            any_set = True
        for kind in ("cpu", "memory"):
            if not isinstance(lim, dict) or kind not in lim or (
                    isinstance(req, dict) and req.get(kind, lim[kind]) != lim[kind]):
                guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"
