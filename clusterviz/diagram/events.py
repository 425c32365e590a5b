"""Trace events as the page shows them: event-log rows and packets travelling along edges."""
from __future__ import annotations

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
})
WARNINGS = frozenset({
    "NodeNotReady", "TaintManagerEviction", "FailedScheduling", "BackOff", "Failed", "Unhealthy", "Evicted",
    "FailedCreate", "NodeNotSchedulable", "FailedMount", "ErrImagePull", "ImagePullBackOff",
    "ComponentStopped", "KubeletStopped", "RuntimeStopped", "FaultCreated",
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
    edge: str           # dom id of the edge's path
    backwards: bool     # travelling from the callee back to the caller
    kind: str           # beat, store, read or write: the packet's colour
    title: str


def packet(graph: Any, event: Any) -> Packet | None:
    hop = topology.route(graph, event.actor, event.target)
    if hop is None:
        return None
    source, dest, backwards = hop
    if event.kind == "LeaseUpdated":
        kind = "beat"
    elif dest == topology.ETCD:
        kind = "store"
    elif event.verb in READ_VERBS:
        kind = "read"
    else:
        kind = "write"
    return Packet(edge_id(source, dest), backwards, kind, event.message)
