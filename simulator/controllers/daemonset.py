"""The DaemonSet controller: one pod per eligible node (pkg/controller/daemon).

Daemon pods are created with the tolerations the controller adds and a required node
affinity ``matchFields metadata.name In [node]``, so the default scheduler places them
(as since v1.12). A template change rolls out node by node within maxUnavailable.
"""
from __future__ import annotations

from ..errors import ApiError
from ..objects import Obj, deep_copy, deleting, labels, meta, namespace, spec, status, template_hash, uid
from ..objects import key as obj_key
from ..objects import name as obj_name
from . import daemonset_util as du
from .base import Controller, Create, Delete, RecordEvent, Result, SlowStart, UpdateStatus, controller_ref
from .claims import claim
from .daemonset_status import Verdicts, daemon_status, rolling_update_victims
from .expectations import Expectations
from .podutil import pod_from_template, selector
from .view import ORPHANS, OWNER, View, by_controller_uid, orphans_by_namespace

BURST_REPLICAS = 250
FAILED_BACKOFF_INITIAL, FAILED_BACKOFF_MAX = 1.0, 900.0


class DaemonSetController(Controller):
    name = "daemonset"
    component = "daemonset-controller"

    def setup(self) -> None:
        view = self.view
        self.sets = view.informer("daemonsets")
        self.nodes = view.informer("nodes")
        self.pods_by_owner = view.index("pods", OWNER, by_controller_uid)
        self.orphans = view.index("pods", ORPHANS, orphans_by_namespace)
        self.expectations = Expectations(lambda: view.now)
        self.backoff: dict[str, tuple[float, float]] = {}  # "<ds>/<node>" → (next try, delay)
        self.sets.add_handler(on_add=self._enqueue, on_update=self._set_updated, on_delete=self._enqueue)
        view.informer("pods").add_handler(on_add=self._pod_added, on_update=self._pod_updated,
                                          on_delete=self._pod_deleted)
        self.nodes.add_handler(
            on_add=lambda _n: self._enqueue_all(),
            on_update=lambda o, n: self._enqueue_all() if _placement(o) != _placement(n) else None,
            on_delete=lambda _n: self._enqueue_all(),
        )

    def _enqueue(self, ds: Obj) -> None:
        self.queue.add(obj_key(ds))

    def _set_updated(self, old: Obj, new: Obj) -> None:
        if uid(old) != uid(new):
            self.expectations.delete(obj_key(old))  # deleted and recreated while we were not watching
        self._enqueue(new)

    def _enqueue_all(self) -> None:
        for ds in self.sets.list():
            self._enqueue(ds)

    def _owner(self, pod: Obj) -> Obj | None:
        ref = next((r for r in meta(pod).get("ownerReferences") or () if r.get("controller")), None)
        if not ref or ref.get("kind") != "DaemonSet":
            return None
        ds = self.sets.get(f"{namespace(pod)}/{ref.get('name')}")
        return ds if ds is not None and uid(ds) == ref.get("uid") else None

    def _pod_added(self, pod: Obj) -> None:
        if deleting(pod):
            self._pod_deleted(pod)
            return
        ds = self._owner(pod)
        if ds is not None:
            self.expectations.creation_observed(obj_key(ds))
            self._enqueue(ds)
        elif not any(r.get("controller") for r in meta(pod).get("ownerReferences") or ()):
            for candidate in self.sets.list():
                if namespace(candidate) == namespace(pod) and selector(
                    spec(candidate).get("selector")
                ).matches(labels(pod)):
                    self._enqueue(candidate)

    def _pod_updated(self, old: Obj, new: Obj) -> None:
        if deleting(new) and not deleting(old):
            self._pod_deleted(new)
            return
        for pod in (old, new):
            ds = self._owner(pod)
            if ds is not None:
                self._enqueue(ds)
        if labels(old) != labels(new):
            self._pod_added(new)

    def _pod_deleted(self, pod: Obj) -> None:
        ds = self._owner(pod)
        if ds is not None:
            self.expectations.deletion_observed(obj_key(ds), obj_key(pod))
            self._enqueue(ds)

    # -- reconcile -------------------------------------------------------------
    def reconcile(self, key: str, view: View) -> Result:
        ds = self.sets.get(key)
        if ds is None:
            self.expectations.delete(key)
            return Result()
        revision = template_hash(spec(ds).get("template") or {})
        template = du.pod_template(ds, revision)
        pods, actions = claim(
            ds,
            selector(spec(ds).get("selector")),
            self.pods_by_owner.get(uid(ds)),
            self.orphans.get(namespace(ds)),
            "pods",
            kind="DaemonSet",
        )
        by_node: dict[str, list[Obj]] = {}
        for pod in pods:
            node = du.target_node(pod)
            if node:
                by_node.setdefault(node, []).append(pod)
        nodes = sorted(self.nodes.list(), key=obj_name)
        verdicts = {obj_name(n): du.should_run(n, template.get("spec") or {}) for n in nodes}
        synced = self.expectations.satisfied(key)
        requeue: list[float] = []
        if synced and not deleting(ds):
            changes = self._manage(key, ds, template, verdicts, by_node, view, requeue)
            if (
                not changes
                and (spec(ds).get("updateStrategy") or {}).get("type", "RollingUpdate") == "RollingUpdate"
            ):
                changes = self._rolling_update(key, ds, revision, verdicts, by_node, view)
            actions += changes
        status_action, wait = self._status(ds, revision, verdicts, by_node, view, update_generation=synced)
        if status_action is not None:
            actions.append(status_action)
        requeue += [w for w in (wait,) if w is not None]
        return Result(actions=actions, requeue_after=min(requeue) if requeue else None)

    def _manage(
        self,
        key: str,
        ds: Obj,
        template: Obj,
        verdicts: dict[str, tuple[bool, bool]],
        by_node: dict[str, list[Obj]],
        view: View,
        requeue: list[float],
    ) -> list:
        create_on: list[str] = []
        delete: list[Obj] = []
        for node_name, (run, keep) in verdicts.items():
            pods = by_node.get(node_name, [])
            if run and not pods:
                create_on.append(node_name)
            elif keep:
                delete += self._excess(key, ds, node_name, pods, view, requeue)
            elif pods:
                delete += [p for p in pods if not deleting(p)]
        delete += [
            p
            for n, pods in by_node.items()
            if n not in verdicts
            for p in pods
            if not spec(p).get("nodeName") and not deleting(p)
        ]
        return self._sync_nodes(key, ds, template, delete, create_on)

    def _excess(
        self, key: str, ds: Obj, node_name: str, pods: list[Obj], view: View, requeue: list[float]
    ) -> list[Obj]:
        """Failed daemon pods are replaced (with back-off); a second running pod is removed."""
        running, delete = [], []
        for pod in pods:
            if deleting(pod):
                continue
            if du.phase(pod) == "Failed":
                slot = f"{key}/{node_name}"
                next_try, delay = self.backoff.get(slot, (0.0, FAILED_BACKOFF_INITIAL / 2))
                if view.now < next_try:
                    requeue.append(next_try - view.now)
                    continue
                delay = min(delay * 2, FAILED_BACKOFF_MAX)
                self.backoff[slot] = (view.now + delay, delay)
                delete.append(pod)
            elif du.phase(pod) == "Succeeded":
                delete.append(pod)
            else:
                running.append(pod)
        return delete + du.oldest_first(running)[1:]

    def _sync_nodes(self, key: str, ds: Obj, template: Obj, delete: list[Obj], create_on: list[str]) -> list:
        create_on, delete = create_on[:BURST_REPLICAS], delete[:BURST_REPLICAS]
        if not create_on and not delete:
            return []
        self.expectations.expect(key, creations=len(create_on), deletions=[obj_key(p) for p in delete])
        actions: list = []
        for pod in delete:
            actions.append(self._delete(key, ds, pod))
        if create_on:
            creates = [self._create(key, ds, du.pin_to_node(template, n), n) for n in create_on]
            wanted = len(creates)
            actions.append(SlowStart(
                actions=creates, finished=lambda ok: self.expectations.creation_observed(key, wanted - ok)))
        return actions

    def _create(self, key: str, ds: Obj, template: Obj, node_name: str) -> Create:
        pod = pod_from_template(
            template, controller_ref(ds), generate_name=f"{obj_name(ds)}-", namespace=namespace(ds)
        )

        def failed(err: ApiError) -> list:
            return [
                RecordEvent(
                    involved=ds,
                    reason="FailedCreate",
                    message=f"Error creating: {err.message}",
                    type="Warning",
                )
            ]

        return Create(
            resource="pods",
            obj=pod,
            namespace=namespace(ds),
            failed=failed,
            then=lambda obj: [
                RecordEvent(involved=ds, reason="SuccessfulCreate", message=f"Created pod: {obj_name(obj)}")
            ],
            summary=f"create daemon pod of {namespace(ds)}/{obj_name(ds)} for node {node_name}",
        )

    def _delete(self, key: str, ds: Obj, pod: Obj) -> Delete:
        pod_key = obj_key(pod)

        def failed(err: ApiError) -> list:
            self.expectations.deletion_observed(key, pod_key)
            return (
                []
                if err.code == 404
                else [
                    RecordEvent(
                        involved=ds,
                        reason="FailedDelete",
                        type="Warning",
                        message=f"Error deleting: {err.message}",
                    )
                ]
            )

        return Delete(
            resource="pods",
            name=obj_name(pod),
            namespace=namespace(pod),
            failed=failed,
            then=lambda _o: [
                RecordEvent(involved=ds, reason="SuccessfulDelete", message=f"Deleted pod: {obj_name(pod)}")
            ],
        )

    def _rolling_update(self, key: str, ds: Obj, revision: str, verdicts: Verdicts,
                        by_node: dict[str, list[Obj]], view: View) -> list:
        victims = rolling_update_victims(ds, revision, verdicts, by_node, now=view.now, clock=view.clock)
        return self._sync_nodes(key, ds, {}, victims, [])

    def _status(self, ds: Obj, revision: str, verdicts: Verdicts, by_node: dict[str, list[Obj]], view: View,
                *, update_generation: bool) -> tuple[UpdateStatus | None, float | None]:
        new, wait = daemon_status(ds, revision, verdicts, by_node, now=view.now, clock=view.clock,
                                  update_generation=update_generation)
        if new == status(ds):
            return None, wait
        updated = deep_copy(ds)
        updated["status"] = new
        return UpdateStatus(resource="daemonsets", obj=updated, tolerate=(404,)), wait


def _placement(node: Obj) -> tuple:
    return labels(node), spec(node).get("taints"), spec(node).get("unschedulable"), deleting(node)
