"""Trace events as the page shows them: event-log rows and packets travelling along edges."""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from simulator import topology

from .ids import edge_id

# Trace kinds worth a line of their own (Kubernetes Events always are): what a person or a
# fault did to the cluster. Everything else — etcd writes, heartbeats, status patches — is
# traffic, shown as packets only.
NOTABLE = frozenset({
    "ComponentStarted", "ComponentStopped", "KubeletStarted", "KubeletStopped", "RuntimeStopped",
    "FaultCreated", "FaultDeleted", "NodeCreated", "NodeDeleted", "SimulationPatched",
    # who leads: the Lease of kube-scheduler and kube-controller-manager, etcd's Raft group
    "LeaderElected", "LeaderLost", "WriteFenced", "ComponentPaused", "ComponentResumed",
    "EtcdLeaderElected", "EtcdLeaderLost", "EtcdCatchUp",
})
WARNINGS = frozenset({
    "NodeNotReady", "TaintManagerEviction", "FailedScheduling", "BackOff", "Failed", "Unhealthy", "Evicted",
    "FailedCreate", "NodeNotSchedulable", "FailedMount", "ErrImagePull", "ImagePullBackOff",
    "ComponentStopped", "KubeletStopped", "RuntimeStopped", "FaultCreated",
    "LeaderLost", "WriteFenced", "ComponentPaused", "EtcdLeaderLost",
})
READ_VERBS = frozenset({"get", "list", "watch"})
ACTORS = {"kubeadm": "kubectl", "client": "kubectl", "kubectl (console)": "kubectl"}


@dataclass(frozen=True, slots=True)
class LogRow:
    seq: int
    t: float
    component: str      # the binary that did it: kube-scheduler, kubelet, presenter ...
    node: str           # for node agents: the node they run on
    reason: str
    message: str
    warning: bool
    subject: str        # namespace/name (or name) of the object it is about

    @property
    def dom_id(self) -> str:
        return f"ev-{self.seq}"

    @property
    def t_label(self) -> str:
        minutes, seconds = divmod(int(self.t), 60)
        return f"{minutes:02d}m{seconds:02d}s" if minutes < 100 else f"{minutes}m"


def subject_of(obj: str) -> str:
    """``events default/web-7c9f2.17a`` → ``default/web-7c9f2``; ``pods default/x`` → ``default/x``."""
    resource, _, rest = obj.partition(" ")
    if resource == "events":
        rest = rest.rpartition(".")[0] or rest
    return rest


def log_row(event: Any) -> LogRow | None:
    """A line for the event log, or None for plain traffic."""
    actor = event.actor
    component, _, node = actor.partition("/")
    if not node:        # a control-plane instance of an HA cluster: kube-scheduler@control-plane-2
        component, _, node = component.partition("@")
    component = ACTORS.get(component, component)
    if event.kind == "EventCreated":
        reason, _, message = event.message.partition(": ")
        if not message:
            reason, message = "Event", event.message
    elif (event.kind in NOTABLE or component == "presenter"
          or (component == "kubectl" and event.verb not in READ_VERBS)):
        reason, message = event.kind, event.message
    else:
        return None
    return LogRow(event.seq, event.t, component, node, reason, message, reason in WARNINGS,
                  subject_of(event.object))


@dataclass(frozen=True, slots=True)
class Packet:
    edge: str           # dom id of the edge's path (the first, when it crosses several)
    backwards: bool     # travelling from the callee back to the caller
    kind: str           # beat, store, raft, read or write: the packet's colour
    title: str
    # The wires after the first, in order, for a message between components with no wire of
    # their own (kubelet → load balancer → kube-apiserver@control-plane-2): (edge, backwards).
    hops: tuple[tuple[str, bool], ...] = ()


Hop = tuple[str, str, bool]
_PATHS: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], tuple[Hop, ...]]] = weakref.WeakKeyDictionary()
PATHS_KEPT = 20_000


def hops(graph: Any, actor: str, target: str) -> tuple[Hop, ...]:
    """Every wire a message from ``actor`` to ``target`` crosses, as ``topology.path`` finds
    them; remembered per graph (a busy cluster sends the same few routes thousands of times)."""
    cache = _PATHS.get(graph)
    if cache is None:
        cache = _PATHS[graph] = {}
    found = cache.get((actor, target))
    if found is None:
        source, dest = topology.talker(actor), topology.talker(target)
        if source == dest:
            found = ()
        elif graph.has_edge(source, dest):
            found = ((source, dest, False),)
        elif graph.has_edge(dest, source):
            found = ((dest, source, True),)
        else:
            found = tuple(topology.path(graph, actor, target))
        if len(cache) >= PATHS_KEPT:
            cache.clear()
        cache[(actor, target)] = found
    return found


def _base(talker: str) -> str:
    return talker.partition("@")[0]


def packet(graph: Any, event: Any) -> Packet | None:
    route = hops(graph, event.actor, event.target)
    if not route:
        return None
    source, dest, backwards = route[0]
    callee = route[-1][1]
    if event.kind == "LeaseUpdated":
        kind = "beat"
    elif _base(route[0][0]) == topology.ETCD and _base(route[-1][1]) == topology.ETCD:
        kind = "raft"
    elif _base(callee) == topology.ETCD:
        kind = "store"
    elif event.verb in READ_VERBS:
        kind = "read"
    else:
        kind = "write"
    rest = tuple((edge_id(u, v), back) for u, v, back in route[1:])
    return Packet(edge_id(source, dest), backwards, kind, event.message, rest)
