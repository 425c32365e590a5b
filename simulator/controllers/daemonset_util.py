"""Pure helpers of the DaemonSet controller (pkg/controller/daemon/util)."""
from __future__ import annotations

from typing import Any

from ..objects import Obj, deep_copy, deleting, labels, meta, spec, status
from ..objects import name as obj_name
from .podutil import (
    TAINT_DISK_PRESSURE,
    TAINT_MEMORY_PRESSURE,
    TAINT_NETWORK_UNAVAILABLE,
    TAINT_NOT_READY,
    TAINT_PID_PRESSURE,
    TAINT_UNREACHABLE,
    TAINT_UNSCHEDULABLE,
    annotations_of,
    node_matches_pod,
    scaled_value,
    untolerated,
)

HASH_LABEL = "controller-revision-hash"
GENERATION_LABEL = "pod-template-generation"
GENERATION_ANNOTATION = "deprecated.daemonset.template.generation"


def daemon_tolerations(host_network: bool) -> list[Obj]:
    """AddOrUpdateDaemonPodTolerations: what a daemon pod tolerates, forever."""
    tolerations = [
        {"key": k, "operator": "Exists", "effect": "NoExecute"} for k in (TAINT_NOT_READY, TAINT_UNREACHABLE)
    ]
    keys = [TAINT_DISK_PRESSURE, TAINT_MEMORY_PRESSURE, TAINT_PID_PRESSURE, TAINT_UNSCHEDULABLE]
    if host_network:
        keys.append(TAINT_NETWORK_UNAVAILABLE)
    tolerations += [{"key": k, "operator": "Exists", "effect": "NoSchedule"} for k in keys]
    return tolerations


def _same_toleration(a: Obj, b: Obj) -> bool:
    """Toleration.MatchToleration: same key, operator, value and effect."""
    return all((a.get(f) or "") == (b.get(f) or "") for f in ("key", "operator", "value", "effect"))


def add_tolerations(pod_spec: Obj) -> None:
    current = pod_spec.setdefault("tolerations", [])
    for wanted in daemon_tolerations(bool(pod_spec.get("hostNetwork"))):
        for i, existing in enumerate(current):
            if _same_toleration(existing, wanted):
                current[i] = wanted
                break
        else:
            current.append(wanted)


def pod_template(ds: Obj, revision_hash: str) -> Obj:
    """CreatePodTemplate: the DaemonSet's template plus tolerations and the revision label."""
    template = deep_copy(spec(ds).get("template") or {})
    add_tolerations(template.setdefault("spec", {}))
    tlabels = template.setdefault("metadata", {}).setdefault("labels", {})
    generation = annotations_of(ds).get(GENERATION_ANNOTATION)
    if generation:
        tlabels[GENERATION_LABEL] = generation
    tlabels[HASH_LABEL] = revision_hash
    return template


def pin_to_node(template: Obj, node_name: str) -> Obj:
    """ReplaceDaemonSetPodNodeNameNodeAffinity: the default scheduler places it (since v1.12)."""
    pod_template_copy = deep_copy(template)
    pod_spec = pod_template_copy.setdefault("spec", {})
    term = {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}
    affinity = pod_spec.setdefault("affinity", {})
    node_affinity = affinity.setdefault("nodeAffinity", {})
    node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [term]}
    return pod_template_copy


def target_node(pod: Obj) -> str | None:
    """GetTargetNodeName: the bound node, or the node its affinity pins it to."""
    bound = spec(pod).get("nodeName")
    if bound:
        return bound
    required = ((spec(pod).get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution"
    ) or {}
    for term in required.get("nodeSelectorTerms") or ():
        for field in term.get("matchFields") or ():
            if (
                field.get("key") == "metadata.name"
                and field.get("operator") == "In"
                and len(field.get("values") or ()) == 1
            ):
                return field["values"][0]
    return None


def should_run(node: Obj, pod_spec: Obj) -> tuple[bool, bool]:
    """NodeShouldRunDaemonPod: (should run, may keep running). ``pod_spec`` has the daemon tolerations."""
    wanted = pod_spec.get("nodeName")
    if wanted and wanted != obj_name(node):
        return False, False
    if not node_matches_pod(pod_spec, node):
        return False, False
    if deleting(node):
        return False, True  # a node on its way out gets no new daemon pod
    taints = spec(node).get("taints") or ()
    tolerations = pod_spec.get("tolerations") or []
    if untolerated(taints, tolerations, ("NoExecute", "NoSchedule")) is not None:
        return False, untolerated(taints, tolerations, ("NoExecute",)) is None
    return True, True


def is_updated(pod: Obj, revision_hash: str, ds: Obj) -> bool:
    generation = annotations_of(ds).get(GENERATION_ANNOTATION)
    return labels(pod).get(HASH_LABEL) == revision_hash or bool(
        generation and labels(pod).get(GENERATION_LABEL) == generation
    )


def oldest_first(pods: list[Obj]) -> list[Obj]:
    """podByCreationTimestampAndPhase: scheduled pods first, then oldest, then by name."""
    return sorted(
        pods, key=lambda p: (not spec(p).get("nodeName"), meta(p).get("creationTimestamp") or "", obj_name(p))
    )


def max_unavailable(ds: Obj, desired: int) -> tuple[int, int]:
    """(maxSurge, maxUnavailable) for a rolling update; both 0 → 1 unavailable."""
    rolling = (spec(ds).get("updateStrategy") or {}).get("rollingUpdate") or {}
    unavailable = scaled_value(rolling.get("maxUnavailable", 1), desired, round_up=True)
    surge = scaled_value(rolling.get("maxSurge", 0), desired, round_up=True)
    if desired > 0 and unavailable == 0 and surge == 0:
        unavailable = 1
    return surge, unavailable


def phase(pod: Obj) -> Any:
    return status(pod).get("phase")
