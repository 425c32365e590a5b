"""Console commands on nodes (presenter only): cordon, uncordon, drain — as ``kubectl`` does them."""

from __future__ import annotations

from simulator.apiserver.registry import BY_PLURAL

from . import cluster_ops as ops
from .console import Flags, Session, Usage, command, parse
from .console_write import kubectl_line
from .diagram.ids import dom_id


def _node_arg(pos: list[str], verb: str) -> str:
    if len(pos) != 1:
        raise Usage(f"USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples")
    return pos[0].removeprefix("node/").removeprefix("nodes/")


@command("cordon")
def cordon(s: Session, args: list[str]) -> int:
    return _cordon(s, args, True)


@command("uncordon")
def uncordon(s: Session, args: list[str]) -> int:
    return _cordon(s, args, False)


def _cordon(s: Session, args: list[str], on: bool) -> int:
    verb = "cordon" if on else "uncordon"
    pos, _ = parse(args, Flags(bools={"--dry-run": "dry-run"}), name=verb)
    node = _node_arg(pos, verb)
    _node_write(s, node)
    s.print(ops.cordon(s.cluster, node, on, actor=s.actor, command=kubectl_line([verb, *args])))
    s.touch(dom_id("node", None, node))
    return 0


def _node_write(s: Session, node: str) -> None:
    s.api.get("nodes", node, actor=s.actor)
    s.require_write("patch", BY_PLURAL["nodes"], name=node)


DRAIN_FLAGS = Flags(
    values={"--grace-period": "grace-period", "--timeout": "timeout", "--pod-selector": "pod-selector"},
    bools={
        "--ignore-daemonsets": "ignore-daemonsets",
        "--force": "force",
        "--delete-emptydir-data": "delete-emptydir-data",
        "--disable-eviction": "disable-eviction",
        "--dry-run": "dry-run",
    },
)


@command("drain")
def drain(s: Session, args: list[str]) -> int:
    pos, flags = parse(args, DRAIN_FLAGS, name="drain")
    node = _node_arg(pos, "drain")
    _node_write(s, node)
    lines, evicted = ops.drain(
        s.cluster,
        node,
        actor=s.actor,
        command=kubectl_line(["drain", *args]),
        ignore_daemonsets=bool(flags.get("ignore-daemonsets")),
        force=bool(flags.get("force")),
    )
    s.touch(dom_id("node", None, node), *(dom_id("pod", ns, name) for ns, name in evicted))
    s.print("\n".join(lines))
    return 0
