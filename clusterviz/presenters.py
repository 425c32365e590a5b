"""Read-only views of a cluster's objects, shaped for templates.

The simulator hands out Kubernetes objects straight from etcd: these functions only
read them (never mutate what the store hands you) and print them as kubectl would.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .diagram import ids
from .live import SimulatedCluster

ROLE_LABEL_PREFIX = "node-role.kubernetes.io/"
NONE = "<none>"


@dataclass(frozen=True)
class NodeRow:
    dom_id: str
    name: str
    status: str
    roles: str
    version: str


@dataclass(frozen=True)
class PodRow:
    dom_id: str
    namespace: str
    name: str
    node: str
    phase: str
    restarts: int


def dom_id(kind: str, name: str, *, namespace: str | None = None) -> str:
    """The one stable DOM id of a thing on screen: ``{kind}-{namespace}-{name}`` (see diagram.ids)."""
    return ids.dom_id(kind, namespace, name)


def node_status(node: Mapping[str, Any]) -> str:
    """Ready / NotReady / Unknown, from the node's Ready condition (as kubectl prints it)."""
    for condition in node.get("status", {}).get("conditions") or []:
        if condition.get("type") == "Ready":
            return {"True": "Ready", "False": "NotReady"}.get(condition.get("status"), "Unknown")
    return "Unknown"


def node_roles(node: Mapping[str, Any]) -> str:
    """Roles from ``node-role.kubernetes.io/<role>`` labels, like kubectl's ROLES column."""
    labels = node.get("metadata", {}).get("labels") or {}
    roles = sorted(key.removeprefix(ROLE_LABEL_PREFIX) for key in labels if key.startswith(ROLE_LABEL_PREFIX))
    return ",".join(role for role in roles if role) or NONE


def node_row(node: Mapping[str, Any]) -> NodeRow:
    name = node["metadata"]["name"]
    version = node.get("status", {}).get("nodeInfo", {}).get("kubeletVersion", "")
    return NodeRow(dom_id("node", name), name, node_status(node), node_roles(node), version)


def pod_restarts(pod: Mapping[str, Any]) -> int:
    statuses = pod.get("status", {}).get("containerStatuses") or []
    return sum(int(status.get("restartCount", 0)) for status in statuses)


def pod_row(pod: Mapping[str, Any]) -> PodRow:
    metadata, spec, status = pod["metadata"], pod.get("spec", {}), pod.get("status", {})
    namespace, name = metadata.get("namespace", "default"), metadata["name"]
    return PodRow(
        dom_id("pod", name, namespace=namespace),
        namespace,
        name,
        spec.get("nodeName") or NONE,
        status.get("phase") or "Pending",
        pod_restarts(pod),
    )


def format_sim_time(seconds: float) -> str:
    """Simulated time as a person reads it: ``23s``, ``12m 23s``, ``1h 02m 03s``."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def status_context(name: str, cluster: SimulatedCluster) -> dict[str, Any]:
    """Everything the status page shows, read synchronously on the owner loop."""
    nodes = sorted((node_row(node) for node in cluster.objects("nodes")), key=lambda row: row.name)
    pods = sorted(
        (pod_row(pod) for pod in cluster.objects("pods")), key=lambda row: (row.namespace, row.name)
    )
    return {
        "cluster_name": name,
        "now": cluster.now,
        "now_label": format_sim_time(cluster.now),
        "speed": cluster.speed,
        "paused": cluster.paused,
        "nodes": nodes,
        "pods": pods,
    }
