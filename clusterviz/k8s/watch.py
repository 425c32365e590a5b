"""Watch streaming: newline-delimited JSON events, kept open until the client goes.

The ApiServer's watch handler runs on the loop that owns the cluster, inside
``cluster.advance``; it only puts ``(type, object)`` on the stream's queue. The response
generator serializes them (or turns each into a one-row Table for ``kubectl get -w``).
Semantics as kube-apiserver's: no ``resourceVersion`` (or ``0``) replays current objects
as ADDED first; a resourceVersion streams only later changes; one compacted away is an
ERROR event carrying a 410 Expired Status. BOOKMARKs only with ``allowWatchBookmarks``.
The subscription is dropped the moment the stream ends, however it ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from simulator.apiserver.registry import Resource
from simulator.apiserver.selectors import parse_field_selector, parse_label_selector
from simulator.apiserver.watch import Watch
from simulator.errors import ApiError

from . import status, tables
from .context import Context, selectors
from .http import Stream, dumps, go_bool, go_int
from .resources import as_table, include_object, wants_table

DEFAULT_TIMEOUT = 1800.0  # kube-apiserver: --min-request-timeout, randomised up to twice that
MAX_TIMEOUT = 86_400.0
BOOKMARK_EVERY = 15.0
MAX_PENDING = 100_000  # events queued for one slow client before its watch is ended
INITIAL_EVENTS_END = "k8s.io/initial-events-end"


class WatchStream(Stream):
    def __init__(self, ctx: Context, res: Resource, *, table: bool, bookmarks: bool, timeout: float) -> None:
        super().__init__()
        self.ctx = ctx
        self.res = res
        self.table = table
        self.bookmarks = bookmarks
        self.timeout = timeout
        self.last_rv = ""
        self._headers_sent = False
        self.behind = False
        self.include = include_object(ctx) if table else "Metadata"

    # -- fed by the cluster (on its loop, during advance) -----------------------------
    def push(self, kind: str, obj: dict[str, Any]) -> None:
        if self.closed or self.behind:
            return
        if self.queue.qsize() >= MAX_PENDING:
            self.behind = True  # too far behind: end the stream, the client re-lists (as with kube-apiserver)
            self.end()
            return
        self.queue.put_nowait((kind, obj))

    # -- the response body -----------------------------------------------------------
    async def chunks(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            try:
                item = await asyncio.wait_for(self.queue.get(), min(remaining, BOOKMARK_EVERY))
            except TimeoutError:
                if self.bookmarks and self.last_rv and not self.closed:
                    yield self._bookmark()
                continue
            batch = [item]
            while not self.queue.empty() and len(batch) < 512:
                batch.append(self.queue.get_nowait())
            out = []
            for entry in batch:
                if entry is self.END:
                    if out:
                        yield b"".join(out)
                    return
                out.append(self.encode(*entry))
            yield b"".join(out)

    def encode(self, kind: str, obj: dict[str, Any]) -> bytes:
        if kind == "ERROR":
            return dumps({"type": "ERROR", "object": obj}) + b"\n"
        if kind == "BOOKMARK-END":
            self.last_rv = obj["metadata"]["resourceVersion"] or self.last_rv
            return self._bookmark(initial_events_end=True)
        meta = obj.get("metadata") or {}
        self.last_rv = str(meta.get("resourceVersion") or self.last_rv)
        if self.table:
            row = as_table(self.ctx, self.res, [obj], self.last_rv)
            if self._headers_sent:
                # Mirrors kube-apiserver: only the first event of a Table watch carries the columns.
                row["columnDefinitions"] = None
            self._headers_sent = True
            return dumps({"type": kind, "object": row}) + b"\n"
        return b'{"type":"' + kind.encode() + b'","object":' + _object_bytes(obj) + b"}\n"

    def _bookmark(self, *, initial_events_end: bool = False) -> bytes:
        meta: dict[str, Any] = {"resourceVersion": self.last_rv}
        if initial_events_end:
            meta["annotations"] = {INITIAL_EVENTS_END: "true"}
        obj = {"kind": self.res.kind, "apiVersion": self.res.api_version, "metadata": meta}
        return dumps({"type": "BOOKMARK", "object": obj}) + b"\n"

    def initial_events_end(self, resource_version: str) -> None:
        """The streaming list (``sendInitialEvents=true``) is complete: a marked BOOKMARK follows."""
        self.put(("BOOKMARK-END", {"metadata": {"resourceVersion": resource_version}}))


# Many watchers receive the same stored object in a row: serialize it once.
_CACHE: dict[int, tuple[dict[str, Any], bytes]] = {}
_CACHE_LIMIT = 4096


def _object_bytes(obj: dict[str, Any]) -> bytes:
    hit = _CACHE.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    data = dumps(obj)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[id(obj)] = (obj, data)
    return data


def _timeout(ctx: Context) -> float:
    seconds = go_int(ctx.query.get("timeoutSeconds"), name="timeoutSeconds", minimum=0)
    if not seconds:
        return DEFAULT_TIMEOUT
    return min(float(seconds), MAX_TIMEOUT)


def _resource_version(ctx: Context) -> int | None:
    value = ctx.query.get("resourceVersion") or ""
    if value in ("", "0"):
        return None
    if not value.isdigit() or len(value) > 19:
        raise status.bad_request(f'resourceVersion: Invalid value: "{value[:64]}": must be a number')
    return int(value)


def watch(ctx: Context, res: Resource, target: Any) -> WatchStream:
    """Start the watch now (errors before streaming are plain Status responses)."""
    table = wants_table(ctx)
    stream = WatchStream(
        ctx,
        res,
        table=table,
        timeout=_timeout(ctx),
        bookmarks=go_bool(ctx.query.get("allowWatchBookmarks"), name="allowWatchBookmarks"),
    )
    rv = _resource_version(ctx)
    # A streaming list (client-go's WatchList, on by default in kubectl 1.35): the current
    # objects as ADDED, then a BOOKMARK annotated k8s.io/initial-events-end.
    initial = go_bool(ctx.query.get("sendInitialEvents"), name="sendInitialEvents")
    if initial:
        rv = None
    api = ctx.api
    sel = selectors(ctx)
    namespace = target.namespace or None
    if res.simulation:
        _watch_simulation(ctx, res, stream, rv, sel)
        if initial:
            stream.initial_events_end(str(api.sim.revision))
        return stream
    if rv is None:
        items, list_rv = api.list(res.plural, namespace=namespace, actor=ctx.actor, **sel)
        for item in items:
            stream.push("ADDED", item)
        if initial:
            stream.initial_events_end(str(list_rv))
        rv = list_rv
    try:
        handle = api.watch(
            res.plural,
            stream.push,
            namespace=namespace,
            resource_version=rv,
            actor=ctx.actor,
            connected=lambda: not stream.closed,
            **sel,
        )
    except ApiError as exc:
        if exc.code != 410:
            raise
        stream.push("ERROR", exc.status())
        stream.end()
        return stream
    ctx.trace_read("watch", res, target.namespace)
    handle.on_close = stream.end  # the apiserver went down: the stream ends, clients re-watch
    stream.on_close(lambda: api.unwatch(handle))
    return stream


def _watch_simulation(
    ctx: Context, res: Resource, stream: WatchStream, rv: int | None, sel: dict[str, str | None]
) -> None:
    """Fault/Simulation watches (served even while the simulated apiserver is down)."""
    try:
        labels = parse_label_selector(sel["label_selector"]) if sel["label_selector"] else None
        fields = parse_field_selector(sel["field_selector"]) if sel["field_selector"] else None
    except ValueError as exc:
        raise status.bad_request(str(exc)) from None
    probe = Watch(
        res.plural,
        stream.push,
        namespace=None,
        label_selector=labels,
        field_selector=fields,
        connected=None,
        owner=ctx.actor,
    )

    def handler(kind: str, obj: dict[str, Any]) -> None:
        if probe.matches(obj) or kind == "DELETED":
            stream.push(kind, obj)

    handle = ctx.api.watch(res.plural, handler, resource_version=rv, actor=ctx.actor)
    stream.on_close(handle.close)


__all__ = ["watch", "WatchStream", "tables"]
