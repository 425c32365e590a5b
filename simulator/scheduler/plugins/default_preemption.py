"""DefaultPreemption (PostFilter): only its verdict is modelled, not victim eviction.

Without lower-priority victims preemption cannot help, and the FailedScheduling message
says why per node, as preemption.Evaluator.findCandidates words it.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..pod_info import PodInfo
from ..status import Status

NAME = "DefaultPreemption"
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
NOT_ELIGIBLE_NEVER = "not eligible due to preemptionPolicy=Never"


def post_filter_message(pi: PodInfo, num_nodes: int, statuses: Iterable[Status]) -> str:
    """The "preemption: ..." sentence appended to the FitError message."""
    if pi.spec.get("preemptionPolicy") == "Never":
        return "preemption: " + NOT_ELIGIBLE_NEVER
    # Mirrors nodesWherePreemptionMightHelp: Unresolvable rejections rule a node out.
    counts: dict[str, int] = {}
    for st in statuses:
        reason = NOT_HELPFUL if st.unresolvable else NO_VICTIMS
        counts[reason] = counts.get(reason, 0) + 1
    return "preemption: " + histogram_message(num_nodes, counts)


def histogram_message(num_nodes: int, counts: dict[str, int]) -> str:
    """Mirrors FitError.Error(): "0/N nodes are available: <count reason>, ..." with the
    "count reason" strings sorted as strings (sort.Strings); the caller adds the period."""
    parts = sorted(f"{n} {reason}" for reason, n in counts.items())
    text = f"0/{num_nodes} nodes are available:"
    return f"{text} {', '.join(parts)}" if parts else text
