"""SchedulingQueue: PrioritySort order, per-pod backoff, parking and cluster-event moves."""
from __future__ import annotations

import pytest

from simulator.scheduler.queue import (
    ACTIVE,
    BACKOFF,
    POD_MAX_IN_UNSCHEDULABLE,
    UNSCHEDULABLE,
    SchedulingQueue,
    backoff_duration,
)
from tests.test_scheduler_fixtures import make_pod


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(clock: Clock) -> SchedulingQueue:
    return SchedulingQueue(clock)


def fail(queue: SchedulingQueue, rejectors=("NodeResourcesFit",)) -> str:
    qpi = queue.pop()
    queue.add_unschedulable(qpi, rejectors, queue.scheduling_cycle)
    return qpi.key


def test_priority_then_fifo(queue, clock):
    queue.add(make_pod("low-1"))
    clock.now = 1
    queue.add(make_pod("high", priority=1000))
    clock.now = 2
    queue.add(make_pod("low-2"))
    assert [queue.pop().key for _ in range(3)] == ["default/high", "default/low-1", "default/low-2"]
    assert queue.pop() is None


@pytest.mark.parametrize("attempts, seconds", [(1, 1), (2, 2), (3, 4), (4, 8), (5, 10), (9, 10)])
def test_backoff_doubles_from_one_second_to_ten(attempts, seconds):
    assert backoff_duration(attempts) == seconds


def test_unschedulable_pods_wait_for_a_relevant_event(queue, clock):
    queue.add(make_pod("p"))
    fail(queue)
    assert queue.pending() == [("default/p", UNSCHEDULABLE)]
    assert queue.move_all_to_active_or_backoff("AssignedPodAdd") == 0    # irrelevant to NodeResourcesFit
    assert queue.move_all_to_active_or_backoff("AssignedPodDelete") == 1
    assert queue.pending() == [("default/p", BACKOFF)]                  # still inside its 1 s backoff
    clock.now = 1.0
    assert queue.flush_backoff_completed() == 1
    assert queue.pending() == [("default/p", ACTIVE)]


def test_moved_after_backoff_goes_straight_to_active(queue, clock):
    queue.add(make_pod("p"))
    fail(queue, ("TaintToleration",))
    clock.now = 5
    queue.move_all_to_active_or_backoff("NodeUpdate")
    assert queue.pending() == [("default/p", ACTIVE)]


def test_event_during_the_cycle_sends_the_pod_to_backoff(queue):
    queue.add(make_pod("p"))
    qpi = queue.pop()
    cycle = queue.scheduling_cycle
    queue.move_all_to_active_or_backoff("NodeAdd")     # e.g. a node joined while we were filtering
    queue.add_unschedulable(qpi, {"NodeResourcesFit"}, cycle)
    assert queue.pending() == [("default/p", BACKOFF)]


def test_errors_back_off_and_expiry_grows_per_attempt(queue, clock):
    queue.add(make_pod("p"))
    expiries = []
    for _ in range(5):
        qpi = queue.pop()
        queue.add_unschedulable(qpi, (), queue.scheduling_cycle)    # no rejector: an error → backoffQ
        expiries.append(queue.next_backoff_expiry() - clock.now)
        clock.now = queue.next_backoff_expiry()
        queue.flush_backoff_completed()
    assert expiries == [1, 2, 4, 8, 10]


def test_parked_pods_are_flushed_after_five_minutes(queue, clock):
    queue.add(make_pod("p"))
    fail(queue)
    clock.now = POD_MAX_IN_UNSCHEDULABLE
    assert queue.flush_unschedulable_leftover() == 0
    clock.now = POD_MAX_IN_UNSCHEDULABLE + 1
    assert queue.flush_unschedulable_leftover() == 1
    assert queue.pending() == [("default/p", ACTIVE)]


def test_spec_update_retries_a_parked_pod(queue, clock):
    old = make_pod("p")
    queue.add(old)
    fail(queue)
    clock.now = 3
    new = make_pod("p", tolerations=[{"operator": "Exists"}])
    queue.update(old, new)
    assert queue.pending() == [("default/p", ACTIVE)]
    assert queue.pop().pod is new


def test_delete_removes_from_every_queue(queue):
    for name in ("a", "b", "c"):
        queue.add(make_pod(name))
    fail(queue)
    queue.delete(make_pod("a"))
    queue.delete("default/b")
    assert queue.pending() == [("default/c", ACTIVE)]
    assert "default/a" not in queue and len(queue) == 1


def test_readding_a_queued_pod_keeps_one_entry(queue):
    queue.add(make_pod("p"))
    queue.add(make_pod("p"))
    assert queue.pending() == [("default/p", ACTIVE)]
    assert queue.pop() is not None and queue.pop() is None


def test_gated_pods_wait_untried_until_their_gates_are_removed(queue, clock):
    gated = make_pod("g", schedulingGates=[{"name": "example.com/quota"}])
    queue.add(gated)
    assert queue.pop() is None and queue.pending() == [("default/g", UNSCHEDULABLE)]
    assert queue.move_all_to_active_or_backoff("NodeAdd") == 0
    clock.now = POD_MAX_IN_UNSCHEDULABLE + 60
    assert queue.flush_unschedulable_leftover() == 0
    queue.update(gated, make_pod("g", schedulingGates=[{"name": "example.com/quota"}], priority=5))
    assert queue.pop() is None
    queue.update(gated, make_pod("g"))
    assert queue.pop().key == "default/g"
