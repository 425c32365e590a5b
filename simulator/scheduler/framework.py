"""One scheduling cycle, as pkg/scheduler/schedule_one.go runs it.

PreFilter (plugins that do not concern the pod return Skip) → Filter over nodes in
round-robin order until enough feasible nodes are found (percentageOfNodesToScore) →
Score + NormalizeScore → weighted sum → a seeded pick among the top scores.

Speed, with results identical to running every plugin on every node: filters that read
only static node properties (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity)
are evaluated once per (pod signature, node) and kept until that node changes; pods of
one shape also share memoised NodeResourcesFit verdicts and resource scores (shape_view),
refreshed only for nodes that changed since; plugins a pod does not concern are skipped
at PreFilter/PreScore as upstream does.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress, count, islice, repeat
from operator import add, eq, mul
from typing import Any

from ..objects import Obj
from .cache import Cache
from .node_info import UNKNOWN, NodeInfo
from .plugins import (
    default_preemption,
    image_locality,
    inter_pod_affinity,
    node_affinity,
    node_name,
    node_ports,
    node_resources_balanced_allocation,
    node_resources_fit,
    node_unschedulable,
    pod_topology_spread,
    taint_toleration,
)
from .plugins.default_preemption import histogram_message
from .pod_info import PodInfo
from .result import ScheduleResult
from .shape_view import Gather, ShapeView, Window, shape_view
from .status import Status

# Mirrors schedule_one.go.
MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5
NO_NODES_AVAILABLE = "no nodes available to schedule pods"
_STATIC_FILTERS = (node_unschedulable, node_name, taint_toleration, node_affinity)
# The default profile's score plugins and weights (apis/config/v1 getDefaultPlugins).
DEFAULT_WEIGHTS = {
    taint_toleration.NAME: 3, node_affinity.NAME: 2, node_resources_fit.NAME: 1,
    pod_topology_spread.NAME: 2, inter_pod_affinity.NAME: 2,
    node_resources_balanced_allocation.NAME: 1, image_locality.NAME: 1,
}
_SCORERS: tuple[tuple[str, Callable[..., Any]], ...] = tuple((p.NAME, p.score) for p in (
    taint_toleration, node_affinity, node_resources_fit, pod_topology_spread, inter_pod_affinity,
    node_resources_balanced_allocation, image_locality))
_MAX_STATIC_VIEWS = 256
_NEVER = -(1 << 62)     # a zero request: never "Insufficient" (fitsRequest checks request > 0)


@dataclass(frozen=True)
class Profile:
    """A scheduler profile: which plugins run, score weights, percentageOfNodesToScore (0 = adaptive)."""

    name: str = "default-scheduler"
    disabled: frozenset[str] = frozenset()
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    percentage_of_nodes_to_score: int = 0

    def enabled(self, plugin: str) -> bool:
        return plugin not in self.disabled


DEFAULT = Profile()


def num_feasible_nodes_to_find(num_all: int, percentage: int = 0) -> int:
    """Mirrors numFeasibleNodesToFind: adaptive 50% − nodes/125, at least 5% and 100 nodes."""
    if num_all < MIN_FEASIBLE_NODES_TO_FIND:
        return num_all
    if percentage == 0:
        percentage = max(50 - num_all // 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
    return max(num_all * percentage // 100, MIN_FEASIBLE_NODES_TO_FIND)


def static_signature(pod_spec: Obj, profile: Profile) -> str:
    """What the static filters read from a pod: pods agreeing on it share verdicts."""
    aff = pod_spec.get("affinity") or {}
    return repr((profile.name, sorted(profile.disabled), pod_spec.get("nodeName"),
                 pod_spec.get("tolerations"),
                 pod_spec.get("nodeSelector"), aff.get("nodeAffinity")))


def static_view(sig: str, cache: Cache) -> list[Any]:
    """Per-node verdicts of the static filters for pods with this signature (filled lazily)."""
    view = cache.static_views.get(sig)
    if view is None:
        if len(cache.static_views) >= _MAX_STATIC_VIEWS:
            del cache.static_views[next(iter(cache.static_views))]
        view = cache.static_views[sig] = [UNKNOWN] * len(cache.node_list())
    return view


def _static_status(pod_spec: Obj, ni: NodeInfo, profile: Profile) -> Status | None:
    for plugin in _STATIC_FILTERS:
        if profile.enabled(plugin.NAME):
            status = plugin.filter(pod_spec, ni)
            if status is not None:
                return status
    return None


def _late_filters(pi: PodInfo, cache: Cache, profile: Profile) -> list[tuple[Callable[..., Any], Any]]:
    """PreFilter of the dynamic filters after NodeResourcesFit; skipped plugins drop out."""
    out = []
    for plugin in (pod_topology_spread, inter_pod_affinity):
        if profile.enabled(plugin.NAME):
            state = plugin.pre_filter(pi, cache)
            if state is not None:
                out.append((plugin.filter, state))
    return out


class Cycle:
    """One pod's scheduling cycle state (CycleState): its views and feasible positions."""

    __slots__ = ("pi", "profile", "sig", "static", "shape", "window")

    def __init__(self, pi: PodInfo, cache: Cache, profile: Profile) -> None:
        self.pi, self.profile = pi, profile
        self.sig = static_signature(pi.spec, profile)
        self.static = static_view(self.sig, cache)
        self.shape: ShapeView | None = None
        self.window: Window | Gather = Gather([])


def find_feasible(cycle: Cycle, cache: Cache, result: ScheduleResult) -> list[NodeInfo]:
    """findNodesThatPassFilters: round-robin from nextStartNodeIndex, stop at enough nodes."""
    pi, profile = cycle.pi, cycle.profile
    nodes = cache.node_list()
    n = len(nodes)
    need = num_feasible_nodes_to_find(n, profile.percentage_of_nodes_to_score)
    start = cache.next_start_index % n
    ports = node_ports.pre_filter(pi) if profile.enabled(node_ports.NAME) else None
    late = _late_filters(pi, cache, profile)
    if ports is None and not late:
        cycle.shape = shape_view(cache, cycle.sig, pi, fit_weight=_weight(profile, node_resources_fit.NAME),
                                 balanced_weight=_weight(profile, node_resources_balanced_allocation.NAME))
    if cycle.shape is not None:
        spec = pi.spec
        cycle.shape.refresh(nodes, cycle.static, lambda ni: _static_status(spec, ni, profile))
        window, failed, processed = cycle.shape.find(start, need)
    else:
        idxs, failed, processed = _filter_each(cycle, nodes, start, need, ports, late)
        window = Gather(idxs)
    cache.next_start_index = (start + processed) % n
    cycle.window = window
    feasible = window.pick(nodes)
    result.record_filters(cache.node_names(), start, processed, failed, len(feasible))
    return feasible


def _weight(profile: Profile, plugin: str) -> int | None:
    return profile.weights.get(plugin, 0) if profile.enabled(plugin) else None


def _filter_each(cycle: Cycle, nodes: list[NodeInfo], start: int, need: int, ports: Any,
                 late: list[tuple[Callable[..., Any], Any]]
                 ) -> tuple[list[int], list[tuple[int, Status]], int]:
    """RunFilterPlugins node by node, in upstream order (static, NodePorts, Fit, spread, affinity).
    One loop on purpose: it is the per-node hot path when a pod's shape is not memoised."""
    pi, profile, view = cycle.pi, cycle.profile, cycle.static
    spec, n = pi.spec, len(nodes)
    pc, pm, pods_floor = _fit_thresholds(pi, profile)
    idxs: list[int] = []
    failed: list[tuple[int, Status]] = []
    k = -1
    for k in range(n):
        i = start + k
        if i >= n:
            i -= n
        ni = nodes[i]
        st = view[i]
        if st is UNKNOWN:
            st = view[i] = _static_status(spec, ni, profile)
        if st is None and ports is not None:
            st = node_ports.filter(ports, ni)
        if st is None and (ni.free_pods <= pods_floor or pc > ni.free_cpu or pm > ni.free_mem):
            st = node_resources_fit.insufficient(pi, ni)
        if st is None and late:
            for fn, state in late:
                st = fn(state, ni)
                if st is not None:
                    break
        if st is None:
            idxs.append(i)
            if len(idxs) >= need:
                break
        else:
            failed.append((k, st))
    return idxs, failed, k + 1


def _fit_thresholds(pi: PodInfo, profile: Profile) -> tuple[int, int, int]:
    """NodeResourcesFit's filter as comparisons against NodeInfo.free_*: (cpu, memory, pods floor)."""
    if not profile.enabled(node_resources_fit.NAME):
        return _NEVER, _NEVER, _NEVER
    return pi.cpu or _NEVER, pi.mem or _NEVER, 0


def prioritize(cycle: Cycle, nodes: list[NodeInfo], cache: Cache) -> tuple[dict[str, Any], list[int]]:
    """RunScorePlugins: per-plugin normalised scores (list, or one int for all) and weighted totals."""
    pi, profile, shape, window = cycle.pi, cycle.profile, cycle.shape, cycle.window
    memoised = (node_resources_fit.NAME, node_resources_balanced_allocation.NAME) if shape is not None else ()
    scores: dict[str, list[int] | int] = {}
    for plugin, fn in _SCORERS:
        if not profile.enabled(plugin):
            continue
        if plugin in memoised:
            s: Any = window.pick(shape.least if plugin == node_resources_fit.NAME else shape.balance)
            s = s if plugin == node_resources_fit.NAME or shape.balanced else None
        else:
            s = fn(pi, nodes, cache, window)
        if s is not None:
            scores[plugin] = s
    weights = profile.weights
    # A score shared by every node shifts all totals alike: selectHost ignores it.
    totals = window.pick(shape.total) if shape is not None else [0] * len(nodes)
    for p, s in scores.items():
        if isinstance(s, list) and p not in memoised:
            w = weights.get(p, 0)
            totals = list(map(add, totals, s if w == 1 else map(mul, s, repeat(w))))
    return scores, totals


def select_host(totals: list[int], rng: Any) -> int:
    """selectHost: the highest total; ties broken uniformly with the seeded rng (one draw,
    the same distribution as upstream's reservoir sampling over the tied nodes)."""
    best = max(totals)
    ties = totals.count(best)
    idx = totals.index(best)
    if ties == 1:
        return idx
    pick = rng.randrange(ties)
    if pick > 8:    # the pick-th tie, found at C speed and without materialising the rest
        return next(islice(compress(count(), map(eq, totals, repeat(best))), pick, None))
    for _ in range(pick):
        idx = totals.index(best, idx + 1)
    return idx


def fit_error_message(pi: PodInfo, num_nodes: int, statuses: list[Status], profile: Profile) -> str:
    """FitError.Error(): the reason histogram, then DefaultPreemption's verdict."""
    counts: dict[str, int] = {}
    for st in statuses:
        for reason in st.reasons:
            counts[reason] = counts.get(reason, 0) + 1
    message = histogram_message(num_nodes, counts) + "."
    if profile.enabled(default_preemption.NAME):
        message += " " + default_preemption.post_filter_message(pi, num_nodes, statuses) + "."
    return message


def schedule_one(pod: Obj, cache: Cache, *, rng: Any, plugins: Profile = DEFAULT,
                 info: PodInfo | None = None) -> ScheduleResult:
    """Pick a node for ``pod`` (schedulePod); the caller assumes and binds it."""
    pi = info or PodInfo(pod)
    nodes = cache.node_list()
    result = ScheduleResult(pi.key, node=None, num_nodes=len(nodes))
    if not nodes:
        result.message = NO_NODES_AVAILABLE
        return result
    cycle = Cycle(pi, cache, plugins)
    feasible = find_feasible(cycle, cache, result)
    if not feasible:
        result.message = fit_error_message(pi, len(nodes), list(result.statuses.values()), plugins)
        return result
    if len(feasible) == 1:
        result.node = feasible[0].name      # Mirrors schedulePod: one feasible node is not scored
        return result
    scores, totals = prioritize(cycle, feasible, cache)
    result.record_scores(scores, {p: plugins.weights.get(p, 0) for p in scores})
    result.node = feasible[select_host(totals, rng)].name
    return result
