"""InterPodAffinity: required pod (anti-)affinity filters; preferred terms (and existing
pods' terms) score. Matching pods come from the cache's label index."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..cache import Cache
from ..node_info import AffinityGroup, NodeInfo
from ..pod_info import AffinityTerm, PodInfo
from ..status import UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Status

NAME = "InterPodAffinity"
WEIGHT = 2
HARD_POD_AFFINITY_WEIGHT = 1     # InterPodAffinityArgs default
ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules"
ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules"
_AFFINITY = Status(NAME, (ERR_REASON_AFFINITY,), UNSCHEDULABLE_AND_UNRESOLVABLE)
_ANTI = Status(NAME, (ERR_REASON_ANTI_AFFINITY,), UNSCHEDULABLE)
_EXISTING_ANTI = Status(NAME, (ERR_REASON_EXISTING_ANTI_AFFINITY,), UNSCHEDULABLE)

Pair = tuple[str, str]


class FilterState:
    __slots__ = ("pi", "existing_anti", "affinity", "anti")

    def __init__(self, pi: PodInfo, existing_anti: dict[Pair, int], affinity: dict[Pair, int],
                 anti: dict[Pair, int]) -> None:
        self.pi, self.existing_anti, self.affinity, self.anti = pi, existing_anti, affinity, anti


def _bump(counts: dict[Pair, int], ni: NodeInfo | None, topology_key: str, value: int) -> None:
    if ni is not None and topology_key in ni.labels:
        pair = (topology_key, ni.labels[topology_key])
        counts[pair] = counts.get(pair, 0) + value


def matches_all(terms: Iterable[AffinityTerm], namespace: str, labels: dict[str, str]) -> bool:
    """podMatchesAllAffinityTerms (False for no terms)."""
    terms = tuple(terms)
    return bool(terms) and all(t.matches(namespace, labels) for t in terms)


def _existing_anti_counts(pi: PodInfo, cache: Cache) -> dict[Pair, int]:
    """Topology pairs where an existing pod's required anti-affinity selects the incoming pod."""
    counts: dict[Pair, int] = {}
    for group in cache.affinity_groups.values():
        for term in group.info.req_anti:
            if term.matches(pi.namespace, pi.labels):
                for node_name, n in group.nodes.items():
                    _bump(counts, cache.get(node_name), term.topology_key, n)
    return counts


def _incoming_counts(pi: PodInfo, cache: Cache) -> tuple[dict[Pair, int], dict[Pair, int]]:
    affinity: dict[Pair, int] = {}
    anti: dict[Pair, int] = {}
    if pi.req_affinity:
        for st in cache.candidates(pi.req_affinity[0].selector):
            if matches_all(pi.req_affinity, st.info.namespace, st.info.labels):
                ni = cache.get(st.node_name)
                for term in pi.req_affinity:
                    _bump(affinity, ni, term.topology_key, 1)
    for term in pi.req_anti:
        for st in cache.candidates(term.selector):
            if term.matches(st.info.namespace, st.info.labels):
                _bump(anti, cache.get(st.node_name), term.topology_key, 1)
    return affinity, anti


def pre_filter(pi: PodInfo, cache: Cache) -> FilterState | None:
    existing = _existing_anti_counts(pi, cache)
    if not existing and not pi.req_affinity and not pi.req_anti:
        return None     # Mirrors PreFilter: Skip
    affinity, anti = _incoming_counts(pi, cache)
    return FilterState(pi, existing, affinity, anti)


def _satisfies_affinity(s: FilterState, labels: dict[str, str]) -> bool:
    pods_exist = True
    for term in s.pi.req_affinity:
        if term.topology_key not in labels:
            return False        # all topology labels must exist on the node
        if s.affinity.get((term.topology_key, labels[term.topology_key]), 0) <= 0:
            pods_exist = False
    if pods_exist:
        return True
    # Mirrors satisfyPodAffinity: the first pod of a self-affine series may go anywhere.
    return not s.affinity and matches_all(s.pi.req_affinity, s.pi.namespace, s.pi.labels)


def filter(s: FilterState, ni: NodeInfo) -> Status | None:
    labels = ni.labels
    if s.pi.req_affinity and not _satisfies_affinity(s, labels):
        return _AFFINITY
    if s.anti:
        for term in s.pi.req_anti:
            value = labels.get(term.topology_key)
            if value is not None and s.anti.get((term.topology_key, value), 0) > 0:
                return _ANTI
    if s.existing_anti:
        for pair in labels.items():
            if s.existing_anti.get(pair, 0) > 0:
                return _EXISTING_ANTI
    return None


# -- Score --------------------------------------------------------------------------------
def _add(topo: dict[str, dict[str, int]], ni: NodeInfo | None, term: AffinityTerm, value: int) -> None:
    if ni is not None and ni.labels and term.topology_key in ni.labels:
        values = topo.setdefault(term.topology_key, {})
        tv = ni.labels[term.topology_key]
        values[tv] = values.get(tv, 0) + value


def _incoming_preferences(pi: PodInfo, cache: Cache, topo: dict[str, dict[str, int]]) -> None:
    for terms, sign in ((pi.pref_affinity, 1), (pi.pref_anti, -1)):
        for term in terms:
            for st in cache.candidates(term.selector):
                if term.matches(st.info.namespace, st.info.labels):
                    _add(topo, cache.get(st.node_name), term, sign * term.weight)


def _existing_preferences(pi: PodInfo, group: AffinityGroup, cache: Cache,
                          topo: dict[str, dict[str, int]]) -> None:
    """Mirrors processExistingPod for existing pods' own terms against the incoming pod."""
    other = group.info
    weighted = [(t, HARD_POD_AFFINITY_WEIGHT) for t in other.req_affinity]
    weighted += [(t, t.weight) for t in other.pref_affinity] + [(t, -t.weight) for t in other.pref_anti]
    matching = [(t, w) for t, w in weighted if t.matches(pi.namespace, pi.labels)]
    for node_name, n in group.nodes.items() if matching else ():
        ni = cache.get(node_name)
        for term, w in matching:
            _add(topo, ni, term, w * n)


def score(pi: PodInfo, nodes: list[NodeInfo], cache: Cache, window: Any) -> list[int] | None:
    if not (pi.pref_affinity or pi.pref_anti) and not cache.affinity_groups:
        return None
    topo: dict[str, dict[str, int]] = {}
    _incoming_preferences(pi, cache, topo)
    for group in cache.affinity_groups.values():
        _existing_preferences(pi, group, cache, topo)
    if not topo:
        return None     # Mirrors PreScore: Skip when no term touches any topology
    raw = [sum(values.get(ni.labels[k], 0) for k, values in topo.items() if k in ni.labels) for ni in nodes]
    low, high = min(raw), max(raw)
    if high == low:
        return [0] * len(raw)
    return [int(100 * ((s - low) / (high - low))) for s in raw]
