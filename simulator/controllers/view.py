"""What a controller reads: the manager's shared informer caches, with indexes.

Mirrors client-go's SharedIndexInformer: an index maps a value (an owner's uid, a node
name) to the cached objects that produce it, kept current by the informer's handlers,
so a reconcile touches only the objects it is about — never a scan of every pod.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..client import ApiClient, Informer, InformerFactory
from ..objects import Obj, controller_of, labels, namespace
from ..objects import key as obj_key

IndexFn = Callable[[Obj], Iterable[str]]


class Index:
    """value → {object key: object}, updated by informer events.

    ``basis`` picks the part of an object the index function reads (its labels, its owner
    references): when it did not change, an update only swaps the cached object.
    """

    def __init__(self, fn: IndexFn, basis: Callable[[Obj], Any] | None = None) -> None:
        self.fn = fn
        self.basis = basis
        self.buckets: dict[str, dict[str, Obj]] = {}
        self._values: dict[str, tuple[str, ...]] = {}

    def on_add(self, obj: Obj) -> None:
        k = obj_key(obj)
        values = tuple(self.fn(obj))
        self._values[k] = values
        for v in values:
            self.buckets.setdefault(v, {})[k] = obj

    def on_update(self, old: Obj, new: Obj) -> None:
        k = obj_key(new)
        if self.basis is not None and k in self._values and self.basis(old) == self.basis(new):
            for v in self._values[k]:
                self.buckets[v][k] = new
            return
        values = tuple(self.fn(new))
        old_values = self._values.get(k, ())
        if values != old_values:
            for v in old_values:
                self._discard(v, k)
            self._values[k] = values
        for v in values:
            self.buckets.setdefault(v, {})[k] = new

    def on_delete(self, obj: Obj) -> None:
        k = obj_key(obj)
        for v in self._values.pop(k, ()):
            self._discard(v, k)

    def _discard(self, value: str, k: str) -> None:
        bucket = self.buckets.get(value)
        if bucket is not None:
            bucket.pop(k, None)
            if not bucket:
                del self.buckets[value]

    def get(self, value: str) -> list[Obj]:
        bucket = self.buckets.get(value)
        return list(bucket.values()) if bucket else []

    def count(self, value: str) -> int:
        bucket = self.buckets.get(value)
        return len(bucket) if bucket else 0


class View:
    """The caches of one controller-manager process (rebuilt on every start)."""

    def __init__(self, core: Any, factory: InformerFactory) -> None:
        self.core = core
        self.factory = factory
        self._indexes: dict[tuple[str, str | None, str], Index] = {}
        self._informers: list[Informer] = []

    @property
    def client(self) -> ApiClient:
        """For the few live reads upstream also makes (GC owner checks, namespace content)."""
        return self.factory.client

    @property
    def now(self) -> float:
        return self.core.kernel.now

    @property
    def clock(self) -> Any:
        return self.core.clock

    @property
    def timing(self) -> Any:
        return self.core.timing

    @property
    def rng(self) -> Any:
        return self.core.kernel.rng

    def informer(self, resource: str, *, namespace: str | None = None) -> Informer:
        inf = self.factory.informer(resource, namespace=namespace)
        if inf not in self._informers:
            self._informers.append(inf)
        return inf

    def synced(self) -> bool:
        return all(inf.synced for inf in self._informers)

    def get(self, resource: str, key: str, *, namespace: str | None = None) -> Obj | None:
        return self.informer(resource, namespace=namespace).get(key)

    def list(self, resource: str, *, namespace: str | None = None) -> list[Obj]:
        return self.informer(resource, namespace=namespace).list()

    def index(self, resource: str, name: str, fn: IndexFn, *, namespace: str | None = None,
              basis: Callable[[Obj], Any] | None = None) -> Index:
        """Register (once) and return a named index over a resource's cache."""
        slot = (resource, namespace, name)
        idx = self._indexes.get(slot)
        if idx is None:
            idx = self._indexes[slot] = Index(fn, basis or BASIS.get(name))
            self.informer(resource, namespace=namespace).add_handler(
                on_add=idx.on_add, on_update=idx.on_update, on_delete=idx.on_delete)
        return idx


# -- common index functions -------------------------------------------------------------

def by_controller_uid(obj: Obj) -> tuple[str, ...]:
    ref = controller_of(obj)
    return (ref.get("uid", ""),) if ref else ()


def orphans_by_namespace(obj: Obj) -> tuple[str, ...]:
    return () if controller_of(obj) else (namespace(obj),)


def by_namespace(obj: Obj) -> tuple[str, ...]:
    return (namespace(obj),)


def by_node(obj: Obj) -> tuple[str, ...]:
    node = (obj.get("spec") or {}).get("nodeName")
    return (node,) if node else ()


def by_label(obj: Obj) -> tuple[str, ...]:
    """One entry per ``namespace/key=value``: equality selectors become set intersections."""
    ns = namespace(obj)
    return tuple(f"{ns}\0{k}={v}" for k, v in labels(obj).items())


def label_entry(ns: str, k: str, v: Any) -> str:
    return f"{ns}\0{k}={v}"


OWNER = "controller-uid"
ORPHANS = "orphans-by-namespace"
NAMESPACE = "namespace"
NODE = "node"
LABEL = "label"


def _owners(obj: Obj) -> Any:
    return (obj.get("metadata") or {}).get("ownerReferences")


def _node_name(obj: Obj) -> Any:
    return (obj.get("spec") or {}).get("nodeName")


# What each standard index reads, so unrelated updates (status, heartbeats) skip it.
BASIS: dict[str, Callable[[Obj], Any]] = {OWNER: _owners, ORPHANS: _owners, NAMESPACE: lambda _o: None,
                                          NODE: _node_name, LABEL: labels}
