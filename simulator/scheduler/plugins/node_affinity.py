"""NodeAffinity: spec.nodeSelector and required node affinity filter; preferred terms score."""
from __future__ import annotations

from typing import Any

from ...objects import Obj
from ..node_info import NodeInfo
from ..pod_info import PodInfo
from ..selectors import node_selector_matches, term_matches
from ..status import UNSCHEDULABLE_AND_UNRESOLVABLE, Status, default_normalize

NAME = "NodeAffinity"
WEIGHT = 2
ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector"
_REJECTED = Status(NAME, (ERR_REASON_POD,), UNSCHEDULABLE_AND_UNRESOLVABLE)


def _required_terms(pod_spec: Obj) -> list[Obj] | None:
    node_aff = (pod_spec.get("affinity") or {}).get("nodeAffinity") or {}
    required = node_aff.get("requiredDuringSchedulingIgnoredDuringExecution")
    return None if required is None else required.get("nodeSelectorTerms") or []


def required_matches(pod_spec: Obj, node_name: str, node_labels: dict[str, str]) -> bool:
    """Mirrors nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): selector AND affinity."""
    for k, v in (pod_spec.get("nodeSelector") or {}).items():
        if node_labels.get(k) != v:
            return False
    terms = _required_terms(pod_spec)
    return terms is None or node_selector_matches(terms, node_name, node_labels)


def filter(pod_spec: Obj, ni: NodeInfo) -> Status | None:
    if not pod_spec.get("nodeSelector") and _required_terms(pod_spec) is None:
        return None     # Mirrors PreFilter: Skip when the pod constrains nothing
    return None if required_matches(pod_spec, ni.name, ni.labels) else _REJECTED


def preferred_terms(pod_spec: Obj) -> list[tuple[int, Obj]]:
    node_aff = (pod_spec.get("affinity") or {}).get("nodeAffinity") or {}
    raw = node_aff.get("preferredDuringSchedulingIgnoredDuringExecution") or []
    return [(int(t.get("weight") or 0), t.get("preference") or {}) for t in raw if t.get("weight")]


def score(pi: PodInfo, nodes: list[NodeInfo], cache: Any, window: Any) -> list[int] | None:
    """Sum of matching preferred terms' weights, normalised to the best node."""
    terms = preferred_terms(pi.spec)
    if not terms:
        return None     # Mirrors PreScore: Skip without preferred terms
    raw = [sum(w for w, t in terms if term_matches(t, ni.name, ni.labels)) for ni in nodes]
    return default_normalize(raw)
