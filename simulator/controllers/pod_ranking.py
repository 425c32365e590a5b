"""Which pods a ReplicaSet deletes first when scaling down (controller.ActivePodsWithRanks).

Order, as upstream's ``Less`` (with LogarithmicScaleDown, on by default):
unassigned < assigned; Pending < Unknown < Running; not ready < ready; lower
pod-deletion-cost first; more related pods on the same node first; ready for less time
first (log2 buckets); more container restarts first; newer first (log2 buckets).
"""
from __future__ import annotations

import math
from functools import cmp_to_key
from typing import Any

from ..objects import Obj, meta, spec, status, uid
from .podutil import annotations_of, is_active, is_ready, max_restarts, ready_since

PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"


def pods_to_delete(active: list[Obj], related: list[Obj], count: int, *, now: float, clock: Any) -> list[Obj]:
    """getPodsToDelete: rank only when some pods stay."""
    if count < len(active):
        on_node: dict[str, int] = {}
        for pod in related:
            if is_active(pod):
                node = spec(pod).get("nodeName") or ""
                on_node[node] = on_node.get(node, 0) + 1
        ranked = [(pod, on_node.get(spec(pod).get("nodeName") or "", 0)) for pod in active]

        def compare(a: tuple[Obj, int], b: tuple[Obj, int]) -> int:
            return _compare(a, b, now, clock)
        ranked.sort(key=cmp_to_key(compare))
        active = [pod for pod, _ in ranked]
    return active[:count]


def _compare(a: tuple[Obj, int], b: tuple[Obj, int], now: float, clock: Any) -> int:
    if _less(a, b, now, clock):
        return -1
    if _less(b, a, now, clock):
        return 1
    return 0


def _cost(pod: Obj) -> int:
    try:
        return int(annotations_of(pod).get(DELETION_COST, 0))
    except ValueError:
        return 0


def _created(pod: Obj, clock: Any) -> float | None:
    stamp = meta(pod).get("creationTimestamp")
    return clock.seconds(stamp) if stamp else None


def _less(a: tuple[Obj, int], b: tuple[Obj, int], now: float, clock: Any) -> bool:
    pa, ra = a
    pb, rb = b
    na, nb = spec(pa).get("nodeName") or "", spec(pb).get("nodeName") or ""
    if na != nb and (not na or not nb):
        return not na
    oa = PHASE_ORDINAL.get(status(pa).get("phase", ""), 0)
    ob = PHASE_ORDINAL.get(status(pb).get("phase", ""), 0)
    if oa != ob:
        return oa < ob
    ready_a, ready_b = is_ready(pa), is_ready(pb)
    if ready_a != ready_b:
        return not ready_a
    if _cost(pa) != _cost(pb):
        return _cost(pa) < _cost(pb)
    if ra != rb:
        return ra > rb
    if ready_a and ready_b:
        verdict = _newer_first(ready_since(pa, clock), ready_since(pb, clock), pa, pb, now)
        if verdict is not None:
            return verdict
    if max_restarts(pa) != max_restarts(pb):
        return max_restarts(pa) > max_restarts(pb)
    verdict = _newer_first(_created(pa, clock), _created(pb, clock), pa, pb, now)
    return bool(verdict)


def _newer_first(ta: float | None, tb: float | None, pa: Obj, pb: Obj, now: float) -> bool | None:
    """None when the times are equal; otherwise whether ``a`` sorts first (is newer)."""
    if ta == tb:
        return None
    if ta is None or tb is None:
        return ta is None  # afterOrZero: a zero time sorts first
    diff = _log_bucket(now - ta) - _log_bucket(now - tb)
    if diff == 0:
        return uid(pa) < uid(pb)
    return diff < 0


def _log_bucket(seconds: float) -> int:
    nanos = seconds * 1e9
    return int(math.log2(nanos)) if nanos > 0 else -1
