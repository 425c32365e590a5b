"""Rollout strategies and status of one Deployment sync (rolling.go, recreate.go, progress.go)."""
from __future__ import annotations

from functools import cmp_to_key

from ..objects import Obj, spec, status, uid
from ..objects import name as obj_name
from . import deployment_util as du
from .deployment_sync import Sync
from .podutil import annotations_of, spec_replicas


def _latest(s: Sync, rs: Obj | None) -> Obj | None:
    if rs is None:
        return None
    return next((r for r in s.rs_list if obj_name(r) == obj_name(rs)), rs)


def _active(rss: list[Obj | None]) -> list[Obj]:
    return [rs for rs in rss if rs is not None and spec_replicas(rs) > 0]


# -- RollingUpdate ---------------------------------------------------------------------------

def rolling(s: Sync) -> None:
    new, old = s.old_and_new(create=True)
    if new is None:
        s.finish(status(s.d))  # hash collision: record collisionCount and retry
        return
    all_rss: list[Obj | None] = [*old, new]
    if _reconcile_new(s, all_rss, new) or _reconcile_old(s, all_rss, _active(list(old)), new):
        rollout_status(s, all_rss, new)
        return
    if du.deployment_complete(s.d, status(s.d)):
        s.cleanup(old)
    rollout_status(s, all_rss, new)


def _reconcile_new(s: Sync, all_rss: list[Obj | None], new: Obj) -> bool:
    want = spec_replicas(s.d)
    if spec_replicas(new) == want:
        return False
    if spec_replicas(new) > want:
        return s.scale_to(new, want)[0]
    current = [r for r in (_latest(s, rs) for rs in all_rss) if r is not None]
    return s.scale_to(new, du.new_rs_new_replicas(s.d, current, new))[0]


def _reconcile_old(s: Sync, all_rss: list[Obj | None], old: list[Obj], new: Obj) -> bool:
    """Scale old ReplicaSets down only as far as maxUnavailable allows."""
    if du.total(old) == 0:
        return False
    min_available = spec_replicas(s.d) - du.max_unavailable(s.d)
    new_unavailable = spec_replicas(new) - int(status(new).get("availableReplicas") or 0)
    max_scaled_down = du.total(all_rss) - min_available - new_unavailable
    if max_scaled_down <= 0:
        return False
    old, cleaned = _cleanup_unhealthy(s, old, max_scaled_down)
    return cleaned + _scale_down_old(s, [*old, new], old) > 0


def _cleanup_unhealthy(s: Sync, old: list[Obj], max_cleanup: int) -> tuple[list[Obj], int]:
    """Unavailable old replicas go first: removing them costs no availability."""
    out, scaled = [], 0
    for rs in sorted(old, key=du.creation_key):
        available = int(status(rs).get("availableReplicas") or 0)
        if scaled >= max_cleanup or spec_replicas(rs) == 0 or spec_replicas(rs) == available:
            out.append(rs)
            continue
        count = min(max_cleanup - scaled, spec_replicas(rs) - available)
        out.append(s.scale_to(rs, spec_replicas(rs) - count)[1])
        scaled += count
    return out, scaled


def _scale_down_old(s: Sync, all_rss: list[Obj], old: list[Obj]) -> int:
    min_available = spec_replicas(s.d) - du.max_unavailable(s.d)
    available = du.total(list(all_rss), "availableReplicas")
    if available <= min_available:
        return 0
    wanted, scaled = available - min_available, 0
    for rs in sorted(old, key=du.creation_key):
        if scaled >= wanted:
            break
        if spec_replicas(rs) == 0:
            continue
        count = min(spec_replicas(rs), wanted - scaled)
        s.scale_to(rs, spec_replicas(rs) - count)
        scaled += count
    return scaled


# -- Recreate -------------------------------------------------------------------------------

def recreate(s: Sync, pod_map: dict[str, list[Obj]]) -> None:
    """Scale every old ReplicaSet to 0, wait until their pods are gone, then scale up the new."""
    new, old = s.old_and_new(create=False)
    all_rss: list[Obj | None] = [*old, new]
    scaled = False
    for rs in _active(list(old)):
        scaled = s.scale_to(rs, 0)[0] or scaled
    if scaled or _old_pods_running(new, old, pod_map):
        rollout_status(s, all_rss, new)
        return
    if new is None:
        new, old = s.old_and_new(create=True)
        if new is None:
            s.finish(status(s.d))
            return
        all_rss = [*old, new]
    s.scale_to(new, spec_replicas(s.d))
    if du.deployment_complete(s.d, status(s.d)):
        s.cleanup(old)
    rollout_status(s, all_rss, new)


def _old_pods_running(new: Obj | None, old: list[Obj], pod_map: dict[str, list[Obj]]) -> bool:
    if du.total(list(old), "replicas") > 0:
        return True
    for rs_uid, pods in pod_map.items():
        if new is not None and rs_uid == uid(new):
            continue
        if any(status(p).get("phase") not in ("Failed", "Succeeded") for p in pods):
            return True
    return False


# -- scaling events and paused Deployments ---------------------------------------------------

def is_scaling_event(s: Sync) -> bool:
    want = str(spec_replicas(s.d))
    return any(du.DESIRED_REPLICAS in annotations_of(rs) and annotations_of(rs)[du.DESIRED_REPLICAS] != want
               for rs in _active(list(s.rs_list)))


def sync_scale(s: Sync) -> None:
    new, old = s.old_and_new(create=False)
    _scale(s, new, old)
    if spec(s.d).get("paused"):
        s.cleanup(old)
    s.finish(s.calculate_status([*old, new], new))


def _scale(s: Sync, new: Obj | None, old: list[Obj]) -> None:
    """Proportional scaling: spread a replica change over the active ReplicaSets by size."""
    want = spec_replicas(s.d)
    target = _active_or_latest(new, old)
    if target is not None:
        if spec_replicas(target) != want:
            s.scale_to(target, want)
        return
    if _saturated(s.d, new):
        for rs in _active(list(old)):
            s.scale_to(rs, 0)
        return
    if not du.is_rolling(s.d):
        return
    rss = _active([*old, new])
    allowed = want + du.max_surge(s.d) if want > 0 else 0
    to_add = allowed - du.total(list(rss))
    if to_add:
        newer_first = to_add > 0
        rss.sort(key=cmp_to_key(lambda a, b: _by_size(a, b, newer_first)))
    sizes, added = {}, 0
    for rs in rss:
        share = du.proportion(rs, s.d, to_add, added) if to_add else 0
        sizes[obj_name(rs)] = spec_replicas(rs) + share
        added += share
    for i, rs in enumerate(rss):
        if i == 0 and to_add:
            sizes[obj_name(rs)] = max(sizes[obj_name(rs)] + to_add - added, 0)
        s.scale(rs, sizes[obj_name(rs)], "up" if to_add > 0 else "down" if to_add < 0 else None)


def _by_size(a: Obj, b: Obj, newer_first: bool) -> int:
    """ReplicaSetsBySizeNewer / BySizeOlder: larger first; ties by age."""
    if spec_replicas(a) != spec_replicas(b):
        return -1 if spec_replicas(a) > spec_replicas(b) else 1
    ka, kb = du.creation_key(a), du.creation_key(b)
    if ka == kb:
        return 0
    return (-1 if ka > kb else 1) if newer_first else (-1 if ka < kb else 1)


def _active_or_latest(new: Obj | None, old: list[Obj]) -> Obj | None:
    if new is None and not old:
        return None
    newest_first = sorted(old, key=du.creation_key, reverse=True)
    active = _active([*newest_first, new])
    if not active:
        return new if new is not None else newest_first[0]
    return active[0] if len(active) == 1 else None


def _saturated(d: Obj, rs: Obj | None) -> bool:
    if rs is None:
        return False
    want = spec_replicas(d)
    return (annotations_of(rs).get(du.DESIRED_REPLICAS) == str(want) and spec_replicas(rs) == want
            and int(status(rs).get("availableReplicas") or 0) == want)


# -- progress -------------------------------------------------------------------------------

def rollout_status(s: Sync, all_rss: list[Obj | None], new: Obj | None) -> None:
    """syncRolloutStatus: the Progressing condition's reasons, and a requeue for the deadline."""
    d = s.d
    st = s.calculate_status(all_rss, new)
    deadline = du.has_progress_deadline(d)
    if not deadline:
        du.remove_condition(st, "Progressing")
    current = du.get_condition(status(d), "Progressing")
    complete = (st.get("replicas", 0) == st.get("updatedReplicas", 0) and current is not None
                and current.get("reason") == "NewReplicaSetAvailable")
    subject = f'ReplicaSet "{obj_name(new)}"' if new is not None else f'Deployment "{obj_name(d)}"'
    if deadline and not complete:
        if du.deployment_complete(d, st):
            du.set_condition(st, du.new_condition("Progressing", "True", "NewReplicaSetAvailable",
                                                  f"{subject} has successfully progressed.", s.stamp))
        elif du.deployment_progressing(d, st):
            cond = du.new_condition("Progressing", "True", "ReplicaSetUpdated", f"{subject} is progressing.",
                                    s.stamp)
            if current is not None and current.get("status") == "True":
                cond["lastTransitionTime"] = current.get("lastTransitionTime")
            du.remove_condition(st, "Progressing")
            du.set_condition(st, cond)
        elif du.timed_out(d, st, s.view.now, s.view.clock):
            du.set_condition(
                st,
                du.new_condition(
                    "Progressing",
                    "False",
                    "ProgressDeadlineExceeded",
                    f"{subject} has timed out progressing.",
                    s.stamp,
                ),
            )
    failure = _replica_failure(all_rss, new)
    if failure is not None:
        du.set_condition(st, failure)
    else:
        du.remove_condition(st, "ReplicaFailure")
    if st == status(d):
        _requeue_stuck(s, st)
    s.finish(st)


def _replica_failure(all_rss: list[Obj | None], new: Obj | None) -> Obj | None:
    for group in ([new], all_rss):
        for rs in group:
            for c in status(rs or {}).get("conditions") or ():
                if c.get("type") == "ReplicaFailure":
                    return {
                        "type": "ReplicaFailure",
                        "status": c.get("status"),
                        "lastUpdateTime": c.get("lastTransitionTime"),
                        "lastTransitionTime": c.get("lastTransitionTime"),
                        "reason": c.get("reason"),
                        "message": c.get("message"),
                    }
    return None


def _requeue_stuck(s: Sync, st: Obj) -> None:
    current = du.get_condition(status(s.d), "Progressing")
    if not du.has_progress_deadline(s.d) or current is None:
        return
    if du.deployment_complete(s.d, st) or current.get("reason") == "ProgressDeadlineExceeded":
        return
    after = (
        s.view.clock.seconds(current["lastUpdateTime"])
        + int(spec(s.d)["progressDeadlineSeconds"])
        - s.view.now
    )
    if after < 1:
        s.requeue = True
    else:
        s.requeue_after = after + 1


def check_paused_conditions(s: Sync) -> None:
    if not du.has_progress_deadline(s.d):
        return
    st = s.d.setdefault("status", {})
    cond = du.get_condition(st, "Progressing")
    if cond is not None and cond.get("reason") == "ProgressDeadlineExceeded":
        return
    paused_cond = cond is not None and cond.get("reason") == "DeploymentPaused"
    if spec(s.d).get("paused") and not paused_cond:
        du.set_condition(
            st,
            du.new_condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", s.stamp),
        )
    elif not spec(s.d).get("paused") and paused_cond:
        du.set_condition(
            st,
            du.new_condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", s.stamp),
        )
