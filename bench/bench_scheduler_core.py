"""schedule_one alone (cache only, no apiserver): pods/s at 1,000 and 5,000 nodes.

Run: python3 bench/bench_scheduler_core.py [pods]
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.scheduler import Cache, schedule_one  # noqa: E402
from simulator.scheduler.pod_info import PodInfo  # noqa: E402

TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
     "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
     "tolerationSeconds": 300},
]


def node(i: int) -> dict:
    name = f"worker-{i}"
    return {"kind": "Node", "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name,
                                                                  "kubernetes.io/os": "linux"}},
            "spec": {}, "status": {"allocatable": {"cpu": "8", "memory": "32Gi", "pods": "110"}}}


def control_plane() -> dict:
    n = node(0)
    n["metadata"]["name"] = "control-plane"
    n["spec"]["taints"] = [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]
    return n


def pod(i: int, owner: str | None) -> dict:
    meta = {"name": f"web-{i}", "namespace": "default", "labels": {"app": "web"}, "uid": f"uid-{i}"}
    if owner:
        meta["ownerReferences"] = [{"kind": "ReplicaSet", "name": "web-7d4b9", "uid": owner,
                                    "controller": True}]
    return {"kind": "Pod", "metadata": meta,
            "spec": {"schedulerName": "default-scheduler", "tolerations": TOLERATIONS,
                     "containers": [{"name": "web", "image": "nginx:1.27",
                                     "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}


def run(num_nodes: int, num_pods: int, owner: str | None) -> float:
    cache = Cache()
    cache.add_node(control_plane())
    for i in range(1, num_nodes):
        cache.add_node(node(i))
    rng = random.Random(1)
    pods = [pod(i, owner) for i in range(num_pods)]
    begin = time.perf_counter()
    for p in pods:      # as KubeScheduler does: parse the pod once, schedule, assume
        info = PodInfo(p)
        result = schedule_one(p, cache, rng=rng, info=info)
        cache.assume_pod(p, result.node, info)
    return num_pods / (time.perf_counter() - begin)


def main() -> None:
    num_pods = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    for num_nodes in (1000, 5000):
        for label, owner in (("bare pods", None), ("ReplicaSet pods", "rs-uid")):
            rate = run(num_nodes, num_pods, owner)
            print(f"{num_nodes:>5} nodes, {label:<16}: {rate:8.0f} pods/s ({1e6 / rate:6.0f} µs/pod)")


if __name__ == "__main__":
    main()
