"""ClusterViz's simulated Kubernetes cluster: pure Python, deterministic, no web framework."""
from __future__ import annotations

from typing import Any

__all__ = ["Cluster"]


def __getattr__(name: str) -> Any:
    # Lazy, so `python -m simulator` and light imports (kernel, objects) stay cheap.
    if name == "Cluster":
        from .cluster import Cluster

        return Cluster
    raise AttributeError(name)
