"""The WebSocket consumer: snapshot on connect, frames per tick, resync, garbage closes one socket."""
from __future__ import annotations

import asyncio
import json

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from clusterviz import live
from clusterviz.models import ClusterDefinition
from clusterviz.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def registry(monkeypatch):
    registry = live.Registry(tick=0.05)
    monkeypatch.setattr(live, "registry", registry)
    await ClusterDefinition.objects.acreate(name="demo", workers=2, seed=1, timing="classroom")
    yield registry
    await registry.stop_all()


async def connect(path: str = "/ws/clusters/demo/") -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_a_viewer_gets_a_snapshot_then_numbered_frames(registry):
    ws = await connect()
    snapshot = await ws.receive_from(timeout=5)
    assert 'data-snapshot="true"' in snapshot and 'id="node-worker-2"' in snapshot
    frame = await ws.receive_from(timeout=5)
    assert frame.startswith('<div id="cv-frame" hx-swap-oob="attrs" data-seq=')
    await ws.disconnect()


async def test_resync_asks_for_a_fresh_snapshot(registry):
    ws = await connect()
    await ws.receive_from(timeout=5)
    await ws.send_to(text_data=json.dumps({"type": "resync"}))
    for _ in range(20):
        if 'data-snapshot="true"' in await ws.receive_from(timeout=5):
            break
    else:
        pytest.fail("no snapshot after resync")
    await ws.disconnect()


async def test_acknowledgements_hold_frames_in_flight_to_a_window(registry):
    from clusterviz import stream

    ws = await connect()
    snapshot = await ws.receive_from(timeout=5)
    seq = int(snapshot.split('data-seq="', 1)[1].split('"', 1)[0])
    await ws.send_to(text_data=json.dumps({"type": "ack", "seq": seq}))
    frames = [await ws.receive_from(timeout=5) for _ in range(stream.WINDOW)]
    assert await ws.receive_nothing(timeout=0.6)       # a window in flight: nothing more until an ack
    last = int(frames[-1].split('data-seq="', 1)[1].split('"', 1)[0])
    await ws.send_to(text_data=json.dumps({"type": "ack", "seq": last}))
    assert 'data-snapshot="true"' in await ws.receive_from(timeout=5)   # it fell behind meanwhile
    await ws.disconnect()


@pytest.mark.parametrize("message, code", [
    ("not json", 1007),
    ("[1, 2]", 1007),
    ('{"type": "ack", "seq": "7"}', 1007),
    ("x" * 20_000, 1009),
])
async def test_garbage_closes_only_that_socket(registry, message, code):
    bad, good = await connect(), await connect()
    await bad.receive_from(timeout=5)
    await bad.send_to(text_data=message)
    assert (await bad.receive_output(timeout=5)) == {"type": "websocket.close", "code": code}
    await good.receive_from(timeout=5)
    assert "cv-frame" in await good.receive_from(timeout=5)        # the other viewer streams on
    await good.disconnect()


async def test_a_binary_message_closes_the_socket(registry):
    ws = await connect()
    await ws.send_to(bytes_data=b"\x00\x01")
    while (message := await ws.receive_output(timeout=5))["type"] != "websocket.close":
        pass
    assert message["code"] == 1003


async def test_a_viewers_control_attempt_is_refused(registry):
    ws = await connect()
    await ws.send_to(text_data=json.dumps({"action": "fail-node", "node": "worker-1"}))
    while (message := await ws.receive_output(timeout=5))["type"] != "websocket.close":
        pass
    assert message["code"] == 4403
    running = registry.get("demo")
    assert running.cluster.machines["worker-1"].powered


async def test_an_unknown_cluster_closes(registry):
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/clusters/nope/")
    connected, code = await communicator.connect()
    assert not connected and code == 4404


async def test_disconnecting_unsubscribes(registry):
    ws = await connect()
    await ws.receive_from(timeout=5)
    running = registry.get("demo")
    from clusterviz import stream

    feed = stream.for_live(running)
    assert len(feed.subscribers) == 1
    await ws.disconnect()
    await asyncio.sleep(0.05)
    assert not feed.subscribers
