"""The garbage collector (pkg/controller/garbagecollector).

Background: a dependent whose owners are all gone is deleted. Foreground: an owner with
the ``foregroundDeletion`` finalizer gets its dependents deleted (blocking ones must be
gone), then the finalizer removed, so the apiserver removes it. Orphan: dependents lose
their reference to an owner with the ``orphan`` finalizer, then the finalizer goes.
Existence checks are live reads, as upstream's (a cache could lag behind a new owner).
"""
from __future__ import annotations

from functools import partial

from ..errors import ApiError
from ..objects import Obj, deep_copy, deleting, meta, owner_refs, uid
from .base import Action, Controller, Delete, Result, Update, chain
from .gc_graph import FOREGROUND, ORPHAN, GNode, Graph, owner_resource
from .view import View

# Every kind the simulated apiserver serves that can own or be owned (Events are left out).
WATCHED = ("pods", "replicasets", "deployments", "daemonsets", "services", "endpoints", "endpointslices",
           "configmaps", "leases", "nodes", "namespaces")
DANGLING, WAITING, SOLID = "dangling", "waiting", "solid"


class GarbageCollector(Controller):
    name = "garbagecollector"
    component = "garbage-collector-controller"

    def setup(self) -> None:
        self.graph = Graph(lambda u: self.queue.add("delete/" + u), lambda u: self.queue.add("orphan/" + u))
        self.absent: set[str] = set()  # absentOwnerCache
        for resource in WATCHED:
            self.view.informer(resource).add_handler(on_add=partial(self.graph.observe, resource),
                                                     on_update=partial(self._updated, resource),
                                                     on_delete=self._deleted)

    def _deleted(self, obj: Obj) -> None:
        self.graph.remove(uid(obj))

    def _updated(self, resource: str, old: Obj, new: Obj) -> None:
        # A relist after a broken watch shows a deleted-and-recreated object (same name,
        # new uid) as one update: the old object is gone, its dependents must learn it.
        if uid(old) != uid(new):
            self.graph.remove(uid(old))
        self.graph.observe(resource, new)

    def reconcile(self, key: str, view: View) -> Result:
        kind, _, node_uid = key.partition("/")
        node = self.graph.nodes.get(node_uid)
        if node is None or not node.resource:
            return Result()
        latest = self._live(node.resource, node.name, node.namespace)
        if latest is None or uid(latest) != node.uid:
            self.absent.add(node.uid)
            self.graph.remove(node.uid)  # enqueueVirtualDeleteEvent
            return Result()
        if kind == "orphan":
            return Result(actions=self._orphan(node, latest))
        return Result(actions=self._attempt_delete(node, latest))

    def _live(self, resource: str, name: str, namespace: str) -> Obj | None:
        try:
            return self.view.client.get(resource, name, namespace=namespace)
        except ApiError as err:
            if err.code == 404:
                return None
            raise

    # -- attemptToDelete -------------------------------------------------------
    def _attempt_delete(self, node: GNode, latest: Obj) -> list[Action]:
        if deleting(latest) and FOREGROUND in (meta(latest).get("finalizers") or ()):
            return self._deleting_dependents(node, latest)
        if deleting(latest):
            return []
        refs = owner_refs(latest)
        if not refs:
            return []
        verdicts = {r.get("uid", ""): self._owner_state(r, node.namespace) for r in refs}
        solid = [u for u, v in verdicts.items() if v == SOLID]
        not_solid = [u for u, v in verdicts.items() if v != SOLID]
        if solid:
            return [self._drop_refs(latest, set(not_solid))] if not_solid else []
        waiting = [u for u, v in verdicts.items() if v == WAITING]
        if waiting and node.dependents:
            actions: list[Action] = []
            if any(self.graph.nodes[d].deleting_dependents for d in node.dependents if d in self.graph.nodes):
                actions.append(self._unblock(latest))  # avoid a foreground deletion cycle
            actions.append(self._delete(latest, "Foreground"))
            return chain(actions)
        finalizers = meta(latest).get("finalizers") or ()
        policy = (
            "Orphan" if ORPHAN in finalizers else "Foreground" if FOREGROUND in finalizers else "Background"
        )
        return [self._delete(latest, policy)]

    def _owner_state(self, ref: Obj, dependent_ns: str) -> str:
        """isDangling plus the foreground check of classifyReferences."""
        owner_uid = ref.get("uid", "")
        if owner_uid in self.absent:
            return DANGLING
        kind = owner_resource(ref)
        if kind is None:
            return SOLID  # an owner kind not served here is never a reason to delete
        plural, namespaced = kind
        if namespaced and not dependent_ns:
            return DANGLING  # a cluster-scoped object cannot be owned by a namespaced one
        owner = self._live(plural, ref.get("name", ""), dependent_ns if namespaced else "")
        if owner is None or uid(owner) != owner_uid:
            self.absent.add(owner_uid)
            return DANGLING
        if deleting(owner) and FOREGROUND in (meta(owner).get("finalizers") or ()):
            return WAITING
        return SOLID

    def _deleting_dependents(self, node: GNode, latest: Obj) -> list[Action]:
        """processDeletingDependentsItem: wait for blocking dependents, then drop the finalizer."""
        blocking = [
            self.graph.nodes[d]
            for d in sorted(node.dependents)
            if d in self.graph.nodes and self.graph.nodes[d].blocks(node.uid)
        ]
        if not blocking:
            return [self._remove_finalizer(latest, FOREGROUND)]
        for dep in blocking:
            if not dep.deleting_dependents:
                self.queue.add("delete/" + dep.uid)
        return []

    # -- attemptToOrphan -------------------------------------------------------
    def _orphan(self, node: GNode, latest: Obj) -> list[Action]:
        if ORPHAN not in (meta(latest).get("finalizers") or ()):
            return []
        actions: list[Action] = []
        for dep_uid in sorted(node.dependents):
            dep = self.graph.nodes.get(dep_uid)
            current = self._live(dep.resource, dep.name, dep.namespace) if dep and dep.resource else None
            if current is not None and uid(current) == dep_uid:
                actions.append(self._drop_refs(current, {node.uid}))
        actions.append(self._remove_finalizer(latest, ORPHAN))
        return chain(actions)

    # -- writes ----------------------------------------------------------------
    def _resource_of(self, obj: Obj) -> str:
        node = self.graph.nodes.get(uid(obj))
        return node.resource if node else ""

    def _drop_refs(self, obj: Obj, uids: set[str]) -> Update:
        updated = deep_copy(obj)
        refs = [r for r in owner_refs(updated) if r.get("uid") not in uids]
        if refs:
            updated["metadata"]["ownerReferences"] = refs
        else:
            updated["metadata"].pop("ownerReferences", None)
        return Update(
            resource=self._resource_of(obj),
            obj=updated,
            tolerate=(404,),
            summary=f"remove ownerReferences from {self._resource_of(obj)} {_shown(obj)}",
        )

    def _unblock(self, obj: Obj) -> Update:
        updated = deep_copy(obj)
        for ref in owner_refs(updated):
            ref["blockOwnerDeletion"] = False
        return Update(resource=self._resource_of(obj), obj=updated, tolerate=(404,))

    def _remove_finalizer(self, obj: Obj, finalizer: str) -> Update:
        updated = deep_copy(obj)
        finalizers = [f for f in meta(updated).get("finalizers") or () if f != finalizer]
        if finalizers:
            updated["metadata"]["finalizers"] = finalizers
        else:
            updated["metadata"].pop("finalizers", None)
        return Update(
            resource=self._resource_of(obj),
            obj=updated,
            tolerate=(404,),
            summary=f"remove finalizer {finalizer} from {self._resource_of(obj)} {_shown(obj)}",
        )

    def _delete(self, obj: Obj, policy: str) -> Delete:
        return Delete(
            resource=self._resource_of(obj),
            name=meta(obj)["name"],
            namespace=meta(obj).get("namespace", ""),
            propagation_policy=policy,
            preconditions={"uid": uid(obj)},
            summary=f"garbage-collect {self._resource_of(obj)} {_shown(obj)} ({policy.lower()})",
        )


def _shown(obj: Obj) -> str:
    m = meta(obj)
    return f"{m['namespace']}/{m.get('name')}" if m.get("namespace") else str(m.get("name"))
