"""Server-side Table printing: build the ``meta.k8s.io/v1`` Table of 30,000 pods.

Goal: well under 0.5 s for 30,000 pods (``kubectl get pods -A`` on a big simulated cluster),
with the default ``includeObject=Metadata``. The pods are realistic kubelet-written objects
in a mix of states (running, restarted, crash-looping, pulling, pending, init, terminating),
created over an hour so their stamps vary. Prints figures; not a test.
Usage: python bench/bench_printers.py [--pods 30000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clusterviz.k8s.printers import table, text  # noqa: E402
from simulator.apiserver.registry import BY_PLURAL  # noqa: E402
from simulator.objects import DEFAULT_EPOCH, Clock  # noqa: E402


class _Kernel:
    now = 7200.0


def stamp(clock: Clock, seconds: float) -> str:
    return clock.at(seconds)


def pod(i: int, clock: Clock) -> dict:
    created = 60.0 + (i * 0.12) % 3600
    started = stamp(clock, created + 5)
    running = {"running": {"startedAt": started}}
    state, restarts, last, phase, ready = running, 0, None, "Running", True
    kind = i % 10
    if kind == 1:  # restarted a few times
        restarts = 3
        last = {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": started,
                               "finishedAt": stamp(clock, created + 300)}}
    elif kind == 2:
        state, restarts, ready = {"waiting": {"reason": "CrashLoopBackOff"}}, 12, False
        last = {"terminated": {"exitCode": 2, "reason": "Error", "finishedAt": stamp(clock, created + 900)}}
    elif kind == 3:
        state, ready = {"waiting": {"reason": "ContainerCreating"}}, False
        phase = "Pending"
    elif kind == 4:
        state, ready = {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image"}}, False
        phase = "Pending"
    statuses = [{"name": "app", "ready": ready, "restartCount": restarts, "state": state,
                 "image": "nginx:1.27", "imageID": "docker.io/library/nginx@sha256:abc",
                 "containerID": f"containerd://{i:064x}", "started": ready}]
    if last:
        statuses[0]["lastState"] = last
    obj = {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": f"web-{i // 1000}-7c9f{i:06d}", "namespace": f"team-{i % 20}",
                     "uid": f"00000000-0000-4000-8000-{i:012d}", "resourceVersion": str(1000 + i),
                     "creationTimestamp": stamp(clock, created), "generateName": f"web-{i // 1000}-7c9f",
                     "labels": {"app": f"web-{i // 1000}", "pod-template-hash": "7c9f"},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                          "name": f"web-{i // 1000}", "uid": "x", "controller": True,
                                          "blockOwnerDeletion": True}]},
        "spec": {"nodeName": f"worker-{i % 500}", "containers": [{"name": "app", "image": "nginx:1.27"}],
                 "restartPolicy": "Always"},
        "status": {"phase": phase, "podIP": f"10.{i // 65536}.{(i // 256) % 256}.{i % 256}",
                   "podIPs": [{"ip": f"10.{i // 65536}.{(i // 256) % 256}.{i % 256}"}],
                   "hostIP": "10.0.0.1", "startTime": started,
                   "conditions": [{"type": "Ready", "status": "True" if ready else "False"},
                                  {"type": "Initialized", "status": "True"}],
                   "containerStatuses": statuses},
    }
    if kind == 5:  # still initialising
        obj["spec"]["initContainers"] = [{"name": "init", "image": "busybox"}]
        obj["status"]["initContainerStatuses"] = [{"name": "init", "ready": False, "restartCount": 0,
                                                   "state": {"running": {"startedAt": started}}}]
        obj["status"]["conditions"][1]["status"] = "False"
        obj["status"]["phase"] = "Pending"
    elif kind == 6:
        obj["metadata"]["deletionTimestamp"] = stamp(clock, 7000)
    return obj


def measure(fn, repeat: int) -> list[float]:
    """Wall time of ``fn()`` alone: its result is freed after the clock stops."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    clock = Clock(_Kernel(), epoch=DEFAULT_EPOCH)
    pods = [pod(i, clock) for i in range(args.pods)]
    res = BY_PLURAL["pods"]

    def build(include: str = "Metadata") -> dict:
        return table(res, pods, resource_version="123", include_object=include, now=_Kernel.now, clock=clock)

    result = build()
    assert len(result["rows"]) == args.pods
    print(f"{args.pods} pods, best of {args.repeat}:")
    for include in ("Metadata", "None", "Object"):
        best = min(measure(lambda include=include: build(include), args.repeat))
        per_pod = best / args.pods * 1e6
        print(f"  table(includeObject={include:8}) {best * 1000:7.1f} ms  ({per_pod:.2f} µs/pod)")
    encoded = measure(lambda: json.dumps(result), 3)
    size = len(json.dumps(result)) / 1e6
    print(f"  json.dumps of that Table         {min(encoded) * 1000:7.1f} ms  ({size:.1f} MB)")
    rendered = measure(lambda: text(res, pods, now=_Kernel.now, clock=clock, all_namespaces=True), 3)
    print(f"  text(-A) as kubectl prints it    {min(rendered) * 1000:7.1f} ms")
    statuses = {}
    for row in result["rows"]:
        statuses[row["cells"][2]] = statuses.get(row["cells"][2], 0) + 1
    median = statistics.median(measure(build, 3))
    print(f"  statuses: {dict(sorted(statuses.items()))}  (median table {median * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
