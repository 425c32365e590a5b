"""The presenter's controls: each one changes the cluster through the API objects kubectl uses.

A control is a small function ``(cluster, params, actor) → Outcome`` run synchronously on
the loop that owns the cluster (``clusterviz.live``). Each announces itself in the trace as
``presenter → kube-apiserver`` with the equivalent kubectl command, so the event log shows
what a person would type to do the same: faults and the clock are ``sim.clusterviz.io``
objects, nodes are cordoned by patching ``spec.unschedulable``, a drain evicts through
``pods/eviction``, and so on. ``perform`` checks the role first: only a presenter may act.
"""

from __future__ import annotations

import json
import logging
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from simulator.errors import ApiError

from . import cluster_ops as ops
from .diagram.ids import component_id, dom_id
from .diagram.models import LEADER_ELECTED, SPEEDS
from .roles import PRESENTER

logger = logging.getLogger(__name__)

PRESENTER_ACTOR = "presenter"
# A viewer's control message over the WebSocket closes it with this code (HTTP's 403 + 4000).
WS_REFUSED = 4403
REFUSED = "only the presenter can change this cluster: viewers watch"
MAX_REPLICAS = 200
STEP_SECONDS = 1.0

Params = Mapping[str, Any]


@dataclass(frozen=True)
class Outcome:
    """What a control did: kubectl-style output, the HTTP status, and what it touched on screen."""

    ok: bool
    output: str
    status: int = 200
    touched: tuple[str, ...] = ()
    close_code: int | None = None


Action = Callable[[Any, Params, str], Outcome]
ACTIONS: dict[str, Action] = {}


def action(name: str) -> Callable[[Action], Action]:
    def register(fn: Action) -> Action:
        ACTIONS[name] = fn
        return fn

    return register


def perform(cluster: Any, name: str, params: Params, *, role: str, actor: str = PRESENTER_ACTOR) -> Outcome:
    """Run control ``name`` for a person with ``role``; never raises for bad input."""
    if role != PRESENTER:
        return Outcome(False, REFUSED, 403, close_code=WS_REFUSED)
    fn = ACTIONS.get(name)
    if fn is None:
        return Outcome(False, f'unknown control "{name}"', 404)
    try:
        return fn(cluster, params, actor)
    except ops.ControlError as exc:
        return Outcome(False, exc.message, exc.code)
    except ApiError as exc:
        return Outcome(False, ops.error_text(exc), ops.http_status(exc))
    except Exception:  # noqa: BLE001 - a bug must not take the presenter's socket (or the cluster) down
        logger.exception("control %s failed", name)
        return Outcome(False, f'the control "{name}" failed on the server', 500)


async def perform_ws(live: Any, role: str, message: Mapping[str, Any]) -> Outcome:
    """A control sent over the WebSocket (``{"action": "fail-node", "node": "worker-2", ...}``).

    A viewer's message is refused with ``close_code`` 4403: the consumer closes the socket.
    """
    if role != PRESENTER:
        return Outcome(False, REFUSED, 403, close_code=WS_REFUSED)
    name = message.get("action") or message.get("control")
    if not isinstance(name, str):
        return Outcome(False, 'a control message needs an "action"', 400)
    params = {key: value for key, value in message.items() if key not in ("action", "control", "HEADERS")}
    return perform(live.cluster, name, params, role=role)


# -- parameters --------------------------------------------------------------------------
def _param(params: Params, key: str, *, default: str | None = None) -> str:
    value = params.get(key, default)
    if isinstance(value, list):
        value = value[-1] if value else default
    if value is None or (isinstance(value, str) and not value.strip() and default is None):
        raise ops.ControlError(400, f'missing "{key}"')
    return str(value).strip()


def _worker(cluster: Any, params: Params) -> str:
    node = _param(params, "node")
    if node not in cluster.machines:
        raise ops.ControlError(404, f'nodes "{node}" not found')
    return node


def _namespace(params: Params) -> str:
    return _param(params, "namespace", default="default") or "default"


def _kubectl(*args: str) -> str:
    return shlex.join(["kubectl", *args])


def _ns_flag(namespace: str) -> list[str]:
    return [] if namespace == "default" else ["-n", namespace]


def _node_outcome(output: str, node: str) -> Outcome:
    return Outcome(True, output, touched=(dom_id("node", None, node),))


# -- faults on a node ----------------------------------------------------------------------
def _fault_on(kind: str, suffix: str) -> tuple[Action, Action]:
    def inject(cluster: Any, params: Params, actor: str) -> Outcome:
        node = _worker(cluster, params)
        spec: dict[str, Any] = (
            {"type": kind, "nodes": [node]} if kind == "NetworkPartition" else {"type": kind, "node": node}
        )
        return _node_outcome(
            ops.apply_fault(cluster, f"fault-{node}-{suffix}", spec, f"{kind} {node}", actor=actor), node
        )

    def heal(cluster: Any, params: Params, actor: str) -> Outcome:
        node = _worker(cluster, params)
        return _node_outcome(ops.heal_faults(cluster, kind, node, actor=actor), node)

    return inject, heal


for _kind, _suffix, _on, _off in (
    ("NodeDown", "down", "fail-node", "recover-node"),
    ("KubeletDown", "kubelet-down", "stop-kubelet", "start-kubelet"),
    ("NetworkPartition", "partition", "cut-network", "restore-network"),
):
    ACTIONS[_on], ACTIONS[_off] = _fault_on(_kind, _suffix)


def _component(cluster: Any, params: Params) -> tuple[str, str]:
    component = _param(params, "component")
    node = _param(params, "node", default=cluster.control_plane_nodes[0])
    if node not in cluster.control_plane_nodes:
        raise ops.ControlError(404, f'control-plane node "{node}" not found')
    if component not in ops.CONTROL_PLANE_COMPONENTS:
        raise ops.ControlError(404, f'unknown component "{component}"')
    return component, node


def _component_outcome(cluster: Any, output: str, component: str, node: str) -> Outcome:
    # Its box on the page: kube-scheduler on one master, kube-scheduler@control-plane-2 with several.
    talker = f"{component}@{node}" if len(cluster.control_plane_nodes) > 1 else component
    return Outcome(True, output, touched=(component_id(talker),))


@action("stop-component")
def stop_component(cluster: Any, params: Params, actor: str) -> Outcome:
    component, node = _component(cluster, params)
    first = node == cluster.control_plane_nodes[0]
    name = f"fault-{component}-down" if first else f"fault-{component}-{node}-down"
    spec = {"type": "ComponentDown", "component": component, "node": node}
    output = ops.apply_fault(cluster, name, spec, f"ComponentDown {component} on {node}", actor=actor)
    return _component_outcome(cluster, output, component, node)


@action("start-component")
def start_component(cluster: Any, params: Params, actor: str) -> Outcome:
    component, node = _component(cluster, params)
    output = ops.heal_faults(cluster, "ComponentDown", node, component=component, actor=actor)
    return _component_outcome(cluster, output, component, node)


def _pausable(cluster: Any, params: Params) -> tuple[str, str]:
    component, node = _component(cluster, params)
    if component not in LEADER_ELECTED:
        raise ops.ControlError(
            422, f'only {" and ".join(LEADER_ELECTED)} can be paused (they elect a leader), not "{component}"'
        )
    return component, node


@action("pause-component")
def pause_component(cluster: Any, params: Params, actor: str) -> Outcome:
    """Freeze a leader-elected process (a long GC or VM pause): a ComponentPaused fault."""
    component, node = _pausable(cluster, params)
    spec = {"type": "ComponentPaused", "component": component, "node": node}
    why = f"ComponentPaused {component} on {node}"
    output = ops.apply_fault(cluster, f"fault-{component}-{node}-paused", spec, why, actor=actor)
    return _component_outcome(cluster, output, component, node)


@action("resume-component")
def resume_component(cluster: Any, params: Params, actor: str) -> Outcome:
    component, node = _pausable(cluster, params)
    output = ops.heal_faults(cluster, "ComponentPaused", node, component=component, actor=actor)
    return _component_outcome(cluster, output, component, node)


# -- nodes ---------------------------------------------------------------------------------
@action("cordon")
def cordon(cluster: Any, params: Params, actor: str) -> Outcome:
    node = _worker(cluster, params)
    return _node_outcome(ops.cordon(cluster, node, True, actor=actor, command=_kubectl("cordon", node)), node)


@action("uncordon")
def uncordon(cluster: Any, params: Params, actor: str) -> Outcome:
    node = _worker(cluster, params)
    return _node_outcome(
        ops.cordon(cluster, node, False, actor=actor, command=_kubectl("uncordon", node)), node
    )


@action("drain")
def drain(cluster: Any, params: Params, actor: str) -> Outcome:
    node = _worker(cluster, params)
    command = _kubectl("drain", node, "--ignore-daemonsets", "--force")
    lines, evicted = ops.drain(
        cluster, node, actor=actor, command=command, ignore_daemonsets=True, force=True
    )
    touched = (dom_id("node", None, node), *(dom_id("pod", ns, n) for ns, n in evicted))
    return Outcome(True, "\n".join(lines), touched=touched)


@action("add-node")
def add_node(cluster: Any, params: Params, actor: str) -> Outcome:
    runtime = _param(params, "runtime", default="") or None
    node = ops.add_node(cluster, actor=actor, runtime=runtime)
    return Outcome(True, f"node/{node} joined", touched=(dom_id("node", None, node),))


@action("remove-node")
def remove_node(cluster: Any, params: Params, actor: str) -> Outcome:
    node = params.get("node") or ops.newest_worker(cluster)
    if not node:
        raise ops.ControlError(409, "there is no worker node left to remove")
    node = _worker(cluster, {"node": node})
    if cluster.machines[node].role != "worker":
        raise ops.ControlError(409, f"{node} is a control-plane node: only workers can be removed")
    ops.remove_node(cluster, node, actor=actor, command=_kubectl("delete", "node", node))
    return Outcome(True, f'node "{node}" deleted', touched=(dom_id("node", None, node),))


# -- workloads -----------------------------------------------------------------------------
@action("deploy")
def deploy(cluster: Any, params: Params, actor: str) -> Outcome:
    name = _param(params, "name", default="")
    image = _param(params, "image", default="")
    replicas = ops.replicas_value(_param(params, "replicas", default="1"), maximum=MAX_REPLICAS)
    namespace = _namespace(params)
    command = _kubectl(
        "create", "deployment", name, f"--image={image}", f"--replicas={replicas}", *_ns_flag(namespace)
    )
    ops.create_deployment(
        cluster, name, [image], replicas=replicas, namespace=namespace, actor=actor, command=command
    )
    return Outcome(True, f"deployment.apps/{name} created", touched=(dom_id("deployment", namespace, name),))


@action("scale")
def scale(cluster: Any, params: Params, actor: str) -> Outcome:
    name = _param(params, "name")
    namespace = _namespace(params)
    replicas = ops.replicas_value(_param(params, "replicas"), maximum=MAX_REPLICAS)
    command = _kubectl("scale", "deployment", name, f"--replicas={replicas}", *_ns_flag(namespace))
    ops.scale(cluster, "deployments", name, replicas, namespace=namespace, actor=actor, command=command)
    return Outcome(True, f"deployment.apps/{name} scaled", touched=(dom_id("deployment", namespace, name),))


@action("delete-deployment")
def delete_deployment(cluster: Any, params: Params, actor: str) -> Outcome:
    name = _param(params, "name")
    namespace = _namespace(params)
    command = _kubectl("delete", "deployment", name, *_ns_flag(namespace))
    ops.through_apiserver(
        cluster,
        actor,
        command,
        lambda: cluster.core.api.delete(
            "deployments", name, namespace=namespace, actor=actor, summary=command
        ),
    )
    return Outcome(
        True, f'deployment.apps "{name}" deleted', touched=(dom_id("deployment", namespace, name),)
    )


@action("delete-pod")
def delete_pod(cluster: Any, params: Params, actor: str) -> Outcome:
    name = _param(params, "name")
    namespace = _namespace(params)
    command = _kubectl("delete", "pod", name, *_ns_flag(namespace))
    ops.through_apiserver(
        cluster,
        actor,
        command,
        lambda: cluster.core.api.delete("pods", name, namespace=namespace, actor=actor, summary=command),
    )
    return Outcome(True, f'pod "{name}" deleted', touched=(dom_id("pod", namespace, name),))


# -- the clock (the Simulation object "cluster") -------------------------------------------
def _clock(cluster: Any, spec: dict[str, Any], actor: str) -> Outcome:
    patch = json.dumps({"spec": spec}, separators=(",", ":"))
    ops.patch_simulation(
        cluster,
        spec,
        actor=actor,
        command=_kubectl("patch", "simulation", "cluster", "--type=merge", "-p", patch),
    )
    return Outcome(True, "simulation.sim.clusterviz.io/cluster patched")


@action("pause")
def pause(cluster: Any, params: Params, actor: str) -> Outcome:
    return _clock(cluster, {"paused": True}, actor)


@action("play")
def play(cluster: Any, params: Params, actor: str) -> Outcome:
    return _clock(cluster, {"paused": False}, actor)


@action("speed")
def speed(cluster: Any, params: Params, actor: str) -> Outcome:
    raw = _param(params, "speed")
    try:
        value = float(raw.rstrip("x×"))
    except ValueError:
        value = -1.0
    if not SPEEDS[0] <= value <= SPEEDS[-1]:
        raise ops.ControlError(
            422, f'spec.speed: Invalid value: "{raw}": the speed goes from {SPEEDS[0]:g}× to {SPEEDS[-1]:g}×'
        )
    return _clock(cluster, {"speed": int(value) if value.is_integer() else value}, actor)


@action("timing")
def timing(cluster: Any, params: Params, actor: str) -> Outcome:
    return _clock(cluster, {"timing": _param(params, "timing")}, actor)


@action("step")
def step(cluster: Any, params: Params, actor: str) -> Outcome:
    """Advance a paused clock by one simulated second (pausing it first if it runs)."""
    if not cluster.paused:
        _clock(cluster, {"paused": True}, actor)
    before = cluster.now
    ops.announce(
        cluster,
        actor,
        "step",
        "simulations cluster",
        f"step the paused clock {STEP_SECONDS:g}s (t={before:.1f}s → {before + STEP_SECONDS:.1f}s)",
        kind="SimulationStepped",
    )
    cluster.advance(STEP_SECONDS)
    return Outcome(True, f"stepped to t={cluster.now:.1f}s")


# The Traffic panel's controls (start-traffic, stop-traffic) register themselves here.
from . import traffic_controls  # noqa: E402, F401
