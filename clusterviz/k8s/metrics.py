"""Simulated ``metrics.k8s.io/v1beta1`` usage, what metrics-server would report for ``kubectl top``.

Nothing in the simulation burns CPU, so usage is made up, deterministically, from what
runs: every running container uses a stable pseudo-random share of its requests (5–60 % of
its CPU request, 30–80 % of its memory request; 1–5m CPU and 5–30Mi without requests),
wobbling a little from one scrape to the next (a scrape every 15 simulated seconds, like
metrics-server's resolution). The same cluster at the same time always reports the same
numbers. A node reports the sum of its pods plus the system's own overhead (kubelet,
container runtime, OS).

Only what metrics-server could scrape is reported: nodes whose machine is on, whose kubelet
runs and that are reachable, and the Running pods on them. A node that is down simply has
no NodeMetrics (``kubectl top node`` then shows ``<unknown>`` for it).
"""
from __future__ import annotations

import hashlib
from typing import Any

from simulator.apiserver.selectors import parse_field_selector, parse_label_selector
from simulator.objects import parse_cpu, parse_memory

Obj = dict[str, Any]
GROUP_VERSION = "metrics.k8s.io/v1beta1"
RESOLUTION = 15  # seconds between scrapes (metrics-server --metric-resolution)
WINDOW = f"{RESOLUTION}s"
MI = 1024 * 1024

# Shares of the requests a container uses: (stable low, stable high), then the per-scrape wobble.
CPU_SHARE = (0.05, 0.60)
CPU_WOBBLE = 0.20
MEMORY_SHARE = (0.30, 0.80)
MEMORY_WOBBLE = 0.03
# Containers without requests: 1–5m CPU, 5–30Mi memory.
IDLE_CPU_MILLI = (1.0, 5.0)
IDLE_MEMORY_MI = (5.0, 30.0)
# The node's own overhead: kubelet, container runtime, OS (control-plane pods count as pods).
NODE_CPU_MILLI = (40.0, 120.0)
NODE_MEMORY_MI = (350.0, 700.0)


def _unit(*parts: Any) -> float:
    """A deterministic number in [0, 1) for ``parts`` (never Python's salted hash())."""
    digest = hashlib.blake2b("\x1f".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0**64


def _between(bounds: tuple[float, float], *parts: Any) -> float:
    low, high = bounds
    return low + (high - low) * _unit(*parts)


def _wobble(amount: float, *parts: Any) -> float:
    return 1.0 - amount + 2.0 * amount * _unit(*parts)


def cpu_quantity(nanocores: float) -> str:
    """CPU as metrics-server writes it: nanocores (``123456789n``)."""
    return f"{max(0, int(nanocores))}n"


def memory_quantity(byte_count: float) -> str:
    """Memory as metrics-server writes it: kibibytes (``1234Ki``)."""
    return f"{max(0, int(byte_count)) // 1024}Ki"


def _requests(container: Obj) -> tuple[int, int]:
    """(CPU millicores, memory bytes) requested; limits stand in for missing requests, as defaulting does."""
    resources = container.get("resources") or {}
    requests = resources.get("requests") or {}
    limits = resources.get("limits") or {}
    try:
        cpu = parse_cpu(requests.get("cpu", limits.get("cpu")))
    except (TypeError, ValueError):
        cpu = 0
    try:
        memory = parse_memory(requests.get("memory", limits.get("memory")))
    except (TypeError, ValueError):
        memory = 0
    return cpu, memory


def container_usage(pod_uid: str, container: Obj, bucket: int) -> tuple[float, float]:
    """(nanocores, bytes) one running container uses during scrape ``bucket``."""
    name = container.get("name", "")
    cpu_milli, memory = _requests(container)
    if cpu_milli > 0:
        nanocores = cpu_milli * 1e6 * _between(CPU_SHARE, pod_uid, name, "cpu")
    else:
        nanocores = _between(IDLE_CPU_MILLI, pod_uid, name, "cpu") * 1e6
    if memory > 0:
        used = memory * _between(MEMORY_SHARE, pod_uid, name, "memory")
    else:
        used = _between(IDLE_MEMORY_MI, pod_uid, name, "memory") * MI
    return (nanocores * _wobble(CPU_WOBBLE, pod_uid, name, "cpu", bucket),
            used * _wobble(MEMORY_WOBBLE, pod_uid, name, "memory", bucket))


def node_overhead(node_name: str, bucket: int) -> tuple[float, float]:
    """(nanocores, bytes) the node's system uses besides its pods."""
    nanocores = _between(NODE_CPU_MILLI, node_name, "cpu") * 1e6
    memory = _between(NODE_MEMORY_MI, node_name, "memory") * MI
    return (nanocores * _wobble(CPU_WOBBLE, node_name, "cpu", bucket),
            memory * _wobble(MEMORY_WOBBLE, node_name, "memory", bucket))


def node_up(cluster: Any, node_name: str) -> bool:
    """Could metrics-server scrape this node's kubelet? (machine on, kubelet running, reachable)."""
    machine = cluster.machines.get(node_name)
    if machine is None or not machine.powered or not machine.kubelet.running:
        return False
    return bool(cluster.core.network.reachable(node_name))


def _running_containers(pod: Obj) -> list[Obj]:
    """Spec containers (and sidecar init containers) whose status says running, in spec order."""
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    running = {cs.get("name") for cs in (status.get("containerStatuses") or ())
               if (cs.get("state") or {}).get("running") is not None}
    running_init = {cs.get("name") for cs in (status.get("initContainerStatuses") or ())
                    if (cs.get("state") or {}).get("running") is not None}
    found = [c for c in spec.get("initContainers") or () if c.get("name") in running_init]
    found += [c for c in spec.get("containers") or () if c.get("name") in running]
    return found


def _scraped(cluster: Any, now: float) -> tuple[int, str, str, dict[str, bool]]:
    clock = cluster.core.clock
    bucket = int(now // RESOLUTION)
    return bucket, clock.at(bucket * RESOLUTION), clock.at(now), {}


Usage = list[tuple[str, float, float]]  # (container, nanocores, bytes)


def _pod_entries(cluster: Any, namespace: str | None, bucket: int,
                 up: dict[str, bool]) -> list[tuple[Obj, Usage]]:
    entries = []
    for pod in cluster.objects("pods", namespace=namespace):
        if namespace is not None and (pod.get("metadata") or {}).get("namespace") != namespace:
            continue
        if (pod.get("status") or {}).get("phase") != "Running":
            continue
        node = (pod.get("spec") or {}).get("nodeName")
        if not node:
            continue
        if node not in up:
            up[node] = node_up(cluster, node)
        if not up[node]:
            continue
        running = _running_containers(pod)
        if not running:  # e.g. crash-looping between restarts: cAdvisor has nothing to report
            continue
        uid = (pod.get("metadata") or {}).get("uid", "")
        entries.append((pod, [(c.get("name", ""), *container_usage(uid, c, bucket)) for c in running]))
    return entries


def _selected(obj: Obj, name: str | None, label_selector: str | None, field_selector: str | None) -> bool:
    meta = obj.get("metadata") or {}
    if name is not None and meta.get("name") != name:
        return False
    if label_selector and not parse_label_selector(label_selector).matches(meta.get("labels")):
        return False
    return not field_selector or parse_field_selector(field_selector).matches(obj)


def pod_metrics(cluster: Any, namespace: str | None = None, *, now: float | None = None,
                name: str | None = None, label_selector: str | None = None,
                field_selector: str | None = None) -> list[Obj]:
    """PodMetrics of the Running pods (in ``namespace``, or all) on nodes that are up.

    ``now`` is simulated seconds (default: the cluster's clock). ``name``, ``label_selector``
    and ``field_selector`` narrow the list as the metrics API's query parameters do (the
    selectors apply to the pods; a malformed one raises ValueError).
    """
    now = cluster.now if now is None else now
    bucket, timestamp, created, up = _scraped(cluster, now)
    out = []
    for pod, usage in _pod_entries(cluster, namespace, bucket, up):
        if not _selected(pod, name, label_selector, field_selector):
            continue
        meta = pod.get("metadata") or {}
        metadata: Obj = {"name": meta.get("name", ""), "namespace": meta.get("namespace", ""),
                         "creationTimestamp": created}
        if meta.get("labels"):
            metadata["labels"] = dict(meta["labels"])
        out.append({"kind": "PodMetrics", "apiVersion": GROUP_VERSION, "metadata": metadata,
                    "timestamp": timestamp, "window": WINDOW,
                    "containers": [{"name": cname, "usage": _usage(cpu, mem)} for cname, cpu, mem in usage]})
    return out


def node_metrics(cluster: Any, *, now: float | None = None, name: str | None = None,
                 label_selector: str | None = None, field_selector: str | None = None) -> list[Obj]:
    """NodeMetrics of the nodes that are up: their pods' usage plus the system's overhead."""
    now = cluster.now if now is None else now
    bucket, timestamp, created, up = _scraped(cluster, now)
    totals: dict[str, list[float]] = {}
    for pod, usage in _pod_entries(cluster, None, bucket, up):
        node_total = totals.setdefault((pod.get("spec") or {}).get("nodeName"), [0.0, 0.0])
        for _, cpu, mem in usage:
            node_total[0] += cpu
            node_total[1] += mem
    out = []
    for node in cluster.objects("nodes"):
        meta = node.get("metadata") or {}
        node_name = meta.get("name", "")
        if node_name not in up:
            up[node_name] = node_up(cluster, node_name)
        if not up[node_name] or not _selected(node, name, label_selector, field_selector):
            continue
        cpu, mem = node_overhead(node_name, bucket)
        pods_cpu, pods_mem = totals.get(node_name, (0.0, 0.0))
        metadata: Obj = {"name": node_name, "creationTimestamp": created}
        if meta.get("labels"):
            metadata["labels"] = dict(meta["labels"])
        out.append({"kind": "NodeMetrics", "apiVersion": GROUP_VERSION, "metadata": metadata,
                    "timestamp": timestamp, "window": WINDOW,
                    "usage": _usage(cpu + pods_cpu, mem + pods_mem)})
    return out


def _usage(nanocores: float, byte_count: float) -> Obj:
    return {"cpu": cpu_quantity(nanocores), "memory": memory_quantity(byte_count)}


def metrics_list(kind: str, items: list[Obj]) -> Obj:
    """The list body (``NodeMetricsList`` / ``PodMetricsList``) the metrics API answers a list with."""
    return {"kind": f"{kind}List", "apiVersion": GROUP_VERSION, "metadata": {}, "items": items}
