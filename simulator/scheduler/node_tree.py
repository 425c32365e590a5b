"""The scheduler cache's node tree: nodes grouped by zone, listed zone-interleaved.

Mirrors pkg/scheduler/backend/cache/node_tree.go, so round-robin filtering visits
zones in turn rather than exhausting one zone first.
"""
from __future__ import annotations

from typing import Any

ZONE_LABELS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")
REGION_LABELS = ("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region")


def zone_key(node_labels: dict[str, str]) -> str:
    """Mirrors utilnode.GetZoneKey: region and zone joined, "" when the node has neither."""
    region = next((node_labels[k] for k in REGION_LABELS if k in node_labels), "")
    zone = next((node_labels[k] for k in ZONE_LABELS if k in node_labels), "")
    if not region and not zone:
        return ""
    return f"{region}:\x00:{zone}"


class NodeTree:
    """Zone → node names in insertion order; zones in order of first appearance."""

    def __init__(self) -> None:
        self._zones: dict[str, list[str]] = {}
        self._zone_of: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._zone_of)

    def add(self, name: str, node_labels: dict[str, Any]) -> None:
        if name in self._zone_of:
            return
        zone = zone_key(node_labels)
        self._zones.setdefault(zone, []).append(name)
        self._zone_of[name] = zone

    def remove(self, name: str) -> None:
        zone = self._zone_of.pop(name, None)
        if zone is None:
            return
        names = self._zones[zone]
        names.remove(name)
        if not names:
            del self._zones[zone]

    def update(self, name: str, node_labels: dict[str, Any]) -> bool:
        """Re-file a node whose zone changed; True when the order changed."""
        if self._zone_of.get(name) == zone_key(node_labels):
            return False
        self.remove(name)
        self.add(name, node_labels)
        return True

    def list(self) -> list[str]:
        """One node from each zone in turn (nodeTree.list)."""
        zones = list(self._zones.values())
        if len(zones) == 1:
            return list(zones[0])
        out: list[str] = []
        depth = max((len(z) for z in zones), default=0)
        for i in range(depth):
            out.extend(z[i] for z in zones if i < len(z))
        return out
