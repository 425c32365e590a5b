"""The namespace controller: empty a Terminating namespace, then finalize it (pkg/controller/namespace).

Every namespaced object in it is deleted (live lists, as upstream's dynamic client does);
while content remains the namespace's status conditions say what is left and the sync
is retried after about half the longest pod grace period. When nothing is left the
``kubernetes`` finalizer is removed through the ``finalize`` subresource and the
apiserver removes the namespace.
"""
from __future__ import annotations

from ..apiserver.registry import RESOURCES
from ..errors import ApiError
from ..objects import Obj, deep_copy, deleting, meta, spec, status
from .base import Action, Controller, Delete, Result, Update, UpdateStatus
from .view import View

FINALIZER = "kubernetes"
NAMESPACED = tuple(r for r in RESOURCES if r.namespaced and not r.simulation)


class NamespaceController(Controller):
    name = "namespace"
    component = "namespace-controller"

    def setup(self) -> None:
        self.namespaces = self.view.informer("namespaces")
        self.namespaces.add_handler(on_add=self._changed, on_update=lambda _o, n: self._changed(n))

    def _changed(self, ns: Obj) -> None:
        if deleting(ns):
            self.queue.add(meta(ns)["name"])

    def reconcile(self, key: str, view: View) -> Result:
        ns = self.namespaces.get(key)
        if ns is None or not deleting(ns) or FINALIZER not in (spec(ns).get("finalizers") or ()):
            return Result()
        try:
            content = [
                (res, obj) for res in NAMESPACED for obj in view.client.list(res.plural, namespace=key)[0]
            ]
        except ApiError:
            return Result(requeue=True)
        deletes: list[Action] = [
            Delete(
                resource=res.plural,
                name=meta(obj)["name"],
                namespace=key,
                propagation_policy="Background",
                summary=f"delete {res.plural} {key}/{meta(obj)['name']} (namespace terminating)",
            )
            for res, obj in content
            if not deleting(obj)
        ]
        if deletes:
            return Result(actions=deletes, requeue_after=0.0)  # then look at what is left
        remaining, finalizers, estimate = _remaining(content)
        conditions = _conditions(remaining, finalizers, view.clock.now(), status(ns).get("conditions") or [])
        status_write: list[Action] = []
        if conditions != (status(ns).get("conditions") or []):
            updated = deep_copy(ns)
            updated.setdefault("status", {})["conditions"] = conditions
            status_write.append(UpdateStatus(resource="namespaces", obj=updated, tolerate=(404,)))
        if remaining:
            return Result(actions=status_write, requeue_after=estimate / 2 + 1)
        if status_write:
            status_write[0].then = lambda obj: [_finalize(obj)]
            return Result(actions=status_write)
        return Result(actions=[_finalize(ns)])


def _finalize(ns: Obj) -> Update:
    """The last step: drop the "kubernetes" finalizer through namespaces/finalize."""
    finalized = deep_copy(ns)
    finalized["spec"]["finalizers"] = [f for f in spec(ns).get("finalizers") or () if f != FINALIZER]
    return Update(
        resource="namespaces",
        obj=finalized,
        subresource="finalize",
        tolerate=(404,),
        summary=f"finalize namespace {meta(ns)['name']}",
    )


def _remaining(content: list) -> tuple[dict[str, int], dict[str, int], float]:
    """What is still there (all of it terminating), its finalizers, and the longest pod grace period."""
    remaining: dict[str, int] = {}
    finalizers: dict[str, int] = {}
    estimate = 0.0
    for res, obj in content:
        group_resource = f"{res.plural}.{res.group}" if res.group else res.plural
        remaining[group_resource] = remaining.get(group_resource, 0) + 1
        for f in meta(obj).get("finalizers") or ():
            finalizers[f] = finalizers.get(f, 0) + 1
        if res.plural == "pods" and status(obj).get("phase") not in ("Succeeded", "Failed"):
            estimate = max(estimate, float(spec(obj).get("terminationGracePeriodSeconds", 30)))
    return remaining, finalizers, estimate


def _conditions(
    remaining: dict[str, int], finalizers: dict[str, int], stamp: str, old: list[Obj]
) -> list[Obj]:
    """The NamespaceDeletion* / Namespace*Remaining conditions upstream writes while it works."""
    content = ", ".join(f"{r} has {n} resource instances" for r, n in sorted(remaining.items()))
    held = ", ".join(f"{f} in {n} resource instances" for f, n in sorted(finalizers.items()))
    wanted = [
        (
            "NamespaceDeletionDiscoveryFailure",
            "False",
            "ResourcesDiscovered",
            "All resources successfully discovered",
        ),
        (
            "NamespaceDeletionGroupVersionParsingFailure",
            "False",
            "ParsedGroupVersions",
            "All legacy kube types successfully parsed",
        ),
        (
            "NamespaceDeletionContentFailure",
            "False",
            "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization",
        ),
        (
            "NamespaceContentRemaining",
            "True",
            "SomeResourcesRemain",
            f"Some resources are remaining: {content}",
        )
        if remaining
        else ("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"),
        (
            "NamespaceFinalizersRemaining",
            "True",
            "SomeFinalizersRemain",
            f"Some content in the namespace has finalizers remaining: {held}",
        )
        if finalizers
        else (
            "NamespaceFinalizersRemaining",
            "False",
            "ContentHasNoFinalizers",
            "All content-preserving finalizers have been removed",
        ),
    ]
    previous = {c.get("type"): c for c in old}
    out: list[Obj] = []
    for kind, cstatus, reason, message in wanted:
        before = previous.get(kind)
        if before is not None and (before.get("status"), before.get("reason"), before.get("message")) == \
                (cstatus, reason, message):
            out.append(before)
        else:
            out.append({"type": kind, "status": cstatus, "lastTransitionTime": stamp, "reason": reason,
                        "message": message})
    return out
