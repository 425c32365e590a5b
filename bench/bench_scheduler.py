"""Scheduler throughput through the apiserver: create pods → all bound.

Goal: ≥1,000 pods/s at 1,000 nodes and ≥500 pods/s at 5,000 nodes, on one core.
Wall time covers the apiserver creating every pod (defaulting, validation, etcd, watch
fan-out) and kube-scheduler binding each one through pods/binding. Prints figures; not a test.
Usage: python bench/bench_scheduler.py [--pods 10000]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.core import bootstrap_namespaces, build_core  # noqa: E402
from simulator.scheduler.kube_scheduler import KubeScheduler  # noqa: E402


def node(i: int) -> dict:
    name = f"worker-{i}"
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                                                  "topology.kubernetes.io/zone": f"zone-{i % 3}"}},
            "spec": {},
            "status": {"capacity": {"cpu": "32", "memory": "128Gi", "pods": "110"},
                       "allocatable": {"cpu": "32", "memory": "128Gi", "pods": "110"},
                       "conditions": [{"type": "Ready", "status": "True"}]}}


def pod(i: int) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p-{i}", "namespace": "default",
                                                          "labels": {"app": f"a{i % 10}"}},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.27",
                                     "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}


def run(nodes: int, pods: int) -> float:
    core = build_core(seed=1, trace_keep=10_000)
    bootstrap_namespaces(core)
    for i in range(nodes):
        core.api.create("nodes", node(i), actor="bench")
    scheduler = KubeScheduler(kernel=core.kernel, client=core.client("kube-scheduler"),
                              informers=core.informers("kube-scheduler"), trace=core.trace,
                              timing=core.timing, clock=core.clock)
    scheduler.start()
    core.kernel.run(until=core.kernel.now + 1.0)
    start = time.perf_counter()
    for i in range(pods):
        core.api.create("pods", pod(i), actor="bench")
    bound = 0
    while bound < pods:
        core.kernel.run(until=core.kernel.now + 1.0)
        bound = sum(1 for kv in core.etcd.range("/registry/pods/") if kv.value["spec"].get("nodeName"))
    elapsed = time.perf_counter() - start
    return pods / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=10_000)
    args = parser.parse_args()
    for nodes, goal in ((1000, 1000), (5000, 500)):
        rate = run(nodes, args.pods)
        verdict = "ok" if rate >= goal else "BELOW GOAL"
        print(f"{nodes:>5} nodes, {args.pods} pods: {rate:,.0f} pods/s through the apiserver "
              f"(goal >= {goal}) {verdict}")


if __name__ == "__main__":
    main()
