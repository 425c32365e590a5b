"""NodeInfo (pkg/scheduler/framework/types.go): one node's scheduling view.

Hot fields are plain slots; ``free_*`` are kept pre-subtracted for NodeResourcesFit's
filter. The Cache that owns NodeInfos is in cache.py (also importable from here).
"""
from __future__ import annotations

from typing import Any

from ..objects import Obj, parse_cpu, parse_memory, spec, status
from .pod_info import PodInfo

# Mirrors kubelet's default --max-pods when a node does not report allocatable pods.
DEFAULT_MAX_PODS = 110
BIND_ALL = "0.0.0.0"
# A static view entry not computed yet (framework.static_view fills it lazily).
UNKNOWN: Any = object()


class NodeInfo:
    """One node's scheduling view: its object, requested sums, pods, ports and images."""

    __slots__ = ("name", "node", "labels", "alloc_cpu", "alloc_mem", "alloc_pods", "req_cpu", "req_mem",
                 "nz_cpu", "nz_mem", "free_cpu", "free_mem", "free_pods", "pods", "ports", "images",
                 "unschedulable", "taints", "prefer_taints")

    def __init__(self, node_name: str) -> None:
        self.name = node_name
        self.node: Obj | None = None
        self.labels: dict[str, str] = {}
        self.alloc_cpu = self.alloc_mem = self.alloc_pods = 0
        self.req_cpu = self.req_mem = self.nz_cpu = self.nz_mem = 0
        self.pods: dict[str, PodInfo] = {}
        self.ports: dict[tuple[str, str, int], int] = {}
        self.images: dict[str, int] = {}
        self.unschedulable = False
        self.taints: list[Obj] = []
        self.prefer_taints: list[Obj] = []
        self._refresh_free()

    def set_node(self, node: Obj | None) -> None:
        self.node = node
        node = node or {}
        alloc = status(node).get("allocatable") or status(node).get("capacity") or {}
        self.labels = (node.get("metadata") or {}).get("labels") or {}
        self.alloc_cpu = parse_cpu(alloc.get("cpu"))
        self.alloc_mem = parse_memory(alloc.get("memory"))
        self.alloc_pods = int(alloc.get("pods", DEFAULT_MAX_PODS))
        self.unschedulable = bool(spec(node).get("unschedulable"))
        taints = spec(node).get("taints") or []
        # Mirrors helper.DoNotScheduleTaintsFilterFunc: NoSchedule and NoExecute block;
        # PreferNoSchedule only scores.
        self.taints = [t for t in taints if t.get("effect") in ("NoSchedule", "NoExecute")]
        self.prefer_taints = [t for t in taints if t.get("effect") == "PreferNoSchedule"]
        self.images = {n: int(img.get("sizeBytes") or 0)
                       for img in status(node).get("images") or [] for n in img.get("names") or []}
        self._refresh_free()

    def _refresh_free(self) -> None:
        self.free_cpu = self.alloc_cpu - self.req_cpu
        self.free_mem = self.alloc_mem - self.req_mem
        self.free_pods = self.alloc_pods - len(self.pods)

    def add_pod(self, pi: PodInfo) -> None:
        self.pods[pi.key] = pi
        self._account(pi, 1)

    def remove_pod(self, pi: PodInfo) -> None:
        if self.pods.pop(pi.key, None) is not None:
            self._account(pi, -1)

    def _account(self, pi: PodInfo, sign: int) -> None:
        self.req_cpu += sign * pi.cpu
        self.req_mem += sign * pi.mem
        self.nz_cpu += sign * pi.nz_cpu
        self.nz_mem += sign * pi.nz_mem
        for port in pi.ports:
            left = self.ports.get(port, 0) + sign
            if left > 0:
                self.ports[port] = left
            else:
                self.ports.pop(port, None)
        self._refresh_free()

    def port_conflict(self, ip: str, protocol: str, port: int) -> bool:
        """Mirrors HostPortInfo.CheckConflict: 0.0.0.0 clashes with every IP on that port."""
        if ip == BIND_ALL:
            return any(p[1] == protocol and p[2] == port for p in self.ports)
        return (BIND_ALL, protocol, port) in self.ports or (ip, protocol, port) in self.ports


def static_fields(node: Obj) -> tuple[Any, ...]:
    """What the scheduler reads from a node; heartbeat-only updates leave it unchanged."""
    st = status(node)
    return (node.get("metadata", {}).get("labels"), spec(node).get("unschedulable"), spec(node).get("taints"),
            st.get("allocatable"), st.get("capacity"), st.get("images"))


class PodState:
    """A pod the cache accounts for: bound (from the informer) or assumed (bind in flight)."""

    __slots__ = ("info", "node_name", "assumed")

    def __init__(self, info: PodInfo, node_name: str, assumed: bool) -> None:
        self.info, self.node_name, self.assumed = info, node_name, assumed


class AffinityGroup:
    """Bound pods sharing one namespace and one set of pod (anti-)affinity terms, counted
    per node: InterPodAffinity matches the terms once per group, not once per pod."""

    __slots__ = ("info", "nodes")

    def __init__(self, info: PodInfo) -> None:
        self.info = info            # a representative: its namespace and terms
        self.nodes: dict[str, int] = {}


def __getattr__(attr: str) -> Any:
    # The Cache lives in cache.py (file size); importable from here as the brief's home for it.
    if attr == "Cache":
        from .cache import Cache
        return Cache
    raise AttributeError(attr)
