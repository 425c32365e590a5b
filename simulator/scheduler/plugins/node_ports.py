"""NodePorts: a hostPort can be bound once per node (and IP)."""
from __future__ import annotations

from ..node_info import NodeInfo
from ..pod_info import PodInfo
from ..status import UNSCHEDULABLE, Status

NAME = "NodePorts"
ERR_REASON = "node(s) didn't have free ports for the requested pod ports"
_REJECTED = Status(NAME, (ERR_REASON,), UNSCHEDULABLE)


def pre_filter(pi: PodInfo) -> tuple[tuple[str, str, int], ...] | None:
    """The wanted ports; None (Skip) when the pod asks for no host port."""
    return pi.ports or None


def filter(ports: tuple[tuple[str, str, int], ...], ni: NodeInfo) -> Status | None:
    if not ni.ports:
        return None
    for ip, protocol, port in ports:
        if ni.port_conflict(ip, protocol, port):
            return _REJECTED
    return None
