"""``kubectl get pods -A`` (a server-side Table) on a cluster of 30,000 pods.

Goal: server time ≤1 s. Builds 300 workers running 30,000 pods (about a minute), serves
them with Daphne in this process, runs the real kubectl against it and prints the server
time per request (arrival to last byte), the response size and kubectl's own wall time.
Usage: python bench/bench_api_list.py [--pods 30000] [--nodes 300] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
import urllib.request

from bench_api_common import (
    KUBECTL_UA,
    TABLE_ACCEPT,
    define,
    deployment,
    kubeconfig,
    percentile,
    serve,
    setup_django,
    workdir,
)


def build(nodes: int, pods: int) -> object:
    from simulator import Cluster

    started = time.perf_counter()
    cluster = Cluster.create(
        seed=1, workers=nodes, timing="classroom", trace_keep=50_000, worker_cpu="64", worker_memory="256Gi"
    )
    per = 1000
    for i in range(0, pods, per):
        cluster.apply(deployment(f"app-{i // per}", min(per, pods - i)))
    running = 0
    while running < pods and cluster.now < 3600:
        cluster.advance(5.0)
        running = sum(
            1
            for p in cluster.objects("pods", namespace="default")
            if (p.get("status") or {}).get("phase") == "Running"
        )
    print(f"built {nodes} workers with {running} Running pods in {time.perf_counter() - started:.0f} s")
    return cluster


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=30_000)
    parser.add_argument("--nodes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = workdir()
    setup_django(work)
    base_path = define("bench", workers=args.nodes, timing="classroom", seed=1)
    cluster = build(args.nodes, args.pods)
    timing: dict[str, list[float]] = {}
    kubectl = shutil.which("kubectl") or str(work.parent / "kubectl")
    results: dict[str, object] = {}

    def driver(base: str) -> None:
        url = base + base_path
        request = urllib.request.Request(
            f"{url}/api/v1/pods?limit=500", headers={"Accept": TABLE_ACCEPT, "User-Agent": KUBECTL_UA}
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # starts the cluster's owner
            results["bytes"] = len(response.read())
        timing.clear()
        env = {
            **os.environ,
            "KUBECONFIG": str(kubeconfig(work / "kubeconfig", url)),
            "KUBECACHEDIR": str(work / "cache"),
        }
        walls = []
        for _ in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run(
                [kubectl, "get", "pods", "-A", "--request-timeout=60s"],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            walls.append(time.perf_counter() - started)
            assert done.returncode == 0, done.stderr
            results["lines"] = len(done.stdout.splitlines())
        results["kubectl"] = walls
        json_request = urllib.request.Request(f"{url}/api/v1/pods", headers={"User-Agent": KUBECTL_UA})
        started = time.perf_counter()
        with urllib.request.urlopen(json_request, timeout=60) as response:
            results["json_bytes"] = len(response.read())
        results["json_client"] = time.perf_counter() - started

    serve(cluster, driver=driver, timing=timing)
    server = timing.get("pods", [])
    tables = server[:-1]
    print(f"kubectl get pods -A: {results['lines'] - 1} rows, Table response {results['bytes'] / 1e6:.1f} MB")
    print(
        f"server time (arrival to last byte) over {len(tables)} runs: "
        f"p50 {percentile(tables, 50) * 1000:.0f} ms, max {max(tables) * 1000:.0f} ms (goal <= 1000 ms)"
    )
    walls = results["kubectl"]
    print(f"kubectl wall time (incl. discovery, decoding, printing): p50 {percentile(walls, 50):.2f} s")  # type: ignore[arg-type]
    print(f"plain JSON PodList: {results['json_bytes'] / 1e6:.1f} MB, server {server[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
