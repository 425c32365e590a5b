"""The cluster as the page shows it: plain view models read from a ``simulator.Cluster``.

``build`` reads the cluster synchronously on its owner loop (never mutating what the store
hands out); templates render the models, and ``clusterviz.stream`` diffs successive builds
into out-of-band fragments.
"""
from __future__ import annotations

from .ids import component_id, dom_id, edge_id

__all__ = ["component_id", "dom_id", "edge_id"]
