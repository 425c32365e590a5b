"""Who talks to whom in a cluster, as a networkx graph, and where each talker sits.

Nodes are named like the trace's actors (``kube-apiserver``, ``kubelet/worker-2``,
``containerd/worker-2``); an edge points from the side that opens the connection to the
side that serves it. Mirrors Kubernetes: every component and every client talks only to
kube-apiserver, only kube-apiserver talks to etcd, and a kubelet drives its node's
container runtime over CRI. Pure data: the web shell turns it into boxes and wires.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

APISERVER = "kube-apiserver"
ETCD = "etcd"
CLIENTS = "kubectl"
CONTROL_PLANE = ("etcd", "kube-apiserver", "kube-scheduler", "kube-controller-manager")
# Trace actors that are people or tools outside the cluster: all reach it the way kubectl does.
CLIENT_ACTORS = frozenset({"kubectl", "kubectl (console)", "client", "kubeadm", "clusterviz", "presenter"})


@dataclass(frozen=True)
class MachineFacts:
    """What the graph needs to know about one machine."""

    name: str
    role: str          # "control-plane" or "worker"
    index: int         # kubeadm's join order: worker-3 has index 3
    runtime: str       # the runtime's trace actor: containerd, crio or cri-dockerd


@dataclass(frozen=True)
class Position:
    """A stable place on the page: never derived from counts that change when a node joins."""

    tier: str          # "clients", "control-plane" or "workers"
    machine: str       # "" for things outside any machine
    slot: int          # order of the machine within its tier (join order)
    row: int           # row inside the machine box
    col: int           # column inside that row


def build(machines: Iterable[MachineFacts]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_node(CLIENTS, kind="client", machine="", tier="clients")
    machines = sorted(machines, key=lambda m: (m.role != "control-plane", m.index))
    control_planes = [m for m in machines if m.role == "control-plane"]
    if control_planes:
        home = control_planes[0].name
        for component in CONTROL_PLANE:
            graph.add_node(component, kind="component", machine=home, tier="control-plane")
        graph.add_edge(CLIENTS, APISERVER, talk="REST calls")
        graph.add_edge(APISERVER, ETCD, talk="reads and writes every object")
        for controller in ("kube-scheduler", "kube-controller-manager"):
            graph.add_edge(controller, APISERVER, talk="watches and writes objects")
    for machine in machines:
        tier = "control-plane" if machine.role == "control-plane" else "workers"
        kubelet, proxy = f"kubelet/{machine.name}", f"kube-proxy/{machine.name}"
        runtime = f"{machine.runtime}/{machine.name}"
        for name, component in ((kubelet, "kubelet"), (proxy, "kube-proxy"), (runtime, machine.runtime)):
            graph.add_node(name, kind="component", component=component, machine=machine.name, tier=tier,
                           index=machine.index, role=machine.role)
        if control_planes:
            graph.add_edge(kubelet, APISERVER, talk="heartbeats (Lease), node and pod status")
            graph.add_edge(proxy, APISERVER, talk="watches Services and EndpointSlices")
        graph.add_edge(kubelet, runtime, talk="CRI: pull, run and stop containers")
    return graph


def from_cluster(cluster: Any) -> nx.DiGraph:
    """The graph of a ``simulator.Cluster`` as it is now."""
    return build(MachineFacts(m.name, m.role, m.index, m.runtime.actor.partition("/")[0])
                 for m in cluster.machines.values())


def talker(actor: str) -> str:
    """The graph node a trace actor is: outside tools all count as ``kubectl``."""
    return CLIENTS if actor in CLIENT_ACTORS else actor


def route(graph: nx.DiGraph, actor: str, target: str) -> tuple[str, str, bool] | None:
    """The edge a trace event travels: (from, to, backwards); None when it stays inside one box."""
    source, dest = talker(actor), talker(target)
    if source == dest:
        return None
    if graph.has_edge(source, dest):
        return source, dest, False
    if graph.has_edge(dest, source):
        return dest, source, True
    return None


def machine_order(graph: nx.DiGraph) -> list[str]:
    """Control-plane machines first, then workers, each in join order (new nodes go last)."""
    seen: dict[str, tuple[bool, int]] = {}
    for _, data in graph.nodes(data=True):
        if "index" in data:
            seen[data["machine"]] = (data["role"] != "control-plane", data["index"])
    return sorted(seen, key=lambda name: seen[name])


def layout(graph: nx.DiGraph) -> dict[str, Position]:
    """A position for every node: the hub row below the components that call it, machines in slots."""
    positions: dict[str, Position] = {CLIENTS: Position("clients", "", 0, 0, 0)}
    slots: dict[str, int] = {}
    per_tier: Counter[str] = Counter()
    for machine in machine_order(graph):
        tier = graph.nodes[f"kubelet/{machine}"]["tier"]
        slots[machine] = per_tier[tier]
        per_tier[tier] += 1
    hub = max(graph.nodes, key=lambda n: (graph.in_degree(n), n)) if graph.number_of_edges() else None
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), hub) if hub else {}
    by_machine: dict[str, list[str]] = {}
    for name, data in graph.nodes(data=True):
        if data.get("machine"):
            by_machine.setdefault(data["machine"], []).append(name)
    for machine, names in by_machine.items():
        hosted = [n for n in names if "index" not in graph.nodes[n]]        # the control plane itself
        agents = sorted((n for n in names if n not in hosted),
                        key=lambda n: (distance.get(n, 99), -graph.out_degree(n), n))
        tier = graph.nodes[names[0]]["tier"]
        top = sorted((n for n in hosted if n != hub), key=lambda n: (not graph.has_edge(hub, n), n))
        for col, name in enumerate(top):
            positions[name] = Position(tier, machine, slots.get(machine, 0), 0, col)
        if hub in hosted:
            positions[hub] = Position(tier, machine, slots.get(machine, 0), 1, len(top) // 2)
        row = 2 if hosted else 0
        for col, name in enumerate(agents):
            positions[name] = Position(tier, machine, slots.get(machine, 0), row, col)
    return positions
