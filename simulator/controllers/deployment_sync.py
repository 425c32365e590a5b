"""One Deployment sync (pkg/controller/deployment sync.go, rolling.go, recreate.go).

Upstream makes its writes one after another inside a sync and carries the returned
objects forward; here the sync works on local copies and queues the writes as actions.
Writes that upstream would not reach if creating the new ReplicaSet failed are queued
behind that create (they run only after it succeeded).
"""
from __future__ import annotations

from typing import Any

from ..objects import Obj, deep_copy, deleting, meta, namespace, spec, status, uid
from ..objects import name as obj_name
from . import deployment_util as du
from .base import Action, Create, Delete, RecordEvent, Update, UpdateStatus, controller_ref
from .podutil import annotations_of, spec_replicas


class Sync:
    def __init__(self, d: Obj, rs_list: list[Obj], view: Any) -> None:
        self.original = d
        self.d = deep_copy(d)
        self.rs_list = list(rs_list)
        self.view = view
        self.stamp = view.clock.now()
        self.actions: list[Action] = []
        self.sink = self.actions
        self.requeue_after: float | None = None
        self.requeue = False

    def emit(self, action: Action) -> None:
        self.sink.append(action)

    # -- ReplicaSets -----------------------------------------------------------
    def _replace(self, rs: Obj) -> None:
        self.rs_list = [rs if obj_name(r) == obj_name(rs) else r for r in self.rs_list]

    def old_and_new(self, create: bool) -> tuple[Obj | None, list[Obj]]:
        """getAllReplicaSetsAndSyncRevision."""
        new = du.find_new(self.d, self.rs_list)
        old = [rs for rs in self.rs_list if new is None or obj_name(rs) != obj_name(new)]
        return self._new_rs(new, old, create), old

    def _new_rs(self, existing: Obj | None, old: list[Obj], create: bool) -> Obj | None:
        new_revision = str(max((du.revision(rs) for rs in old), default=0) + 1)
        if existing is not None:
            return self._sync_existing(existing, new_revision)
        if not create:
            return None
        return self._create_new(old, new_revision)

    def _sync_existing(self, existing: Obj, new_revision: str) -> Obj:
        copy = deep_copy(existing)
        changed = du.set_new_rs_annotations(self.d, copy, new_revision, exists=True)
        min_ready = spec(self.d).get("minReadySeconds") or 0
        if changed or (spec(copy).get("minReadySeconds") or 0) != min_ready:
            copy["spec"]["minReadySeconds"] = min_ready
            self.emit(Update(resource="replicasets", obj=copy, summary=f"update revision of replicaset "
                                                                       f"{namespace(copy)}/{obj_name(copy)}"))
            self._replace(copy)
            return copy
        du.set_deployment_revision(self.d, annotations_of(copy).get(du.REVISION))
        st = self.d.setdefault("status", {})
        if du.has_progress_deadline(self.d) and du.get_condition(st, "Progressing") is None:
            du.set_condition(st, du.new_condition("Progressing", "True", "FoundNewReplicaSet",
                                                  f'Found new replica set "{obj_name(copy)}"', self.stamp))
        return copy

    def _create_new(self, old: list[Obj], new_revision: str) -> Obj | None:
        d = self.d
        template = du.normalized(spec(d).get("template") or {})
        pod_hash = du.pod_template_hash(d)
        template.setdefault("metadata", {})["labels"] = dict((template["metadata"].get("labels") or {}),
                                                             **{du.HASH_LABEL: pod_hash})
        selector = deep_copy(spec(d).get("selector") or {})
        selector["matchLabels"] = dict(selector.get("matchLabels") or {}, **{du.HASH_LABEL: pod_hash})
        name = f"{obj_name(d)}-{pod_hash}"
        new_rs: Obj = {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": name,
                "namespace": namespace(d),
                "labels": dict(template["metadata"]["labels"]),
                "ownerReferences": [controller_ref(self.original)],
            },
            "spec": {
                "replicas": 0,
                "minReadySeconds": spec(d).get("minReadySeconds") or 0,
                "selector": selector,
                "template": template,
            },
        }
        count = du.new_rs_new_replicas(d, old + [new_rs], new_rs)
        new_rs["spec"]["replicas"] = count
        du.set_new_rs_annotations(d, new_rs, new_revision, exists=False)
        clash = self.view.get("replicasets", f"{namespace(d)}/{name}")
        if clash is not None:
            return self._collision(clash)
        rest: list[Action] = []
        event = RecordEvent(
            involved=self.original,
            reason="ScalingReplicaSet",
            message=f"Scaled up replica set {name} to {count}",
        )
        self.emit(
            Create(
                resource="replicasets",
                obj=new_rs,
                namespace=namespace(d),
                then=lambda _obj: ([event] if count > 0 else []) + rest,
                failed=lambda err: self._create_failed(name, err),
                summary=f"create replicaset {namespace(d)}/{name} for deployment {obj_name(d)}",
            )
        )
        self.sink = rest
        du.set_deployment_revision(d, new_revision)
        if du.has_progress_deadline(d):
            du.set_condition(
                d.setdefault("status", {}),
                du.new_condition(
                    "Progressing",
                    "True",
                    "NewReplicaSetCreated",
                    f'Created new replica set "{name}"',
                    self.stamp,
                ),
            )
        self.rs_list.append(new_rs)
        return new_rs

    def _collision(self, clash: Obj) -> Obj | None:
        """A ReplicaSet of that name exists: ours (stale cache) or a hash collision."""
        ref = next((r for r in meta(clash).get("ownerReferences") or () if r.get("controller")), None)
        if (
            ref
            and ref.get("uid") == uid(self.original)
            and du.equal_ignore_hash(spec(self.d).get("template") or {}, spec(clash).get("template") or {})
        ):
            return clash
        st = self.d.setdefault("status", {})
        st["collisionCount"] = int(st.get("collisionCount") or 0) + 1
        self.requeue = True
        return None

    def _create_failed(self, name: str, err: Any) -> list[Action]:
        if err.code == 409:
            return []  # the informer has not shown it yet: retry with back-off
        msg = f'Failed to create new replica set "{name}": {err.message}'
        actions: list[Action] = [
            RecordEvent(involved=self.original, reason="ReplicaSetCreateError", message=msg, type="Warning")
        ]
        if du.has_progress_deadline(self.original):
            failed = deep_copy(self.original)
            du.set_condition(
                failed.setdefault("status", {}),
                du.new_condition("Progressing", "False", "ReplicaSetCreateError", msg, self.stamp),
            )
            actions.append(UpdateStatus(resource="deployments", obj=failed, tolerate=(404, 409)))
        return actions

    def scale(self, rs: Obj, new_scale: int, operation: str | None = None) -> tuple[bool, Obj]:
        """scaleReplicaSet: set replicas and the desired/max annotations; event on success."""
        desired = spec_replicas(self.d)
        maximum = desired + du.max_surge(self.d)
        size_changes = spec_replicas(rs) != new_scale
        if not size_changes and not du.replicas_annotations_need_update(rs, desired, maximum):
            return False, rs
        old_scale = spec_replicas(rs)
        copy = deep_copy(rs)
        copy["spec"]["replicas"] = new_scale
        du.set_replicas_annotations(copy, desired, maximum)
        op = operation or ("up" if old_scale < new_scale else "down")
        event = RecordEvent(
            involved=self.original,
            reason="ScalingReplicaSet",
            message=f"Scaled {op} replica set {obj_name(rs)} to {new_scale} from {old_scale}",
        )
        self.emit(
            Update(
                resource="replicasets",
                obj=copy,
                then=lambda _o: [event] if size_changes else [],
                summary=f"scale replicaset {namespace(rs)}/{obj_name(rs)} to {new_scale}",
            )
        )
        self._replace(copy)
        return size_changes, copy

    def scale_to(self, rs: Obj, new_scale: int) -> tuple[bool, Obj]:
        """scaleReplicaSetAndRecordEvent."""
        if spec_replicas(rs) == new_scale:
            return False, rs
        return self.scale(rs, new_scale)

    def cleanup(self, old: list[Obj]) -> None:
        """cleanupDeployment: keep revisionHistoryLimit old ReplicaSets, oldest revisions go first."""
        limit = spec(self.d).get("revisionHistoryLimit")
        if limit is None:
            return
        alive = sorted(
            (rs for rs in old if not deleting(rs)), key=lambda rs: (du.revision(rs), du.creation_key(rs))
        )
        for rs in alive[: max(0, len(alive) - int(limit))]:
            if (
                status(rs).get("replicas")
                or spec_replicas(rs)
                or int(meta(rs).get("generation") or 1) > int(status(rs).get("observedGeneration") or 0)
            ):
                continue
            self.emit(
                Delete(
                    resource="replicasets",
                    name=obj_name(rs),
                    namespace=namespace(rs),
                    summary=f"delete old replicaset {namespace(rs)}/{obj_name(rs)} (revision history)",
                )
            )

    # -- status ----------------------------------------------------------------
    def calculate_status(self, all_rss: list[Obj | None], new: Obj | None) -> Obj:
        d = self.d
        available = du.total(all_rss, "availableReplicas")
        values = {
            "observedGeneration": int(meta(d).get("generation") or 1),
            "replicas": du.total(all_rss, "replicas"),
            "updatedReplicas": du.total([new], "replicas"),
            "readyReplicas": du.total(all_rss, "readyReplicas"),
            "availableReplicas": available,
            "unavailableReplicas": max(du.total(all_rss) - available, 0),
        }
        st: Obj = {k: v for k, v in values.items() if v}
        old = status(d)
        if old.get("collisionCount") is not None:
            st["collisionCount"] = old["collisionCount"]
        if old.get("conditions"):
            st["conditions"] = [dict(c) for c in old["conditions"]]
        if available >= spec_replicas(d) - du.max_unavailable(d):
            cond = du.new_condition(
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.",
                self.stamp,
            )
        else:
            cond = du.new_condition(
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.",
                self.stamp,
            )
        du.set_condition(st, cond)
        return st

    def finish(self, new_status: Obj) -> None:
        """Write the status (and revision annotation) if anything changed."""
        self.d["status"] = new_status
        if self.d.get("status") == status(self.original) and annotations_of(self.d) == annotations_of(
            self.original
        ):
            return
        self.emit(UpdateStatus(resource="deployments", obj=self.d, tolerate=(404,)))
