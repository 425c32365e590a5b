"""PodInfo: what the scheduler needs from a pod, parsed once (framework.PodInfo).

Pods stay shared dicts; this is the scheduler's read-only digest of one.
"""
from __future__ import annotations

from ..objects import Obj, controller_of, key, labels, meta, parse_cpu, parse_memory, spec, status
from .selectors import LabelSelector

# Mirrors pkg/scheduler/util: requests assumed for containers that state none, for scoring only.
DEFAULT_MILLI_CPU_REQUEST = 100
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024
# Mirrors helper.DefaultSelector: the workload kinds whose selector spreads pods by default.
SPREAD_OWNER_KINDS = frozenset({"ReplicaSet", "StatefulSet", "ReplicationController"})
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


class AffinityTerm:
    """A pod (anti-)affinity term with its namespaces resolved (framework.AffinityTerm)."""

    __slots__ = ("selector", "namespaces", "ns_selector", "topology_key", "weight")

    def __init__(self, raw: Obj, own_namespace: str, weight: int = 1) -> None:
        self.selector = LabelSelector(raw.get("labelSelector"))
        self.topology_key: str = raw.get("topologyKey", "")
        self.weight = weight
        self.namespaces = frozenset(raw.get("namespaces") or ())
        ns_sel = raw.get("namespaceSelector")
        # Mirrors framework.newAffinityTerm: no namespaces and no selector means the pod's own.
        if not self.namespaces and ns_sel is None:
            self.namespaces = frozenset((own_namespace,))
        self.ns_selector = LabelSelector(ns_sel) if ns_sel is not None else None

    def matches(self, namespace: str, pod_labels: dict[str, str]) -> bool:
        if namespace not in self.namespaces:
            # Namespace labels are approximated by the automatic kubernetes.io/metadata.name label.
            if self.ns_selector is None or not self.ns_selector.matches({NAMESPACE_NAME_LABEL: namespace}):
                return False
        return self.selector.matches(pod_labels)


def _terms(raw: list[Obj] | None, ns: str) -> tuple[AffinityTerm, ...]:
    return tuple(AffinityTerm(t, ns) for t in raw or ())


def _weighted(raw: list[Obj] | None, ns: str) -> tuple[AffinityTerm, ...]:
    return tuple(AffinityTerm(w.get("podAffinityTerm") or {}, ns, int(w.get("weight") or 0))
                 for w in raw or () if w.get("weight"))


def normalized_image(image: str) -> str:
    """Mirrors imagelocality.normalizedImageName: untagged images mean ``:latest``."""
    if image.rfind(":") <= image.rfind("/"):
        return image + ":latest"
    return image


def _container_requests(container: Obj) -> tuple[int, int, int, int]:
    """(cpu, memory, non-zero cpu, non-zero memory) of one container."""
    res = container.get("resources") or {}
    req = res.get("requests") or {}
    lim = res.get("limits") or {}
    cpu_q = req.get("cpu", lim.get("cpu"))        # Mirrors defaulting: requests default to limits.
    mem_q = req.get("memory", lim.get("memory"))
    cpu, mem = parse_cpu(cpu_q), parse_memory(mem_q)
    nz_cpu = DEFAULT_MILLI_CPU_REQUEST if cpu_q is None else cpu
    nz_mem = DEFAULT_MEMORY_REQUEST if mem_q is None else mem
    return cpu, mem, nz_cpu, nz_mem


def pod_requests(pod_spec: Obj) -> tuple[int, int, int, int]:
    """Mirrors resource.PodRequests: containers summed, then max'd with each init step, plus overhead."""
    total = [0, 0, 0, 0]
    for c in pod_spec.get("containers") or ():
        for i, v in enumerate(_container_requests(c)):
            total[i] += v
    sidecars, init_max = [0, 0, 0, 0], [0, 0, 0, 0]
    for c in pod_spec.get("initContainers") or ():
        reqs = _container_requests(c)
        if c.get("restartPolicy") == "Always":      # sidecars keep running alongside the app
            sidecars = [a + b for a, b in zip(sidecars, reqs, strict=True)]
            total = [a + b for a, b in zip(total, reqs, strict=True)]
            step = sidecars
        else:
            step = [a + b for a, b in zip(sidecars, reqs, strict=True)]
        init_max = [max(a, b) for a, b in zip(init_max, step, strict=True)]
    total = [max(a, b) for a, b in zip(total, init_max, strict=True)]
    overhead = pod_spec.get("overhead") or {}
    cpu_o, mem_o = parse_cpu(overhead.get("cpu")), parse_memory(overhead.get("memory"))
    return total[0] + cpu_o, total[1] + mem_o, total[2] + cpu_o, total[3] + mem_o


def host_ports(pod_spec: Obj) -> tuple[tuple[str, str, int], ...]:
    """(hostIP, protocol, hostPort) the pod wants (schedutil.GetHostPorts)."""
    ports = []
    for c in pod_spec.get("containers") or ():
        for p in c.get("ports") or ():
            port = int(p.get("hostPort") or 0)
            if port > 0:
                ports.append((p.get("hostIP") or "0.0.0.0", p.get("protocol") or "TCP", port))
    return tuple(ports)


class PodInfo:
    """The parsed pod; ``pod`` keeps the original shared dict."""

    __slots__ = ("pod", "key", "namespace", "labels", "priority", "cpu", "mem", "nz_cpu", "nz_mem",
                 "ports", "owner", "terminating", "affinity", "req_affinity", "req_anti",
                 "pref_affinity", "pref_anti", "affinity_group")

    def __init__(self, pod: Obj) -> None:
        s = spec(pod)
        self.pod = pod
        self.key = key(pod)
        self.namespace: str = meta(pod).get("namespace", "")
        self.labels = labels(pod)
        self.priority = int(s.get("priority") or 0)
        self.cpu, self.mem, self.nz_cpu, self.nz_mem = pod_requests(s)
        self.ports = host_ports(s)
        ref = controller_of(pod)
        spreads = ref is not None and ref.get("kind") in SPREAD_OWNER_KINDS
        self.owner: str | None = (ref.get("uid") or None) if spreads and ref else None
        self.terminating = bool(meta(pod).get("deletionTimestamp"))
        self.affinity: Obj = s.get("affinity") or {}
        self._parse_pod_affinity()

    def _parse_pod_affinity(self) -> None:
        ns = self.namespace
        pa = self.affinity.get("podAffinity") or {}
        anti = self.affinity.get("podAntiAffinity") or {}
        self.req_affinity = _terms(pa.get("requiredDuringSchedulingIgnoredDuringExecution"), ns)
        self.req_anti = _terms(anti.get("requiredDuringSchedulingIgnoredDuringExecution"), ns)
        self.pref_affinity = _weighted(pa.get("preferredDuringSchedulingIgnoredDuringExecution"), ns)
        self.pref_anti = _weighted(anti.get("preferredDuringSchedulingIgnoredDuringExecution"), ns)
        # Replicas carry identical terms: the cache counts them per group, not per pod.
        self.affinity_group = (ns, repr((pa, anti))) if (pa or anti) else None

    @property
    def spec(self) -> Obj:
        return spec(self.pod)

    def images(self) -> list[str]:
        s = spec(self.pod)
        containers = (s.get("initContainers") or []) + (s.get("containers") or [])
        return [normalized_image(c.get("image", "")) for c in containers]


def is_terminal(pod: Obj) -> bool:
    """Succeeded/Failed pods: the scheduler's informer filters them out of its cache."""
    return status(pod).get("phase") in ("Succeeded", "Failed")
