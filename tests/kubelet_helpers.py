"""Shared scenario helpers for the kubelet / runtime / kube-proxy tests."""
from __future__ import annotations

from typing import Any

from simulator.core import Core, bootstrap_namespaces, build_core
from simulator.kubelet import Kubelet
from simulator.runtime import ContainerRuntime

Obj = dict[str, Any]


def cluster_of_one(*, seed: int = 1, timing: str = "kubernetes", node: str = "worker-1", **kubelet: Any
                   ) -> tuple[Core, Kubelet]:
    core = build_core(seed=seed, timing=timing)
    bootstrap_namespaces(core)
    runtime = ContainerRuntime(core, node=node, kind=kubelet.pop("kind", "containerd"))
    kubelet.setdefault("pod_cidr", "10.244.1.0/24")
    kubelet.setdefault("internal_ip", "10.0.0.11")
    k = Kubelet(core, node=node, runtime=runtime, **kubelet)
    k.start()
    return core, k


def pod(name: str, image: str = "nginx", *, node: str = "worker-1", namespace: str = "default",
        **spec: Any) -> Obj:
    default_name = image.rsplit("/", 1)[-1].split(":")[0].split("@")[0]
    container: Obj = {"name": spec.pop("container_name", default_name), "image": image}
    for key in ("command", "args", "readinessProbe", "env", "resources", "imagePullPolicy"):
        if key in spec:
            container[key] = spec.pop(key)
    body: Obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
                 "spec": {"nodeName": node, "containers": [container], **spec}}
    return body


def create(core: Core, body: Obj) -> Obj:
    return core.api.create("pods", body)


def get(core: Core, name: str, namespace: str = "default") -> Obj:
    return core.api.get("pods", name, namespace=namespace)


def exists(core: Core, name: str, namespace: str = "default") -> bool:
    items, _ = core.api.list("pods", namespace=namespace)
    return any(p["metadata"]["name"] == name for p in items)


def advance(core: Core, seconds: float) -> None:
    core.kernel.run(until=core.kernel.now + seconds)


def run_until(core: Core, predicate: Any, *, limit: float, step: float = 0.1) -> float:
    deadline = core.kernel.now + limit
    while core.kernel.now < deadline:
        if predicate():
            return core.kernel.now
        advance(core, step)
    assert predicate(), f"not reached within {limit}s (now {core.kernel.now:.1f})"
    return core.kernel.now


def events(core: Core, name: str, namespace: str = "default") -> list[tuple[str, str, str]]:
    """(type, reason, message) of the Events about ``name``, oldest first."""
    items, _ = core.api.list("events", namespace=namespace)
    found = [e for e in items if e["involvedObject"].get("name") == name]
    found.sort(key=lambda e: int(e["metadata"]["resourceVersion"]))
    return [(e["type"], e["reason"], e["message"]) for e in found]


def event_times(core: Core, name: str, reason: str, namespace: str = "default") -> list[float]:
    prefix = f"events {namespace}/{name}."
    return [e.t for e in core.trace if e.kind == "EventCreated" and e.object.startswith(prefix)
            and e.message.startswith(f"{reason}:")]


def container_status(pod_obj: Obj, index: int = 0) -> Obj:
    return (pod_obj.get("status") or {}).get("containerStatuses", [{}])[index]


def condition(pod_obj: Obj, kind: str) -> str:
    for cond in (pod_obj.get("status") or {}).get("conditions") or []:
        if cond["type"] == kind:
            return cond["status"]
    return "missing"


def waiting_reason(pod_obj: Obj) -> str:
    return ((container_status(pod_obj).get("state") or {}).get("waiting") or {}).get("reason", "")


def running_pods(k: Kubelet) -> set[str]:
    return {c.pod_name for c in k.runtime.running_containers()}
