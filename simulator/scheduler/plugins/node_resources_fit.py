"""NodeResourcesFit: requests must fit allocatable; LeastAllocated scoring.

The filter's common case is inlined in framework.find_feasible (three integer
comparisons against NodeInfo.free_*); this module words the rejection.
"""
from __future__ import annotations

from typing import Any

from ..node_info import NodeInfo
from ..pod_info import PodInfo
from ..status import UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Status

NAME = "NodeResourcesFit"
WEIGHT = 1
TOO_MANY_PODS = "Too many pods"
INSUFFICIENT_CPU = "Insufficient cpu"
INSUFFICIENT_MEMORY = "Insufficient memory"
_STATUSES: dict[tuple[tuple[str, ...], bool], Status] = {}


def fits(pi: PodInfo, ni: NodeInfo) -> bool:
    return (ni.free_pods > 0 and not (pi.cpu and pi.cpu > ni.free_cpu)
            and not (pi.mem and pi.mem > ni.free_mem))


def insufficient(pi: PodInfo, ni: NodeInfo) -> Status:
    """Mirrors fitsRequest: every short resource is a reason; a request above the node's
    whole allocatable is Unresolvable (no preemption could help)."""
    reasons: list[str] = []
    unresolvable = False
    if ni.free_pods <= 0:
        reasons.append(TOO_MANY_PODS)
    if pi.cpu and pi.cpu > ni.free_cpu:
        reasons.append(INSUFFICIENT_CPU)
        unresolvable |= pi.cpu > ni.alloc_cpu
    if pi.mem and pi.mem > ni.free_mem:
        reasons.append(INSUFFICIENT_MEMORY)
        unresolvable |= pi.mem > ni.alloc_mem
    slot = (tuple(reasons), unresolvable)
    status = _STATUSES.get(slot)
    if status is None:
        code = UNSCHEDULABLE_AND_UNRESOLVABLE if unresolvable else UNSCHEDULABLE
        status = _STATUSES[slot] = Status(NAME, slot[0], code)
    return status


def least_allocated(ni: NodeInfo, pc: int, pm: int) -> int:
    """leastResourceScorer over cpu and memory (weight 1 each); a resource the node does
    not report is left out of the average."""
    ac, am = ni.alloc_cpu, ni.alloc_mem
    if ac and am:
        fc = ac - ni.nz_cpu - pc
        fm = am - ni.nz_mem - pm
        return ((fc * 100 // ac if fc > 0 else 0) + (fm * 100 // am if fm > 0 else 0)) >> 1
    parts = [max(0, a - r) * 100 // a for a, r in ((ac, ni.nz_cpu + pc), (am, ni.nz_mem + pm)) if a]
    return sum(parts) // len(parts) if parts else 0


def score(pi: PodInfo, nodes: list[NodeInfo], cache: Any, window: Any) -> list[int]:
    """LeastAllocated on non-zero requests (100m cpu / 200Mi memory for containers without)."""
    pc, pm = pi.nz_cpu, pi.nz_mem
    return [least_allocated(ni, pc, pm) for ni in nodes]
