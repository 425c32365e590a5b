"""The inspector: what a clicked box is, in plain words, with its state and recent events."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..traffic_panel import proxy_rules, rules_facts
from . import inspect_ha
from .events import LogRow
from .explanations import explain
from .models import Component, Deployment, Diagram, Machine, Pod

RECENT = 8


@dataclass
class Inspection:
    kind: str                       # node, component, pod, deployment, client
    title: str
    subtitle: str
    explanation: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    metadata: list[tuple[str, str, str]] = field(default_factory=list)   # (label|annotation, key, value)
    events: list[LogRow] = field(default_factory=list)
    decision: dict[str, Any] | None = None
    pod: Pod | None = None
    rules: dict[str, Any] | None = None     # a kube-proxy's iptables rules (clusterviz.traffic_panel)


def inspect(target: str, diagram: Diagram, cluster: Any, rows: Iterable[LogRow]) -> Inspection | None:
    rows = list(rows)
    if target == "component-kubectl":
        return Inspection("client", "kubectl", "the command-line client", explain("kubectl"),
                          events=_recent(rows, lambda r: r.component in ("kubectl", "presenter")))
    for machine in diagram.machines:
        if machine.dom_id == target:
            return _node(machine, cluster, rows)
        for component in machine.agents:
            if component.dom_id == target:
                found = _component(component, diagram, rows)
                if component.name == "kube-proxy":
                    found.rules = proxy_rules(cluster, component.node)
                    found.facts += rules_facts(found.rules)
                return found
        for group in machine.groups:
            for pod in group.pods:
                if pod.dom_id == target:
                    return _pod(pod, group.label, cluster, rows)
    for component in diagram.components:
        if component.dom_id == target:
            return _control_plane_component(component, diagram, cluster, rows)
    if diagram.lb is not None and target == diagram.lb.dom_id:
        return Inspection("component", "load balancer", "the control-plane endpoint",
                          inspect_ha.load_balancer(diagram), inspect_ha.lb_facts(diagram),
                          events=_recent(rows, lambda r: r.component == "kube-apiserver"))
    for pending in diagram.queue:
        if pending.pod.dom_id == target:
            return _pod(pending.pod, pending.owner, cluster, rows)
    for deployment in diagram.deployments:
        if deployment.dom_id == target:
            return _deployment(deployment, rows)
    return None


def _deployment(d: Deployment, rows: list[LogRow]) -> Inspection:
    prefix = f"{d.namespace}/{d.name}"
    return Inspection("deployment", d.name, f"Deployment in {d.namespace}", explain("pod"),
                      facts=[("Replicas", f"{d.ready} ready of {d.desired} desired"),
                             ("Up to date", str(d.updated))],
                      events=_recent(rows, lambda r: r.subject.startswith(prefix)))


def _recent(rows: list[LogRow], keep: Any) -> list[LogRow]:
    return [row for row in rows if keep(row)][-RECENT:]


def _metadata(obj: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    meta = (obj or {}).get("metadata") or {}
    out = [("label", str(k), str(v)) for k, v in sorted((meta.get("labels") or {}).items())]
    out += [("annotation", str(k), str(v)) for k, v in sorted((meta.get("annotations") or {}).items())]
    return out


def _find(cluster: Any, resource: str, name: str, namespace: str = "") -> dict[str, Any] | None:
    objects = cluster.objects(resource, namespace=namespace) if namespace else cluster.objects(resource)
    return next((o for o in objects if o["metadata"]["name"] == name), None)


def _node(machine: Machine, cluster: Any, rows: list[LogRow]) -> Inspection:
    node = machine.node
    obj = _find(cluster, "nodes", node.name)
    spec = (obj or {}).get("spec") or {}
    taints = [f"{t.get('key')}:{t.get('effect')}" for t in spec.get("taints") or ()]
    facts = [("Status", node.status_text),
             ("Machine", "powered on" if node.powered else "powered off"),
             ("kubelet", "running" if node.kubelet_running else "stopped"),
             ("Network", ("cut off from its peers and the load balancer" if node.role == "control-plane"
                          else "cut off from the control plane") if node.partitioned else "connected"),
             ("Taints", ", ".join(taints) or "none"),
             ("Pods", str(sum(len(g.pods) for g in machine.groups))),
             ("kubelet version", node.version or "—")]
    if node.countdown:
        facts.insert(1, (node.countdown.label.capitalize(), node.countdown.text))
    return Inspection("node", node.name, f"{node.role} node", explain(node.role), facts, _metadata(obj),
                      _recent(rows, lambda r: r.node == node.name or r.subject.endswith("/" + node.name)
                              or r.subject == node.name))


def _component(component: Component, diagram: Diagram, rows: list[LogRow]) -> Inspection:
    facts = [("State", "running" if component.running else "stopped"), ("Runs on", component.node)]
    detail = diagram.detail(component.key) if component.role == "control-plane" else ""
    if detail:
        facts.append(("Now", detail))
    if component.name == "kube-scheduler":
        queue = ", ".join(p.pod.name for p in diagram.queue) or "empty"
        facts.append(("Queue", queue if component.dom_id == diagram.queue_at else "none (standby)"))
    node = component.node if component.role != "control-plane" or diagram.ha else ""
    events = _recent(rows, lambda r: r.component == component.name and (not node or r.node == node))
    return Inspection("component", component.name, f"on {component.node}", explain(component.name), facts,
                      events=events)


def _pod(pod: Pod, owner: str, cluster: Any, rows: list[LogRow]) -> Inspection:
    obj = _find(cluster, "pods", pod.name, pod.namespace)
    status = (obj or {}).get("status") or {}
    facts = [("Status", pod.status), ("Phase", pod.phase), ("Node", pod.node or "not scheduled yet"),
             ("Ready", "yes" if pod.ready else "no"), ("Restarts", str(pod.restarts)),
             ("Pod IP", status.get("podIP") or "—"), ("Images", ", ".join(pod.images)), ("Owner", owner)]
    events = _recent(rows, lambda r: r.subject == pod.key)
    return Inspection("pod", pod.name, f"pod in {pod.namespace}", explain("pod"), facts, _metadata(obj),
                      events, decision=decision_table(cluster, pod.key), pod=pod)


def _control_plane_component(component: Component, diagram: Diagram, cluster: Any,
                             rows: list[LogRow]) -> Inspection:
    """A control-plane component, with who leads: its Lease, or its etcd member's Raft state."""
    found = _component(component, diagram, rows)
    if component.mark:
        found.facts[0] = ("State", component.mark)
    if component.state:
        found.subtitle += f" · {component.mark}"
    if component.name in ("kube-scheduler", "kube-controller-manager"):
        found.explanation += " " + inspect_ha.leader_election(component, cluster)
        found.facts += inspect_ha.lease_facts(component, cluster)
    elif component.name == "etcd" and diagram.ha:
        found.explanation += " " + inspect_ha.raft(cluster)
        found.facts += inspect_ha.member_facts(component, cluster)
    elif component.name == "kube-apiserver" and diagram.ha:
        found.explanation += inspect_ha.APISERVER_HA
        found.facts += inspect_ha.apiserver_facts(component, diagram)
    return found


def decision_table(cluster: Any, pod_key: str) -> dict[str, Any] | None:
    """The scheduler's verdict per node (filters, then weighted scores) for the pod's last attempt."""
    result = next((found for s in inspect_ha.schedulers(cluster)
                   if (found := s.decision(pod_key)) is not None), None)
    if result is None:
        return None
    scores, totals = result.scores, result.total
    plugins = sorted({plugin for per_node in scores.values() for plugin in per_node})
    rows = []
    for node, verdict in sorted(result.filters.items()):
        per_plugin = scores.get(node, {})
        rows.append({"node": node, "passed": verdict is None,
                     "plugin": verdict[0] if verdict else "", "reason": verdict[1] if verdict else "",
                     "scores": [per_plugin.get(p, "") for p in plugins], "total": totals.get(node, ""),
                     "chosen": node == result.node})
    return {"node": result.node, "message": result.message, "plugins": plugins, "rows": rows,
            "evaluated": result.evaluated, "feasible": result.feasible}
