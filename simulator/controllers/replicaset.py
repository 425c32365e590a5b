"""The ReplicaSet controller: keep ``spec.replicas`` active pods (pkg/controller/replicaset).

Terminating and finished pods are not active, so a replacement is created as soon as a
pod is marked for deletion. Expectations stop a second round of creates or deletes until
the informer has seen the first; creates go out in slow-start batches (1, 2, 4, ...).
"""
from __future__ import annotations

from typing import Any

from ..errors import ApiError
from ..objects import Obj, deep_copy, deleting, labels, meta, namespace, spec, status, uid
from ..objects import key as obj_key
from ..objects import name as obj_name
from .base import Controller, Create, Delete, RecordEvent, Result, SlowStart, UpdateStatus, controller_ref
from .claims import claim
from .expectations import Expectations
from .pod_ranking import pods_to_delete
from .podutil import (
    contains_labels,
    is_active,
    is_available,
    is_ready,
    pod_from_template,
    ready_since,
    selector,
    spec_replicas,
)
from .view import NAMESPACE, ORPHANS, OWNER, View, by_controller_uid, by_namespace, orphans_by_namespace

BURST_REPLICAS = 500


class ReplicaSetController(Controller):
    name = "replicaset"
    component = "replicaset-controller"
    kind = "ReplicaSet"
    resource = "replicasets"

    def setup(self) -> None:
        view = self.view
        self.sets = view.informer(self.resource)
        self.sets_in_ns = view.index(self.resource, NAMESPACE, by_namespace)
        self.sets_by_owner = view.index(self.resource, OWNER, by_controller_uid)
        self.pods_by_owner = view.index("pods", OWNER, by_controller_uid)
        self.orphans = view.index("pods", ORPHANS, orphans_by_namespace)
        self.expectations = Expectations(lambda: view.now)
        self.errors: dict[str, str] = {}
        self.sets.add_handler(on_add=self._enqueue, on_update=self._set_updated, on_delete=self._enqueue)
        view.informer("pods").add_handler(on_add=self._pod_added, on_update=self._pod_updated,
                                          on_delete=self._pod_deleted)

    # -- handlers --------------------------------------------------------------
    def _enqueue(self, rs: Obj) -> None:
        self.queue.add(obj_key(rs))

    def _set_updated(self, old: Obj, new: Obj) -> None:
        if uid(old) != uid(new):
            self.expectations.delete(obj_key(old))  # deleted and recreated while we were not watching
        self._enqueue(new)

    def _resolve(self, ns: str, ref: Obj | None) -> Obj | None:
        if not ref or ref.get("kind") != self.kind:
            return None
        rs = self.sets.get(f"{ns}/{ref.get('name')}")
        return rs if rs is not None and uid(rs) == ref.get("uid") else None

    def _matching_sets(self, pod: Obj) -> list[Obj]:
        pod_labels = labels(pod)
        return [rs for rs in self.sets_in_ns.get(namespace(pod))
                if spec(rs).get("selector") and selector(spec(rs)["selector"]).matches(pod_labels)]

    def _pod_added(self, pod: Obj) -> None:
        if deleting(pod):
            self._pod_deleted(pod)  # a restart can show a pod already being deleted
            return
        rs = self._resolve(namespace(pod), _controller(pod))
        if rs is not None:
            self.expectations.creation_observed(obj_key(rs))
            self._enqueue(rs)
        elif _controller(pod) is None:
            for candidate in self._matching_sets(pod):
                self._enqueue(candidate)

    def _pod_updated(self, old: Obj, new: Obj) -> None:
        label_changed = labels(old) != labels(new)
        if deleting(new):
            self._pod_deleted(new)
            if label_changed:
                self._pod_deleted(old)
            return
        old_ref, new_ref = _controller(old), _controller(new)
        if old_ref != new_ref and old_ref is not None:
            previous = self._resolve(namespace(old), old_ref)
            if previous is not None:
                self._enqueue(previous)
        if new_ref is not None:
            rs = self._resolve(namespace(new), new_ref)
            if rs is not None:
                self._enqueue(rs)
                min_ready = int(spec(rs).get("minReadySeconds") or 0)
                if min_ready and not is_ready(old) and is_ready(new):
                    self.queue.add_after(obj_key(rs), min_ready + 1.0)
            return
        if label_changed or old_ref != new_ref:
            for candidate in self._matching_sets(new):
                self._enqueue(candidate)

    def _pod_deleted(self, pod: Obj) -> None:
        rs = self._resolve(namespace(pod), _controller(pod))
        if rs is not None:
            self.expectations.deletion_observed(obj_key(rs), obj_key(pod))
            self._enqueue(rs)

    # -- reconcile -------------------------------------------------------------
    def reconcile(self, key: str, view: View) -> Result:
        rs = self.sets.get(key)
        if rs is None:
            self.expectations.delete(key)
            self.errors.pop(key, None)
            return Result()
        needs_sync = self.expectations.satisfied(key)
        sel = selector(spec(rs).get("selector"))
        pods, actions = claim(rs, sel, self.pods_by_owner.get(uid(rs)), self.orphans.get(namespace(rs)),
                              "pods", kind=self.kind)
        active = sorted((p for p in pods if is_active(p)), key=obj_name)
        if needs_sync and not deleting(rs):
            actions += self._manage(key, rs, active, view)
        status_action, requeue_after = self._sync_status(key, rs, active, view)
        if status_action is not None:
            actions.append(status_action)
        return Result(actions=actions, requeue_after=requeue_after)

    def _manage(self, key: str, rs: Obj, active: list[Obj], view: View) -> list:
        diff = len(active) - spec_replicas(rs)
        if diff < 0:
            count = min(-diff, BURST_REPLICAS)
            self.expectations.expect_creations(key, count)
            body = self._pod_body(rs)  # the apiserver copies each request body, so one serves all
            creates = [self._create(key, rs, body) for _ in range(count)]
            return [SlowStart(actions=creates,
                              finished=lambda ok: self.expectations.creation_observed(key, count - ok))]
        if diff > 0:
            count = min(diff, BURST_REPLICAS)
            victims = pods_to_delete(active, self._related_pods(rs), count, now=view.now, clock=view.clock)
            self.expectations.expect_deletions(key, [obj_key(p) for p in victims])
            return [self._delete(key, rs, pod) for pod in victims]
        return []

    @staticmethod
    def _pod_body(rs: Obj) -> Obj:
        return pod_from_template(spec(rs).get("template") or {}, controller_ref(rs),
                                 generate_name=f"{obj_name(rs)}-", namespace=namespace(rs))

    def _create(self, key: str, rs: Obj, pod: Obj) -> Create:

        def created(obj: Obj) -> list:
            message = f"Created pod: {obj_name(obj)}"
            return [RecordEvent(involved=rs, reason="SuccessfulCreate", message=message)]

        def failed(err: ApiError) -> list:
            self.errors[key] = err.message
            return [
                RecordEvent(
                    involved=rs,
                    reason="FailedCreate",
                    message=f"Error creating: {err.message}",
                    type="Warning",
                )
            ]

        return Create(
            resource="pods",
            obj=pod,
            namespace=namespace(rs),
            then=created,
            failed=failed,
            summary=f"create pod in {namespace(rs)} for replicaset {obj_name(rs)}",
        )

    def _delete(self, key: str, rs: Obj, pod: Obj) -> Delete:
        pod_key = obj_key(pod)

        def deleted(_obj: Obj) -> list:
            return [
                RecordEvent(involved=rs, reason="SuccessfulDelete", message=f"Deleted pod: {obj_name(pod)}")
            ]

        def failed(err: ApiError) -> list:
            self.expectations.deletion_observed(key, pod_key)
            if err.code == 404:
                return []
            return [
                RecordEvent(
                    involved=rs,
                    reason="FailedDelete",
                    message=f"Error deleting: {err.message}",
                    type="Warning",
                )
            ]

        return Delete(
            resource="pods",
            name=obj_name(pod),
            namespace=namespace(pod),
            then=deleted,
            failed=failed,
            summary=f"delete pod {pod_key} (scale down replicaset {obj_name(rs)})",
        )

    def _related_pods(self, rs: Obj) -> list[Obj]:
        """getIndirectlyRelatedPods: pods of every ReplicaSet with the same controller."""
        ref = _controller(rs)
        siblings = (
            [rs]
            if ref is None
            else [s for s in self.sets_by_owner.get(ref.get("uid", "")) if namespace(s) == namespace(rs)]
        )
        return [pod for s in siblings for pod in self.pods_by_owner.get(uid(s))]

    def _sync_status(
        self, key: str, rs: Obj, active: list[Obj], view: View
    ) -> tuple[UpdateStatus | None, float | None]:
        min_ready = int(spec(rs).get("minReadySeconds") or 0)
        template_labels = ((spec(rs).get("template") or {}).get("metadata") or {}).get("labels") or {}
        ready = [p for p in active if is_ready(p)]
        available = [p for p in ready if is_available(p, min_ready, view.now, view.clock)]
        new: dict[str, Any] = {"replicas": len(active)}
        counts = (
            ("fullyLabeledReplicas", sum(1 for p in active if contains_labels(labels(p), template_labels))),
            ("readyReplicas", len(ready)),
            ("availableReplicas", len(available)),
        )
        new.update({field: value for field, value in counts if value})
        new["observedGeneration"] = meta(rs).get("generation", 1)
        conditions = self._conditions(key, rs, len(active), view)
        if conditions:
            new["conditions"] = conditions
        requeue = self._availability_requeue(ready, available, min_ready, view)
        if status(rs) == new:
            return None, requeue
        updated = deep_copy(rs)
        updated["status"] = new
        return UpdateStatus(resource=self.resource, obj=updated, tolerate=(404,)), requeue

    def _conditions(self, key: str, rs: Obj, active: int, view: View) -> list[Obj]:
        """ReplicaFailure follows the last manageReplicas error, as calculateStatus does."""
        conditions = [c for c in status(rs).get("conditions") or () if c.get("type") != "ReplicaFailure"]
        error = self.errors.pop(key, None)
        current = next(
            (c for c in status(rs).get("conditions") or () if c.get("type") == "ReplicaFailure"), None
        )
        if error is not None:
            reason = "FailedCreate" if active < spec_replicas(rs) else "FailedDelete"
            conditions.append(
                current
                or {
                    "type": "ReplicaFailure",
                    "status": "True",
                    "reason": reason,
                    "message": error,
                    "lastTransitionTime": view.clock.now(),
                }
            )
        return conditions

    @staticmethod
    def _availability_requeue(
        ready: list[Obj], available: list[Obj], min_ready: int, view: View
    ) -> float | None:
        """Look again when the next ready pod has been ready for minReadySeconds."""
        if not min_ready or len(ready) == len(available):
            return None
        done = {id(p) for p in available}
        pending = [ready_since(p, view.clock) for p in ready if id(p) not in done]
        times = [t + min_ready - view.now for t in pending if t is not None]
        return max(min(times), 0.0) + 0.01 if times else float(min_ready)


def _controller(obj: Obj) -> Obj | None:
    for ref in meta(obj).get("ownerReferences") or ():
        if ref.get("controller"):
            return ref
    return None
