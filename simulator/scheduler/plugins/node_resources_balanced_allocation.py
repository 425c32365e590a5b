"""NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory fill evenly."""
from __future__ import annotations

from typing import Any

from ..node_info import NodeInfo
from ..pod_info import PodInfo

NAME = "NodeResourcesBalancedAllocation"
WEIGHT = 1


def balanced(ni: NodeInfo, pc: int, pm: int) -> int:
    """(1 - |cpu fraction - memory fraction| / 2) * 100 on actual requests (useRequested)."""
    ac, am = ni.alloc_cpu, ni.alloc_mem
    if not (ac and am):
        return 100      # one resource (or none) reported: the deviation is zero
    fc = (ni.req_cpu + pc) / ac
    fm = (ni.req_mem + pm) / am
    d = (fc if fc < 1.0 else 1.0) - (fm if fm < 1.0 else 1.0)
    return int((1.0 - (d if d > 0 else -d) / 2) * 100)


def skip(pi: PodInfo) -> bool:
    """Mirrors PreScore: best-effort pods skip (kubernetes#129138)."""
    return not pi.cpu and not pi.mem


def score(pi: PodInfo, nodes: list[NodeInfo], cache: Any, window: Any) -> list[int] | None:
    if skip(pi):
        return None
    pc, pm = pi.cpu, pi.mem
    return [balanced(ni, pc, pm) for ni in nodes]
