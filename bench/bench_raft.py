"""RaftGroup.committed(): ns per call with 5 members in sync (the apiserver calls it after every write).

Also times the whole write path's raft share, check() + committed(), for comparison.
Run: python3 bench/bench_raft.py [calls]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.etcd import Etcd  # noqa: E402
from simulator.etcd_raft import RaftGroup  # noqa: E402
from simulator.kernel import Kernel  # noqa: E402
from simulator.trace import Trace  # noqa: E402


def group() -> RaftGroup:
    kernel = Kernel(seed=1)
    names = [f"etcd@control-plane-{i}" for i in range(1, 6)]
    return RaftGroup(kernel, Trace(lambda: kernel.now), Etcd(kernel), names)


def best_of(runs: int, calls: int, fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter_ns()
        fn(calls)
        best = min(best, (time.perf_counter_ns() - start) / calls)
    return best


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    g = group()
    via = "etcd@control-plane-3"
    committed, check = g.committed, g.check

    def only_committed(n: int) -> None:
        for _ in range(n):
            committed()

    def check_and_committed(n: int) -> None:
        for _ in range(n):
            check(via)
            committed()

    def empty_loop(n: int) -> None:
        for _ in range(n):
            pass

    loop = best_of(5, calls, empty_loop)
    ns = best_of(5, calls, only_committed) - loop
    both = best_of(5, calls, check_and_committed) - loop
    leader = g.members[g.leader or ""]
    assert leader.commit_index == leader.last_index and all(m.last_index == leader.last_index
                                                            for m in g.members.values())
    print(f"committed(), 5 members in sync: {ns:.0f} ns per call")
    print(f"check() + committed():          {both:.0f} ns per write")


if __name__ == "__main__":
    main()
