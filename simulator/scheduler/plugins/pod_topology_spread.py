"""PodTopologySpread: DoNotSchedule constraints filter on maxSkew; ScheduleAnyway (and the
system default constraints) score.

Counting uses the cache's label index (or, for system defaults, its per-owner node counts)
instead of scanning every pod on every node; the arithmetic is upstream's.
"""
from __future__ import annotations

import math
from typing import Any

from ..cache import Cache
from ..node_info import NodeInfo
from ..pod_info import PodInfo
from ..selectors import LabelSelector
from ..status import UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Status
from .node_affinity import required_matches
from .taint_toleration import tolerates

NAME = "PodTopologySpread"
WEIGHT = 2
ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints"
ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)"
_NOT_MATCH = Status(NAME, (ERR_REASON_CONSTRAINTS_NOT_MATCH,), UNSCHEDULABLE)
_LABEL_MISSING = Status(NAME, (ERR_REASON_NODE_LABEL_NOT_MATCH,), UNSCHEDULABLE_AND_UNRESOLVABLE)
HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
# Mirrors podtopologyspread's systemDefaultConstraints (ScheduleAnyway, scoring only).
SYSTEM_DEFAULT_CONSTRAINTS = ((HOSTNAME, 3), (ZONE, 5))


class Constraint:
    """One topologySpreadConstraint; ``owner`` stands in for helper.DefaultSelector."""

    __slots__ = ("key", "max_skew", "selector", "owner", "min_domains", "honor_affinity", "honor_taints",
                 "counts", "min_match", "self_match", "weight")

    def __init__(self, key: str, max_skew: int, selector: LabelSelector | None,
                 owner: str | None = None) -> None:
        self.key, self.max_skew, self.selector, self.owner = key, max_skew, selector, owner
        self.min_domains = 0
        self.honor_affinity, self.honor_taints = True, False
        self.counts: dict[str, int] = {}
        self.min_match = self.self_match = 0
        self.weight = 0.0


def constraints(pi: PodInfo, when: str) -> list[Constraint]:
    """Mirrors filterTopologySpreadConstraints for one whenUnsatisfiable value."""
    out = []
    for raw in pi.spec.get("topologySpreadConstraints") or ():
        if raw.get("whenUnsatisfiable", "DoNotSchedule") != when:
            continue
        sel = LabelSelector(raw.get("labelSelector"))
        sel = sel.with_match_label_keys(raw.get("matchLabelKeys") or (), pi.labels)
        c = Constraint(raw.get("topologyKey", ""), int(raw.get("maxSkew") or 1), sel)
        c.min_domains = int(raw.get("minDomains") or 0)
        c.honor_affinity = raw.get("nodeAffinityPolicy", "Honor") == "Honor"
        c.honor_taints = raw.get("nodeTaintsPolicy", "Ignore") == "Honor"
        out.append(c)
    return out


def default_constraints(pi: PodInfo) -> list[Constraint]:
    """System defaults apply only to pods a workload selects (here: a controller owner)."""
    if pi.owner is None:
        return []
    return [Constraint(k, skew, None, pi.owner) for k, skew in SYSTEM_DEFAULT_CONSTRAINTS]


def _node_included(c: Constraint, pi: PodInfo, ni: NodeInfo) -> bool:
    """Mirrors matchNodeInclusionPolicies."""
    if c.honor_affinity and not required_matches(pi.spec, ni.name, ni.labels):
        return False
    if c.honor_taints:
        tolerations = pi.spec.get("tolerations") or ()
        return all(tolerates(tolerations, t) for t in ni.taints)
    return True


def _pods_per_node(cache: Cache, pi: PodInfo, c: Constraint) -> dict[str, int]:
    """Matching, non-terminating pods in the pod's namespace, per node (countPodsMatchSelector)."""
    if c.owner is not None:
        return cache.owner_nodes.get(c.owner, {})
    out: dict[str, int] = {}
    for st in cache.candidates(c.selector):
        other = st.info
        if other.namespace == pi.namespace and not other.terminating and c.selector.matches(other.labels):
            out[st.node_name] = out.get(st.node_name, 0) + 1
    return out


def _eligible(cache: Cache, pi: PodInfo, cons: list[Constraint], c: Constraint) -> dict[str, str]:
    """Node → topology value of ``c`` for nodes carrying every constraint's key and included."""
    values = cache.topology_values(c.key)
    others = [cache.topology_values(o.key) for o in cons if o.key != c.key]
    if not others and not c.honor_taints and not (c.honor_affinity and _constrains_nodes(pi)):
        return values
    return {n: v for n, v in values.items()
            if all(n in o for o in others) and _node_included(c, pi, cache.infos[n])}


def _constrains_nodes(pi: PodInfo) -> bool:
    s = pi.spec
    return bool(s.get("nodeSelector") or ((s.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution"))


# -- Filter -------------------------------------------------------------------------------
def pre_filter(pi: PodInfo, cache: Cache) -> list[Constraint] | None:
    """Per-domain match counts and the global minimum per constraint; None = Skip."""
    cons = constraints(pi, "DoNotSchedule")
    if not cons:
        return None
    for c in cons:
        eligible = _eligible(cache, pi, cons, c)
        counts: dict[str, int] = {}
        for node_name, n in _pods_per_node(cache, pi, c).items():
            value = eligible.get(node_name)
            if value is not None:
                counts[value] = counts.get(value, 0) + n
        domains = len(set(eligible.values()))
        c.counts = counts
        c.min_match = min(counts.values()) if counts and len(counts) >= domains else 0
        if c.min_domains and domains < c.min_domains:
            c.min_match = 0     # Mirrors minDomains: too few domains means a global minimum of 0
        c.self_match = 1 if c.selector.matches(pi.labels) else 0
    return cons


def filter(cons: list[Constraint], ni: NodeInfo) -> Status | None:
    """'existing matching num' + 'self-match' - 'global minimum' <= maxSkew, per constraint."""
    labels = ni.labels
    for c in cons:
        value = labels.get(c.key)
        if value is None:
            return _LABEL_MISSING
        if c.counts.get(value, 0) + c.self_match - c.min_match > c.max_skew:
            return _NOT_MATCH
    return None


# -- Score --------------------------------------------------------------------------------
def score(pi: PodInfo, nodes: list[NodeInfo], cache: Cache, window: Any) -> list[int] | int | None:
    explicit = bool(pi.spec.get("topologySpreadConstraints"))
    cons = constraints(pi, "ScheduleAnyway") if explicit else default_constraints(pi)
    if not cons or not nodes:
        return None
    if not explicit:
        fast = _default_fast(pi, cache, window, len(nodes))
        if fast is not None:
            return fast
    # Mirrors PreScore: only user-given constraints require nodes to carry every key.
    ignored = {ni.name for ni in nodes if not all(c.key in ni.labels for c in cons)} if explicit else set()
    for c in cons:
        _prepare_score(cache, pi, cons, c, nodes, ignored)
    raw = [_raw_score(cons, ni) for ni in nodes]
    return _normalize(raw, [ni.name in ignored for ni in nodes] if ignored else None)


def _default_fast(pi: PodInfo, cache: Cache, window: Any, scored: int) -> list[int] | int | None:
    """System defaults with the cache's per-owner and per-zone arrays, when every node has a
    hostname label and the pod does not narrow nodes (else None: take the general path)."""
    num_all = len(cache.node_list())
    if len(cache.topology_values(HOSTNAME)) != num_all or _constrains_nodes(pi):
        return None
    if pi.owner not in cache.owner_nodes and len(cache.topology_values(ZONE)) in (0, num_all):
        return 100      # no sibling placed yet and every node scores alike
    counts = window.pick(cache.owner_array(pi.owner))
    (_, host_skew), (_, zone_skew) = SYSTEM_DEFAULT_CONSTRAINTS
    host_weight = math.log(scored + 2)
    if cache.topology_values(ZONE):
        zones = window.pick(cache.topology_array(ZONE))
        zone_of = _zone_contributions(pi, cache, zones, zone_skew)
        keys: list[Any] = list(zip(counts, zones, strict=True))
        raw_of = {k: int(k[0] * host_weight + host_skew - 1 + zone_of[k[1]] + 0.5) for k in set(keys)}
    else:
        keys = counts
        raw_of = {c: int(c * host_weight + host_skew - 1 + 0.5) for c in set(counts)}
    # Nodes share a handful of distinct (count, zone) keys: normalise per key, then map.
    low, high = min(raw_of.values()), max(raw_of.values())
    if high == 0:
        return 100
    norm_of = {k: 100 * (high + low - r) // high for k, r in raw_of.items()}
    return list(map(norm_of.__getitem__, keys))


def _zone_contributions(pi: PodInfo, cache: Cache, zones: list[str | None],
                        skew: int) -> dict[str | None, float]:
    """Per zone value: matching pods in that zone × log(zones among scored nodes + 2) + maxSkew-1.
    Nodes without the label count under "" (as node.Labels[key] reads) but score nothing."""
    domains = {"" if z is None else z for z in zones}
    weight = math.log(len(domains) + 2)
    zone_values = cache.topology_values(ZONE)
    counts = dict.fromkeys(domains, 0)
    for node_name, n in cache.owner_nodes.get(pi.owner, {}).items():
        value = zone_values.get(node_name, "")
        if value in counts and cache.get(node_name) is not None:
            counts[value] += n
    out: dict[str | None, float] = {z: counts[z] * weight + skew - 1 for z in domains}
    out[None] = 0.0     # a node without the label gets nothing from this constraint
    return out


def _prepare_score(cache: Cache, pi: PodInfo, cons: list[Constraint], c: Constraint,
                   nodes: list[NodeInfo], ignored: set[str]) -> None:
    if c.key == HOSTNAME:
        c.weight = math.log(len(nodes) - len(ignored) + 2)
        c.counts = _pods_per_node(cache, pi, c)     # per node name: counted on the node itself
        return
    domains = {ni.labels.get(c.key, "") for ni in nodes if ni.name not in ignored}
    c.weight = math.log(len(domains) + 2)
    per_node = _pods_per_node(cache, pi, c)
    counts = dict.fromkeys(domains, 0)
    require_all = c.owner is None
    for node_name, n in per_node.items():
        ni = cache.get(node_name)
        if ni is None or (require_all and not all(o.key in ni.labels for o in cons)):
            continue
        value = ni.labels.get(c.key, "")
        if value in counts and _node_included(c, pi, ni):
            counts[value] += n
    c.counts = counts


def _raw_score(cons: list[Constraint], ni: NodeInfo) -> int:
    total = 0.0
    labels = ni.labels
    for c in cons:
        value = labels.get(c.key)
        if value is not None:
            cnt = c.counts.get(ni.name if c.key == HOSTNAME else value, 0)
            total += cnt * c.weight + (c.max_skew - 1)
    return int(total + 0.5)     # math.Round on a non-negative score


def _normalize(raw: list[int], ignored: list[bool] | None) -> list[int]:
    """Mirrors NormalizeScore: fewer matching pods score higher; ignored nodes score 0."""
    live = [s for i, s in enumerate(raw) if not ignored or not ignored[i]]
    if not live:
        return [0] * len(raw)
    low, high = min(live), max(live)
    out = []
    for i, s in enumerate(raw):
        if ignored and ignored[i]:
            out.append(0)
        elif high == 0:
            out.append(100)
        else:
            out.append(100 * (high + low - s) // high)
    return out
