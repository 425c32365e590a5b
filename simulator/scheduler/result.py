"""ScheduleResult: why a pod went where it went, stored compactly.

One record per pod would otherwise hold a dict per evaluated node; instead it keeps the
shared node-order tuple, the round-robin start, one small integer per evaluated node
(0 = passed every filter, k = k-th distinct rejecting Status) and one byte per scored
node per plugin. ``filters``, ``scores`` and ``total`` rebuild the dict views on demand.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from .status import Status


class ScheduleResult:
    __slots__ = ("pod", "node", "feasible", "evaluated", "num_nodes", "message", "_order", "_start",
                 "_codes", "_statuses", "_scores", "_weights")

    def __init__(self, pod: str, *, node: str | None, num_nodes: int, message: str = "") -> None:
        self.pod = pod
        self.node = node
        self.num_nodes = num_nodes
        self.message = message
        self.feasible = 0
        self.evaluated = 0
        self._order: tuple[str, ...] = ()
        self._start = 0
        self._codes: array | None = None
        self._statuses: tuple[Status, ...] = ()
        self._scores: dict[str, bytes | int] = {}
        self._weights: dict[str, int] = {}

    def record_filters(self, order: tuple[str, ...], start: int, evaluated: int,
                       failed: list[tuple[int, Status]], feasible: int) -> None:
        self._order, self._start, self.evaluated, self.feasible = order, start, evaluated, feasible
        if not failed:
            return      # every evaluated node passed: no codes needed
        index: dict[Status, int] = {}
        codes = array("H", [0]) * evaluated
        for k, status in failed:
            code = index.get(status)
            if code is None:
                code = index[status] = len(index) + 1
            codes[k] = code
        self._codes = codes
        self._statuses = tuple(index)

    def record_scores(self, scores: dict[str, list[int] | int], weights: dict[str, int]) -> None:
        self._scores = {p: bytes(s) if isinstance(s, list) else s for p, s in scores.items()}
        self._weights = weights

    # -- views ------------------------------------------------------------------------
    def _evaluated(self) -> Iterator[tuple[str, Status | None]]:
        order, n, codes, statuses = self._order, len(self._order), self._codes, self._statuses
        for k in range(self.evaluated):
            code = codes[k] if codes is not None else 0
            yield order[(self._start + k) % n], statuses[code - 1] if code else None

    @property
    def filters(self) -> dict[str, tuple[str, str] | None]:
        """Evaluated node → (plugin, reason) of the first rejecting filter, or None if it passed."""
        return {name: (st.plugin, st.message) if st else None for name, st in self._evaluated()}

    @property
    def statuses(self) -> dict[str, Status]:
        return {name: st for name, st in self._evaluated() if st is not None}

    def passed(self) -> list[str]:
        return [name for name, st in self._evaluated() if st is None]

    @property
    def scores(self) -> dict[str, dict[str, int]]:
        """Scored node → plugin → weighted score (as upstream's NodePluginScores)."""
        if not self._scores:
            return {}
        out: dict[str, dict[str, int]] = {}
        for i, name in enumerate(self.passed()):
            out[name] = {p: self._weights[p] * (s if isinstance(s, int) else s[i])
                         for p, s in self._scores.items()}
        return out

    @property
    def total(self) -> dict[str, int]:
        return {name: sum(plugins.values()) for name, plugins in self.scores.items()}

    def raw_scores(self) -> dict[str, dict[str, int]]:
        """Scored node → plugin → normalised 0–100 score before weighting."""
        return {name: {p: s if isinstance(s, int) else s[i] for p, s in self._scores.items()}
                for i, name in enumerate(self.passed())} if self._scores else {}

    def summary(self, top: int = 5) -> dict[str, Any]:
        """A JSON-ready digest for the UI: the verdict, rejection counts, the best-scored nodes."""
        rejected: dict[str, int] = {}
        for st in self.statuses.values():
            label = f"{st.plugin}: {st.message}"
            rejected[label] = rejected.get(label, 0) + 1
        totals = self.total
        best = sorted(totals, key=lambda n: (-totals[n], n))[:top]
        scores = self.scores
        return {
            "pod": self.pod, "node": self.node, "message": self.message, "nodes": self.num_nodes,
            "evaluated": self.evaluated, "feasible": self.feasible, "rejected": rejected,
            "top": [{"node": n, "total": totals[n], "scores": scores[n]} for n in best],
        }

    def __repr__(self) -> str:
        return (f"ScheduleResult({self.pod!r}, node={self.node!r}, feasible={self.feasible}, "
                f"evaluated={self.evaluated})")
