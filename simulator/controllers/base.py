"""What a controller returns: actions for the manager to send, and when to look again.

Controllers are level-based, as controller-runtime's reconcilers: ``reconcile(key, view)``
reads the informer caches and returns ``Result(actions=[...], requeue_after=...)``. The
controller manager sends each action through its ApiClient; a failed action (a 409 from a
stale cache, an unreachable apiserver) requeues the key with exponential back-off.

Callbacks let a controller learn what happened, as client-go callers do from a call's
return value: ``then(obj)`` runs after success with the server's answer (e.g. the name the
apiserver generated), ``failed(err)`` after any error (e.g. lower an expectation). Both may
return follow-up actions, which the manager sends at once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import ApiError
from ..objects import Obj

if TYPE_CHECKING:
    from .view import View
    from .workqueue import WorkQueue

FollowUps = Iterable["Action"] | None


@dataclass(kw_only=True)
class Action:
    then: Callable[[Obj], FollowUps] | None = None
    failed: Callable[[ApiError], FollowUps] | None = None
    # Error codes that are an expected answer rather than a failure (no requeue).
    tolerate: tuple[int, ...] = ()
    summary: str | None = None


@dataclass(kw_only=True)
class Create(Action):
    resource: str
    obj: Obj
    namespace: str | None = None


@dataclass(kw_only=True)
class Update(Action):
    resource: str
    obj: Obj
    subresource: str | None = None


@dataclass(kw_only=True)
class UpdateStatus(Update):
    subresource: str | None = "status"


@dataclass(kw_only=True)
class Patch(Action):
    resource: str
    name: str
    patch: Any
    namespace: str = ""
    patch_type: str = "merge"
    subresource: str | None = None


@dataclass(kw_only=True)
class Delete(Action):
    resource: str
    name: str
    namespace: str = ""
    propagation_policy: str | None = None
    grace_period_seconds: int | None = None
    preconditions: dict[str, str] | None = None
    # Deleting something already gone is what the controller wanted anyway.
    tolerate: tuple[int, ...] = (404,)


@dataclass(kw_only=True)
class RecordEvent(Action):
    involved: Obj
    reason: str
    message: str
    type: str = "Normal"


@dataclass(kw_only=True)
class SlowStart(Action):
    """controller.slowStartBatch: send 1, then 2, 4, ... actions; stop after a batch with a
    failure, so a quota or admission error costs one call instead of hundreds."""

    actions: Sequence[Action]
    finished: Callable[[int], None] | None = None  # told how many succeeded


@dataclass
class Result:
    actions: list[Action] = field(default_factory=list)
    requeue_after: float | None = None
    # Look again soon with back-off (e.g. the cache is older than our own writes).
    requeue: bool = False


class Controller:
    """One control loop of kube-controller-manager: handlers enqueue keys, reconcile acts."""

    name: ClassVar[str] = ""          # its --controllers name
    component: ClassVar[str] = ""     # the event source it reports as

    def __init__(self, view: View, queue: WorkQueue) -> None:
        self.view = view
        self.queue = queue

    def setup(self) -> None:
        """Ask for informers and indexes, and register event handlers (before start)."""

    def reconcile(self, key: str, view: View) -> Result:
        raise NotImplementedError


def controller_ref(owner: Obj) -> Obj:
    """metav1.NewControllerRef: the owner reference a controller puts on what it creates."""
    meta = owner.get("metadata") or {}
    return {"apiVersion": owner.get("apiVersion", ""), "kind": owner.get("kind", ""),
            "name": meta.get("name", ""), "uid": meta.get("uid", ""),
            "controller": True, "blockOwnerDeletion": True}


def chain(actions: list[Action]) -> list[Action]:
    """Send actions one after another; an untolerated failure stops the rest, as a Go loop
    that returns its first error would (e.g. orphan every dependent, *then* drop the finalizer)."""
    if len(actions) <= 1:
        return list(actions)
    first, rest = actions[0], chain(actions[1:])
    then, failed = first.then, first.failed

    def on_success(obj: Obj) -> FollowUps:
        return [*(then(obj) or ()), *rest] if then else rest

    def on_failure(err: ApiError) -> FollowUps:
        follow = list(failed(err) or ()) if failed else []
        return [*follow, *rest] if err.code in first.tolerate else follow
    first.then, first.failed = on_success, on_failure
    return [first]
