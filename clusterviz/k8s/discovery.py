"""Discovery: what kubectl learns the API from (``/api``, ``/apis``, ``/api/v1`` ...).

Both forms are served: aggregated discovery (``apidiscovery.k8s.io/v2``, one request for
everything, which kubectl 1.32 asks for first) and the legacy APIVersions / APIGroupList /
APIResourceList documents (still fetched by ``kubectl drain`` to find ``pods/eviction``).
Built once from the simulator's resource registry, plus ``metrics.k8s.io`` for
``kubectl top``. Discovery stays up while the simulated kube-apiserver is down, so the
simulation kinds (faults, the clock) can still be reached by kubectl then.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from simulator.apiserver.registry import RESOURCES, Resource

VERSION_INFO = {
    "major": "1",
    "minor": "32",
    "gitVersion": "v1.32.4",
    "gitCommit": "59526cd4867447956156ae3a602fcbac10a2c335",
    "gitTreeState": "clean",
    "buildDate": "2025-04-22T16:02:27Z",
    "goVersion": "go1.23.6",
    "compiler": "gc",
    "platform": "linux/amd64",
}

METRICS_GROUP = "metrics.k8s.io"
METRICS_VERSION = "v1beta1"
READ_VERBS = ("get", "list")
# Group order as kube-apiserver lists them (built-in groups first, aggregated ones after).
GROUP_ORDER = ("apps", "coordination.k8s.io", "discovery.k8s.io", METRICS_GROUP, "sim.clusterviz.io")

# subresource → (response group, version, kind or "" for the parent's kind, verbs)
SUBRESOURCES: dict[str, tuple[str | None, str | None, str, tuple[str, ...]]] = {
    "status": (None, None, "", ("get", "patch", "update")),
    "scale": ("autoscaling", "v1", "Scale", ("get", "patch", "update")),
    "binding": ("", "v1", "Binding", ("create",)),
    "eviction": ("policy", "v1", "Eviction", ("create",)),
    "log": ("", "v1", "Pod", ("get",)),
}


@dataclass(frozen=True)
class Served:
    """One resource as discovery shows it (the simulator's registry, or metrics.k8s.io)."""

    plural: str
    kind: str
    group: str
    version: str
    namespaced: bool
    verbs: tuple[str, ...]
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    subresources: tuple[str, ...] = ()

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


def _from_registry(res: Resource) -> Served:
    subs = tuple(s for s in res.subresources if s in SUBRESOURCES)
    # Mirrors kube-apiserver: namespaces cannot be deleted as a collection.
    dropped = {"deletecollection"} if res.plural == "namespaces" else set()
    verbs = tuple(sorted(v for v in res.verbs if v not in dropped))
    return Served(
        res.plural,
        res.kind,
        res.group,
        res.version,
        res.namespaced,
        verbs,
        res.short_names,
        res.categories,
        subs,
    )


METRICS: tuple[Served, ...] = (
    Served("nodes", "NodeMetrics", METRICS_GROUP, METRICS_VERSION, False, READ_VERBS),
    Served("pods", "PodMetrics", METRICS_GROUP, METRICS_VERSION, True, READ_VERBS),
)
SERVED: tuple[Served, ...] = tuple(_from_registry(r) for r in RESOURCES) + METRICS


def group_versions() -> list[tuple[str, str]]:
    """(group, version) pairs served, core first, then groups in kube-apiserver's order."""
    pairs = sorted(
        {(s.group, s.version) for s in SERVED},
        key=lambda gv: (gv[0] != "", GROUP_ORDER.index(gv[0]) if gv[0] in GROUP_ORDER else 99, gv),
    )
    return pairs


def resources_of(group: str, version: str) -> list[Served]:
    return [s for s in SERVED if s.group == group and s.version == version]


def find(group: str, version: str, plural: str) -> Served | None:
    for s in SERVED:
        if s.group == group and s.version == version and s.plural == plural:
            return s
    return None


def _sub_kind(served: Served, sub: str) -> dict[str, str]:
    group, version, kind, _ = SUBRESOURCES[sub]
    return {
        "group": served.group if group is None else group,
        "version": served.version if version is None else version,
        "kind": kind or served.kind,
    }


# -- aggregated discovery (apidiscovery.k8s.io/v2) ------------------------------------
def _aggregated_resource(s: Served) -> dict[str, Any]:
    out: dict[str, Any] = {
        "resource": s.plural,
        "responseKind": {"group": s.group, "version": s.version, "kind": s.kind},
        "scope": "Namespaced" if s.namespaced else "Cluster",
        "singularResource": s.singular,
        "verbs": list(s.verbs),
    }
    if s.short_names:
        out["shortNames"] = list(s.short_names)
    if s.categories:
        out["categories"] = list(s.categories)
    if s.subresources:
        out["subresources"] = [
            {"subresource": sub, "responseKind": _sub_kind(s, sub), "verbs": list(SUBRESOURCES[sub][3])}
            for sub in s.subresources
        ]
    return out


def _aggregated_group(group: str) -> dict[str, Any]:
    versions = [v for g, v in group_versions() if g == group]
    return {
        "metadata": {"name": group, "creationTimestamp": None},
        "versions": [
            {
                "version": v,
                "resources": [_aggregated_resource(s) for s in resources_of(group, v)],
                "freshness": "Current",
            }
            for v in versions
        ],
    }


@lru_cache(maxsize=4)
def aggregated(*, core: bool, version: str = "v2") -> dict[str, Any]:
    """``/api`` (core only) or ``/apis`` (every named group) as an APIGroupDiscoveryList."""
    groups = [""] if core else [g for g, _ in group_versions() if g]
    seen: list[str] = []
    for g in groups:
        if g not in seen:
            seen.append(g)
    return {
        "kind": "APIGroupDiscoveryList",
        "apiVersion": f"apidiscovery.k8s.io/{version}",
        "metadata": {},
        "items": [_aggregated_group(g) for g in seen],
    }


# -- legacy discovery --------------------------------------------------------------------
def api_versions(server_address: str) -> dict[str, Any]:
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}],
    }


def _api_group(group: str) -> dict[str, Any]:
    versions = [{"groupVersion": f"{group}/{v}", "version": v} for g, v in group_versions() if g == group]
    return {"name": group, "versions": versions, "preferredVersion": versions[0]}


def api_group(group: str) -> dict[str, Any] | None:
    if not any(g == group for g, _ in group_versions()) or not group:
        return None
    return {"kind": "APIGroup", "apiVersion": "v1", **_api_group(group)}


@lru_cache(maxsize=1)
def api_group_list() -> dict[str, Any]:
    groups: list[str] = []
    for g, _ in group_versions():
        if g and g not in groups:
            groups.append(g)
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [_api_group(g) for g in groups]}


def api_resource_list(group: str, version: str) -> dict[str, Any] | None:
    served = resources_of(group, version)
    if not served:
        return None
    resources: list[dict[str, Any]] = []
    for s in served:
        entry: dict[str, Any] = {
            "name": s.plural,
            "singularName": s.singular,
            "namespaced": s.namespaced,
            "kind": s.kind,
            "verbs": list(s.verbs),
        }
        if s.short_names:
            entry["shortNames"] = list(s.short_names)
        if s.categories:
            entry["categories"] = list(s.categories)
        resources.append(entry)
        for sub in s.subresources:
            kind = _sub_kind(s, sub)
            item: dict[str, Any] = {
                "name": f"{s.plural}/{sub}",
                "singularName": "",
                "namespaced": s.namespaced,
                "kind": kind["kind"],
                "verbs": list(SUBRESOURCES[sub][3]),
            }
            if kind["group"] != s.group or kind["version"] != s.version:
                item["group"], item["version"] = kind["group"], kind["version"]
            resources.append(item)
    gv = f"{group}/{version}" if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}
