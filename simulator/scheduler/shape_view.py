"""Memoised per-node filter verdicts and resource scores for one pod shape.

Pods of one workload share tolerations, node selection and requests, so for them the
static filters, NodeResourcesFit's filter, LeastAllocated and BalancedAllocation are pure
functions of each node's state. A ShapeView holds those per node position; the cache marks
a position dirty when its node changes (a bind changes one node), so a cycle refreshes a
few entries and then filters and gathers with C-level list operations. Results are
identical to evaluating every plugin on every node.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import compress, repeat
from operator import is_, is_not
from typing import Any

from .node_info import UNKNOWN, NodeInfo
from .plugins import node_resources_balanced_allocation as balanced_allocation
from .plugins import node_resources_fit as fit
from .pod_info import PodInfo
from .status import Status

_MAX_SHAPES = 64
_MAX_SLICED_FAILURES = 64     # beyond this, gather positions instead of slicing


class Window:
    """The feasible nodes of a cycle as a round-robin slice of node positions minus the
    failing ones; ``pick`` reads a position-aligned sequence with two slices and a few dels."""

    __slots__ = ("start", "end", "n", "drop")

    def __init__(self, start: int, processed: int, n: int, failed_offsets: list[int]) -> None:
        self.start, self.end, self.n = start, start + processed, n
        self.drop = failed_offsets[::-1]

    def pick(self, seq: Any) -> Any:
        """A list (or array, for an array) of ``seq``'s entries at the feasible positions."""
        start, end, n = self.start, self.end, self.n
        out = seq[start:end] if end <= n else seq[start:] + seq[:end - n]
        for off in self.drop:
            del out[off]
        return out


class Gather:
    """The feasible nodes of a cycle as explicit positions (many failures, or per-node filtering)."""

    __slots__ = ("idxs",)

    def __init__(self, idxs: list[int]) -> None:
        self.idxs = idxs

    def pick(self, seq: Sequence[Any]) -> list[Any]:
        return list(map(seq.__getitem__, self.idxs))


class ShapeView:
    __slots__ = ("pi", "fit", "balanced", "weights", "verdict", "failing", "least", "balance", "total",
                 "dirty")

    def __init__(self, pi: PodInfo, n: int, *, fit_weight: int | None, balanced_weight: int | None) -> None:
        self.pi = pi        # a representative: only its shape (spec selection, requests) is read
        self.fit = fit_weight is not None
        self.balanced = balanced_weight is not None and not balanced_allocation.skip(pi)
        self.weights = (fit_weight or 0, balanced_weight or 0 if self.balanced else 0)
        self.verdict: list[Status | None] = [None] * n
        self.failing: set[int] = set()
        self.least = [0] * n
        self.balance = [0] * n
        self.total = [0] * n       # the two weighted scores summed, for selectHost
        self.dirty: set[int] = set(range(n))

    def refresh(self, nodes: list[NodeInfo], static: list[Any],
                static_status: Callable[[NodeInfo], Status | None]) -> None:
        pi = self.pi
        w_least, w_balance = self.weights
        for i in self.dirty:
            ni = nodes[i]
            st = static[i]
            if st is UNKNOWN:
                st = static[i] = static_status(ni)
            if st is None and self.fit and not fit.fits(pi, ni):
                st = fit.insufficient(pi, ni)
            self.verdict[i] = st
            if st is None:
                self.failing.discard(i)
            else:
                self.failing.add(i)
            least = fit.least_allocated(ni, pi.nz_cpu, pi.nz_mem) if self.fit else 0
            balance = balanced_allocation.balanced(ni, pi.cpu, pi.mem) if self.balanced else 0
            self.least[i], self.balance[i] = least, balance
            self.total[i] = w_least * least + w_balance * balance
        self.dirty.clear()

    def find(self, start: int, need: int) -> tuple[Window | Gather, list[tuple[int, Status]], int]:
        """Round-robin filtering from ``start``, stopping at ``need`` feasible nodes as
        findNodesThatPassFilters does: (feasible nodes, (offset, status) failures, processed)."""
        verdict = self.verdict
        n = len(verdict)
        if len(self.failing) > _MAX_SLICED_FAILURES:
            return self._find_gather(start, need)
        offsets = sorted((i - start) % n for i in self.failing)
        processed = need
        inside = 0
        for off in offsets:
            if off >= processed:
                break
            processed += 1
            inside += 1
        processed = min(processed, n)
        del offsets[inside:]
        failed = [(off, verdict[(start + off) % n]) for off in offsets]
        return Window(start, processed, n, offsets), failed, processed

    def _find_gather(self, start: int, need: int) -> tuple[Gather, list[tuple[int, Status]], int]:
        verdict = self.verdict
        n = len(verdict)
        rotated = verdict[start:] + verdict[:start] if start else verdict
        passing = list(compress(range(n), map(is_, rotated, repeat(None))))
        if len(passing) >= need:
            del passing[need:]
            processed = passing[-1] + 1 if passing else 0
        else:
            processed = n
        failed = [(k, rotated[k]) for k in compress(range(processed), map(is_not, rotated, repeat(None)))]
        return Gather([(k + start) % n for k in passing]), failed, processed


def shape_view(cache: Any, sig: str, pi: PodInfo, **weights: int | None) -> ShapeView | None:
    """The memoised view for this shape; None the first time a shape is seen (a one-off
    pod is cheaper to evaluate directly than to memoise for every node)."""
    shape = (sig, pi.cpu, pi.mem, pi.nz_cpu, pi.nz_mem, tuple(weights.values()))
    view = cache.shape_views.get(shape)
    if isinstance(view, ShapeView):
        return view
    if view is None:
        if len(cache.shape_views) >= _MAX_SHAPES:
            del cache.shape_views[next(iter(cache.shape_views))]
        cache.shape_views[shape] = _Seen()
        return None
    view = cache.shape_views[shape] = ShapeView(pi, len(cache.node_list()), **weights)
    return view


class _Discard:
    __slots__ = ()

    def add(self, _idx: int) -> None:
        pass


class _Seen:
    """A shape seen once: remembered (so the second pod memoises) but not yet computed."""

    __slots__ = ()
    dirty = _Discard()
