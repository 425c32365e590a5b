"""When the node lifecycle controller last heard from each node (nodeHealthData).

Probe timestamps are in the controller's own clock: the moment its informers *observed*
a new Lease renewTime or a new Ready heartbeat — never the timestamps the kubelet wrote,
so clock skew between machines cannot fake liveness.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..objects import Obj, deep_copy, meta
from .podutil import condition

CONDITION_TYPES = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")
REASON_UNKNOWN = "NodeStatusUnknown"
MESSAGE_UNKNOWN = "Kubelet stopped posting node status."
REASON_NEVER = "NodeStatusNeverUpdated"
MESSAGE_NEVER = "Kubelet never posted node status."


@dataclass
class Health:
    probe: float
    ready_transition: float
    heartbeat: str | None = None   # Ready.lastHeartbeatTime last observed
    transition: str | None = None  # Ready.lastTransitionTime last observed
    renew: str | None = None       # Lease spec.renewTime last observed


class HealthTracker:
    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self.nodes: dict[str, Health] = {}

    def node_seen(self, node: Obj, now: float) -> None:
        name = meta(node).get("name", "")
        ready = condition(node, "Ready")
        health = self.nodes.get(name)
        if health is None:
            # A node first seen with a Ready condition is assumed alive now; one that never
            # reported is timed from its creation (node-startup-grace-period).
            start = now if ready else self._created(node, now)
            health = self.nodes[name] = Health(probe=start, ready_transition=start)
        if ready is None:
            return
        if ready.get("lastHeartbeatTime") != health.heartbeat:
            health.probe = now
            if ready.get("lastTransitionTime") != health.transition and health.transition is not None:
                health.ready_transition = now
            health.heartbeat = ready.get("lastHeartbeatTime")
            health.transition = ready.get("lastTransitionTime")

    def lease_seen(self, lease: Obj, now: float) -> None:
        name = meta(lease).get("name", "")
        renew = (lease.get("spec") or {}).get("renewTime")
        health = self.nodes.get(name)
        if health is None:
            health = self.nodes[name] = Health(probe=now, ready_transition=now, renew=renew)
            return
        if renew != health.renew:
            health.renew = renew
            health.probe = now

    def forget(self, name: str) -> None:
        self.nodes.pop(name, None)

    def reset_all(self, now: float) -> None:
        """Leaving full disruption: give every node a fresh grace period."""
        for health in self.nodes.values():
            health.probe = now
            health.ready_transition = now

    def _created(self, node: Obj, now: float) -> float:
        stamp = meta(node).get("creationTimestamp")
        try:
            return self.clock.seconds(stamp) if stamp else now
        except ValueError:
            return now

    def check(
        self, node: Obj, now: float, grace: float, startup_grace: float
    ) -> tuple[str, Obj | None, Obj | None]:
        """tryUpdateNodeHealth: (observed Ready status, current Ready condition, node to write)."""
        name = node["metadata"]["name"]
        health = self.nodes.get(name)
        if health is None:
            self.node_seen(node, now)
            health = self.nodes[name]
        ready = condition(node, "Ready")
        observed = ready.get("status", "Unknown") if ready else "Unknown"
        if not now > health.probe + (grace if ready else startup_grace):
            return observed, ready, None
        if observed == "Unknown" and ready is not None:
            return observed, ready, None  # already Unknown: upstream writes only when Ready changes
        updated = deep_copy(node)
        conditions = updated.setdefault("status", {}).setdefault("conditions", [])
        stamp = self.clock.now()
        for ctype in CONDITION_TYPES:
            self._mark_unknown(conditions, ctype, stamp, meta(node).get("creationTimestamp"))
        current = condition(updated, "Ready")
        if current == ready:
            return observed, ready, None
        # Remember our own write, so its watch event is not mistaken for a heartbeat.
        health.ready_transition = now
        health.heartbeat = current.get("lastHeartbeatTime") if current else None
        health.transition = current.get("lastTransitionTime") if current else None
        return observed, current, updated

    @staticmethod
    def _mark_unknown(conditions: list[Obj], ctype: str, stamp: str, created: str | None) -> None:
        for c in conditions:
            if c.get("type") == ctype:
                if c.get("status") != "Unknown":
                    c.update(
                        status="Unknown",
                        reason=REASON_UNKNOWN,
                        message=MESSAGE_UNKNOWN,
                        lastTransitionTime=stamp,
                    )
                return
        conditions.append(
            {
                "type": ctype,
                "status": "Unknown",
                "lastHeartbeatTime": created,
                "lastTransitionTime": stamp,
                "reason": REASON_NEVER,
                "message": MESSAGE_NEVER,
            }
        )
