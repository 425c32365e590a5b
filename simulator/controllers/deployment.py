"""The Deployment controller: ReplicaSets per template, rolled out by strategy (pkg/controller/deployment).

A ReplicaSet ``<deployment>-<pod-template-hash>`` per template, revision annotations
(a rollback is the template set back: the old ReplicaSet is found by its hash and gets a
new revision), RollingUpdate within maxSurge/maxUnavailable, Recreate, pause,
proportional scaling, revision history cleanup, and the Available/Progressing conditions.
"""
from __future__ import annotations

from ..objects import Obj, deep_copy, deleting, labels, meta, namespace, spec, uid
from ..objects import key as obj_key
from . import deployment_rollout as rollout
from .base import Controller, RecordEvent, Result, UpdateStatus
from .claims import claim
from .deployment_sync import Sync
from .podutil import selector
from .view import NAMESPACE, ORPHANS, OWNER, View, by_controller_uid, by_namespace, orphans_by_namespace


class DeploymentController(Controller):
    name = "deployment"
    component = "deployment-controller"

    def setup(self) -> None:
        view = self.view
        self.deployments = view.informer("deployments")
        self.deployments_in_ns = view.index("deployments", NAMESPACE, by_namespace)
        self.sets = view.informer("replicasets")
        self.sets_by_owner = view.index("replicasets", OWNER, by_controller_uid)
        self.orphan_sets = view.index("replicasets", ORPHANS, orphans_by_namespace)
        self.pods_by_owner = view.index("pods", OWNER, by_controller_uid)
        self.deployments.add_handler(on_add=self._enqueue, on_update=lambda _o, n: self._enqueue(n),
                                     on_delete=self._enqueue)
        self.sets.add_handler(on_add=self._rs_added, on_update=self._rs_updated, on_delete=self._rs_deleted)
        view.informer("pods").add_handler(on_delete=self._pod_deleted)

    # -- handlers --------------------------------------------------------------
    def _enqueue(self, d: Obj) -> None:
        self.queue.add(obj_key(d))

    def _resolve(self, ns: str, ref: Obj | None) -> Obj | None:
        if not ref or ref.get("kind") != "Deployment":
            return None
        d = self.deployments.get(f"{ns}/{ref.get('name')}")
        return d if d is not None and uid(d) == ref.get("uid") else None

    def _matching(self, rs: Obj) -> list[Obj]:
        rs_labels = labels(rs)
        return [d for d in self.deployments_in_ns.get(namespace(rs))
                if spec(d).get("selector") and selector(spec(d)["selector"]).matches(rs_labels)]

    def _rs_added(self, rs: Obj) -> None:
        owner = self._resolve(namespace(rs), _controller(rs))
        if owner is not None:
            self._enqueue(owner)
        elif _controller(rs) is None:
            for d in self._matching(rs):
                self._enqueue(d)

    def _rs_updated(self, old: Obj, new: Obj) -> None:
        old_ref, new_ref = _controller(old), _controller(new)
        if old_ref != new_ref and old_ref is not None:
            previous = self._resolve(namespace(old), old_ref)
            if previous is not None:
                self._enqueue(previous)
        if new_ref is not None:
            owner = self._resolve(namespace(new), new_ref)
            if owner is not None:
                self._enqueue(owner)
        elif labels(old) != labels(new) or old_ref != new_ref:
            for d in self._matching(new):
                self._enqueue(d)

    def _rs_deleted(self, rs: Obj) -> None:
        owner = self._resolve(namespace(rs), _controller(rs))
        if owner is not None:
            self._enqueue(owner)

    def _pod_deleted(self, pod: Obj) -> None:
        # Recreate waits for the old pods to be gone, so their deletion wakes it up.
        rs = (
            self.sets.get(f"{namespace(pod)}/{(_controller(pod) or {}).get('name')}")
            if _controller(pod)
            else None
        )
        d = self._resolve(namespace(pod), _controller(rs)) if rs is not None else None
        if d is not None and (spec(d).get("strategy") or {}).get("type") == "Recreate":
            self._enqueue(d)

    # -- reconcile -------------------------------------------------------------
    def reconcile(self, key: str, view: View) -> Result:
        d = self.deployments.get(key)
        if d is None:
            return Result()
        if spec(d).get("selector") == {}:
            return self._selecting_all(d)
        rs_list, claim_actions = claim(
            d,
            selector(spec(d).get("selector")),
            self.sets_by_owner.get(uid(d)),
            self.orphan_sets.get(namespace(d)),
            "replicasets",
            kind="Deployment",
        )
        s = Sync(d, rs_list, view)
        for action in claim_actions:
            s.emit(action)
        self._sync(s)
        return Result(actions=s.actions, requeue_after=s.requeue_after, requeue=s.requeue)

    def _sync(self, s: Sync) -> None:
        d = s.d
        if deleting(d):
            new, old = s.old_and_new(create=False)
            s.finish(s.calculate_status([*old, new], new))
            return
        rollout.check_paused_conditions(s)
        if spec(d).get("paused") or rollout.is_scaling_event(s):
            rollout.sync_scale(s)
        elif (spec(d).get("strategy") or {}).get("type") == "Recreate":
            rollout.recreate(s, {uid(rs): self.pods_by_owner.get(uid(rs)) for rs in s.rs_list if uid(rs)})
        else:
            rollout.rolling(s)

    def _selecting_all(self, d: Obj) -> Result:
        actions: list = [
            RecordEvent(
                involved=d,
                reason="SelectingAll",
                type="Warning",
                message="This deployment is selecting all pods. A non-empty selector is required.",
            )
        ]
        if int((d.get("status") or {}).get("observedGeneration") or 0) < int(meta(d).get("generation") or 1):
            updated = deep_copy(d)
            updated.setdefault("status", {})["observedGeneration"] = meta(d).get("generation")
            actions.append(UpdateStatus(resource="deployments", obj=updated, tolerate=(404,)))
        return Result(actions=actions)


def _controller(obj: Obj | None) -> Obj | None:
    for ref in meta(obj or {}).get("ownerReferences") or ():
        if ref.get("controller"):
            return ref
    return None
