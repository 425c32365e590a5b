"""Pods as the diagram groups them: by owner, on their node, in creation order."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..k8s.printers_pod import pod_status
from ..k8s.printers_time import Ages
from . import models as m
from .ids import dom_id

Obj = dict[str, Any]
# kube-system pods the diagram already draws as components: the control plane's static
# pods (owned by their Node) and kube-proxy (a DaemonSet drawn as each node's kube-proxy).
COMPONENT_DAEMONSETS = frozenset({"kube-proxy"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One pod object read once per resourceVersion: its view model and where it belongs."""

    version: str
    obj: Obj
    pod: m.Pod
    label: str           # the group's name on screen: "web" for a pod of ReplicaSet web-7c9f2
    owner: str           # "Deployment/web", "DaemonSet/kube-proxy", "Pod/-"
    created: str
    hidden: bool         # drawn as a component instead (static pods, kube-proxy)


def entry(obj: Obj, ages: Ages) -> Entry:
    meta = obj["metadata"]
    label, owner = group_of(obj)
    kind, name = controller_of(obj) or ("", "")
    hidden = meta.get("namespace") == "kube-system" and (
        kind == "Node" or (kind == "DaemonSet" and name in COMPONENT_DAEMONSETS))
    return Entry(meta.get("resourceVersion", ""), obj, pod_model(obj, ages), label, owner,
                 meta.get("creationTimestamp") or "", hidden)


def controller_of(pod: Obj) -> tuple[str, str] | None:
    for ref in pod["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return ref.get("kind", ""), ref.get("name", "")
    return None


def group_of(pod: Obj) -> tuple[str, str]:
    """(label, owner key): ``("web", "Deployment/web")`` for a pod of ReplicaSet web-7c9f2."""
    owner = controller_of(pod)
    if owner is None:
        return "pods", "Pod/-"
    kind, name = owner
    if kind == "ReplicaSet":
        template_hash = (pod["metadata"].get("labels") or {}).get("pod-template-hash")
        if template_hash and name.endswith("-" + template_hash):
            # Mirrors the deployment controller's naming: <deployment>-<pod-template-hash>.
            deployment = name[: -len(template_hash) - 1]
            return deployment, f"Deployment/{deployment}"
    return name, f"{kind}/{name}"


def pod_model(obj: Obj, ages: Ages) -> m.Pod:
    meta, spec, status = obj["metadata"], obj.get("spec") or {}, obj.get("status") or {}
    namespace, name = meta.get("namespace", ""), meta["name"]
    _, _, printed, restarts, _ = pod_status(obj, ages)
    conditions = status.get("conditions") or ()
    ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)
    generate = meta.get("generateName") or ""
    short = name[len(generate):] if generate and name.startswith(generate) and name != generate else name
    images = tuple(str(c.get("image", "")) for c in spec.get("containers") or ())
    terminating = bool(meta.get("deletionTimestamp"))
    return m.Pod(namespace, name, dom_id("pod", namespace, name), short, status.get("phase") or "Pending",
                 printed, ready, restarts, spec.get("nodeName") or "", terminating, images)


def scheduled_reason(pod: Obj) -> str:
    for condition in (pod.get("status") or {}).get("conditions") or ():
        if condition.get("type") == "PodScheduled" and condition.get("status") != "True":
            return condition.get("reason") or ""
    return ""


def groups_of(node: str, entries: list[Entry]) -> tuple[m.Group, ...]:
    """A node's pods by owner: applications first, kube-system last; pods oldest first, so a new
    pod joins the end of its group and nothing already there moves."""
    groups: dict[tuple[str, str], list[Entry]] = {}
    for item in entries:
        groups.setdefault((item.pod.namespace, item.owner), []).append(item)
    out = []
    for (namespace, owner), members in sorted(groups.items(), key=_system_last):
        members.sort(key=lambda e: (e.created, e.pod.name))
        out.append(m.Group(dom_id("group", None, f"{node}-{namespace}-{owner.replace('/', '-')}"),
                           namespace, owner, members[0].label, tuple(e.pod for e in members)))
    return tuple(out)


def _system_last(item: tuple[tuple[str, str], list[Entry]]) -> tuple[bool, tuple[str, str]]:
    return item[0][0] == "kube-system", item[0]
