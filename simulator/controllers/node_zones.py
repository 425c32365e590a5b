"""Zone states and their tainting rate limiters (nodelifecycle handleDisruption).

Mirrors the node lifecycle controller: each zone is Normal, PartialDisruption (more than
2 nodes and ≥55% of them not Ready) or FullDisruption (no node Ready). A partially
disrupted zone taints at the secondary rate in a large cluster (>50 nodes) and not at all
in a small one; when *every* zone is fully disrupted the controller assumes its own
connectivity is at fault, stops tainting and lifts the NoExecute taints it added.
"""
from __future__ import annotations

from typing import Any

from .rate_limited_queue import TimedQueue

INITIAL, NORMAL, PARTIAL, FULL = "Initial", "Normal", "PartialDisruption", "FullDisruption"
UNHEALTHY_ZONE_THRESHOLD = 0.55
LARGE_CLUSTER_THRESHOLD = 50


def zone_state(ready_statuses: list[str | None]) -> str:
    """ComputeZoneState over the zone's current Ready statuses (None: never reported)."""
    ready = sum(1 for s in ready_statuses if s == "True")
    not_ready = len(ready_statuses) - ready
    if ready == 0 and not_ready > 0:
        return FULL
    if not_ready > 2 and not_ready / (not_ready + ready) >= UNHEALTHY_ZONE_THRESHOLD:
        return PARTIAL
    return NORMAL


class Zones:
    def __init__(self, timing: Any) -> None:
        self.timing = timing
        self.states: dict[str, str] = {}
        self.tainters: dict[str, TimedQueue] = {}

    def ensure(self, zone: str, now: float) -> TimedQueue:
        """addPodEvictorForNewZone: a new zone starts Initial with the healthy rate."""
        if zone not in self.tainters:
            self.states[zone] = INITIAL
            self.tainters[zone] = TimedQueue(float(self.timing.node_eviction_rate), now)
        return self.tainters[zone]

    def waiting(self) -> bool:
        return any(len(q) for q in self.tainters.values())

    def _qps(self, size: int, state: str) -> float:
        if state == PARTIAL:
            # ReducedQPSFunc: slow down in a large cluster, stop in a small one.
            return float(self.timing.secondary_node_eviction_rate) if size > LARGE_CLUSTER_THRESHOLD else 0.0
        return float(self.timing.node_eviction_rate)  # HealthyQPSFunc, also for FullDisruption

    def handle_disruption(self, zone_ready: dict[str, list[str | None]], now: float) -> str | None:
        """Update zone states; returns "enter-full" or "exit-full" when the whole cluster changes mode."""
        new_states = {zone: zone_state(v) for zone, v in zone_ready.items()}
        for zone in new_states:
            self.ensure(zone, now)
        all_are_full = all(s == FULL for s in new_states.values())
        for zone in [z for z in self.states if z not in zone_ready]:
            del self.states[zone]
        all_were_full = all(s == FULL for s in self.states.values())
        if all_are_full and all_were_full:
            return None
        if all_are_full:
            for zone in self.states:
                self.tainters[zone].swap_limiter(0.0, now)
                self.states[zone] = FULL
            return "enter-full"
        for zone in self.states:
            size = len(zone_ready.get(zone, ()))
            self.tainters[zone].swap_limiter(self._qps(size, new_states[zone]), now)
            self.states[zone] = new_states[zone]
        return "exit-full" if all_were_full else None
