"""Console commands on nodes: cordon, uncordon, drain — as ``kubectl`` does them.

A viewer's attempt prints what the real kubectl prints with the viewers' kubeconfig: these
commands read first and report the refused writes their own way (``error: unable to cordon
node ...``), not as a plain ``Error from server (Forbidden)``.
"""

from __future__ import annotations

from typing import Any

from simulator.apiserver.registry import BY_PLURAL
from simulator.errors import ApiError

from . import cluster_ops as ops
from .console import Flags, Session, Usage, command, parse
from .console_write import kubectl_line
from .diagram.ids import dom_id
from .roles import PRESENTER


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
    if s.role != PRESENTER:
        current = s.api.get("nodes", node, actor=s.actor)
        s.print(_refused_cordon(s, node, current, on))
        return 0      # kubectl cordon prints the error and still exits 0
    _node_write(s, node)
    s.print(ops.cordon(s.cluster, node, on, actor=s.actor, command=kubectl_line([verb, *args])))
    s.touch(dom_id("node", None, node))
    return 0


def _refused_cordon(s: Session, node: str, current: dict[str, Any], on: bool) -> str:
    verb = "cordon" if on else "uncordon"
    if bool((current.get("spec") or {}).get("unschedulable")) == on:
        return f"node/{node} already {verb}ed"
    try:
        s.require_write("patch", BY_PLURAL["nodes"], name=node)
    except ApiError as exc:
        return f'error: unable to {verb} node "{node}": {exc.message}'
    return ""


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
    if s.role != PRESENTER:
        return _refused_drain(s, node, flags)
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


def _refused_drain(s: Session, node: str, flags: dict[str, Any]) -> int:
    """The viewers' kubectl drain: the cordon and every eviction are refused, each reported."""
    from .k8s import status

    current = s.api.get("nodes", node, actor=s.actor)
    lines = [_refused_cordon(s, node, current, True)]
    daemons, unmanaged, evict = ops.drain_plan(s.cluster, node, actor=s.actor)
    ignore, force = bool(flags.get("ignore-daemonsets")), bool(flags.get("force"))
    text = ops.drain_problems(daemons, unmanaged, ignore_daemonsets=ignore, force=force)
    if text:
        s.print(ops.drain_refusal(lines, node, text))
        return 1
    warning = ops.drain_warning(daemons, unmanaged)
    if warning:
        lines.append(warning)
    errors = []
    # kubectl evicts in one goroutine per pod and Go runs the newest first: the last pod of the
    # list starts first, then the others in order (what kubectl 1.32 prints on this server).
    for pod in evict[-1:] + evict[:-1]:
        namespace, name = pod["metadata"].get("namespace", ""), pod["metadata"]["name"]
        lines.append(f"evicting pod {namespace}/{name}")
        refused = status.forbidden(
            verb="create", resource="pods", group="", namespace=namespace, subresource="eviction", name=name
        )
        errors.append(f'error when evicting pods/"{name}" -n "{namespace}": {refused.message}')
    if not errors:
        s.print("\n".join([*lines, f"node/{node} drained"]))
        return 0
    joined = ops.aggregate(errors)
    lines.append(f'There are pending pods in node "{node}" when an error occurred: {joined}')
    lines += [f"pod/{pod['metadata']['name']}" for pod in evict]
    s.print(ops.drain_refusal(lines, node, joined))
    return 1
