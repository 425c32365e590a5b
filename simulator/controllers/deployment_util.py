"""Pure helpers of the Deployment controller (pkg/controller/deployment/util)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..apiserver.defaults import DefaultSettings, apply_defaults
from ..apiserver.registry import BY_PLURAL
from ..objects import Obj, deep_copy, meta, spec, status, template_hash
from ..objects import name as obj_name
from .podutil import annotations_of, scaled_value, spec_replicas

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
HASH_LABEL = "pod-template-hash"
MAX_REV_HISTORY_CHARS = 2000
# Annotations a Deployment does not copy to its ReplicaSets (annotationsToSkip).
SKIP_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY,
                              DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to"})
MAX_INT32 = 2**31 - 1


def is_rolling(d: Obj) -> bool:
    return ((spec(d).get("strategy") or {}).get("type") or "RollingUpdate") == "RollingUpdate"


def resolve_fenceposts(d: Obj) -> tuple[int, int]:
    """ResolveFenceposts: surge rounds up, unavailable down; both 0 → unavailable 1."""
    rolling = (spec(d).get("strategy") or {}).get("rollingUpdate") or {}
    desired = spec_replicas(d)
    surge = scaled_value(rolling.get("maxSurge", "25%"), desired, round_up=True)
    unavailable = scaled_value(rolling.get("maxUnavailable", "25%"), desired, round_up=False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def max_surge(d: Obj) -> int:
    return resolve_fenceposts(d)[0] if is_rolling(d) else 0


def max_unavailable(d: Obj) -> int:
    if not is_rolling(d) or spec_replicas(d) == 0:
        return 0
    return min(resolve_fenceposts(d)[1], spec_replicas(d))


def normalized(template: Obj) -> Obj:
    """The template as the apiserver stores it once defaulted (a write may have skipped
    defaulting), so an unchanged template is always recognised as unchanged."""
    holder: Obj = {"spec": {"replicas": 1, "template": deep_copy(template or {})}}
    apply_defaults(BY_PLURAL["replicasets"], holder, settings=DefaultSettings())
    return holder["spec"]["template"]


def strip_hash(template: Obj) -> Obj:
    copy = normalized(template)
    template_labels = (copy.get("metadata") or {}).get("labels")
    if template_labels and HASH_LABEL in template_labels:
        del template_labels[HASH_LABEL]
    return copy


def equal_ignore_hash(a: Obj, b: Obj) -> bool:
    return strip_hash(a) == strip_hash(b)


def pod_template_hash(d: Obj) -> str:
    return template_hash(strip_hash(spec(d).get("template") or {}), int(status(d).get("collisionCount") or 0))


def revision(rs: Obj) -> int:
    try:
        return int(annotations_of(rs).get(REVISION, 0))
    except ValueError:
        return 0


def creation_key(rs: Obj) -> tuple[str, str]:
    """ReplicaSetsByCreationTimestamp: oldest first, then by name."""
    return meta(rs).get("creationTimestamp") or "", obj_name(rs)


def find_new(d: Obj, rs_list: list[Obj]) -> Obj | None:
    """FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's."""
    template = spec(d).get("template") or {}
    for rs in sorted(rs_list, key=creation_key):
        if equal_ignore_hash(spec(rs).get("template") or {}, template):
            return rs
    return None


def total(rs_list: Sequence[Obj | None], field: str | None = None) -> int:
    """Sum of spec.replicas (field None) or of a status field over ReplicaSets."""
    if field is None:
        return sum(spec_replicas(rs) for rs in rs_list if rs is not None)
    return sum(int(status(rs).get(field) or 0) for rs in rs_list if rs is not None)


def new_rs_new_replicas(d: Obj, all_rss: list[Obj], new_rs: Obj) -> int:
    """NewRSNewReplicas: how far the new ReplicaSet may grow now."""
    if not is_rolling(d):
        return spec_replicas(d)
    max_total = spec_replicas(d) + max_surge(d)
    current = total(all_rss)
    if current >= max_total:
        return spec_replicas(new_rs)
    return spec_replicas(new_rs) + min(max_total - current, spec_replicas(d) - spec_replicas(new_rs))


def set_replicas_annotations(rs: Obj, desired: int, maximum: int) -> bool:
    ann = rs["metadata"].setdefault("annotations", {})
    wanted = {DESIRED_REPLICAS: str(desired), MAX_REPLICAS: str(maximum)}
    changed = any(ann.get(k) != v for k, v in wanted.items())
    ann.update(wanted)
    return changed


def replicas_annotations_need_update(rs: Obj, desired: int, maximum: int) -> bool:
    ann = annotations_of(rs)
    return ann.get(DESIRED_REPLICAS) != str(desired) or ann.get(MAX_REPLICAS) != str(maximum)


def set_new_rs_annotations(d: Obj, rs: Obj, new_revision: str, *, exists: bool) -> bool:
    """SetNewReplicaSetAnnotations: copy annotations, bump revision, keep revision-history."""
    ann = rs["metadata"].setdefault("annotations", {})
    changed = False
    for k, v in annotations_of(d).items():
        if k not in SKIP_ANNOTATIONS and ann.get(k) != v:
            ann[k] = v
            changed = True
    old = ann.get(REVISION, "")
    try:
        old_int = int(old) if old else 0
    except ValueError:
        return changed
    new_int = int(new_revision)
    if old_int < new_int:
        ann[REVISION] = new_revision
        changed = True
        if old:
            _append_history(ann, old)
    if not exists and set_replicas_annotations(rs, spec_replicas(d), spec_replicas(d) + max_surge(d)):
        changed = True
    return changed


def _append_history(ann: dict[str, str], old: str) -> None:
    """A rolled-back-to ReplicaSet remembers the revisions it had (capped at 2000 chars)."""
    history = ann.get(REVISION_HISTORY, "")
    if not history:
        ann[REVISION_HISTORY] = old
        return
    parts = history.split(",")
    length = len(history) + len(old) + 1
    start = 0
    while length > MAX_REV_HISTORY_CHARS and start < len(parts):
        length -= len(parts[start]) + 1
        start += 1
    if length <= MAX_REV_HISTORY_CHARS:
        ann[REVISION_HISTORY] = ",".join(parts[start:] + [old])


def set_deployment_revision(d: Obj, rev: str | None) -> bool:
    ann = d["metadata"].setdefault("annotations", {})
    if rev is None or ann.get(REVISION) == rev:
        return False
    ann[REVISION] = rev
    return True


def has_progress_deadline(d: Obj) -> bool:
    deadline = spec(d).get("progressDeadlineSeconds")
    return deadline is not None and deadline != MAX_INT32


def get_condition(st: Obj, kind: str) -> Obj | None:
    return next((c for c in st.get("conditions") or () if c.get("type") == kind), None)


def new_condition(kind: str, cstatus: str, reason: str, message: str, stamp: str) -> Obj:
    return {"type": kind, "status": cstatus, "lastUpdateTime": stamp, "lastTransitionTime": stamp,
            "reason": reason, "message": message}


def set_condition(st: Obj, cond: Obj) -> None:
    """SetDeploymentCondition: same status and reason → no change; same status → keep transition time."""
    current = get_condition(st, cond["type"])
    same_status = current is not None and current.get("status") == cond["status"]
    if same_status and current.get("reason") == cond["reason"]:  # type: ignore[union-attr]
        return
    if current is not None and current.get("status") == cond["status"]:
        cond = dict(cond, lastTransitionTime=current.get("lastTransitionTime"))
    st["conditions"] = [c for c in st.get("conditions") or () if c.get("type") != cond["type"]] + [cond]


def remove_condition(st: Obj, kind: str) -> None:
    conditions = [c for c in st.get("conditions") or () if c.get("type") != kind]
    if conditions:
        st["conditions"] = conditions
    else:
        st.pop("conditions", None)


def deployment_complete(d: Obj, st: Obj) -> bool:
    want = spec_replicas(d)
    return (
        int(st.get("updatedReplicas") or 0) == want
        and int(st.get("replicas") or 0) == want
        and int(st.get("availableReplicas") or 0) == want
        and int(st.get("observedGeneration") or 0) >= int(meta(d).get("generation") or 1)
    )


def deployment_progressing(d: Obj, new: Obj) -> bool:
    old = status(d)

    def f(st: Obj, k: str) -> int:
        return int(st.get(k) or 0)

    old_old = f(old, "replicas") - f(old, "updatedReplicas")
    new_old = f(new, "replicas") - f(new, "updatedReplicas")
    return (
        f(new, "updatedReplicas") > f(old, "updatedReplicas")
        or new_old < old_old
        or f(new, "readyReplicas") > f(old, "readyReplicas")
        or f(new, "availableReplicas") > f(old, "availableReplicas")
    )


def timed_out(d: Obj, st: Obj, now: float, clock: Any) -> bool:
    if not has_progress_deadline(d):
        return False
    cond = get_condition(st, "Progressing")
    if cond is None or cond.get("reason") == "NewReplicaSetAvailable":
        return False
    if cond.get("reason") == "ProgressDeadlineExceeded":
        return True
    return clock.seconds(cond["lastUpdateTime"]) + int(spec(d)["progressDeadlineSeconds"]) < now


def proportion(rs: Obj, d: Obj, to_add: int, added: int) -> int:
    """GetProportion: this ReplicaSet's share of a proportional scale."""
    if spec_replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = _fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def _fraction(rs: Obj, d: Obj) -> int:
    if spec_replicas(d) == 0:
        return -spec_replicas(rs)
    new_max = spec_replicas(d) + max_surge(d)
    try:
        before = int(annotations_of(rs).get(MAX_REPLICAS, ""))
    except ValueError:
        before = int(status(d).get("replicas") or 0)
    if before == 0:
        return 0
    return int(spec_replicas(rs) * new_max / before + 0.5) - spec_replicas(rs)
