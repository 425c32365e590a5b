"""The garbage collector's dependency graph (garbagecollector.GraphBuilder).

Every object of the watched kinds is a node keyed by uid, linked to its owners by their
ownerReferences. An owner referenced before it is observed gets a *virtual* node whose
existence the collector then checks with a live read. Graph changes enqueue the work:
dependents of a deleted owner, owners waiting for (foreground) or orphaning dependents.
"""
from __future__ import annotations

from collections.abc import Callable

from ..apiserver.registry import resource_for
from ..objects import Obj, deleting, meta, namespace, owner_refs, uid
from ..objects import name as obj_name

FOREGROUND = "foregroundDeletion"
ORPHAN = "orphan"


class GNode:
    __slots__ = ("uid", "resource", "namespace", "name", "owners", "dependents", "virtual", "being_deleted",
                 "deleting_dependents")

    def __init__(
        self, node_uid: str, resource: str, ns: str, name: str, owners: list[Obj], *, virtual: bool
    ) -> None:
        self.uid = node_uid
        self.resource = resource
        self.namespace = ns
        self.name = name
        self.owners = owners
        self.dependents: set[str] = set()
        self.virtual = virtual
        self.being_deleted = False
        self.deleting_dependents = False

    def blocks(self, owner_uid: str) -> bool:
        """Does this dependent's reference to ``owner_uid`` block the owner's foreground deletion?"""
        return any(r.get("uid") == owner_uid and r.get("blockOwnerDeletion") for r in self.owners)


def owner_resource(ref: Obj) -> tuple[str, bool] | None:
    """(plural, namespaced) of the kind an ownerReference names, if the apiserver serves it."""
    res = resource_for(ref.get("apiVersion", ""), ref.get("kind", ""))
    return (res.plural, res.namespaced) if res is not None and not res.simulation else None


class Graph:
    def __init__(self, attempt_delete: Callable[[str], None], attempt_orphan: Callable[[str], None]) -> None:
        self.nodes: dict[str, GNode] = {}
        self.attempt_delete = attempt_delete
        self.attempt_orphan = attempt_orphan

    def observe(self, resource: str, obj: Obj) -> None:
        """An add or update from an informer."""
        node_uid = uid(obj)
        owners = list(owner_refs(obj))
        node = self.nodes.get(node_uid)
        if node is None:
            node = self.nodes[node_uid] = GNode(
                node_uid, resource, namespace(obj), obj_name(obj), [], virtual=False
            )
        elif node.virtual:
            node.virtual = False
            node.resource, node.namespace, node.name = resource, namespace(obj), obj_name(obj)
        if owners != node.owners:
            self._relink(node, owners)
        if deleting(obj):
            node.being_deleted = True
            self._transitions(node, meta(obj).get("finalizers") or ())

    def _relink(self, node: GNode, owners: list[Obj]) -> None:
        old = {r.get("uid"): r for r in node.owners}
        new = {r.get("uid"): r for r in owners}
        for owner_uid, ref in old.items():
            gone = owner_uid not in new
            unblocked = (
                not gone and ref.get("blockOwnerDeletion") and not new[owner_uid].get("blockOwnerDeletion")
            )
            owner = self.nodes.get(owner_uid or "")
            if owner is None:
                continue
            if gone:
                owner.dependents.discard(node.uid)
            if (gone or unblocked) and owner.deleting_dependents:
                self.attempt_delete(owner.uid)  # addUnblockedOwnersToDeleteQueue
        node.owners = owners
        for owner_uid, ref in new.items():
            if owner_uid not in old:
                self._owner_node(ref, node.namespace).dependents.add(node.uid)

    def _owner_node(self, ref: Obj, dependent_ns: str) -> GNode:
        owner = self.nodes.get(ref.get("uid", ""))
        if owner is not None:
            return owner
        kind = owner_resource(ref)
        ns = dependent_ns if kind is not None and kind[1] else ""
        owner = self.nodes[ref.get("uid", "")] = GNode(
            ref.get("uid", ""), kind[0] if kind else "", ns, ref.get("name", ""), [], virtual=True
        )
        self.attempt_delete(owner.uid)  # verify that the owner exists
        return owner

    def _transitions(self, node: GNode, finalizers: tuple[str, ...] | list[str]) -> None:
        if ORPHAN in finalizers:
            self.attempt_orphan(node.uid)
            return
        if FOREGROUND in finalizers:
            node.deleting_dependents = True
            for dep in sorted(node.dependents):
                self.attempt_delete(dep)
            self.attempt_delete(node.uid)

    def remove(self, obj_uid: str) -> None:
        """The object is gone (informer delete, or a live read found it missing)."""
        node = self.nodes.pop(obj_uid, None)
        if node is None:
            return
        for dep in sorted(node.dependents):
            self.attempt_delete(dep)
        for ref in node.owners:
            owner = self.nodes.get(ref.get("uid", ""))
            if owner is None:
                continue
            owner.dependents.discard(obj_uid)
            if owner.deleting_dependents:
                self.attempt_delete(owner.uid)
