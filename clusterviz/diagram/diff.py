"""What changed between two diagrams, as the smallest updates the page can apply.

State changes become attribute-only updates (CSS transitions stay smooth, no re-render);
a box is re-rendered only when what it *says* changed, and at the smallest level that
holds the change: a pod chip, a group of pods, a node's pod area — never a whole node.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import models as m

T = "clusterviz/diagram/"
TIME_CONTROLS = "clusterviz/controls/time.html"


@dataclass(frozen=True)
class Op:
    kind: str                     # attrs, replace, sync, append, delete or edges
    target: str                   # the dom id it applies to
    attrs: m.Attrs = ()
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict, compare=False)
    presenter_only: bool = False  # renders the presenter's controls: viewers never get it
    layout: bool = False          # moves boxes: the page re-measures its wires

    @property
    def rank(self) -> int:
        """Attribute updates first: htmx fires an event per earlier inserted element on each swap."""
        return {"attrs": 0, "sync": 0, "replace": 1, "delete": 2, "append": 3, "edges": 4}[self.kind]


def attrs(target: str, values: m.Attrs) -> Op:
    return Op("attrs", target, attrs=values)


def replace(target: str, template: str, presenter_only: bool = False, **context: Any) -> Op:
    return Op("replace", target, template=T + template, context=context, presenter_only=presenter_only)


def diff(old: m.Diagram, new: m.Diagram) -> list[Op]:
    ops: list[Op] = []
    if old.clock != new.clock:
        ops.append(replace("sim-clock", "clock.html"))
    if old.clock.setting != new.clock.setting:
        # The presenter's speed menu, timing switch and Pause/Play follow whoever changed them.
        ops.append(Op("sync", "ctl-time", template=TIME_CONTROLS, presenter_only=True))
    ops += _machines(old, new)
    ops += _control_plane(old, new)
    if old.queue != new.queue or old.why != new.why:
        ops.append(replace("scheduler-queue", "queue.html"))
    if old.deployments != new.deployments:
        ops.append(replace("workloads", "workloads.html"))
    if old.edges != new.edges:
        ops.append(Op("edges", "edges", template=T + "edges.html", layout=True))
    if old.density != new.density:
        ops.append(attrs("diagram", (("data-density", new.density),)))
    return sorted(ops, key=lambda op: op.rank)


def _machines(old: m.Diagram, new: m.Diagram) -> list[Op]:
    ops: list[Op] = []
    before = {x.node.name: x for x in old.machines}
    after = {x.node.name: x for x in new.machines}
    for name in before.keys() - after.keys():
        ops.append(Op("delete", before[name].dom_id, layout=True))
    for machine in new.workers:
        if machine.node.name not in before:
            ops.append(Op("append", "workers", template=T + "machine.html", context={"machine": machine},
                          layout=True))
    for name in before.keys() & after.keys():
        ops += _machine(before[name], after[name])
    return ops


def _machine(old: m.Machine, new: m.Machine) -> list[Op]:
    if old is new:                       # the builder reuses a machine that did not change
        return []
    ops: list[Op] = []
    node = new.node
    if old.node.attrs != node.attrs:
        ops.append(attrs(node.dom_id, node.attrs))
        if node.controls:                       # the presenter's buttons say what a click would do
            ops.append(replace(f"controls-{node.dom_id}", "node_controls.html", True, node=node))
    if old.node.badge != node.badge:
        ops.append(replace(f"status-{node.name}", "node_status.html", node=node))
    for before, after in zip(old.agents, new.agents, strict=False):
        if before.attrs != after.attrs:
            ops.append(attrs(after.dom_id, after.attrs))
    if old.layout == new.layout:
        ops += _pods(old.groups, new.groups)
    elif [g.dom_id for g in old.groups] == [g.dom_id for g in new.groups]:
        for before, after in zip(old.groups, new.groups, strict=True):
            ops += _members(before, after) if before.members != after.members else _pods((before,), (after,))
    else:
        ops.append(replace(f"pods-{node.name}", "pods.html", machine=new))
    return ops


def _members(old: m.Group, new: m.Group) -> list[Op]:
    """Pods leaving a group are deleted and new ones appended (they are the newest, so they go
    last); a group whose kept pods changed order is re-rendered instead."""
    now = set(new.members)
    kept = [pod for pod in old.pods if pod.dom_id in now]
    if [p.dom_id for p in new.pods[: len(kept)]] != [p.dom_id for p in kept]:
        return [replace(new.dom_id, "group.html", group=new)]
    ops = [Op("delete", pod.dom_id) for pod in old.pods if pod.dom_id not in now]
    ops += _pods((m.Group(old.dom_id, old.namespace, old.owner, old.label, tuple(kept)),),
                 (m.Group(new.dom_id, new.namespace, new.owner, new.label, new.pods[: len(kept)]),))
    ops += [Op("append", f"{new.dom_id}-pods", template=T + "pod.html", context={"pod": pod})
            for pod in new.pods[len(kept):]]
    return ops


def _pods(old: tuple[m.Group, ...], new: tuple[m.Group, ...]) -> list[Op]:
    ops: list[Op] = []
    for before, after in zip(old, new, strict=True):
        if before.pods == after.pods:
            continue
        for was, pod in zip(before.pods, after.pods, strict=True):
            if was.label != pod.label:
                ops.append(replace(pod.dom_id, "pod.html", pod=pod))
            elif was.attrs != pod.attrs:
                ops.append(attrs(pod.dom_id, pod.attrs))
    return ops


def _control_plane(old: m.Diagram, new: m.Diagram) -> list[Op]:
    ops: list[Op] = []
    moved = old.queue_at != new.queue_at        # the queue follows the leading scheduler
    for before, after in zip(old.components, new.components, strict=False):
        if moved and after.dom_id in (old.queue_at, new.queue_at):
            ops.append(Op("replace", after.dom_id, template=T + "component.html",
                          context={"component": after}, layout=True))
            continue
        if before.attrs != after.attrs:
            ops.append(attrs(after.dom_id, after.attrs))
            ops.append(replace(f"controls-{after.dom_id}", "component_controls.html", True, component=after))
        if before.mark != after.mark:
            ops.append(replace(f"mark-{after.dom_id}", "mark.html", c=after))
    if old.lb != new.lb and new.lb is not None:
        ops.append(replace(new.lb.dom_id, "lb.html"))
    if old.etcd_problem != new.etcd_problem:
        ops.append(replace("etcd-quorum", "quorum.html"))
    if old.details != new.details:
        was = dict(old.details)
        for name, text in new.details:
            if was.get(name) != text:
                ops.append(replace(f"detail-{name}", "detail.html", name=name))
    return ops
