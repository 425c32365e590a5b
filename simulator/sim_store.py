"""Storage for the simulation kinds (Fault, Simulation) of ``sim.clusterviz.io/v1``.

They live outside the simulated control plane — the teacher's hand — so they stay
readable and writable while the simulated apiserver or etcd is down. Changes reach the
cluster through listeners at once (no watch latency: a fault takes effect when applied).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import errors
from .apiserver import validation
from .apiserver.registry import Resource
from .kernel import Kernel
from .objects import Clock, Obj, deep_copy, new_uid

Listener = Callable[[str, Resource, Obj, Obj | None], None]
# An admission check that needs the simulation (does the node exist?): (resource, new, old) → causes.
Admission = Callable[[Resource, Obj, Obj | None], list[dict[str, str]]]


class SimStore:
    def __init__(self, kernel: Kernel, clock: Clock, trace: Any) -> None:
        self.kernel = kernel
        self.clock = clock
        self.trace = trace
        self.revision = 1
        self._objects: dict[tuple[str, str], Obj] = {}
        self.listeners: list[Listener] = []
        self.admission: list[Admission] = []
        self._watches: list[tuple[Resource, Callable[[str, Obj], None]]] = []

    def get(self, res: Resource, name: str) -> Obj:
        obj = self._objects.get((res.plural, name))
        if obj is None:
            raise errors.not_found(res.plural, res.group, name)
        return obj

    def list(self, res: Resource) -> list[Obj]:
        return [obj for (plural, _), obj in sorted(self._objects.items()) if plural == res.plural]

    def create(self, res: Resource, obj: Obj, *, actor: str, dry_run: bool = False) -> Obj:
        name = obj["metadata"].get("name", "")
        causes = validation.validate(res, obj) or self._admit(res, obj, None)
        if causes:
            raise errors.invalid(res.kind, res.group, name, causes)
        if (res.plural, name) in self._objects:
            raise errors.already_exists(res.plural, res.group, name)
        if dry_run:
            return obj
        self._store(res, obj, None, actor=actor, verb="create")
        return obj

    def update(self, res: Resource, obj: Obj, *, subresource: str | None, actor: str) -> Obj:
        name = (obj.get("metadata") or {}).get("name", "")
        current = self.get(res, name)
        wanted = str(obj["metadata"].get("resourceVersion") or "")
        if wanted and wanted != current["metadata"]["resourceVersion"]:
            raise errors.conflict(res.plural, res.group, name, errors.STALE)
        new = deep_copy(obj)
        for field in ("uid", "creationTimestamp", "generation"):
            new["metadata"][field] = current["metadata"].get(field)
        if subresource == "status":
            new["spec"] = deep_copy(current.get("spec"))
        else:
            new["status"] = deep_copy(current.get("status") or {})
            if new.get("spec") != current.get("spec"):
                new["metadata"]["generation"] = int(current["metadata"].get("generation") or 1) + 1
        new.setdefault("apiVersion", current["apiVersion"])
        new.setdefault("kind", current["kind"])
        causes = validation.validate(res, new, old=current) or self._admit(res, new, current)
        if causes:
            raise errors.invalid(res.kind, res.group, name, causes)
        if new == current:
            return current
        self._store(res, new, current, actor=actor, verb="update")
        return new

    def set_status(self, res: Resource, name: str, status: Obj) -> Obj:
        """The simulator's own status write (no validation, no trace)."""
        current = self.get(res, name)
        new = deep_copy(current)
        new["status"] = status
        if new != current:
            self._store(res, new, current, actor="", verb="")
        return new

    def delete(self, res: Resource, name: str, *, actor: str) -> Obj:
        current = self.get(res, name)
        del self._objects[(res.plural, name)]
        self.revision += 1
        gone = deep_copy(current)
        gone["metadata"]["resourceVersion"] = str(self.revision)
        self._emit(actor, "delete", res, name)
        self._notify("DELETED", res, gone, current)
        return gone

    def watch(self, res: Resource, handler: Callable[[str, Obj], None], *,
              resource_version: int | None) -> Any:
        entry = (res, handler)
        self._watches.append(entry)
        if not resource_version:
            for obj in self.list(res):
                handler("ADDED", obj)
        return _SimWatch(self, entry)

    def _admit(self, res: Resource, obj: Obj, old: Obj | None) -> list[dict[str, str]]:
        return [cause for check in self.admission for cause in check(res, obj, old)]

    def _store(self, res: Resource, obj: Obj, old: Obj | None, *, actor: str, verb: str) -> None:
        self.revision += 1
        meta = obj["metadata"]
        if old is None:
            meta["uid"] = new_uid(self.kernel.rng)
            meta["creationTimestamp"] = self.clock.now()
            meta["generation"] = 1
            obj.setdefault("status", {})
        meta["resourceVersion"] = str(self.revision)
        self._objects[(res.plural, meta["name"])] = obj
        if verb:
            self._emit(actor, verb, res, meta["name"])
        self._notify("ADDED" if old is None else "MODIFIED", res, obj, old)

    def _emit(self, actor: str, verb: str, res: Resource, name: str) -> None:
        past = {"create": "Created", "update": "Updated", "delete": "Deleted"}[verb]
        self.trace.emit(actor, "clusterviz", verb, f"{res.plural} {name}", f"{verb} {res.kind} {name}",
                        kind=f"{res.kind}{past}")

    def _notify(self, kind: str, res: Resource, obj: Obj, old: Obj | None) -> None:
        for listener in list(self.listeners):
            listener(kind, res, obj, old)
        for wres, handler in list(self._watches):
            if wres.plural == res.plural:
                handler(kind, obj)


class _SimWatch:
    def __init__(self, store: SimStore, entry: tuple[Resource, Callable[[str, Obj], None]]) -> None:
        self._store = store
        self._entry = entry
        self.closed = False

    def close(self) -> None:
        if not self.closed and self._entry in self._store._watches:
            self._store._watches.remove(self._entry)
        self.closed = True
