"""Rolling update and status of one DaemonSet sync (pkg/controller/daemon update.go, status)."""
from __future__ import annotations

from typing import Any

from ..objects import Obj, deleting, meta, spec, status
from . import daemonset_util as du
from .podutil import is_available, is_ready

Verdicts = dict[str, tuple[bool, bool]]  # node → (should run, may keep running)


def rolling_update_victims(ds: Obj, revision: str, verdicts: Verdicts, by_node: dict[str, list[Obj]], *,
                           now: float, clock: Any) -> list[Obj]:
    """rollingUpdate without surge: old pods to delete while unavailable stays ≤ maxUnavailable."""
    desired = [n for n, (run, _) in verdicts.items() if run]
    _, max_unavailable = du.max_unavailable(ds, len(desired))
    min_ready = int(spec(ds).get("minReadySeconds") or 0)
    unavailable = 0
    replace_now: list[Obj] = []
    candidates: list[Obj] = []
    for node_name in sorted(set(by_node) | set(desired)):
        new, old, ok = _split(by_node.get(node_name, []), revision, ds)
        if not ok or (new is None) == (old is None):
            unavailable += 1  # the manage loop creates or removes pods here: count it unavailable
        elif new is not None:
            unavailable += 0 if is_available(new, min_ready, now, clock) else 1
        elif old is not None and not is_available(old, min_ready, now, clock):
            replace_now.append(old)  # an unavailable old pod costs nothing to replace
        elif old is not None and unavailable < max_unavailable:
            candidates.append(old)
    room = min(max(max_unavailable - unavailable, 0), len(candidates))
    return replace_now + candidates[:room]


def daemon_status(ds: Obj, revision: str, verdicts: Verdicts, by_node: dict[str, list[Obj]], *, now: float,
                  clock: Any, update_generation: bool) -> tuple[Obj, float | None]:
    """updateDaemonSetStatus: the counts kubectl shows, and when to look again for minReadySeconds."""
    min_ready = int(spec(ds).get("minReadySeconds") or 0)
    counts = dict.fromkeys(("desired", "current", "ready", "available", "updated", "misscheduled"), 0)
    for node_name, (run, _) in verdicts.items():
        pods = by_node.get(node_name)
        if not run:
            counts["misscheduled"] += 1 if pods else 0
            continue
        counts["desired"] += 1
        if not pods:
            continue
        counts["current"] += 1
        pod = du.oldest_first(pods)[0]
        if is_ready(pod):
            counts["ready"] += 1
            counts["available"] += 1 if is_available(pod, min_ready, now, clock) else 0
        counts["updated"] += 1 if du.is_updated(pod, revision, ds) else 0
    new: dict[str, Any] = {"currentNumberScheduled": counts["current"],
                           "numberMisscheduled": counts["misscheduled"],
                           "desiredNumberScheduled": counts["desired"], "numberReady": counts["ready"]}
    # Without expectations met, observedGeneration stays: this generation was not acted on yet.
    generation = meta(ds).get("generation") if update_generation else status(ds).get("observedGeneration")
    optional = {"observedGeneration": generation, "updatedNumberScheduled": counts["updated"],
                "numberAvailable": counts["available"],
                "numberUnavailable": counts["desired"] - counts["available"]}
    new.update({k: v for k, v in optional.items() if v})
    for keep in ("collisionCount", "conditions"):
        if keep in status(ds):
            new[keep] = status(ds)[keep]
    wait = float(min_ready) if min_ready and counts["ready"] != counts["available"] else None
    return new, wait


def _split(pods: list[Obj], revision: str, ds: Obj) -> tuple[Obj | None, Obj | None, bool]:
    """findUpdatedPodsOnNode: (new pod, old pod, at most one of each)."""
    new = old = None
    for pod in pods:
        if deleting(pod):
            continue
        if du.is_updated(pod, revision, ds):
            if new is not None:
                return None, None, False
            new = pod
        elif old is not None:
            return None, None, False
        else:
            old = pod
    return new, old, True
