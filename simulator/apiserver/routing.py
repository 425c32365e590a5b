"""Several kube-apiserver instances behind a load balancer (a highly available control plane).

kubeadm's HA shape: every control-plane node runs a kube-apiserver that talks only to the
etcd member on the same node (stacked etcd, ``--etcd-servers=https://127.0.0.1:2379``).
kubelets, kube-proxy and kubectl reach the API through the load balancer in front of the
apiservers (kubeadm's ``controlPlaneEndpoint``); kube-scheduler and kube-controller-manager
use their own node's apiserver (their kubeconfigs name the local advertise address).

The API's behaviour lives once, in :class:`ApiServer`: the instances are the processes
that serve it. Each request is routed here first: the load balancer (health-checked with
GET /healthz, as kubeadm's haproxy example does) sends it to a running instance whose etcd
member can answer — a connection sticks to its instance until that one fails the check —
and the instance can only answer while its local etcd member can reach a leader with a
quorum; otherwise the request times out in etcd, as a real one does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import errors

if TYPE_CHECKING:
    from ..client import Network

LB_NAME = "load-balancer"
# Reads are linearizable (etcd ReadIndex): they need a leader with a quorum but add no log entry.
READS = frozenset({"get", "list", "watch"})


@dataclass(eq=False)
class ApiInstance:
    """One kube-apiserver process on a control-plane node."""

    name: str            # kube-apiserver@control-plane-2
    node: str            # control-plane-2
    member: str          # etcd@control-plane-2, the local etcd member it talks to
    up: bool = True


class Routing:
    """The load balancer and the pinned local connections of control-plane components."""

    def __init__(self, instances: list[ApiInstance], network: Network, raft: Any) -> None:
        self.instances = {inst.name: inst for inst in instances}
        self._order = list(self.instances.values())
        self.network = network
        self.raft = raft
        self.pins: dict[str, ApiInstance] = {}      # actor → its node's own apiserver
        self._sticky: dict[str, ApiInstance] = {}   # actor → the instance its LB connection landed on
        self._next = 0

    def pin(self, actor: str, node: str) -> None:
        for inst in self._order:
            if inst.node == node:
                self.pins[actor] = inst
                return
        raise ValueError(f"no kube-apiserver on {node}")

    # -- health ----------------------------------------------------------------
    def reachable_from_lb(self, inst: ApiInstance) -> bool:
        """The load balancer's TCP health check: the process runs and its node is on the network."""
        net = self.network
        return inst.up and inst.node not in net.partitioned and inst.node not in net.down

    def passes_healthz(self, inst: ApiInstance) -> bool:
        """kubeadm's haproxy check (GET /healthz): its etcd check fails while the local member
        cannot answer (down, cut off, or without a leader)."""
        return self.reachable_from_lb(inst) and (self.raft is None or self.raft.can_serve(inst.member))

    def healthy(self) -> list[ApiInstance]:
        """The backends in rotation: those passing /healthz; when etcd has lost its quorum none
        does, and the balancer falls back to every reachable one (as kube-vip, which checks no
        health, always would) — so the class sees etcd's own error, not a dead end."""
        passing = [inst for inst in self._order if self.passes_healthz(inst)]
        return passing or [inst for inst in self._order if self.reachable_from_lb(inst)]

    def any_up(self) -> bool:
        return any(inst.up for inst in self._order)

    # -- routing ---------------------------------------------------------------
    def instance_for(self, actor: str) -> ApiInstance:
        """The instance serving ``actor``'s next request (raises when none can be reached)."""
        inst = self.pins.get(actor)
        if inst is not None:
            if not inst.up:
                raise errors.unreachable(f"dial tcp 127.0.0.1:6443: connect: connection refused "
                                         f"({inst.name} is down)")
            return inst
        inst = self._sticky.get(actor)
        if inst is not None and self.passes_healthz(inst):
            return inst
        healthy = self.healthy()
        if inst is not None and inst in healthy:
            return inst
        if not healthy:
            raise errors.unreachable("dial tcp: connect: connection refused (the load balancer has no "
                                     "kube-apiserver to send the request to)")
        inst = healthy[self._next % len(healthy)]   # a new connection: round-robin over healthy backends
        self._next += 1
        self._sticky[actor] = inst
        return inst

    def route(self, actor: str, verb: str) -> ApiInstance:
        inst = self.instance_for(actor)
        if self.raft is not None:
            if verb in READS:
                if not self.raft.can_serve(inst.member):
                    raise errors.etcd_unavailable()
            else:
                self.raft.check(inst.member)
        return inst

    def alive(self, inst: ApiInstance, actor: str) -> bool:
        """Whether a watch stream served by ``inst`` to ``actor`` still flows (etcd watches are
        opened WithRequireLeader: they end when the member loses its leader)."""
        if not inst.up:
            return False
        if actor not in self.pins and not self.reachable_from_lb(inst):
            return False
        return self.raft is None or self.raft.can_serve(inst.member)

    def describe(self) -> list[dict[str, Any]]:
        """For the diagram: each instance, whether it runs, the LB sends to it, and its etcd serves it."""
        rotation = self.healthy()
        return [{"name": inst.name, "node": inst.node, "member": inst.member, "up": inst.up,
                 "inRotation": inst in rotation,
                 "etcdServing": self.raft is None or self.raft.can_serve(inst.member)}
                for inst in self._order]
