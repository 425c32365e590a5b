"""What kubectl does to a cluster, as calls on the simulated ApiServer (shared by the
presenter's controls and the in-browser kubectl console).

Every write goes through ``cluster.core.api`` with the caller's actor, and its trace event
carries the equivalent kubectl command. Faults and the clock (``sim.clusterviz.io``) live
outside the simulated control plane, so the request is announced explicitly as
``actor → kube-apiserver`` before the simulation store takes it. Runs on the owner loop.
"""

from __future__ import annotations

from typing import Any

from simulator.addons import CONTROL_PLANE_COMPONENTS
from simulator.errors import ApiError

__all__ = [
    "CONTROL_PLANE_COMPONENTS",
    "ControlError",
    "announce",
    "apply_fault",
    "cordon",
    "drain",
    "heal_faults",
    "patch_simulation",
]

APISERVER = "kube-apiserver"
SIM_API_VERSION = "sim.clusterviz.io/v1"
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
UNMANAGED_WARNING = "deleting Pods that declare no controller"
DAEMONSET_ERROR = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
UNMANAGED_ERROR = "cannot delete Pods that declare no controller (use --force to override)"
REFUSED = "The connection to the server was refused: kube-apiserver is down"


class ControlError(Exception):
    """A request refused before it reached the API (bad input, nothing to do)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def http_status(exc: ApiError) -> int:
    """The HTTP status for an API error; the simulator's 0 (apiserver unreachable) is 503."""
    return exc.code if 400 <= exc.code <= 599 else 503


def error_text(exc: ApiError) -> str:
    return REFUSED if exc.code == 0 else exc.message


def announce(cluster: Any, actor: str, verb: str, obj: str, message: str, *, kind: str) -> None:
    """The request as the trace shows it: ``actor → kube-apiserver: <kubectl command>``."""
    cluster.core.trace.emit(actor, APISERVER, verb, obj, message, kind=kind)


def _refused(cluster: Any, actor: str, command: str) -> None:
    """A request the apiserver never answered still shows: the click bounced off it."""
    announce(
        cluster,
        actor,
        "request",
        command,
        f"{command} (connection refused: kube-apiserver is down)",
        kind="RequestRefused",
    )


def through_apiserver(cluster: Any, actor: str, command: str, call: Any) -> Any:
    try:
        return call()
    except ApiError as exc:
        if exc.code == 0:
            _refused(cluster, actor, command)
        raise


# -- faults (sim.clusterviz.io/v1 Fault) ----------------------------------------------------
def apply_fault(cluster: Any, name: str, spec: dict[str, Any], why: str, *, actor: str) -> str:
    """``kubectl apply -f <name>.yaml``: create the Fault (an existing one is left unchanged)."""
    announce(
        cluster,
        actor,
        "create",
        f"faults {name}",
        f"kubectl apply -f {name}.yaml ({why})",
        kind="FaultCreated",
    )
    body = {"apiVersion": SIM_API_VERSION, "kind": "Fault", "metadata": {"name": name}, "spec": spec}
    try:
        cluster.core.api.create("faults", body, actor=APISERVER)
    except ApiError as exc:
        if exc.code == 409:
            return f"fault.sim.clusterviz.io/{name} unchanged"
        raise
    return f"fault.sim.clusterviz.io/{name} created"


def _holds(fault: dict[str, Any], kind: str, node: str, component: str | None) -> bool:
    spec = fault.get("spec") or {}
    if spec.get("type") != kind:
        return False
    if kind == "NetworkPartition":
        return node in (spec.get("nodes") or [spec.get("node")])
    if kind in ("ComponentDown", "ComponentPaused"):
        return spec.get("component") == component and (spec.get("node") or node) == node
    return spec.get("node") == node


def heal_faults(cluster: Any, kind: str, node: str, *, actor: str, component: str | None = None) -> str:
    """``kubectl delete fault ...``: every ``kind`` fault holding ``node`` (or its component) down."""
    names = [f["metadata"]["name"] for f in cluster.objects("faults") if _holds(f, kind, node, component)]
    if not names:
        what = f"{component} on {node}" if component else node
        raise ControlError(409, f"no {kind} fault holds {what}: nothing to undo")
    announce(
        cluster,
        actor,
        "delete",
        f"faults {' '.join(names)}",
        f"kubectl delete fault {' '.join(names)}",
        kind="FaultDeleted",
    )
    for name in names:
        cluster.core.api.delete("faults", name, actor=APISERVER)
    return "\n".join(f'fault.sim.clusterviz.io "{name}" deleted' for name in names)


# -- the clock (sim.clusterviz.io/v1 Simulation "cluster") ----------------------------------
def patch_simulation(cluster: Any, spec: dict[str, Any], *, actor: str, command: str) -> None:
    announce(cluster, actor, "patch", "simulations cluster", command, kind="SimulationPatched")
    cluster.core.api.patch("simulations", "cluster", {"spec": spec}, actor=APISERVER)


# -- nodes -----------------------------------------------------------------------------------
def cordon(cluster: Any, node: str, on: bool, *, actor: str, command: str) -> str:
    """``kubectl cordon`` / ``uncordon``: patch ``spec.unschedulable`` (no request if already so)."""
    api = cluster.core.api
    current = through_apiserver(cluster, actor, command, lambda: api.get("nodes", node, actor=actor))
    verb = "cordoned" if on else "uncordoned"
    if bool((current.get("spec") or {}).get("unschedulable")) == on:
        return f"node/{node} already {verb}"
    # kubectl sends a strategic merge patch; unschedulable=false is omitted, i.e. removed.
    api.patch(
        "nodes",
        node,
        {"spec": {"unschedulable": True if on else None}},
        patch_type="strategic",
        actor=actor,
        summary=command,
    )
    return f"node/{node} {verb}"


def _controller(pod: dict[str, Any]) -> dict[str, Any] | None:
    for ref in pod["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


def _key(pod: dict[str, Any]) -> str:
    return f"{pod['metadata'].get('namespace', '')}/{pod['metadata']['name']}"


def drain_plan(
    cluster: Any, node: str, *, actor: str
) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """What ``kubectl drain`` finds on ``node``: DaemonSet pods, unmanaged pods, pods to evict."""
    pods, _ = cluster.core.api.list("pods", field_selector=f"spec.nodeName={node}", actor=actor)
    daemons, unmanaged, evict = [], [], []
    for pod in sorted(pods, key=_key):
        meta = pod["metadata"]
        if meta.get("deletionTimestamp") or MIRROR_ANNOTATION in (meta.get("annotations") or {}):
            continue
        owner = _controller(pod)
        if owner is not None and owner.get("kind") == "DaemonSet":
            daemons.append(_key(pod))
            continue
        if owner is None:
            unmanaged.append(_key(pod))
        evict.append(pod)
    return daemons, unmanaged, evict


def drain_problems(daemons: list[str], unmanaged: list[str], *, ignore_daemonsets: bool, force: bool) -> str:
    """kubectl's refusal (before any eviction) when pods stand in the way of the flags given."""
    return aggregate(
        ([f"{DAEMONSET_ERROR}: {', '.join(daemons)}"] if daemons and not ignore_daemonsets else [])
        + ([f"{UNMANAGED_ERROR}: {', '.join(unmanaged)}"] if unmanaged and not force else [])
    )


def aggregate(errors: list[str]) -> str:
    """How Kubernetes' error aggregate reads: the one message, or ``[a, b]``."""
    if not errors:
        return ""
    return errors[0] if len(errors) == 1 else f"[{', '.join(errors)}]"


def drain_refusal(lines: list[str], node: str, text: str) -> str:
    """kubectl drain's report of a node it could not drain; the errors close it, one a line."""
    errors = text[1:-1].split(", ") if text.startswith("[") else [text]
    return "\n".join(
        [
            *lines,
            f'error: unable to drain node "{node}" due to error: {text}, continuing command...',
            "There are pending nodes to be drained:",
            f" {node}",
            *errors,
        ]
    )


def drain_warning(daemons: list[str], unmanaged: list[str]) -> str:
    warnings = ([f"{DAEMONSET_WARNING}: {', '.join(daemons)}"] if daemons else []) + (
        [f"{UNMANAGED_WARNING}: {', '.join(unmanaged)}"] if unmanaged else []
    )
    return f"Warning: {'; '.join(sorted(warnings))}" if warnings else ""


def drain(
    cluster: Any, node: str, *, actor: str, command: str, ignore_daemonsets: bool, force: bool
) -> tuple[list[str], list[tuple[str, str]]]:
    """``kubectl drain``: cordon, then evict every pod but DaemonSet-managed and mirror pods.

    Returns kubectl's output lines and the evicted pods; raises ControlError with kubectl's
    error when DaemonSet or unmanaged pods stand in the way without the flags that allow them.
    """
    lines = [cordon(cluster, node, True, actor=actor, command=command)]
    daemons, unmanaged, evict = drain_plan(cluster, node, actor=actor)
    text = drain_problems(daemons, unmanaged, ignore_daemonsets=ignore_daemonsets, force=force)
    if text:
        raise ControlError(409, drain_refusal(lines, node, text))
    warning = drain_warning(daemons, unmanaged)
    if warning:
        lines.append(warning)
    evicted = []
    for pod in evict:
        namespace, name = pod["metadata"].get("namespace", ""), pod["metadata"]["name"]
        lines.append(f"evicting pod {namespace}/{name}")
        cluster.core.api.evict(namespace, name, actor=actor)
        evicted.append((namespace, name))
    lines += [f"pod/{name} evicted" for _, name in evicted]
    lines.append(f"node/{node} drained")
    return lines, evicted


RUNTIME_NAMES = {"containerd": "containerd", "cri-o": "CRI-O", "docker": "Docker Engine (cri-dockerd)"}


def add_node(cluster: Any, *, actor: str, runtime: str | None = None) -> str:
    """A new worker machine runs ``kubeadm join``; its kubelet then registers the Node.
    ``runtime`` is its container runtime (containerd, cri-o or docker); the cluster's own by default."""
    if runtime is not None and runtime not in RUNTIME_NAMES:
        supported = ", ".join(f'"{name}"' for name in RUNTIME_NAMES)
        raise ControlError(422, f'unknown container runtime "{runtime}": supported values: {supported}')
    node = cluster.add_node(runtime=runtime)
    endpoint = f"{cluster.machines[cluster.control_plane_nodes[0]].internal_ip}:6443"
    kind = cluster.machines[node].runtime.kind
    announce(
        cluster,
        actor,
        "join",
        f"nodes {node}",
        f"kubeadm join {endpoint} (new machine {node}, runtime {RUNTIME_NAMES.get(kind, kind)})",
        kind="MachineJoined",
    )
    return node


def newest_worker(cluster: Any) -> str | None:
    workers = [m for m in cluster.machines.values() if m.role == "worker"]
    return max(workers, key=lambda m: m.index).name if workers else None


def remove_node(cluster: Any, node: str, *, actor: str, command: str) -> None:
    """``kubectl delete node``, and the machine is shut down."""
    if not cluster.core.api.up:
        _refused(cluster, actor, command)
        raise ApiError(0, "ConnectionRefused", REFUSED)
    cluster.remove_node(node, actor=actor, summary=command)


# -- workloads -------------------------------------------------------------------------------
def replicas_value(raw: str, *, maximum: int) -> Any:
    """An integer replica count; anything else goes to the apiserver as typed, to be refused there."""
    try:
        value = int(raw)
    except ValueError:
        return raw
    if value > maximum:
        raise ControlError(422, f"spec.replicas: Invalid value: {value}: at most {maximum} replicas here")
    return value


def container_name(image: str) -> str:
    """kubectl create deployment's container name: the image's last path part, no tag or digest."""
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    return name.replace("_", "-")


def create_deployment(
    cluster: Any,
    name: str,
    images: list[str],
    *,
    replicas: Any,
    namespace: str,
    actor: str,
    command: str,
    port: int | None = None,
) -> dict[str, Any]:
    """``kubectl create deployment NAME --image=... --replicas=N``: the object kubectl builds."""
    labels = {"app": name}
    containers = [{"name": container_name(image), "image": image, "resources": {}} for image in images]
    if port is not None and containers:
        containers[0]["ports"] = [{"containerPort": port}]
    body = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": dict(labels)},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": containers}},
            "strategy": {},
        },
    }
    return through_apiserver(
        cluster,
        actor,
        command,
        lambda: cluster.core.api.create(
            "deployments", body, namespace=namespace, actor=actor, summary=command
        ),
    )


def scale(
    cluster: Any, resource: str, name: str, replicas: Any, *, namespace: str, actor: str, command: str
) -> dict[str, Any]:
    """``kubectl scale``: set ``spec.replicas`` (validated by the apiserver like the scale subresource)."""
    return through_apiserver(
        cluster,
        actor,
        command,
        lambda: cluster.core.api.patch(
            resource,
            name,
            {"spec": {"replicas": replicas}},
            namespace=namespace,
            actor=actor,
            summary=command,
        ),
    )
