"""Small pure helpers the controllers share (podutil, v1helper, intstr in Kubernetes)."""
from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..apiserver.selectors import LabelSelector
from ..objects import Obj, canonical_json, deep_copy, deleting, labels, meta, spec, status

TAINT_NOT_READY = "node.kubernetes.io/not-ready"
TAINT_UNREACHABLE = "node.kubernetes.io/unreachable"
TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable"
TAINT_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure"
TAINT_DISK_PRESSURE = "node.kubernetes.io/disk-pressure"
TAINT_PID_PRESSURE = "node.kubernetes.io/pid-pressure"
TAINT_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable"
ZONE_LABEL = "topology.kubernetes.io/zone"
REGION_LABEL = "topology.kubernetes.io/region"


def annotations_of(obj: Obj) -> dict[str, str]:
    return meta(obj).get("annotations") or {}


# -- pods ----------------------------------------------------------------------------------

def condition(obj: Obj, kind: str) -> Obj | None:
    for c in status(obj).get("conditions") or ():
        if c.get("type") == kind:
            return c
    return None


def is_ready(pod: Obj) -> bool:
    c = condition(pod, "Ready")
    return bool(c and c.get("status") == "True")


def is_terminal(pod: Obj) -> bool:
    return status(pod).get("phase") in ("Succeeded", "Failed")


def is_active(pod: Obj) -> bool:
    """controller.IsPodActive: not finished and not being deleted."""
    return not is_terminal(pod) and not deleting(pod)


def is_available(pod: Obj, min_ready_seconds: int, now: float, clock: Any) -> bool:
    """podutil.IsPodAvailable: Ready for at least minReadySeconds."""
    c = condition(pod, "Ready")
    if not c or c.get("status") != "True":
        return False
    if not min_ready_seconds:
        return True
    since = c.get("lastTransitionTime")
    return bool(since) and clock.seconds(since) + min_ready_seconds < now


def ready_since(pod: Obj, clock: Any) -> float | None:
    c = condition(pod, "Ready")
    if not c or c.get("status") != "True" or not c.get("lastTransitionTime"):
        return None
    return clock.seconds(c["lastTransitionTime"])


def max_restarts(pod: Obj) -> int:
    return max(
        (int(s.get("restartCount") or 0) for s in status(pod).get("containerStatuses") or ()), default=0
    )


def pod_from_template(template: Obj, owner_ref: Obj, *, generate_name: str, namespace: str) -> Obj:
    """controller.GetPodFromTemplate: the template's labels, annotations and finalizers."""
    tmeta = template.get("metadata") or {}
    pod_meta: Obj = {"generateName": generate_name, "namespace": namespace, "ownerReferences": [owner_ref]}
    for field in ("labels", "annotations"):
        if tmeta.get(field):
            pod_meta[field] = dict(tmeta[field])
    if tmeta.get("finalizers"):
        pod_meta["finalizers"] = list(tmeta["finalizers"])
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": pod_meta,
        "spec": deep_copy(template.get("spec") or {}),
    }


# -- selectors -----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _selector(text: str) -> LabelSelector:
    import json

    return LabelSelector.from_dict(json.loads(text))


def selector(sel: Obj | None) -> LabelSelector:
    """metav1.LabelSelectorAsSelector (nil selects nothing, {} everything); bad → nothing."""
    if sel is None:
        return LabelSelector.nothing()
    try:
        return _selector(canonical_json(sel))
    except (ValueError, TypeError):
        return LabelSelector.nothing()


def contains_labels(have: dict[str, str], want: dict[str, str]) -> bool:
    return all(have.get(k) == v for k, v in want.items())


# -- taints and tolerations ---------------------------------------------------------------


def tolerates(toleration: Obj, taint: Obj) -> bool:
    """v1.Toleration.ToleratesTaint."""
    effect = toleration.get("effect")
    if effect and effect != taint.get("effect"):
        return False
    key = toleration.get("key")
    if key and key != taint.get("key"):
        return False
    op = toleration.get("operator") or "Equal"
    if op == "Exists":
        return True
    return op == "Equal" and (toleration.get("value") or "") == (taint.get("value") or "")


def untolerated(taints: Iterable[Obj], tolerations: list[Obj], effects: tuple[str, ...]) -> Obj | None:
    """v1helper.FindMatchingUntoleratedTaint over the taints with the given effects."""
    for taint in taints:
        if taint.get("effect") in effects and not any(tolerates(t, taint) for t in tolerations):
            return taint
    return None


def taint_key(taint: Obj) -> tuple[str, str]:
    return taint.get("key", ""), taint.get("effect", "")


# -- nodes ---------------------------------------------------------------------------------


def node_zone(node: Obj) -> str:
    """utilnode.GetZoneKey: region and zone, as the node lifecycle controller groups nodes."""
    node_labels = labels(node)
    region = node_labels.get(REGION_LABEL) or node_labels.get("failure-domain.beta.kubernetes.io/region", "")
    zone = node_labels.get(ZONE_LABEL) or node_labels.get("failure-domain.beta.kubernetes.io/zone", "")
    return f"{region}:\x00:{zone}" if region or zone else ""


def node_matches_pod(pod_spec: Obj, node: Obj) -> bool:
    """nodeSelector plus requiredDuringScheduling node affinity (nodeaffinity.GetRequiredNodeAffinity)."""
    node_labels = labels(node)
    if not contains_labels(node_labels, pod_spec.get("nodeSelector") or {}):
        return False
    required = ((pod_spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution"
    )
    if not required:
        return True
    terms = required.get("nodeSelectorTerms") or []
    return any(_term_matches(t, node_labels, meta(node).get("name", "")) for t in terms)


def _term_matches(term: Obj, node_labels: dict[str, str], node_name: str) -> bool:
    exprs, fields = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not exprs and not fields:
        return False  # Mirrors nodeaffinity: an empty term matches no node.
    return all(_requirement(e, node_labels) for e in exprs) and all(
        _requirement(f, {"metadata.name": node_name}) for f in fields
    )


def _requirement(req: Obj, values: dict[str, str]) -> bool:
    key, op, wanted = req.get("key", ""), req.get("operator"), req.get("values") or []
    has, value = key in values, values.get(key)
    if op == "In":
        return has and value in wanted
    if op == "NotIn":
        return not has or value not in wanted
    if op == "Exists":
        return has
    if op == "DoesNotExist":
        return not has
    if op in ("Gt", "Lt") and has and len(wanted) == 1:
        try:
            left, right = int(str(value)), int(wanted[0])
        except ValueError:
            return False
        return left > right if op == "Gt" else left < right
    return False


# -- intstr --------------------------------------------------------------------------------


def scaled_value(value: Any, total: int, *, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    text = str(value)
    if not text.endswith("%"):
        return int(text)
    percent = int(text[:-1])
    exact = percent * total / 100
    return int(math.ceil(exact)) if round_up else int(math.floor(exact))


def set_condition(conditions: list[Obj], new: Obj) -> list[Obj]:
    """Replace the condition of the same type, keeping lastTransitionTime if status is unchanged."""
    out = [c for c in conditions if c.get("type") != new.get("type")]
    for c in conditions:
        if (
            c.get("type") == new.get("type")
            and c.get("status") == new.get("status")
            and "lastTransitionTime" in c
        ):
            new = dict(new, lastTransitionTime=c["lastTransitionTime"])
    out.append(new)
    return out


def spec_replicas(obj: Obj) -> int:
    value = spec(obj).get("replicas")
    return 1 if value is None else int(value)
