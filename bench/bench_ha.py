"""HA control plane cost: 3 control planes + a 5-member etcd under the heartbeats of 1,000 nodes.

Goal: the simulation still runs ≥50× real time; printed beside the single-control-plane run
(same workers, same seed, same simulated span). Prints its figures; not a test.
Usage: python bench/bench_ha.py [--nodes 1000] [--minutes 10] [--pods 3000]
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_simulation import deployment  # noqa: E402

from simulator import Cluster  # noqa: E402


def run(nodes: int, minutes: float, pods: int, control_planes: int,
        etcd_members: int) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    cluster = Cluster.create(seed=1, workers=nodes, timing="kubernetes", trace_keep=50_000,
                             control_planes=control_planes, etcd_members=etcd_members,
                             worker_cpu="64", worker_memory="256Gi")
    for i in range(0, pods, 1000):
        cluster.apply(deployment(f"app-{i // 1000}", min(1000, pods - i)))
    cluster.advance(180.0)       # the pods start; not measured
    setup = time.perf_counter() - t0
    gc.collect()
    gc.freeze()
    start, cpu0, wall0 = cluster.now, time.process_time(), time.perf_counter()
    cluster.advance(60.0 * minutes)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    gc.unfreeze()
    sim = cluster.now - start
    extra = ""
    if cluster.core.raft is not None:
        roles = sorted(m.role for m in cluster.core.raft.members.values())
        extra = f"; etcd members {roles.count('leader')} leader + {roles.count('follower')} followers"
    return sim / wall, sim / cpu, f"set-up {setup:.0f} s wall{extra}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--pods", type=int, default=3000)
    args = parser.parse_args()
    print(f"{args.nodes} workers, {args.pods} pods, {args.minutes:g} simulated minutes, kubernetes timing")
    results = {}
    for label, cps, members in (("1 control plane, 1 etcd member ", 1, 1),
                                ("3 control planes, 5 etcd members", 3, 5)):
        wall_x, cpu_x, note = run(args.nodes, args.minutes, args.pods, cps, members)
        results[label] = wall_x
        print(f"{label}: {wall_x:6.1f}x real time (wall), {cpu_x:6.1f}x (CPU)   [{note}]", flush=True)
    single, ha = results.values()
    print(f"HA / single: {ha / single:.2f} of the single-control-plane speed; goal >= 50x real time: "
          f"{'met' if ha >= 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
