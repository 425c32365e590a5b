"""The node lifecycle controller's per-zone tainting queue (scheduler.RateLimitedTimedQueue).

Since taint-based eviction, ``--node-eviction-rate`` limits how fast *nodes* get their
NoExecute taint, one zone queue each: a token bucket of ``qps`` with burst 1, so the
first node is tainted at once and the next one 1/qps seconds later. The taint eviction
controller then deletes the pods without delay of its own.
"""
from __future__ import annotations

from collections.abc import Callable

EVICTION_BURST = 1.0


class TokenBucket:
    """flowcontrol.NewTokenBucketRateLimiter: starts full; qps 0 never accepts."""

    def __init__(self, qps: float, now: float) -> None:
        self.qps = qps
        self.tokens = EVICTION_BURST if qps > 0 else 0.0
        self.last = now

    def _refill(self, now: float) -> None:
        if self.qps > 0 and now > self.last:
            self.tokens = min(EVICTION_BURST, self.tokens + (now - self.last) * self.qps)
        self.last = max(self.last, now)

    def try_accept(self, now: float) -> bool:
        if self.qps <= 0:
            return False
        self._refill(now)
        if self.tokens >= 1.0 - 1e-9:
            self.tokens -= 1.0
            return True
        return False

    def wait(self, now: float) -> float | None:
        """Seconds until a token is available; None for a limiter that never accepts."""
        if self.qps <= 0:
            return None
        self._refill(now)
        return max(0.0, (1.0 - self.tokens) / self.qps)


class TimedQueue:
    """A unique queue of node names ordered by processAt, consumed under a token bucket.

    As upstream's UniqueQueue, a processed name stays in the *set* (so it is not re-added
    while the node is still tainted) until ``remove`` or ``set_remove``.
    """

    def __init__(self, qps: float, now: float) -> None:
        self.limiter = TokenBucket(qps, now)
        self._items: dict[str, tuple[float, int]] = {}  # name → (processAt, insertion order)
        self._set: set[str] = set()
        self._seq = 0

    def __len__(self) -> int:
        return len(self._items)

    def add(self, name: str, now: float) -> bool:
        if name in self._set:
            return False
        self._seq += 1
        self._items[name] = (now, self._seq)
        self._set.add(name)
        return True

    def remove(self, name: str) -> bool:
        self._set.discard(name)
        return self._items.pop(name, None) is not None

    def set_remove(self, name: str) -> None:
        """Forget that the name was handled, so it can be added again (taint gone meanwhile)."""
        if name not in self._items:
            self._set.discard(name)

    def swap_limiter(self, qps: float, now: float) -> None:
        """RateLimitedTimedQueue.SwapLimiter, including its drain-when-waiting rule."""
        if self.limiter.qps == qps:
            return
        new = TokenBucket(qps, now)
        if qps > 0 and not self.limiter.try_accept(now):
            new.try_accept(now)
        self.limiter = new

    def try_process(self, now: float, fn: Callable[[str], tuple[bool, float]]) -> None:
        """RateLimitedTimedQueue.Try: a token is taken before the head's time is checked."""
        while self._items:
            name, (process_at, seq) = min(self._items.items(), key=lambda kv: kv[1])
            if not self.limiter.try_accept(now):
                return
            if now < process_at:
                return
            done, wait = fn(name)
            if done:
                del self._items[name]
            else:
                self._items[name] = (now + wait + 1e-9, seq)

    def next_wake(self, now: float) -> float | None:
        """Seconds until ``try_process`` can make progress; None when it never will."""
        if not self._items:
            return None
        token = self.limiter.wait(now)
        if token is None:
            return None
        head = min(t for t, _ in self._items.values())
        return max(token, head - now, 0.0)
