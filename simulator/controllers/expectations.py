"""ControllerExpectations (UID-tracking variant), as the ReplicaSet and DaemonSet controllers keep.

A controller that just asked for N pods must not ask again before its informer has seen
them, or a slow watch makes it over-create. It records what it expects; pod events lower
the counts; while anything is outstanding the controller only updates status. Expectations
expire after 5 minutes so a lost watch event cannot wedge a controller forever.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

EXPECTATIONS_TIMEOUT = 300.0


@dataclass
class _Expectation:
    add: int
    dels: int
    at: float
    delete_keys: set[str] = field(default_factory=set)


class Expectations:
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._items: dict[str, _Expectation] = {}

    def satisfied(self, key: str) -> bool:
        exp = self._items.get(key)
        if exp is None:
            return True  # A new controller (or a restart) has nothing in flight.
        if exp.add <= 0 and exp.dels <= 0:
            return True
        return self._now() - exp.at > EXPECTATIONS_TIMEOUT

    def pending(self, key: str) -> tuple[int, int]:
        exp = self._items.get(key)
        return (exp.add, exp.dels) if exp else (0, 0)

    def expect_creations(self, key: str, count: int) -> None:
        self._items[key] = _Expectation(add=count, dels=0, at=self._now())

    def expect_deletions(self, key: str, pod_keys: Iterable[str]) -> None:
        keys = set(pod_keys)
        self._items[key] = _Expectation(add=0, dels=len(keys), at=self._now(), delete_keys=keys)

    def expect(self, key: str, *, creations: int = 0, deletions: Iterable[str] = ()) -> None:
        """SetExpectations: both counts at once (the DaemonSet controller's syncNodes)."""
        keys = set(deletions)
        self._items[key] = _Expectation(add=creations, dels=len(keys), at=self._now(), delete_keys=keys)

    def creation_observed(self, key: str, count: int = 1) -> None:
        exp = self._items.get(key)
        if exp is not None:
            exp.add -= count

    def deletion_observed(self, key: str, pod_key: str) -> None:
        exp = self._items.get(key)
        if exp is not None and pod_key in exp.delete_keys:
            exp.delete_keys.discard(pod_key)
            exp.dels -= 1

    def delete(self, key: str) -> None:
        self._items.pop(key, None)
