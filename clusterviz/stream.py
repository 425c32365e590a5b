"""Fan-out: every viewer of a live cluster gets one coalesced frame per pacing tick.

Process-local, as STACK.md measured best: each cluster has one ``Stream`` holding the set
of its subscribers. After each tick the stream diffs the new diagram against the last one,
renders the changes once per role, numbers the frame and hands the same text to every
subscriber's queue; each subscriber's writer sends it on its own socket. A subscriber
that falls behind, or asks (it saw a gap in the numbers, or it reconnected), gets a
snapshot: the same partials as the first page render — like a watch relisting after 410.

A viewer's socket may stop draining (a frozen tab, a slow link): writing to it never blocks,
so without a bound its frames would pile up in the server's send buffer. The page
acknowledges the frames it has applied (``{"type": "ack", "seq": N}``); a viewer that
acknowledges has at most ``WINDOW`` frames in flight, then up to ``QUEUE_LIMIT`` waiting
here, and beyond that its waiting frames are dropped and it is due a snapshot. A client
that never acknowledges is bounded by its connection's unsent bytes instead (``backlog``).
"""
from __future__ import annotations

import asyncio
import logging
import secrets
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Any

from django.utils.html import escape

from .diagram import render
from .diagram.build import Builder
from .diagram.diff import diff
from .diagram.events import LogRow, Packet, log_row, packet
from .diagram.ids import component_id
from .diagram.models import Attrs, Diagram
from .traffic_panel import TrafficView

logger = logging.getLogger(__name__)

PRESENTER, VIEWER = "presenter", "viewer"
ROWS_KEPT = 150             # event-log lines a new viewer starts with
ROWS_PER_FRAME = 40         # a burst beyond this is summarised in one line
QUEUE_LIMIT = 3             # frames waiting for a viewer; one more and they are dropped for a snapshot
WINDOW = 10                 # frames sent to an acknowledging viewer and not yet acknowledged (1 s)
BACKLOG_LIMIT = 256 * 1024  # unsent bytes on a viewer's connection (for clients that never ack)
BACKLOG_POLL = 0.05         # seconds between looks at a full connection (it has no drain event)
COMPACT_PACKETS = 8         # packets per frame when a big cluster fills the screen
COMPACT_BEAT_TICKS = 15     # a big cluster's dot flashes at most every 1.5 s (a tick is 100 ms)


class Subscription:
    """One viewer's ordered queue of frames; a gap or overflow turns into one snapshot."""

    def __init__(self, stream: Stream, role: str, *, since: int | None = None) -> None:
        self.stream = stream
        self.role = role if role == PRESENTER else VIEWER
        self.frames: deque[tuple[int, str]] = deque()
        self.needs_snapshot = since is None or since != stream.seq
        self.closed = False
        self._wake = asyncio.Event()
        self.acks = False                     # it acknowledges frames (the page does)
        self.unacked: deque[int] = deque()    # numbers sent and not yet acknowledged
        # Unsent bytes on its connection, when the server can tell (set by the consumer).
        self.backlog: Callable[[], int] | None = None
        self.peak = 0                         # the most frames it ever had waiting here
        self.overflows = 0                    # times its waiting frames were dropped for a snapshot
        self.snapshots = 0

    def offer(self, seq: int, text: str) -> None:
        if self.needs_snapshot:
            return                   # the coming snapshot already holds this frame
        if len(self.frames) >= QUEUE_LIMIT:
            self.overflows += 1
            self.stream.overflows += 1
            self.resync()
            return
        self.frames.append((seq, text))
        if len(self.frames) > self.peak:
            self.peak = len(self.frames)
            self.stream.peak_queued = max(self.stream.peak_queued, self.peak)
        self._wake.set()

    def ack(self, seq: int) -> None:
        """The viewer has applied every frame up to ``seq``: room for more."""
        self.acks = True
        while self.unacked and self.unacked[0] <= seq:
            self.unacked.popleft()
        self._wake.set()

    def resync(self) -> None:
        self.frames.clear()
        self.needs_snapshot = True
        self._wake.set()

    def close(self) -> None:
        self.closed = True
        self.stream.subscribers.discard(self)
        self._wake.set()

    def _full(self) -> bool:
        return self.backlog is not None and self.backlog() > BACKLOG_LIMIT

    def _sent(self, seq: int) -> None:
        if self.acks:
            self.unacked.append(seq)

    def stats(self) -> dict[str, Any]:
        return {"role": self.role, "queued": len(self.frames), "peak": self.peak, "acks": self.acks,
                "in_flight": len(self.unacked), "overflows": self.overflows, "snapshots": self.snapshots,
                "needs_snapshot": self.needs_snapshot,
                "backlog_bytes": self.backlog() if self.backlog is not None else None}

    async def __aiter__(self) -> AsyncIterator[str]:
        while not self.closed:
            if not (self.needs_snapshot or self.frames) or len(self.unacked) >= WINDOW:
                self._wake.clear()
                await self._wake.wait()
            elif self._full():
                await asyncio.sleep(BACKLOG_POLL)   # a connection that does not drain: wait
            elif self.needs_snapshot:
                self.needs_snapshot = False
                self.snapshots += 1
                seq, texts = self.stream.snapshot(self.role)
                while self.frames and self.frames[0][0] <= seq:
                    self.frames.popleft()
                self._sent(seq)
                for text in texts:
                    yield text
            else:
                seq, text = self.frames.popleft()
                self._sent(seq)
                yield text


class Stream:
    """The fan-out for one live cluster; lives as long as the cluster's pacing does."""

    def __init__(self, live: Any) -> None:
        self.live = live
        self.cluster = live.cluster
        self.builder = Builder(live.name, self.cluster)
        self.subscribers: set[Subscription] = set()
        self.state: Diagram | None = None
        # A random start: a page from before a server restart never matches a new stream's
        # numbers by chance, so it always gets a snapshot.
        self.seq = secrets.randbelow(1 << 30)
        self.rows: deque[LogRow] = deque(maxlen=ROWS_KEPT)
        self._events: list[Any] = []
        self._beats: dict[str, int] = {}
        self._beat_at: dict[str, int] = {}      # the tick a component's dot last flashed
        self._due: dict[str, None] = {}          # beats waiting to be shown (big clusters), in order
        self._ticks = 0
        self._snapshots: dict[str, tuple[int, list[str]]] = {}
        self.traffic = TrafficView(self.cluster)     # the Traffic panel's flows, packets, log lines
        self.overflows = 0               # viewers' queues dropped for a snapshot, all time
        self.peak_queued = 0             # the most frames any viewer ever had waiting
        self._unsubscribe = self.cluster.core.trace.subscribe(self._events.append)

    # -- subscribers ------------------------------------------------------------------------
    def subscribe(self, role: str, *, since: int | None = None) -> Subscription:
        subscription = Subscription(self, role, since=since)
        self.subscribers.add(subscription)
        return subscription

    def stats(self) -> dict[str, Any]:
        """The fan-out's health, for /c/<name>/stream/: every viewer's queue stays bounded."""
        return {"seq": self.seq, "queue_limit": QUEUE_LIMIT, "window": WINDOW,
                "peak_queued": self.peak_queued, "overflows": self.overflows,
                "viewers": [s.stats() for s in self.subscribers]}

    def detach(self) -> None:
        self._unsubscribe()
        for subscription in list(self.subscribers):
            subscription.close()

    # -- what a new page or a resync shows -----------------------------------------------------
    def current(self) -> Diagram:
        if self.state is None:
            self.state = self.builder.build()
        return self.state

    def snapshot(self, role: str) -> tuple[int, list[str]]:
        cached = self._snapshots.get(role)
        if cached is None or cached[0] != self.seq:
            text = render.snapshot(self.current(), self.rows, self.seq, presenter=role == PRESENTER)
            text[0] += self.traffic.snapshot(presenter=role == PRESENTER)
            cached = self._snapshots[role] = (self.seq, text)
        return cached

    def page_context(self) -> dict[str, Any]:
        return {"d": self.current(), "rows": list(self.rows), "seq": self.seq,
                "components": sorted({row.component for row in self.rows} | set(FILTERS)),
                "default_runtime": getattr(self.cluster, "default_runtime", ""), **self.traffic.context()}

    # -- each tick ------------------------------------------------------------------------------
    def tick(self) -> None:
        """Collect the tick's trace, and if anyone watches, send them one frame of changes."""
        self._ticks += 1
        events, self._events[:] = list(self._events), []
        rows = [row for row in map(log_row, events) if row is not None]
        requests = self.traffic.log_rows(events, self.cluster.now, self.cluster.speed)
        if requests:
            rows = sorted(rows + requests, key=lambda row: row.seq)
        self.rows.extend(rows)
        self.builder.observe(events)
        if not self.subscribers:
            if self.state is not None:   # nobody watches: the next viewer starts from a snapshot
                self.state = None
                self.traffic.forget()
                self.seq += 1
            return
        old, new = self.current(), self.builder.build()
        self.state = new
        ops = diff(old, new)
        beats, items = self._traffic(events, new)
        flows, choices = self.traffic.frame()
        shots = self.traffic.packets(events)
        if not (ops or beats or rows or items or flows or choices or shots):
            return
        self.seq += 1
        layout = any(op.layout for op in ops)
        roles = {s.role for s in self.subscribers}
        common = "".join(render.attrs_element(target, values) for target, values in beats) + flows
        tail = self._rows_html(rows) + render.packets(items) + shots
        for role in roles:
            body = "".join(render.render_op(op, new, presenter=role == PRESENTER) for op in ops)
            if role == PRESENTER:
                body += choices
            text = render.frame_marker(self.seq, layout=layout) + common + body + tail
            for subscription in [s for s in self.subscribers if s.role == role]:
                if len(text) > render.MESSAGE_LIMIT:
                    subscription.resync()        # too big for one message: a (chunked) snapshot
                else:
                    subscription.offer(self.seq, text)

    def _rows_html(self, rows: list[LogRow]) -> str:
        if len(rows) > ROWS_PER_FRAME:
            hidden = len(rows) - ROWS_PER_FRAME
            last = rows[-1]
            rows = rows[:ROWS_PER_FRAME] + [LogRow(last.seq, last.t, "clusterviz", "", "More",
                                                   f"{hidden} more events in this moment", False, "")]
        return render.log_rows(rows)

    def _traffic(self, events: list[Any], diagram: Diagram) -> tuple[list[tuple[str, Attrs]], list[Packet]]:
        """Heartbeat pulses (one per component per frame) and packets (one per edge and way)."""
        graph = self.builder.graph
        shown = _visible_edges(diagram)
        compact = diagram.density == "compact"
        pulses: dict[str, Attrs] = {}
        seen: dict[tuple[str, bool, str], Packet] = {}
        for event in events:
            if event.kind in ("LeaseUpdated", "ProxyRulesSynced"):
                if not compact:
                    pulses[event.actor] = self._flash(event.actor)
                elif event.kind == "LeaseUpdated":      # kube-proxy is not drawn with many workers
                    self._due.setdefault(event.actor, None)
            item = packet(graph, event)
            if item is not None and item.edge in shown:
                seen.setdefault((item.edge, item.backwards, item.kind), item)
        if compact:
            pulses.update(self._spaced_flashes())
        beats = [(component_id(talker), values) for talker, values in pulses.items()]
        ordered = sorted(seen.values(), key=lambda p: p.kind == "beat")
        return beats, ordered[:COMPACT_PACKETS] if diagram.density == "compact" else ordered

    def _flash(self, talker: str) -> Attrs:
        self._beat_at[talker] = self._ticks
        parity = self._beats[talker] = 1 - self._beats.get(talker, 0)
        return (("data-beat", str(parity)),)

    def _spaced_flashes(self) -> dict[str, Attrs]:
        """A big cluster's heartbeats, spaced out: a hundred kubelets renewing their leases in the
        same moment would start a hundred animations in one frame. Each dot flashes at most once
        per COMPACT_BEAT_TICKS, and a frame starts only a share of them; the rest wait their turn
        (a kubelet that stops renewing stops flashing once its last beat has been shown)."""
        budget = max(3, (len(self._beat_at) + len(self._due)) // COMPACT_BEAT_TICKS + 1)
        flashes: dict[str, Attrs] = {}
        for talker in list(self._due):
            if len(flashes) >= budget:
                break
            del self._due[talker]
            if self._ticks - self._beat_at.get(talker, -COMPACT_BEAT_TICKS) >= COMPACT_BEAT_TICKS:
                flashes[talker] = self._flash(talker)
        return flashes


def _visible_edges(diagram: Diagram) -> frozenset[str]:
    """Edges a packet can travel on screen: with many workers only kubelets' wires are drawn."""
    cached = _EDGES.get(diagram.edges)
    if cached is None:
        compact = diagram.density == "compact"
        cached = _EDGES[diagram.edges] = frozenset(
            e.dom_id for e in diagram.edges
            if not (compact and (e.inner or e.source.startswith("component-kube-proxy-"))))
        if len(_EDGES) > 64:
            _EDGES.pop(next(iter(_EDGES)))
    return cached


_EDGES: dict[tuple[Any, ...], frozenset[str]] = {}

FILTERS = ("kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager", "kubelet", "kube-proxy",
           "containerd", "kubectl", "presenter", "traffic")

_streams: dict[int, Stream] = {}


def for_live(live: Any) -> Stream:
    """The stream of a live cluster, created and hooked into its pacing on first use."""
    stream = _streams.get(id(live))
    if stream is None or stream.live is not live:
        stream = _streams[id(live)] = Stream(live)
        live.add_tick_listener(stream.tick)
        live.add_stop_listener(lambda: _forget(live))
    return stream


def _forget(live: Any) -> None:
    stream = _streams.pop(id(live), None)
    if stream is not None:
        stream.detach()


def nudge(live: Any) -> None:
    """Send what changed now, without waiting for the tick (after a presenter's control)."""
    stream = _streams.get(id(live))
    if stream is not None and stream.live is live:
        stream.tick()


def status_fragment(text: str, *, ok: bool) -> str:
    """The answer to one presenter's control, for their page only (not a numbered frame)."""
    return (f'<output id="control-status" class="control-status" role="status" hx-swap-oob="true" '
            f'data-ok="{"true" if ok else "false"}">{escape(text)}</output>')
