"""The WebSocket of one viewer of one cluster: ``ws/clusters/<name>/``.

Thin, as the Channels tutorial has it: it subscribes to the cluster's stream and writes
the frames it is handed, in order. ``{"type": "ack", "seq": N}`` says the page has applied
the frames up to N (the stream keeps a bounded number in flight); ``{"type": "resync"}``
asks for a fresh snapshot; any other message is a control attempt, judged by
``clusterviz.controls``. Garbage closes this socket only.

No message here touches the database after the handshake, so a message skips Channels'
``close_old_connections`` hop through the sync thread (a click's latency and the fan-out's
ceiling); connect and disconnect keep it.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from autobahn.exception import Disconnected
from channels.generic.websocket import AsyncWebsocketConsumer

from . import live, stream
from .models import ClusterDefinition
from .roles import role_for_scope

logger = logging.getLogger(__name__)

MAX_MESSAGE = 16 * 1024
CLOSE_UNKNOWN_CLUSTER = 4404
CLOSE_REFUSED = 4403
CLOSE_UNSUPPORTED = 1003       # a binary frame
CLOSE_INVALID = 1007           # not a JSON object
CLOSE_TOO_BIG = 1009


class ClusterConsumer(AsyncWebsocketConsumer):
    subscription: stream.Subscription | None = None
    writer: asyncio.Task[None] | None = None

    async def dispatch(self, message: dict[str, Any]) -> None:
        if message.get("type") == "websocket.receive":
            await self.websocket_receive(message)      # no DB here: no close_old_connections hop
        else:
            await super().dispatch(message)

    async def connect(self) -> None:
        name = self.scope["url_route"]["kwargs"]["name"]
        try:
            self.live = await live.registry.get_or_start(name)
        except ClusterDefinition.DoesNotExist:
            await self.close(code=CLOSE_UNKNOWN_CLUSTER)
            return
        self.role = await role_for_scope(self.scope, name)
        await self.accept()
        self.subscription = stream.for_live(self.live).subscribe(self.role, since=_since(self.scope))
        self.subscription.backlog = _backlog_probe(self.base_send)
        self.writer = asyncio.create_task(self._write(self.subscription), name=f"ws-writer:{name}")

    async def _write(self, subscription: stream.Subscription) -> None:
        try:
            async for text in subscription:
                await self.send(text_data=text)
        except Disconnected:
            return                       # the viewer left between two frames; disconnect() follows
        except Exception:
            # A frame that cannot be rendered or sent: drop this socket (the page reconnects
            # and starts over from a snapshot) rather than leave it silently stalled.
            logger.exception("cluster %s: a viewer's stream failed", self.live.name)
            await self.close(code=1011)

    async def disconnect(self, code: int) -> None:
        if self.subscription is not None:
            self.subscription.close()
        if self.writer is not None:
            self.writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.writer

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None:
            await self.close(code=CLOSE_UNSUPPORTED)
            return
        if len(text_data) > MAX_MESSAGE:
            await self.close(code=CLOSE_TOO_BIG)
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            await self.close(code=CLOSE_INVALID)
            return
        kind = message.get("type")
        if kind == "ack":
            seq = message.get("seq")
            if not isinstance(seq, int) or isinstance(seq, bool):
                await self.close(code=CLOSE_INVALID)
            elif self.subscription is not None:
                self.subscription.ack(seq)
            return
        if kind == "resync":
            if self.subscription is not None:
                self.subscription.resync()
            return
        await self._control(message)

    async def _control(self, message: dict[str, Any]) -> None:
        try:
            controls = importlib.import_module("clusterviz.controls")
        except ImportError:
            controls = None
        perform = getattr(controls, "perform_ws", None)
        if perform is None:
            await self.close(code=CLOSE_REFUSED)
            return
        outcome = perform(self.live, self.role, message)
        if asyncio.iscoroutine(outcome):
            outcome = await outcome
        close_code = getattr(outcome, "close_code", None)
        if close_code:
            await self.close(code=close_code)
            return
        stream.nudge(self.live)      # show the control's effect now, not at the next tick
        text = getattr(outcome, "output", "")
        if text:
            await self.send(text_data=stream.status_fragment(text, ok=bool(getattr(outcome, "ok", True))))


def _since(scope: dict[str, Any]) -> int | None:
    """The sequence number the page was rendered at (``?seq=``): no snapshot needed if current."""
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("seq")
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def _backlog_probe(send: Any) -> Callable[[], int] | None:
    """Unsent bytes on this WebSocket's TCP connection, if the server is Daphne (Twisted).

    Daphne hands each application ``partial(server.handle_reply, protocol)``; the protocol's
    Twisted transport buffers what the socket has not taken yet. Anything else: no probe.
    """
    protocol = send.args[0] if isinstance(send, functools.partial) and send.args else None
    if protocol is None or not hasattr(getattr(protocol, "transport", None), "dataBuffer"):
        return None

    def backlog() -> int:
        transport = protocol.transport
        if transport is None:
            return 0
        unsent = len(transport.dataBuffer) - getattr(transport, "offset", 0)
        return unsent + getattr(transport, "_tempDataLen", 0)

    return backlog
