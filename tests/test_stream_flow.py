"""A viewer that stops reading cannot make the server buffer without bound (live Daphne).

A raw WebSocket client speaks the page's protocol (acknowledge what you applied), then stops
reading for a few seconds while the cluster churns. The server keeps at most a window of
frames in flight and a few waiting; past that it drops them and owes the viewer a snapshot.
Once the client reads again it gets the frames that were in flight, one snapshot, and then
every frame in order.
"""
from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import aiohttp

from clusterviz import stream
from tests.conftest import ServerProcess
from tests.kubectl_helpers import Kubectl, create_cluster, kubectl_binary, retire

SEQ = re.compile(r'^<div id="cv-frame" hx-swap-oob="attrs" data-seq="(\d+)"( data-snapshot="true")?')


async def next_frame(ws: Any) -> tuple[int, bool]:
    """The next numbered frame (number, is it a snapshot), acknowledged as the page does."""
    while True:
        message = await ws.receive(timeout=10)
        assert message.type == aiohttp.WSMsgType.TEXT, message
        found = SEQ.match(message.data)
        if found:
            seq = int(found.group(1))
            await ws.send_str(json.dumps({"type": "ack", "seq": seq}))
            return seq, bool(found.group(2))


async def stats(http: aiohttp.ClientSession, base: str, name: str) -> dict[str, Any]:
    async with http.get(f"{base}/c/{name}/stream/") as response:
        assert response.status == 200
        return await response.json()


async def test_a_viewer_that_stops_reading_stays_bounded_and_resumes_from_a_snapshot(
    daphne_server: ServerProcess, live_server_url: str, tmp_path
):
    info = create_cluster(daphne_server, "flow", workers=3, speed=20)   # a frame every tick
    kubectl = Kubectl(kubectl_binary("kubectl-1.32"), tmp_path, info)
    url = f"{live_server_url.replace('http', 'ws')}/ws/clusters/{info.name}/"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(url, headers={"Origin": live_server_url}, max_msg_size=0) as ws:
                seq, snapshot = await next_frame(ws)
                assert snapshot
                for _ in range(5):
                    following, snapshot = await next_frame(ws)
                    assert (following, snapshot) == (seq + 1, False)
                    seq = following
                (viewer,) = (await stats(http, live_server_url, info.name))["viewers"]
                assert viewer["acks"] and isinstance(viewer["backlog_bytes"], int)

                # Stop reading (and acknowledging) for three seconds while the cluster churns.
                await asyncio.to_thread(kubectl.run, "create", "deployment", "churn", "--image=nginx",
                                        "--replicas=12")
                seen = []
                for _ in range(12):
                    await asyncio.sleep(0.25)
                    (viewer,) = (await stats(http, live_server_url, info.name))["viewers"]
                    seen.append(viewer)
                    assert viewer["queued"] <= stream.QUEUE_LIMIT and viewer["in_flight"] <= stream.WINDOW
                assert viewer["peak"] <= stream.QUEUE_LIMIT
                assert viewer["overflows"] >= 1 and viewer["needs_snapshot"], seen[-1]
                assert viewer["in_flight"] == stream.WINDOW        # the frames it had not acknowledged

                # Read again: the frames that were in flight, then one snapshot, then each frame in order.
                before = []
                while True:
                    following, snapshot = await next_frame(ws)
                    if snapshot:
                        break
                    before.append(following)
                assert before == list(range(seq + 1, seq + 1 + len(before)))
                assert len(before) <= stream.WINDOW
                seq = following
                for _ in range(10):
                    following, snapshot = await next_frame(ws)
                    assert (following, snapshot) == (seq + 1, False)
                    seq = following
                (viewer,) = (await stats(http, live_server_url, info.name))["viewers"]
                assert not viewer["needs_snapshot"] and viewer["queued"] <= stream.QUEUE_LIMIT
    finally:
        retire(info)
