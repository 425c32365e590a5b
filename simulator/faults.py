"""Faults as API objects (``sim.clusterviz.io/v1`` Fault): applying one breaks something,
deleting it heals. Several faults may hold the same thing down; it heals when the last goes.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .apiserver.registry import BY_PLURAL, Resource
from .objects import Obj

if TYPE_CHECKING:
    from .cluster import Cluster

FAULT_TYPES = ("NodeDown", "KubeletDown", "NetworkPartition", "ComponentDown", "ComponentPaused")


class FaultInjector:
    """Turns Fault objects into effects on machines, links and components."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._holds: Counter[tuple[str, str]] = Counter()
        self._effects: dict[str, list[tuple[str, str]]] = {}
        cluster.core.sim.listeners.append(self._on_change)

    def _on_change(self, kind: str, res: Resource, obj: Obj, old: Obj | None) -> None:
        if res.plural != "faults":
            return
        name = obj["metadata"]["name"]
        if kind == "DELETED":
            self._heal(name)
        elif kind == "ADDED" or (old is not None and obj.get("spec") != old.get("spec")):
            self._heal(name)
            self._inject(name, obj)

    def effects_of(self, spec: Obj) -> list[tuple[str, str]]:
        kind = spec.get("type")
        if kind == "NodeDown":
            return [("machine", spec["node"])]
        if kind == "KubeletDown":
            return [("kubelet", spec["node"])]
        if kind == "NetworkPartition":
            nodes = spec.get("nodes") or ([spec["node"]] if spec.get("node") else [])
            return [("link", node) for node in nodes]
        if kind in ("ComponentDown", "ComponentPaused"):
            where = spec.get("node") or self.cluster.control_plane_nodes[0]
            return [("component" if kind == "ComponentDown" else "pause", f"{spec['component']}@{where}")]
        return []

    def _inject(self, name: str, obj: Obj) -> None:
        effects = self.effects_of(obj.get("spec") or {})
        problems = [self.cluster.check_effect(effect) for effect in effects]
        problems = [p for p in problems if p]
        if problems:
            self._set_status(name, "Failed", "; ".join(problems))
            return
        self._effects[name] = effects
        for effect in effects:
            self._holds[effect] += 1
            if self._holds[effect] == 1:
                self.cluster.apply_effect(effect, broken=True)
        self._set_status(name, "Active", _describe(obj.get("spec") or {}, self.cluster.control_plane_nodes))

    def _heal(self, name: str) -> None:
        for effect in self._effects.pop(name, []):
            self._holds[effect] -= 1
            if self._holds[effect] <= 0:
                del self._holds[effect]
                self.cluster.apply_effect(effect, broken=False)

    def held(self, effect: tuple[str, str]) -> bool:
        return self._holds.get(effect, 0) > 0

    def _set_status(self, name: str, phase: str, message: str) -> None:
        sim = self.cluster.core.sim
        res = BY_PLURAL["faults"]
        try:
            sim.get(res, name)
        except Exception:
            return
        clock = self.cluster.core.clock
        status = {"phase": phase, "message": message}
        if phase == "Active":
            status["startedAt"] = clock.now()
            status["startedAtSeconds"] = round(self.cluster.core.kernel.now, 3)
        sim.set_status(res, name, status)


def _describe(spec: Obj, control_planes: list[str]) -> str:
    kind = spec.get("type")
    if kind == "NodeDown":
        return f"machine {spec['node']} is powered off: kubelet and containers are gone"
    if kind == "KubeletDown":
        return f"kubelet on {spec['node']} is stopped: containers keep running, no heartbeats"
    if kind == "NetworkPartition":
        nodes = spec.get("nodes") or [spec.get("node")]
        if any(n in control_planes for n in nodes if n):
            return (f"{', '.join(nodes)} cut off from the network: its etcd member loses its peers, the load "
                    "balancer stops sending to its apiserver, containers keep running")
        return f"{', '.join(nodes)} cut off from the control plane: containers keep running"
    if kind == "ComponentPaused":
        return (f"{spec.get('component')} on {spec.get('node')} is frozen (a long GC or VM pause): it keeps "
                "believing whatever it believed")
    return f"{spec.get('component')} is stopped"
