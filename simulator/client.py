"""What every component uses to reach the apiserver: a client and watch-fed informers.

A client carries its component's identity (the trace's actor) and the node it runs on,
so a cut network or a stopped apiserver fails its calls the way client-go's would.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import errors
from .apiserver.registry import BY_PLURAL
from .apiserver.server import ApiServer
from .apiserver.watch import Watch
from .kernel import Kernel, Timer
from .objects import Obj, deep_copy, key


class Network:
    """Which machines can reach the control plane (faults cut links here)."""

    def __init__(self) -> None:
        self.partitioned: set[str] = set()
        self.down: set[str] = set()

    def reachable(self, node: str | None) -> bool:
        return node is None or (node not in self.partitioned and node not in self.down)


class ApiClient:
    """A component's connection to kube-apiserver (client-go's role)."""

    def __init__(self, api: ApiServer, network: Network, *, actor: str, node: str | None = None) -> None:
        self.api = api
        self.network = network
        self.actor = actor
        self.node = node

    @property
    def kernel(self) -> Kernel:
        return self.api.kernel

    def connected(self) -> bool:
        return self.api.up and self.network.reachable(self.node)

    def _check(self) -> None:
        if not self.network.reachable(self.node):
            raise errors.unreachable(f"dial tcp: i/o timeout ({self.node} cannot reach the control plane)")

    def get(self, resource: str, name: str, *, namespace: str = "") -> Obj:
        self._check()
        return self.api.get(resource, name, namespace=namespace, actor=self.actor)

    def list(self, resource: str, *, namespace: str | None = None, label_selector: str | None = None,
             field_selector: str | None = None) -> tuple[list[Obj], int]:
        self._check()
        return self.api.list(resource, namespace=namespace, label_selector=label_selector,
                             field_selector=field_selector, actor=self.actor)

    def create(self, resource: str, obj: Obj, *, namespace: str | None = None,
               summary: str | None = None) -> Obj:
        self._check()
        return self.api.create(resource, obj, namespace=namespace, actor=self.actor, summary=summary)

    def update(self, resource: str, obj: Obj, *, subresource: str | None = None,
               summary: str | None = None) -> Obj:
        self._check()
        return self.api.update(resource, obj, subresource=subresource, actor=self.actor, summary=summary)

    def patch(self, resource: str, name: str, patch: Any, *, namespace: str = "", patch_type: str = "merge",
              subresource: str | None = None, summary: str | None = None) -> Obj:
        self._check()
        return self.api.patch(resource, name, patch, namespace=namespace, patch_type=patch_type,
                              subresource=subresource, actor=self.actor, summary=summary)

    def patch_status(self, resource: str, namespace: str, name: str, status_patch: Obj, *,
                     summary: str | None = None) -> Obj:
        return self.patch(resource, name, {"status": status_patch}, namespace=namespace,
                          subresource="status", summary=summary)

    def delete(self, resource: str, name: str, *, namespace: str = "", propagation_policy: str | None = None,
               grace_period_seconds: int | None = None, preconditions: dict[str, str] | None = None,
               summary: str | None = None) -> Obj:
        self._check()
        return self.api.delete(resource, name, namespace=namespace, actor=self.actor,
                               propagation_policy=propagation_policy,
                               grace_period_seconds=grace_period_seconds,
                               preconditions=preconditions, summary=summary)

    def bind(self, namespace: str, name: str, node_name: str) -> Obj:
        self._check()
        return self.api.bind(namespace, name, node_name, actor=self.actor)

    def evict(self, namespace: str, name: str) -> Obj:
        self._check()
        return self.api.evict(namespace, name, actor=self.actor)

    def record_event(self, involved: Obj, *, reason: str, message: str, type: str = "Normal",
                     component: str | None = None, host: str | None = None) -> None:
        """A core/v1 Event about ``involved``; best effort, as client-go's recorder."""
        meta = involved.get("metadata") or {}
        res = BY_PLURAL.get(_plural(involved.get("kind", "")))
        ns = meta.get("namespace") or "default"
        now = self.api.clock.now()
        source: Obj = {"component": component or self.actor.split("/")[0]}
        if host or self.node:
            source["host"] = host or self.node
        event = {
            "apiVersion": "v1", "kind": "Event",
            # Mirrors client-go's recorder: the name is the object's name and the time in hex.
            "metadata": {"name": _event_name(meta.get("name", "unknown"), self.api), "namespace": ns},
            "involvedObject": {"kind": involved.get("kind"), "namespace": meta.get("namespace", ""),
                               "name": meta.get("name"), "uid": meta.get("uid"),
                               "apiVersion": involved.get("apiVersion", res.api_version if res else "v1"),
                               "resourceVersion": meta.get("resourceVersion")},
            "reason": reason, "message": message, "type": type, "source": source,
            "firstTimestamp": now, "lastTimestamp": now, "count": 1,
            "reportingComponent": source["component"], "reportingInstance": source.get("host", ""),
        }
        if not event["involvedObject"]["namespace"]:
            event["involvedObject"].pop("namespace")
        try:
            self.create("events", event, namespace=ns, summary=f"{reason}: {message}")
        except errors.ApiError:
            pass  # Mirrors client-go: events are best effort and dropped when the API is away.

    def watch(self, resource: str, handler: Callable[[str, Obj], None], *, namespace: str | None = None,
              label_selector: str | None = None, field_selector: str | None = None,
              resource_version: int | None = None) -> Watch:
        self._check()
        return self.api.watch(resource, handler, namespace=namespace, label_selector=label_selector,
                              field_selector=field_selector, resource_version=resource_version,
                              actor=self.actor, connected=self.connected)


def _event_name(name: str, api: ApiServer) -> str:
    api.event_seq += 1
    return f"{name}.{int(api.kernel.now * 1e9) + api.event_seq:x}"


def _plural(kind: str) -> str:
    for res in BY_PLURAL.values():
        if res.kind == kind:
            return res.plural
    return ""


class Informer:
    """A list+watch cache of one resource, as client-go's shared informer.

    Handlers run after the cache is updated. When the watch breaks (apiserver down,
    network cut) the informer retries a relist with back-off and reconciles its cache,
    firing add/update/delete for what changed meanwhile.
    """

    RETRY_MIN, RETRY_MAX = 1.0, 30.0

    def __init__(self, client: ApiClient, resource: str, *, namespace: str | None = None,
                 field_selector: str | None = None, label_selector: str | None = None) -> None:
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.field_selector = field_selector
        self.label_selector = label_selector
        self.store: dict[str, Obj] = {}
        self.synced = False
        self._handlers: list[tuple[Callable | None, Callable | None, Callable | None]] = []
        self._watch: Watch | None = None
        self._retry: Timer | None = None
        self._delay = self.RETRY_MIN
        self._stopped = True

    def add_handler(self, *, on_add: Callable[[Obj], None] | None = None,
                    on_update: Callable[[Obj, Obj], None] | None = None,
                    on_delete: Callable[[Obj], None] | None = None) -> None:
        self._handlers.append((on_add, on_update, on_delete))

    def get(self, obj_key: str) -> Obj | None:
        return self.store.get(obj_key)

    def list(self) -> list[Obj]:
        return list(self.store.values())

    def start(self) -> None:
        self._stopped = False
        self._relist()

    def stop(self) -> None:
        """The process died: the cache is gone with it."""
        self._stopped = True
        if self._watch is not None:
            self._watch.on_close = None
            self.client.api.unwatch(self._watch)
            self._watch = None
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None
        self.store = {}
        self.synced = False

    def _relist(self) -> None:
        self._retry = None
        if self._stopped:
            return
        try:
            items, rv = self.client.list(self.resource, namespace=self.namespace,
                                         label_selector=self.label_selector,
                                         field_selector=self.field_selector)
            watch = self.client.watch(self.resource, self._on_event, namespace=self.namespace,
                                      label_selector=self.label_selector, field_selector=self.field_selector,
                                      resource_version=rv)
        except errors.ApiError:
            self._schedule_retry()
            return
        watch.on_close = self._on_broken
        self._watch = watch
        self._delay = self.RETRY_MIN
        self._reconcile(items)
        self.synced = True

    def _reconcile(self, items: list[Obj]) -> None:
        fresh = {key(o): o for o in items}
        old_store = self.store
        self.store = dict(fresh)
        for k, obj in old_store.items():
            if k not in fresh:
                self._fire_delete(obj)
        for k, obj in fresh.items():
            previous = old_store.get(k)
            if previous is None:
                self._fire_add(obj)
            elif (previous.get("metadata", {}).get("resourceVersion")
                  != obj["metadata"].get("resourceVersion")):
                self._fire_update(previous, obj)

    def _on_broken(self) -> None:
        self._watch = None
        if not self._stopped:
            self._schedule_retry()

    def _schedule_retry(self) -> None:
        if self._retry is None and not self._stopped:
            self._retry = self.client.kernel.call_later(self._delay, self._relist)
            self._delay = min(self._delay * 2, self.RETRY_MAX)

    def _on_event(self, kind: str, obj: Obj) -> None:
        k = key(obj)
        if kind == "DELETED":
            old = self.store.pop(k, None)
            if old is not None:
                self._fire_delete(obj)
            return
        old = self.store.get(k)
        self.store[k] = obj
        if old is None:
            self._fire_add(obj)
        else:
            self._fire_update(old, obj)

    def _fire_add(self, obj: Obj) -> None:
        for on_add, _, _ in self._handlers:
            if on_add is not None:
                on_add(obj)

    def _fire_update(self, old: Obj, new: Obj) -> None:
        for _, on_update, _ in self._handlers:
            if on_update is not None:
                on_update(old, new)

    def _fire_delete(self, obj: Obj) -> None:
        for _, _, on_delete in self._handlers:
            if on_delete is not None:
                on_delete(obj)


class InformerFactory:
    """Shared informers of one process (component), started together."""

    def __init__(self, client: ApiClient) -> None:
        self.client = client
        self._informers: dict[tuple[str, str | None, str | None], Informer] = {}

    def informer(self, resource: str, *, namespace: str | None = None,
                 field_selector: str | None = None) -> Informer:
        slot = (resource, namespace, field_selector)
        inf = self._informers.get(slot)
        if inf is None:
            inf = self._informers[slot] = Informer(self.client, resource, namespace=namespace,
                                                   field_selector=field_selector)
        return inf

    def __getattr__(self, resource: str) -> Informer:
        if resource.startswith("_"):
            raise AttributeError(resource)
        return self.informer(resource)

    def start(self) -> None:
        for inf in list(self._informers.values()):
            inf.start()

    def stop(self) -> None:
        for inf in self._informers.values():
            inf.stop()
        self._informers.clear()


def mutable(obj: Obj) -> Obj:
    """A private copy of a cached object, to modify and send back."""
    return deep_copy(obj)
