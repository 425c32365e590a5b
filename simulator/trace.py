"""The trace: every interaction between components, as past-tense events.

Diagrams, the event log, kubectl events, the CLI and the tests are projections of it.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple


class TraceEvent(NamedTuple):
    """Immutable and cheap to create: a busy cluster emits millions of these."""

    seq: int
    t: float
    actor: str
    target: str
    verb: str
    object: str
    message: str
    kind: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "t": round(self.t, 6),
            "actor": self.actor,
            "target": self.target,
            "verb": self.verb,
            "object": self.object,
            "kind": self.kind,
            "message": self.message,
        }


class Trace:
    """Append-only event log with a bounded memory and live subscribers."""

    def __init__(self, clock: Callable[[], float], *, keep: int = 100_000) -> None:
        self._clock = clock
        self.events: deque[TraceEvent] = deque(maxlen=keep)
        self._subscribers: list[Callable[[TraceEvent], None]] = []
        self.seq = 0

    def emit(self, actor: str, target: str, verb: str, obj: str, message: str, *, kind: str) -> TraceEvent:
        self.seq += 1
        # positional: fast
        event = TraceEvent(self.seq, self._clock(), actor, target, verb, obj, message, kind)
        self.events.append(event)
        for subscriber in self._subscribers:
            subscriber(event)
        return event

    def subscribe(self, fn: Callable[[TraceEvent], None]) -> Callable[[], None]:
        self._subscribers.append(fn)
        return lambda: self._subscribers.remove(fn)

    def since(self, seq: int) -> Iterator[TraceEvent]:
        """Events with a sequence number above ``seq`` still held in memory."""
        for event in self.events:
            if event.seq > seq:
                yield event

    def __iter__(self) -> Iterator[TraceEvent]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)
