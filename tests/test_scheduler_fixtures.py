"""Builders for Kubernetes-shaped nodes and pods, and fakes of the client and informers,
shared by the scheduler tests (no tests of its own)."""
from __future__ import annotations

import random
from typing import Any

from simulator.scheduler import Cache, schedule_one

CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
DEFAULT_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
     "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
     "tolerationSeconds": 300},
]


def make_node(name: str, *, cpu: str = "4", memory: str = "8Gi", pods: str = "110",
              labels: dict[str, str] | None = None, taints: list[dict[str, Any]] | None = None,
              unschedulable: bool = False, images: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}},
        "spec": {},
        "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": pods},
                   "capacity": {"cpu": cpu, "memory": memory, "pods": pods}},
    }
    if taints:
        node["spec"]["taints"] = taints
    if unschedulable:
        node["spec"]["unschedulable"] = True
    if images:
        node["status"]["images"] = images
    return node


def make_pod(name: str, *, cpu: str | None = "100m", memory: str | None = "128Mi", namespace: str = "default",
             labels: dict[str, str] | None = None, owner: str | None = None, node_name: str | None = None,
             **spec: Any) -> dict[str, Any]:
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v is not None}
    meta: dict[str, Any] = {"name": name, "namespace": namespace, "uid": f"uid-{name}",
                            "labels": dict(labels or {"app": "web"})}
    if owner:
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": owner,
                                    "uid": f"uid-{owner}", "controller": True}]
    pod_spec: dict[str, Any] = {
        "schedulerName": "default-scheduler",
        "tolerations": list(DEFAULT_TOLERATIONS),
        "containers": [{"name": "app", "image": spec.pop("image", "nginx:1.27"),
                        "resources": {"requests": requests} if requests else {}}],
        **spec,
    }
    if node_name:
        pod_spec["nodeName"] = node_name
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": pod_spec,
            "status": {"phase": "Pending"}}


def cluster(*nodes: dict[str, Any]) -> Cache:
    cache = Cache()
    for node in nodes:
        cache.add_node(node)
    return cache


def place(cache: Cache, pods: list[dict[str, Any]], *, seed: int = 1) -> dict[str, str | None]:
    """Schedule pods one after another, assuming each onto its node as kube-scheduler does."""
    rng = random.Random(seed)
    placed: dict[str, str | None] = {}
    for pod in pods:
        result = schedule_one(pod, cache, rng=rng)
        placed[pod["metadata"]["name"]] = result.node
        if result.node:
            cache.assume_pod(pod, result.node)
    return placed


# -- fakes of simulator/client.py's interface -----------------------------------------------
class FakeInformer:
    """An informer whose store the test (or FakeClient) changes; handlers fire synchronously."""

    def __init__(self) -> None:
        self.store: dict[str, dict[str, Any]] = {}
        self.handlers: list[tuple[Any, Any, Any]] = []
        self.synced = True

    def add_handler(self, *, on_add=None, on_update=None, on_delete=None) -> None:
        self.handlers.append((on_add, on_update, on_delete))

    def list(self) -> list[dict[str, Any]]:
        return list(self.store.values())

    def get(self, obj_key: str) -> dict[str, Any] | None:
        return self.store.get(obj_key)

    def put(self, obj: dict[str, Any]) -> None:
        meta = obj["metadata"]
        k = f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta["name"]
        old = self.store.get(k)
        self.store[k] = obj
        for on_add, on_update, _ in list(self.handlers):
            if old is None and on_add:
                on_add(obj)
            elif old is not None and on_update:
                on_update(old, obj)

    def remove(self, obj_key: str) -> None:
        obj = self.store.pop(obj_key)
        for _, _, on_delete in list(self.handlers):
            if on_delete:
                on_delete(obj)


class FakeInformers:
    def __init__(self) -> None:
        self.pods = FakeInformer()
        self.nodes = FakeInformer()


class FakeClient:
    """Records writes; a bind lands in the pod informer after ``watch_latency`` simulated seconds."""

    def __init__(self, kernel: Any, informers: FakeInformers, *, watch_latency: float = 0.05) -> None:
        self.kernel, self.informers, self.watch_latency = kernel, informers, watch_latency
        self.binds: list[tuple[str, str, float]] = []
        self.events: list[dict[str, Any]] = []
        self.status_patches: list[tuple[str, dict[str, Any]]] = []
        self.fail_binds_with: Exception | None = None

    def bind(self, namespace: str, name: str, node_name: str) -> None:
        if self.fail_binds_with is not None:
            raise self.fail_binds_with
        k = f"{namespace}/{name}"
        self.binds.append((k, node_name, self.kernel.now))
        pod = self.informers.pods.get(k)
        bound = {**pod, "spec": {**pod["spec"], "nodeName": node_name}}
        self.kernel.call_later(self.watch_latency, self.informers.pods.put, bound)

    def record_event(self, involved: dict[str, Any], *, reason: str, message: str, type: str = "Normal",
                     component: str | None = None) -> None:
        self.events.append({"object": involved["metadata"]["name"], "reason": reason, "message": message,
                            "type": type, "t": self.kernel.now, "component": component})

    def patch_status(self, resource: str, namespace: str, name: str,
                     status_patch: dict[str, Any]) -> dict[str, Any]:
        k = f"{namespace}/{name}"
        self.status_patches.append((k, status_patch))
        pod = self.informers.pods.get(k)
        updated = {**pod, "status": {**pod.get("status", {}), **status_patch}}
        self.kernel.call_later(self.watch_latency, self.informers.pods.put, updated)
        return updated
