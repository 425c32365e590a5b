"""Watches: the apiserver's fan-out of changes to informers, with a visible latency."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..kernel import Kernel
from ..objects import Obj, labels, namespace

Handler = Callable[[str, Obj], None]
# Lease renewals are the heartbeat (10/s per 100 nodes): the kubelet's renew is traced, and
# tracing each watcher's copy 50 ms later would add the same fact twice or three times over.
UNTRACED = frozenset({"leases"})


class Watch:
    """One client's watch on a resource; ``handler(type, obj)`` gets ADDED/MODIFIED/DELETED/ERROR."""

    __slots__ = ("resource", "namespace", "label_selector", "field_selector", "handler", "closed",
                 "node", "on_close", "connected", "owner", "source")

    def __init__(self, resource: str, handler: Handler, *, namespace: str | None, label_selector: Any,
                 field_selector: Any, connected: Callable[[], bool] | None, owner: str) -> None:
        self.resource = resource
        self.namespace = namespace
        self.label_selector = label_selector
        self.field_selector = field_selector
        self.handler = handler
        self.closed = False
        self.connected = connected
        self.owner = owner
        self.on_close: Callable[[], None] | None = None
        self.source: str | None = None     # the apiserver instance serving it (HA control planes)
        # Pods watched by one kubelet are indexed by node name, as the watch cache does.
        self.node = field_selector.exact("spec.nodeName") if field_selector is not None else None

    def matches(self, obj: Obj | None) -> bool:
        if obj is None:
            return False
        if self.namespace and namespace(obj) != self.namespace:
            return False
        if self.label_selector is not None and not self.label_selector.matches(labels(obj)):
            return False
        if self.field_selector is not None and not self.field_selector.matches(obj):
            return False
        return True

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self.on_close is not None:
                self.on_close()


class WatchHub:
    """Registered watches per resource, and delivery of each change after ``latency``."""

    def __init__(self, kernel: Kernel, *, latency: float, trace: Any = None,
                 name: str = "kube-apiserver") -> None:
        self.kernel = kernel
        self.latency = latency
        self.trace = trace
        self.name = name
        self._by_resource: dict[str, list[Watch]] = {}
        self._by_node: dict[str, dict[str, list[Watch]]] = {}

    def add(self, watch: Watch) -> None:
        if watch.node is not None:
            self._by_node.setdefault(watch.resource, {}).setdefault(watch.node, []).append(watch)
        else:
            self._by_resource.setdefault(watch.resource, []).append(watch)

    def remove(self, watch: Watch) -> None:
        if watch.node is not None:
            bucket = self._by_node.get(watch.resource, {}).get(watch.node, [])
        else:
            bucket = self._by_resource.get(watch.resource, [])
        if watch in bucket:
            bucket.remove(watch)

    def close_all(self) -> None:
        """The apiserver process died: every watch stream ends."""
        for bucket in list(self._by_resource.values()):
            for watch in list(bucket):
                watch.close()
        for nodes in list(self._by_node.values()):
            for bucket in list(nodes.values()):
                for watch in list(bucket):
                    watch.close()
        self._by_resource.clear()
        self._by_node.clear()

    def close_source(self, source: str) -> None:
        """One apiserver instance died: the watch streams it served end (their informers relist)."""
        for bucket in [*self._by_resource.values(), *(b for n in self._by_node.values() for b in n.values())]:
            for watch in [w for w in bucket if w.source == source]:
                bucket.remove(watch)
                watch.close()

    def count(self) -> int:
        return sum(len(b) for b in self._by_resource.values()) + sum(
            len(b) for n in self._by_node.values() for b in n.values())

    def publish(self, resource: str, new: Obj | None, old: Obj | None) -> None:
        """Queue the change for every interested watch (one kernel event for all of them)."""
        targets = self._targets(resource, new, old)
        if targets:
            self.kernel.call_later(self.latency, self._deliver, targets)

    def deliver_later(self, watch: Watch, events: list[tuple[str, Obj]]) -> None:
        self.kernel.call_later(self.latency, self._deliver, [(watch, t, o) for t, o in events])

    def _targets(self, resource: str, new: Obj | None, old: Obj | None) -> list[tuple[Watch, str, Obj]]:
        out: list[tuple[Watch, str, Obj]] = []
        candidates = self._by_resource.get(resource)
        if candidates:
            for watch in candidates:
                self._route(watch, new, old, out)
        nodes = self._by_node.get(resource)
        if nodes:
            seen: set[str] = set()
            for obj in (old, new):
                node = ((obj or {}).get("spec") or {}).get("nodeName")
                if node and node not in seen:
                    seen.add(node)
                    for watch in nodes.get(node, ()):
                        self._route(watch, new, old, out)
        return out

    @staticmethod
    def _route(watch: Watch, new: Obj | None, old: Obj | None, out: list[tuple[Watch, str, Obj]]) -> None:
        # Mirrors the watch cache: an object moving in or out of a selector is ADDED/DELETED.
        was, now = watch.matches(old), watch.matches(new)
        if now:
            out.append((watch, "MODIFIED" if was else "ADDED", new))  # type: ignore[arg-type]
        elif was:
            out.append((watch, "DELETED", new if new is not None else old))  # type: ignore[arg-type]

    def _deliver(self, targets: list[tuple[Watch, str, Obj]]) -> None:
        for watch, kind, obj in targets:
            if watch.closed:
                continue
            if watch.connected is not None and not watch.connected():
                # The stream broke (the client is cut off): the informer will relist.
                self.remove(watch)
                watch.close()
                continue
            if self.trace is not None and watch.resource not in UNTRACED:
                self._trace(watch, kind, obj)
            watch.handler(kind, obj)

    def _trace(self, watch: Watch, kind: str, obj: Obj) -> None:
        # The notification is part of the lesson: the scheduler *notices* a new pod.
        meta = obj.get("metadata") or {}
        ns, name = meta.get("namespace"), meta.get("name", "")
        ref = f"{watch.resource} {ns}/{name}" if ns else f"{watch.resource} {name}"
        self.trace.emit(watch.source or self.name, watch.owner, "watch", ref, f"{kind} {ref}",
                        kind="WatchEventDelivered")
