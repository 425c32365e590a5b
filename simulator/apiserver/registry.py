"""The resource types the simulated kube-apiserver serves (what discovery will list)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Resource:
    plural: str
    kind: str
    group: str
    version: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    subresources: tuple[str, ...] = ()
    # Simulation kinds live outside the simulated control plane (the teacher's hand).
    simulation: bool = False
    verbs: tuple[str, ...] = field(
        default=("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"))

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def singular(self) -> str:
        return self.kind.lower()

    def etcd_prefix(self) -> str:
        # Mirrors kube-apiserver's storage layout: /registry/<resource>/<namespace>/<name>.
        return f"/registry/{self.plural}/"


SIM_GROUP = "sim.clusterviz.io"

RESOURCES: tuple[Resource, ...] = (
    Resource("namespaces", "Namespace", "", "v1", False, ("ns",), (), ("status", "finalize")),
    Resource("nodes", "Node", "", "v1", False, ("no",), (), ("status",)),
    Resource("pods", "Pod", "", "v1", True, ("po",), ("all",), ("status", "binding", "eviction", "log")),
    Resource("services", "Service", "", "v1", True, ("svc",), ("all",), ("status",)),
    Resource("endpoints", "Endpoints", "", "v1", True, ("ep",)),
    Resource("configmaps", "ConfigMap", "", "v1", True, ("cm",)),
    Resource("events", "Event", "", "v1", True, ("ev",)),
    Resource("endpointslices", "EndpointSlice", "discovery.k8s.io", "v1", True),
    Resource("leases", "Lease", "coordination.k8s.io", "v1", True),
    Resource("replicasets", "ReplicaSet", "apps", "v1", True, ("rs",), ("all",), ("status", "scale")),
    Resource("deployments", "Deployment", "apps", "v1", True, ("deploy",), ("all",), ("status", "scale")),
    Resource("daemonsets", "DaemonSet", "apps", "v1", True, ("ds",), ("all",), ("status",)),
    Resource("faults", "Fault", SIM_GROUP, "v1", False, (), (), ("status",), simulation=True),
    Resource("simulations", "Simulation", SIM_GROUP, "v1", False, ("sim",), (), ("status",), simulation=True),
    Resource("trafficflows", "TrafficFlow", SIM_GROUP, "v1", False, ("tf",), (), ("status",),
             simulation=True),
)

BY_PLURAL: dict[str, Resource] = {r.plural: r for r in RESOURCES}
BY_KIND: dict[tuple[str, str], Resource] = {(r.api_version, r.kind): r for r in RESOURCES}
KIND_NAMES: dict[str, Resource] = {r.kind: r for r in RESOURCES}


def resource_for(api_version: str, kind: str) -> Resource | None:
    """The resource behind a manifest's apiVersion/kind, or None if not served."""
    return BY_KIND.get((api_version, kind))


def lookup(name: str) -> Resource | None:
    """Find a resource by plural, singular, kind or short name (as kubectl resolves them)."""
    lowered = name.lower()
    for r in RESOURCES:
        if lowered in (r.plural, r.singular, r.kind.lower()) or lowered in r.short_names:
            return r
        if "." in lowered and lowered == f"{r.plural}.{r.group}":
            return r
    return None
