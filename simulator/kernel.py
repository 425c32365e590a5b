"""Discrete-event kernel: a simulated clock, an event heap and the one seeded rng.

Modelled on SimPy's core: a heap ordered by ``(time, priority, seq)``; the wall clock
is only a pacing layer on top (the web shell advances ``run(until=...)`` each tick).
"""
from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from typing import Any


class Timer:
    """A scheduled callback that can be cancelled before it fires."""

    __slots__ = ("time", "fn", "args", "cancelled", "__weakref__")

    def __init__(self, time: float, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.time = time
        self.fn = fn
        self.args = args
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Kernel:
    """Simulated time in seconds since the cluster started."""

    def __init__(self, *, seed: int = 0) -> None:
        self.now: float = 0.0
        self.rng = random.Random(seed)
        self._heap: list[tuple[float, int, int, Timer]] = []
        self._seq = 0

    def call_later(self, delay: float, fn: Callable[..., Any], *args: Any, priority: int = 0) -> Timer:
        """Run ``fn(*args)`` ``delay`` simulated seconds from now."""
        return self.call_at(self.now + max(0.0, delay), fn, *args, priority=priority)

    def call_at(self, time: float, fn: Callable[..., Any], *args: Any, priority: int = 0) -> Timer:
        timer = Timer(max(time, self.now), fn, args)
        self._seq += 1
        heapq.heappush(self._heap, (timer.time, priority, self._seq, timer))
        return timer

    def peek(self) -> float | None:
        """Time of the next live event, or None when nothing is scheduled."""
        heap = self._heap
        while heap and heap[0][3].cancelled:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def step(self) -> bool:
        """Fire the next event; False when the heap is empty."""
        heap = self._heap
        while heap:
            time, _, _, timer = heapq.heappop(heap)
            if timer.cancelled:
                continue
            self.now = time
            timer.fn(*timer.args)
            return True
        return False

    def run(self, *, until: float) -> None:
        """Fire every event due up to ``until``, then set the clock to ``until``."""
        heap = self._heap
        pop = heapq.heappop
        while heap and heap[0][0] <= until:
            time, _, _, timer = pop(heap)
            if timer.cancelled:
                continue
            self.now = time
            timer.fn(*timer.args)
        if until > self.now:
            self.now = until

    def pending(self) -> int:
        return sum(1 for entry in self._heap if not entry[3].cancelled)
