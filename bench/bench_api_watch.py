"""50 concurrent watchers of all pods while a node fails.

Goal: every watcher receives every pod change, in resourceVersion order, with no gap;
prints the delivery latency (commit in etcd → event read by the client) p50/p99.
The server (Daphne, in this process) serves a 20-worker cluster with 300 pods at speed
10 (classroom timing); the watchers are HTTP clients in a separate process. A NodeDown
Fault takes worker-1 away: its node goes NotReady, its pods are evicted and replaced.
Usage: python bench/bench_api_watch.py [--watchers 50] [--pods 300] [--speed 10]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench_api_common import define, deployment, percentile, serve, setup_django, workdir


# -- the watchers (a separate process) ------------------------------------------------------
async def watcher(url: str, rv: str, stop: Path, deadline: float) -> list[tuple[int, str, float]]:
    import httpx

    seen: list[tuple[int, str, float]] = []

    async def read() -> None:
        params = {"watch": "true", "resourceVersion": rv}
        async with httpx.AsyncClient(timeout=None) as client:
            async with client.stream("GET", f"{url}/api/v1/pods", params=params) as response:
                async for line in response.aiter_lines():
                    if line:
                        event = json.loads(line)
                        seen.append(
                            (int(event["object"]["metadata"]["resourceVersion"]), event["type"], time.time())
                        )

    reader = asyncio.ensure_future(read())
    while not reader.done() and time.time() < deadline:
        await asyncio.sleep(0.1)
        if seen and (final := _final(stop)) is not None and seen[-1][0] >= final:
            break
    reader.cancel()
    await asyncio.gather(reader, return_exceptions=True)
    return seen


def _final(stop: Path) -> int | None:
    """The last pod revision of the story, once the server side has written it."""
    return int(stop.read_text()) if stop.exists() else None


async def watchers(url: str, count: int, rv: str, stop: Path, out: Path) -> None:
    deadline = time.time() + 120
    results = await asyncio.gather(*(watcher(url, rv, stop, deadline) for _ in range(count)))
    await asyncio.to_thread(out.write_text, json.dumps(results))


# -- the server side -----------------------------------------------------------------------
def build(nodes: int, pods: int, commits: dict[int, float]) -> Any:
    from simulator import Cluster

    cluster = Cluster.create(seed=1, workers=nodes, timing="classroom")
    for i in range(0, pods, 30):
        cluster.apply(deployment(f"app-{i // 30}", min(30, pods - i)))
    while (
        sum(
            1
            for p in cluster.objects("pods", namespace="default")
            if (p.get("status") or {}).get("phase") == "Running"
        )
        < pods
    ):
        cluster.advance(2.0)
    etcd = cluster.core.etcd
    record = etcd._record

    def timed_record(change: Any) -> None:  # the bench's probe: when each revision was committed
        commits[change.revision] = time.time()
        record(change)

    etcd._record = timed_record
    return cluster


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--watchers", type=int, default=50)
    parser.add_argument("--pods", type=int, default=300)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--speed", type=float, default=10)
    parser.add_argument("--client-processes", type=int, default=5)
    parser.add_argument("--client", nargs=5, metavar=("URL", "COUNT", "RV", "STOP", "OUT"))
    args = parser.parse_args()
    if args.client:
        url, count, rv, stop, out = args.client
        asyncio.run(watchers(url, int(count), rv, Path(stop), Path(out)))
        return
    work = workdir()
    setup_django(work)
    base_path = define("watchbench", workers=args.nodes, timing="classroom", seed=1, speed=args.speed)
    commits: dict[int, float] = {}
    cluster = build(args.nodes, args.pods, commits)
    cluster.configure(speed=args.speed)
    report: dict[str, Any] = {}

    def on_loop(fn: Any) -> Any:
        """Run ``fn`` on the loop that owns the cluster and wait for its result."""
        from twisted.internet import reactor

        future: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def call() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                future.set_exception(exc)

        reactor.callFromThread(call)
        return future.result(timeout=30)

    def pod_changes_since(rv: int) -> list[tuple[int, str]]:
        changes = cluster.core.etcd.changes_since(rv)
        kinds = {"PUT": "MODIFIED", "DELETE": "DELETED"}
        return [
            (c.revision, "ADDED" if c.type == "PUT" and c.prev is None else kinds[c.type])
            for c in changes
            if c.key.startswith("/registry/pods/")
        ]

    def driver(base: str) -> None:
        url = base + base_path
        with urllib.request.urlopen(f"{url}/api/v1/pods", timeout=30) as response:
            rv = json.loads(response.read())["metadata"]["resourceVersion"]
        # The watchers are spread over a few client processes, so that reading 50 streams in
        # one Python process does not add its own queueing to the measured latency.
        stop = work / "stop"
        shares = [
            args.watchers // args.client_processes + (i < args.watchers % args.client_processes)
            for i in range(args.client_processes)
        ]
        outs = [work / f"out-{i}.json" for i in range(len(shares))]
        clients = [
            subprocess.Popen([sys.executable, __file__, "--client", url, str(n), rv, str(stop), str(out)])
            for n, out in zip(shares, outs, strict=True)
            if n
        ]
        baseline = on_loop(lambda: cluster.core.api.watches.count())
        deadline = time.monotonic() + 60
        while on_loop(lambda: cluster.core.api.watches.count()) < baseline + args.watchers:
            assert time.monotonic() < deadline, "the watchers did not connect"
            time.sleep(0.1)
        fault = {
            "apiVersion": "sim.clusterviz.io/v1",
            "kind": "Fault",
            "metadata": {"name": "worker-1-down"},
            "spec": {"type": "NodeDown", "node": "worker-1"},
        }
        request = urllib.request.Request(
            f"{url}/apis/sim.clusterviz.io/v1/faults",
            data=json.dumps(fault).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=30).close()
        started = time.monotonic()

        # The story: NotReady, taints, evictions, replacements scheduled elsewhere and Running.
        def settled() -> bool:
            # worker-1's own pods stay Terminating (their kubelet is gone, as on a real cluster).
            pods = cluster.objects("pods", namespace="default")
            replaced = [
                p
                for p in pods
                if (p.get("status") or {}).get("phase") == "Running"
                and (p.get("spec") or {}).get("nodeName") != "worker-1"
            ]
            return len(replaced) == args.pods

        last, quiet_since = -1, time.monotonic()
        while time.monotonic() - started < 300:
            time.sleep(0.2)
            changes = on_loop(lambda: pod_changes_since(int(rv)))
            if len(changes) != last:
                last, quiet_since = len(changes), time.monotonic()
            elif changes and time.monotonic() - quiet_since > 1.0 and on_loop(settled):
                break
        expected = on_loop(lambda: pod_changes_since(int(rv)))
        stop.write_text(str(expected[-1][0]))
        for client in clients:
            client.wait(timeout=120)
        report["expected"] = expected
        report["received"] = [
            events for out in outs if out.exists() for events in json.loads(out.read_text())
        ]
        report["story"] = time.monotonic() - started

    serve(cluster, driver=driver)
    expected = [tuple(e) for e in report["expected"]]
    received = report["received"]
    complete = sum(1 for events in received if [(rv, kind) for rv, kind, _ in events] == expected)
    latencies = [at - commits[rv] for events in received for rv, _, at in events if rv in commits]
    print(
        f"{args.watchers} watchers of all pods, {args.nodes} workers / {args.pods} pods, "
        f"speed {args.speed:g}; "
        f"worker-1 NodeDown: {len(expected)} pod changes in {report['story']:.1f} s"
    )
    print(
        f"watchers that received every change, in resourceVersion order, no gap: {complete}/{len(received)}"
    )
    print(f"events delivered: {sum(len(e) for e in received)} (expected {len(expected) * args.watchers})")
    print(
        f"delivery latency (etcd commit -> client read): p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )
    if complete != len(received):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
