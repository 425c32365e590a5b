"""How a pod worker stops containers: a deleted pod, a pod gone from the API, a changed container.

Mirrors the kubelet's killPod: the image's stop signal, SIGKILL when the grace period
ends, then the sandbox goes; the PodManager then reports the final status and deletes
the pod with grace 0.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .kubelet_status import Slot
from .objects import Obj
from .runtime import Container

if TYPE_CHECKING:
    from .kubelet_worker import PodWorker


def terminate(w: PodWorker, grace: float, *, removed: bool = False) -> None:
    """Begin (or hurry: a second delete may shorten the grace period) the pod's shutdown."""
    first = not w.terminating
    w.removed = w.removed or removed
    w.grace = grace if first else min(w.grace, grace)
    w.terminating = True
    if w.timer is not None:
        w.timer.cancel()
        w.timer = None
    if first:
        w.step()
    elif w.killing:
        kill(w)


def kill(w: PodWorker) -> None:
    """Stop every running container within the grace period; then the sandbox goes."""
    running = [(s, c) for s in w.slots if s.state == "running" and (c := w.container(s)) is not None]
    if not w.killing:
        w.killing = True
        for slot, _ in running:
            w.event("Killing", f"Stopping container {slot.name}")
    for _, c in running:
        w.m.runtime.stop_container(c, w.grace, partial(_stopped, w))
    if not running:
        _teardown(w)


def _stopped(w: PodWorker, c: Container) -> None:
    if w.gone:
        return
    slot = next((s for s in w.slots if s.cid == c.id), None)
    if slot is not None and slot.state == "running":
        slot.exited(c.exit_code, c.reason, c.finished_at or w.m.now)
    if not any(s.state == "running" for s in w.slots):
        _teardown(w)


def _teardown(w: PodWorker) -> None:
    if w.box is None:
        _torn_down(w)
        return
    w.box = None
    w.m.runtime.remove_sandbox(w.uid, partial(_torn_down, w))


def _torn_down(w: PodWorker) -> None:
    if w.gone:
        return
    w.finished = True
    w.m.worker_finished(w)


def respec(w: PodWorker, slot: Slot, spec: Obj) -> None:
    """The container's spec changed (a new image): it is killed and started again."""
    slot.spec = spec
    c = w.container(slot)
    if slot.state == "running" and c is not None and not w.terminating:
        w.event("Killing", f"Container {slot.name} definition changed, will be restarted")
        grace = float((w.pod.get("spec") or {}).get("terminationGracePeriodSeconds", 30))
        w.m.runtime.stop_container(c, grace, partial(_replaced, w))
    elif slot.state != "running":
        slot.retry_at = 0.0
        w.step()


def _replaced(w: PodWorker, c: Container) -> None:
    slot = next((s for s in w.slots if s.cid == c.id), None)
    if w.gone or slot is None:
        return
    slot.exited(c.exit_code, c.reason, c.finished_at or w.m.now)
    slot.waiting("ContainerCreating")
    slot.retry_at = 0.0
    w.m.mark_dirty(w)
    w.step()
