"""The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go).

activeQ: pods ready to be tried, highest priority first, then the earliest timestamp
(PrioritySort). backoffQ: pods waiting out 1 s, 2 s, 4 s … capped at 10 s per failed
attempt. unschedulablePods: pods no node fits, parked until a cluster event that could
help them (by the plugins that rejected them) or until 5 minutes have passed.
All time comes from the simulated clock passed in.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

from ..objects import Obj, key, spec

POD_INITIAL_BACKOFF = 1.0                    # podInitialBackoffDuration
POD_MAX_BACKOFF = 10.0                       # podMaxBackoffDuration
POD_MAX_IN_UNSCHEDULABLE = 300.0             # podMaxInUnschedulablePodsDuration
BACKOFF_FLUSH_PERIOD = 1.0                   # flushBackoffQCompleted runs every second
UNSCHEDULABLE_FLUSH_PERIOD = 30.0            # flushUnschedulablePodsLeftover runs every 30 s

ACTIVE, BACKOFF, UNSCHEDULABLE = "active", "backoff", "unschedulable"
UNSCHEDULABLE_TIMEOUT = "UnschedulableTimeout"
SCHEDULING_GATES = "SchedulingGates"
# Mirrors each plugin's EventsToRegister: which cluster events may make its rejection go away.
PLUGIN_EVENTS: dict[str, frozenset[str]] = {
    "NodeUnschedulable": frozenset({"NodeAdd", "NodeUpdate"}),
    "NodeName": frozenset({"NodeAdd"}),
    "TaintToleration": frozenset({"NodeAdd", "NodeUpdate"}),
    "NodeAffinity": frozenset({"NodeAdd", "NodeUpdate"}),
    "NodePorts": frozenset({"NodeAdd", "AssignedPodDelete"}),
    "NodeResourcesFit": frozenset({"NodeAdd", "NodeUpdate", "AssignedPodDelete", "AssignedPodUpdate"}),
    "PodTopologySpread": frozenset({"NodeAdd", "NodeUpdate", "NodeDelete", "AssignedPodAdd",
                                    "AssignedPodUpdate",
                                    "AssignedPodDelete"}),
    "InterPodAffinity": frozenset({"NodeAdd", "NodeUpdate", "AssignedPodAdd", "AssignedPodUpdate",
                                   "AssignedPodDelete"}),
}


class QueuedPodInfo:
    """A pod in the queue with its attempts and the plugins that last rejected it."""

    __slots__ = ("pod", "key", "timestamp", "initial_attempt", "attempts", "rejectors", "seq", "where")

    def __init__(self, pod: Obj, now: float) -> None:
        self.pod = pod
        self.key = key(pod)
        self.timestamp = now
        self.initial_attempt: float | None = None
        self.attempts = 0
        self.rejectors: frozenset[str] = frozenset()
        self.seq = 0
        self.where = ""

    @property
    def priority(self) -> int:
        return int(spec(self.pod).get("priority") or 0)


def gated(pod: Obj) -> bool:
    return bool(spec(pod).get("schedulingGates"))


def backoff_duration(attempts: int) -> float:
    """Mirrors calculateBackoffDuration: 1 s doubling per attempt, capped at 10 s."""
    duration = POD_INITIAL_BACKOFF
    for _ in range(1, attempts):
        if duration > POD_MAX_BACKOFF - duration:
            return POD_MAX_BACKOFF
        duration += duration
    return duration


class SchedulingQueue:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._pods: dict[str, QueuedPodInfo] = {}      # every pod the queue holds, by key
        self._active: list[tuple[int, float, int, QueuedPodInfo]] = []
        self._backoff: list[tuple[float, int, QueuedPodInfo]] = []
        self._unschedulable: dict[str, QueuedPodInfo] = {}
        # Parked pods by rejecting plugin ("" = any event helps), so an event visits only its own.
        self._parked_by: dict[str, dict[str, QueuedPodInfo]] = {}
        self.in_flight: dict[str, QueuedPodInfo] = {}
        self._seq = 0
        self.scheduling_cycle = 0
        self.move_request_cycle = -1

    # -- placement ---------------------------------------------------------------------
    def _place(self, qpi: QueuedPodInfo, where: str) -> None:
        self._unpark(qpi.key)
        self._seq += 1
        qpi.seq, qpi.where = self._seq, where
        self._pods[qpi.key] = qpi
        if where == ACTIVE:
            heapq.heappush(self._active, (-qpi.priority, qpi.timestamp, qpi.seq, qpi))
        elif where == BACKOFF:
            heapq.heappush(self._backoff, (self.backoff_expiry(qpi), qpi.seq, qpi))
        else:
            self._unschedulable[qpi.key] = qpi
            for plugin in _index_keys(qpi.rejectors):
                self._parked_by.setdefault(plugin, {})[qpi.key] = qpi

    def _unpark(self, pod_key: str) -> None:
        qpi = self._unschedulable.pop(pod_key, None)
        if qpi is not None:
            for plugin in _index_keys(qpi.rejectors):
                bucket = self._parked_by.get(plugin)
                if bucket is not None:
                    bucket.pop(pod_key, None)
                    if not bucket:
                        del self._parked_by[plugin]

    def backoff_expiry(self, qpi: QueuedPodInfo) -> float:
        return qpi.timestamp + backoff_duration(qpi.attempts)

    def _backing_off(self, qpi: QueuedPodInfo) -> bool:
        return self.backoff_expiry(qpi) > self._clock()

    def _active_or_backoff(self, qpi: QueuedPodInfo) -> None:
        self._place(qpi, BACKOFF if qpi.attempts and self._backing_off(qpi) else ACTIVE)

    # -- informer-driven ---------------------------------------------------------------
    def add(self, pod: Obj) -> None:
        """A new pending pod goes straight to activeQ (PriorityQueue.Add)."""
        qpi = self._pods.get(key(pod)) or self.in_flight.get(key(pod))
        if qpi is not None:
            qpi.pod = pod
            return
        qpi = QueuedPodInfo(pod, self._clock())
        if gated(pod):      # Mirrors SchedulingGates' PreEnqueue: wait, untried, for the gates to go
            qpi.rejectors = frozenset((SCHEDULING_GATES,))
            self._place(qpi, UNSCHEDULABLE)
            return
        self._place(qpi, ACTIVE)

    def update(self, old: Obj | None, new: Obj) -> None:
        """An updated pending pod: parked pods whose spec changed get another try."""
        k = key(new)
        if k in self.in_flight:
            self.in_flight[k].pod = new
            return
        qpi = self._pods.get(k)
        if qpi is None:
            self.add(new)
            return
        changed = old is None or spec(old) != spec(new) or (old.get("metadata") or {}).get("labels") != (
            new.get("metadata") or {}).get("labels")
        qpi.pod = new
        if gated(new):
            return
        if qpi.where == UNSCHEDULABLE and (changed or SCHEDULING_GATES in qpi.rejectors):
            qpi.rejectors = qpi.rejectors - {SCHEDULING_GATES}
            self._active_or_backoff(qpi)
        elif qpi.where == ACTIVE:
            self._place(qpi, ACTIVE)        # priority may have changed: re-key the heap entry

    def delete(self, pod: Obj | str) -> None:
        k = pod if isinstance(pod, str) else key(pod)
        qpi = self._pods.pop(k, None)
        if qpi is not None:
            qpi.where = ""      # heap entries die lazily
        self._unpark(k)
        self.in_flight.pop(k, None)

    # -- the scheduling loop -----------------------------------------------------------
    def pop(self) -> QueuedPodInfo | None:
        """The next pod to schedule, or None when activeQ is empty (never blocks)."""
        while self._active:
            _, _, seq, qpi = heapq.heappop(self._active)
            if qpi.where != ACTIVE or qpi.seq != seq:
                continue
            del self._pods[qpi.key]
            qpi.where = ""
            qpi.attempts += 1
            if qpi.initial_attempt is None:
                qpi.initial_attempt = self._clock()
            self.scheduling_cycle += 1
            self.in_flight[qpi.key] = qpi
            return qpi
        return None

    def done(self, pod_key: str) -> None:
        """The pod's scheduling attempt is over (bound, requeued or dropped)."""
        self.in_flight.pop(pod_key, None)

    def add_unschedulable(self, qpi: QueuedPodInfo, rejectors: Iterable[str], pod_cycle: int) -> None:
        """AddUnschedulableIfNotPresent: park the pod, or back it off when a cluster event
        arrived during its cycle (it might fit now) or it failed with an error."""
        self.in_flight.pop(qpi.key, None)
        if qpi.key in self._pods:
            return
        qpi.rejectors = frozenset(rejectors)
        qpi.timestamp = self._clock()
        if self.move_request_cycle >= pod_cycle or not qpi.rejectors:
            self._place(qpi, BACKOFF)
        else:
            self._place(qpi, UNSCHEDULABLE)

    def move_all_to_active_or_backoff(self, event: str) -> int:
        """A cluster event: parked pods it may help leave unschedulablePods; returns how many."""
        if event == UNSCHEDULABLE_TIMEOUT:
            moved = [q for q in self._unschedulable.values() if SCHEDULING_GATES not in q.rejectors]
        else:
            moved = list({q.key: q for p in ("", *_PLUGINS_FOR.get(event, ()))
                          for q in self._parked_by.get(p, {}).values()}.values())
        for qpi in moved:
            self._active_or_backoff(qpi)
        self.move_request_cycle = self.scheduling_cycle
        return len(moved)

    def flush_backoff_completed(self) -> int:
        now, moved = self._clock(), 0
        while self._backoff and self._backoff[0][0] <= now:
            _, seq, qpi = heapq.heappop(self._backoff)
            if qpi.where == BACKOFF and qpi.seq == seq:
                self._place(qpi, ACTIVE)
                moved += 1
        return moved

    def flush_unschedulable_leftover(self) -> int:
        now = self._clock()
        stale = [q for q in self._unschedulable.values()
                 if now - q.timestamp > POD_MAX_IN_UNSCHEDULABLE and SCHEDULING_GATES not in q.rejectors]
        for qpi in stale:
            self._active_or_backoff(qpi)
        return len(stale)

    # -- introspection -----------------------------------------------------------------
    def next_backoff_expiry(self) -> float | None:
        while self._backoff and not _live(self._backoff[0][2], BACKOFF, self._backoff[0][1]):
            heapq.heappop(self._backoff)
        return self._backoff[0][0] if self._backoff else None

    def has_active(self) -> bool:
        while self._active and not _live(self._active[0][3], ACTIVE, self._active[0][2]):
            heapq.heappop(self._active)
        return bool(self._active)

    def has_unschedulable(self) -> bool:
        return bool(self._unschedulable)

    def pending(self) -> list[tuple[str, str]]:
        """(pod key, queue) for every queued pod: activeQ in pop order, backoffQ by expiry, then parked."""
        active = sorted(e for e in self._active if _live(e[3], ACTIVE, e[2]))
        backoff = sorted(e[:2] + (e[2].key,) for e in self._backoff if _live(e[2], BACKOFF, e[1]))
        return ([(e[3].key, ACTIVE) for e in active] + [(e[2], BACKOFF) for e in backoff]
                + [(k, UNSCHEDULABLE) for k in self._unschedulable])

    def get(self, pod_key: str) -> QueuedPodInfo | None:
        return self._pods.get(pod_key) or self.in_flight.get(pod_key)

    def __contains__(self, pod_key: object) -> bool:
        return pod_key in self._pods or pod_key in self.in_flight

    def __len__(self) -> int:
        return len(self._pods)


_PLUGINS_FOR: dict[str, tuple[str, ...]] = {}
for _plugin, _events in PLUGIN_EVENTS.items():
    for _event in _events:
        _PLUGINS_FOR[_event] = _PLUGINS_FOR.get(_event, ()) + (_plugin,)


def _live(qpi: QueuedPodInfo, where: str, seq: int) -> bool:
    """Whether a heap entry is current (entries of moved or deleted pods die lazily)."""
    return qpi.where == where and qpi.seq == seq


def _index_keys(rejectors: frozenset[str]) -> tuple[str, ...]:
    """Where a parked pod is indexed: by its rejecting plugins; "" when unknown or none;
    nowhere while scheduling gates hold it (only removing them releases it)."""
    if SCHEDULING_GATES in rejectors:
        return ()
    known = tuple(p for p in rejectors if p in PLUGIN_EVENTS)
    return known if known and len(known) == len(rejectors) else ("",)
