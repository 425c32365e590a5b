"""Fan-out: 200 WebSocket viewers of one cluster on one Daphne process at 20 frames/s.

Two runs, each against a fresh server subprocess serving the same live cluster (3 workers,
classroom timing, speed 20, pacing every 50 ms so every tick carries a frame):

- ``direct``: ClusterViz's own path — ``clusterviz.stream`` renders each frame once and hands
  it to every subscriber's queue; each consumer's writer sends it on its socket. Viewers
  acknowledge every third frame, as the page does (``--ack-every``; 0: never).
- ``group_send``: the stock Channels pattern — one subscriber forwards each frame with
  ``channel_layer.group_send`` to a group every consumer joined (InMemoryChannelLayer).

Latency is from the moment the stream published a frame (logged by the server) to its
arrival at the viewer (both clocks are this machine's). Prints p50/p99/max, frames lost or
out of order, and the server's CPU; goal: direct p99 ≤100 ms, every frame in order, and
≥3× lower p99 than group_send. Not a test.

    python bench/bench_ui_fanout.py [--viewers 200] [--seconds 10]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MARKER = '<div id="cv-frame" hx-swap-oob="attrs" data-seq="'
TICK = 0.05
GOAL_P99_MS = 100.0


# -- the server side (a subprocess: ``--serve MODE --port N --log FILE``) ---------------------
def serve(mode: str, port: int, log: Path) -> None:
    import daphne.server  # noqa: F401  (installs the asyncio reactor before Twisted is touched)

    os.environ["DJANGO_SETTINGS_MODULE"] = "clusterviz.settings"
    os.environ["DEBUG"] = "0"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from clusterviz.models import ClusterDefinition

    ClusterDefinition.objects.create(name="bench", workers=3, seed=1, timing="classroom", speed=20)
    daphne.server.Server(_application(mode, log), endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
                         signal_handlers=True, verbosity=0).run()


def _application(mode: str, log: Path) -> object:
    from channels.generic.websocket import AsyncWebsocketConsumer
    from channels.layers import get_channel_layer
    from channels.routing import ProtocolTypeRouter, URLRouter
    from django.urls import re_path

    from clusterviz import live, stream
    from clusterviz.consumers import ClusterConsumer

    live.registry = live.Registry(tick=TICK)
    published = log.open("a", buffering=1)
    original = stream.Stream.tick

    def logged_tick(self: stream.Stream) -> None:
        before = self.seq
        original(self)
        if self.seq != before:
            published.write(f"{self.seq} {time.time():.6f}\n")

    stream.Stream.tick = logged_tick          # type: ignore[method-assign]
    publisher: list[asyncio.Task[None]] = []

    async def forward() -> None:
        """The stock pattern's producer: every frame goes out through one group_send."""
        running = await live.registry.get_or_start("bench")
        layer = get_channel_layer()
        async for text in stream.for_live(running).subscribe("viewer"):
            await layer.group_send("viewers", {"type": "frame", "text": text})

    class StockConsumer(AsyncWebsocketConsumer):
        groups = ["viewers"]

        async def connect(self) -> None:
            await self.accept()
            if not publisher:
                publisher.append(asyncio.ensure_future(forward()))

        async def frame(self, event: dict[str, str]) -> None:
            await self.send(text_data=event["text"])

    consumer = ClusterConsumer if mode == "direct" else StockConsumer
    return ProtocolTypeRouter({"websocket": URLRouter([
        re_path(r"^ws/clusters/(?P<name>[-a-z0-9]+)/$", consumer.as_asgi())])})


# -- the driver ----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def viewer(session: object, url: str, arrivals: list[tuple[int, float]], stop: asyncio.Event,
                 ack_every: int) -> None:
    async with session.ws_connect(url, max_msg_size=0) as ws:  # type: ignore[attr-defined]
        closer = asyncio.ensure_future(_close_on(stop, ws))
        unacked = 0
        async for message in ws:
            # Only the frame marker is read: the client must stay cheaper than the server.
            data = message.data
            if not data.startswith(MARKER):
                continue
            seq = int(data[len(MARKER):data.index('"', len(MARKER))])
            snapshot = "data-snapshot" in data[:120]
            if not snapshot:
                arrivals.append((seq, time.time()))
            unacked += 1
            if ack_every and (snapshot or unacked >= ack_every):   # as the page acknowledges
                unacked = 0
                await ws.send_str(f'{{"type": "ack", "seq": {seq}}}')
        closer.cancel()


async def _close_on(stop: asyncio.Event, ws: object) -> None:
    await stop.wait()
    await ws.close()  # type: ignore[attr-defined]


Arrivals = list[tuple[int, float]]


async def measure(port: int, viewers: int, seconds: float, pid: int,
                  ack_every: int) -> tuple[list[Arrivals], float, float, float]:
    import aiohttp

    url = f"ws://127.0.0.1:{port}/ws/clusters/bench/"
    stop = asyncio.Event()
    per_viewer: list[list[tuple[int, float]]] = [[] for _ in range(viewers)]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        tasks = []
        for i in range(viewers):
            tasks.append(asyncio.ensure_future(viewer(session, url, per_viewer[i], stop, ack_every)))
            if i % 20 == 19:
                await asyncio.sleep(0.1)
        await asyncio.sleep(2.0)                                    # warm up: everyone connected
        for arrivals in per_viewer:
            arrivals.clear()
        cpu0, start, mine = cpu_seconds(pid), time.time(), time.process_time()
        await asyncio.sleep(seconds)
        cpu1, end = cpu_seconds(pid), time.time()
        print(f"  (viewers' own process: {(time.process_time() - mine) / seconds * 100:.0f}% CPU)")
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return per_viewer, start, end, (cpu1 - cpu0) / (end - start)


def run(mode: str, viewers: int, seconds: float, ack_every: int = 0) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix=f"bench-fanout-{mode}-"))
    log, port = work / "published.log", free_port()
    env = {**os.environ, "DATABASE_PATH": str(work / "db.sqlite3"), "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, __file__, "--serve", mode, "--port", str(port), "--log", str(log)]
    server = subprocess.Popen(argv,
                              env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.1)
        per_viewer, start, end, cpu = asyncio.run(measure(port, viewers, seconds, server.pid, ack_every))
    finally:
        server.terminate()
        server.wait(timeout=10)
    published = dict(line.split() for line in log.read_text().splitlines())
    label = f"{mode}+ack" if ack_every else mode
    return summarize(label, per_viewer, {int(k): float(v) for k, v in published.items()}, start, end, cpu)


def summarize(mode: str, per_viewer: list[list[tuple[int, float]]], published: dict[int, float],
              start: float, end: float, cpu: float) -> dict[str, float]:
    latencies, lost, disordered = [], 0, 0
    expected = [seq for seq, t in published.items() if start + 0.5 <= t <= end - 0.5]
    for arrivals in per_viewer:
        seqs = [seq for seq, _ in arrivals]
        disordered += sum(1 for a, b in zip(seqs, seqs[1:], strict=False) if b <= a)
        got = set(seqs)
        lost += sum(1 for seq in expected if seq not in got)
        latencies += [(t - published[seq]) * 1000 for seq, t in arrivals if seq in published]
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    rate = len(expected) / max(1e-9, end - start - 1.0)
    print(f"{mode:>10}: {len(per_viewer)} viewers, {rate:4.1f} frames/s, {len(latencies)} deliveries, "
          f"p50 {pct(50):6.1f} ms, p99 {pct(99):6.1f} ms, max {latencies[-1] if latencies else 0:7.1f} ms, "
          f"lost {lost}, out of order {disordered}, server CPU {cpu * 100:3.0f}%")
    return {"p99": pct(99), "lost": lost, "disordered": disordered}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--ack-every", type=int, default=3,
                        help="viewers acknowledge every N frames, as the page does (0: never)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--serve", choices=("direct", "group_send"))
    parser.add_argument("--port", type=int)
    parser.add_argument("--log", type=Path)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.log)
        return
    direct = run("direct", args.viewers, args.seconds, args.ack_every)
    stock = run("group_send", args.viewers, args.seconds)
    ratio = stock["p99"] / direct["p99"] if direct["p99"] else float("nan")
    ok = direct["p99"] <= GOAL_P99_MS and direct["lost"] == 0 and direct["disordered"] == 0
    print(f"p99 ratio group_send / direct: {ratio:.1f}× (goal ≥3×); "
          f"direct p99 ≤{GOAL_P99_MS:.0f} ms and every frame in order: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
