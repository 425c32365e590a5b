"""Headless CLI: ``python -m simulator run SCENARIO.yaml [--output-state FILE]``.

Prints the trace as JSON lines; exit status 2 for a bad scenario file.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import errors
from .apiserver.registry import RESOURCES, resource_for
from .scenario import Scenario, ScenarioError, build_cluster, parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a scenario and print the trace as JSON lines")
    run.add_argument("scenario")
    run.add_argument("--output-state", metavar="FILE", help="write every API object at the end as a v1 List")
    args = parser.parse_args(argv)
    try:
        with open(args.scenario, encoding="utf-8") as handle:
            scenario = parse(handle.read())
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ScenarioError as exc:
        print(f"error: {args.scenario}: {exc}", file=sys.stderr)
        return 2
    return execute(scenario, output_state=args.output_state)


def execute(scenario: Scenario, *, output_state: str | None = None, out: Any = None) -> int:
    out = out or sys.stdout
    settings = scenario.cluster
    cluster = build_cluster(seed=settings.get("seed", 0), workers=settings.get("workers", 3),
                            control_planes=settings.get("control_planes", 1),
                            timing=settings.get("timing", "kubernetes"),
                            runtime=settings.get("runtime", "containerd"),
                            runtimes=settings.get("runtimes") or ())
    write = out.write
    dumps = json.dumps
    cluster.core.trace.subscribe(lambda event: write(dumps(event.as_dict()) + "\n"))
    for event in list(cluster.core.trace):
        write(dumps(event.as_dict()) + "\n")
    start = cluster.now
    status = 0
    for index, step in enumerate(scenario.steps, start=1):
        cluster.run(until=start + step.at)
        try:
            if step.apply:
                cluster.apply(step.apply, actor="scenario")
            elif step.add_node is not None:
                cluster.add_node(runtime=step.add_node.get("runtime"))
            elif step.delete:
                res = resource_for(step.delete["apiVersion"], step.delete["kind"])
                assert res is not None
                cluster.core.api.delete(res.plural, step.delete["name"],
                                        namespace=step.delete.get("namespace", "") if res.namespaced else "",
                                        actor="scenario")
        except errors.ApiError as exc:
            print(f"step {index}: {exc.message}", file=sys.stderr)
            status = 1
    cluster.run(until=start + scenario.until)
    if output_state:
        _write_state(cluster, output_state)
    return status


def _write_state(cluster: Any, path: str) -> None:
    items = []
    for res in RESOURCES:
        items.extend(cluster.objects(res.plural))
    state = {"apiVersion": "v1", "kind": "List",
             "metadata": {"resourceVersion": str(cluster.core.etcd.revision)}, "items": items}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=1, sort_keys=True)


if __name__ == "__main__":
    sys.exit(main())
