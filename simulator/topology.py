"""Who talks to whom in a cluster, as a networkx graph, and where each talker sits.

Nodes are named like the trace's actors (``kube-apiserver``, ``kubelet/worker-2``,
``containerd/worker-2``); an edge points from the side that opens the connection to the
side that serves it. Mirrors Kubernetes: every component and every client talks only to
kube-apiserver, only kube-apiserver talks to etcd, and a kubelet drives its node's
container runtime over CRI. Pure data: the web shell turns it into boxes and wires.
"""
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

APISERVER = "kube-apiserver"
ETCD = "etcd"
LOAD_BALANCER = "load-balancer"
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
    ha = len(control_planes) > 1
    endpoint = LOAD_BALANCER if ha else APISERVER     # where kubelets, kube-proxy and kubectl connect
    if ha:
        _control_plane_ha(graph, [m.name for m in control_planes])
    elif control_planes:
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
            graph.add_edge(kubelet, endpoint, talk="heartbeats (Lease), node and pod status")
            graph.add_edge(proxy, endpoint, talk="watches Services and EndpointSlices")
        graph.add_edge(kubelet, runtime, talk="CRI: pull, run and stop containers")
    return graph


def _control_plane_ha(graph: nx.DiGraph, nodes: list[str]) -> None:
    """kubeadm's HA shape: stacked etcd, one apiserver per master behind a load balancer, and a
    scheduler and controller manager on every master that use their own node's apiserver."""
    graph.add_node(LOAD_BALANCER, kind="component", component=LOAD_BALANCER, machine="", tier="clients")
    graph.add_edge(CLIENTS, LOAD_BALANCER, talk="REST calls to the control-plane endpoint")
    for node in nodes:
        api, etcd = f"{APISERVER}@{node}", f"{ETCD}@{node}"
        for component in CONTROL_PLANE:
            graph.add_node(f"{component}@{node}", kind="component", component=component, machine=node,
                           tier="control-plane")
        graph.add_edge(LOAD_BALANCER, api, talk="forwards connections to healthy apiservers")
        graph.add_edge(api, etcd, talk="reads and writes through its local etcd member only")
        for controller in ("kube-scheduler", "kube-controller-manager"):
            graph.add_edge(f"{controller}@{node}", api, talk="leader election; the leader watches and writes")
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            graph.add_edge(f"{ETCD}@{a}", f"{ETCD}@{b}", talk="Raft: replicate the log, elect a leader")


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
    hops = path(graph, actor, target)
    return hops[0] if hops else None


def path(graph: nx.DiGraph, actor: str, target: str) -> list[tuple[str, str, bool]]:
    """Every hop a message takes, e.g. kubelet → load balancer → kube-apiserver@control-plane-2."""
    source, dest = talker(actor), talker(target)
    if source == dest or source not in graph or dest not in graph:
        return []
    try:
        names = nx.shortest_path(graph.to_undirected(as_view=True), source, dest)
    except nx.NetworkXNoPath:
        return []
    return [(u, v, False) if graph.has_edge(u, v) else (v, u, True) for u, v in itertools.pairwise(names)]


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
    if LOAD_BALANCER in graph:
        positions[LOAD_BALANCER] = Position("clients", "", 0, 0, 1)
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
