"""client-go's rate-limited work queue, drained through kernel events.

Semantics kept from ``k8s.io/client-go/util/workqueue``: a key queued twice is processed
once (dedup), one worker handles a key at a time, ``add_after`` keeps the earliest wake-up
of a key, and ``add_rate_limited`` backs off exponentially per key (5 ms doubling to
1000 s, ``ItemExponentialFailureRateLimiter``) until ``forget``.

Each reconcile costs ``timing.controller_sync`` simulated seconds. For speed a kernel
event drains a batch of keys (about 0.1 s of reconcile work), then the next batch is
scheduled after the time that batch cost.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from ..kernel import Kernel, Timer

BASE_DELAY = 0.005
MAX_DELAY = 1000.0
BATCH_BUDGET = 0.1


class WorkQueue:
    def __init__(self, kernel: Kernel, timing: Any, worker: Callable[[str], None], *, name: str = "") -> None:
        self.kernel = kernel
        self.timing = timing
        self.worker = worker
        self.name = name
        self._fifo: deque[str] = deque()
        self._queued: set[str] = set()
        self._failures: dict[str, int] = {}
        self._timers: dict[str, Timer] = {}
        self._drain_timer: Timer | None = None
        self._shut = False

    def __len__(self) -> int:
        return len(self._fifo)

    def add(self, key: str) -> None:
        if self._shut or key in self._queued:
            return
        self._queued.add(key)
        self._fifo.append(key)
        self._wake()

    def add_after(self, key: str, delay: float) -> None:
        if self._shut:
            return
        if delay <= 0:
            self.add(key)
            return
        when = self.kernel.now + delay
        timer = self._timers.get(key)
        if timer is not None and not timer.cancelled:
            if timer.time <= when:
                return  # Mirrors the delaying queue: the earliest wake-up wins.
            timer.cancel()
        self._timers[key] = self.kernel.call_at(when, self._fire, key)

    def add_rate_limited(self, key: str) -> None:
        failures = self._failures.get(key, 0)
        self._failures[key] = failures + 1
        self.add_after(key, min(BASE_DELAY * (2 ** failures), MAX_DELAY))

    def forget(self, key: str) -> None:
        self._failures.pop(key, None)

    def num_requeues(self, key: str) -> int:
        return self._failures.get(key, 0)

    def shutdown(self) -> None:
        """The process died: nothing queued or delayed survives."""
        self._shut = True
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        if self._drain_timer is not None:
            self._drain_timer.cancel()
            self._drain_timer = None
        self._fifo.clear()
        self._queued.clear()
        self._failures.clear()

    def _fire(self, key: str) -> None:
        self._timers.pop(key, None)
        self.add(key)

    def _wake(self) -> None:
        if self._drain_timer is None and not self._shut:
            self._drain_timer = self.kernel.call_later(self._cost(), self._drain)

    def _cost(self) -> float:
        return max(0.0, float(self.timing.controller_sync))

    def _drain(self) -> None:
        self._drain_timer = None
        cost = self._cost()
        limit = len(self._fifo)  # keys re-added meanwhile wait for the next batch
        done = 0
        while self._fifo and done < limit and not self._shut:
            if done and done * cost >= BATCH_BUDGET:
                break
            key = self._fifo.popleft()
            self._queued.discard(key)
            self.worker(key)
            done += 1
        if self._fifo and not self._shut and self._drain_timer is None:
            self._drain_timer = self.kernel.call_later(done * cost, self._drain)
