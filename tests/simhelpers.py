"""Small helpers for scenario tests over a whole simulated cluster."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.cluster import Cluster

Obj = dict[str, Any]


def deployment(name: str, replicas: int, *, image: str = "nginx:1.27", cpu: str | None = None,
               strategy: Obj | None = None, namespace: str = "default") -> Obj:
    container: Obj = {"name": "app", "image": image}
    if cpu:
        container["resources"] = {"requests": {"cpu": cpu}}
    spec: Obj = {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [container]}}}
    if strategy:
        spec["strategy"] = strategy
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": namespace},
            "spec": spec}


def fault(name: str, type_: str, **spec: Any) -> Obj:
    return {"apiVersion": "sim.clusterviz.io/v1", "kind": "Fault", "metadata": {"name": name},
            "spec": {"type": type_, **spec}}


def pods_of(cluster: Cluster, app: str, *, namespace: str = "default") -> list[Obj]:
    return [p for p in cluster.objects("pods", namespace=namespace)
            if (p["metadata"].get("labels") or {}).get("app") == app]


def running(pod: Obj) -> bool:
    return ((pod.get("status") or {}).get("phase") == "Running"
            and not pod["metadata"].get("deletionTimestamp"))


def ready_pods(pod: Obj) -> bool:
    return running(pod) and any(c.get("type") == "Ready" and c.get("status") == "True"
                                for c in (pod.get("status") or {}).get("conditions") or [])


def healthy(cluster: Cluster, app: str) -> list[Obj]:
    return [p for p in pods_of(cluster, app) if running(p)]


def node(cluster: Cluster, name: str) -> Obj:
    return next(n for n in cluster.objects("nodes") if n["metadata"]["name"] == name)


def ready_status(cluster: Cluster, name: str) -> str:
    for cond in (node(cluster, name).get("status") or {}).get("conditions") or []:
        if cond["type"] == "Ready":
            return cond["status"]
    return "missing"


def taint_keys(cluster: Cluster, name: str) -> set[str]:
    return {f"{t['key']}:{t['effect']}" for t in (node(cluster, name).get("spec") or {}).get("taints") or []}


def run_until(cluster: Cluster, predicate: Callable[[], bool], *, limit: float, step: float = 0.5) -> float:
    """Advance in small steps until ``predicate()``; returns the simulated time it became true."""
    deadline = cluster.now + limit
    while cluster.now < deadline:
        if predicate():
            return cluster.now
        cluster.advance(step)
    if predicate():
        return cluster.now
    raise AssertionError(f"condition not reached within {limit} simulated seconds (now {cluster.now:.1f})")


def lease_renew_seconds(cluster: Cluster, name: str) -> float:
    lease = next(lease for lease in cluster.objects("leases", namespace="kube-node-lease")
                 if lease["metadata"]["name"] == name)
    stamp = lease["spec"]["renewTime"]
    base = stamp.split(".")[0].rstrip("Z") + "Z"
    fraction = float("0." + stamp.split(".")[1].rstrip("Z")) if "." in stamp else 0.0
    return cluster.core.clock.seconds(base) + fraction


def events(cluster: Cluster, *, reason: str | None = None) -> list[Obj]:
    items = []
    for ev in cluster.objects("events"):
        if reason is None or ev.get("reason") == reason:
            items.append(ev)
    return items
