"""The request path → what is asked for, like kube-apiserver's RequestInfo.

Everything below ``/k8s/<cluster>/<credential>``: ``/version``, ``/api``, ``/apis``,
``/openapi/v3``, ``/openapi/v2`` and resource paths
``/api/v1[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]]`` and
``/apis/<group>/<version>/...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Mirrors the apiserver: these follow /namespaces/<name> and are the namespace's own subresources.
NAMESPACE_SUBRESOURCES = frozenset({"status", "finalize"})
SEGMENT = re.compile(r"^[A-Za-z0-9._:@~+-]{1,253}$")
CREDENTIAL = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True)
class Target:
    """``kind`` is one of: version, health, api, apis, group, group-version, openapi-v3,
    openapi-v3-gv, openapi-v2, resource."""

    kind: str
    group: str = ""
    version: str = ""
    namespace: str = ""
    resource: str = ""
    name: str = ""
    subresource: str = ""


@dataclass(frozen=True)
class Prefix:
    cluster: str
    credential: str
    rest: str


def split_prefix(path: str) -> Prefix | None:
    """``/k8s/<cluster>/<credential><rest>``; None when the path is not shaped so."""
    parts = path.split("/", 4)
    if len(parts) < 4 or parts[0] != "" or parts[1] != "k8s":
        return None
    cluster, credential = parts[2], parts[3]
    if not cluster or not SEGMENT.match(cluster) or not CREDENTIAL.match(credential):
        return None
    rest = "/" + parts[4] if len(parts) == 5 else ""
    return Prefix(cluster, credential, rest)


def parse(rest: str) -> Target | None:
    """What ``rest`` (the path after the prefix) asks for; None for no such endpoint."""
    path = rest.rstrip("/") if rest not in ("", "/") else rest
    segments = path.split("/")[1:] if path.startswith("/") else []
    if not segments or any(not SEGMENT.match(s) for s in segments):
        return None
    head = segments[0]
    if head == "version" and len(segments) == 1:
        return Target("version")
    if head in ("healthz", "livez", "readyz") and len(segments) == 1:
        return Target("health")
    if head == "openapi":
        return _openapi(segments[1:])
    if head == "api":
        if len(segments) == 1:
            return Target("api")
        return _group_version("", segments[1], segments[2:])
    if head == "apis":
        if len(segments) == 1:
            return Target("apis")
        if len(segments) == 2:
            return Target("group", group=segments[1])
        return _group_version(segments[1], segments[2], segments[3:])
    return None


def _openapi(segments: list[str]) -> Target | None:
    if segments == ["v2"]:
        return Target("openapi-v2")
    if not segments or segments[0] != "v3":
        return None
    rest = segments[1:]
    if not rest:
        return Target("openapi-v3")
    if rest[0] == "api" and len(rest) == 2:
        return Target("openapi-v3-gv", version=rest[1])
    if rest[0] == "apis" and len(rest) == 3:
        return Target("openapi-v3-gv", group=rest[1], version=rest[2])
    return None


def _group_version(group: str, version: str, parts: list[str]) -> Target | None:
    if not parts:
        return Target("group-version", group=group, version=version)
    namespace = ""
    if parts[0] == "namespaces" and len(parts) >= 2:
        if len(parts) == 2 or parts[2] in NAMESPACE_SUBRESOURCES:
            # /namespaces/<name>[/status]: the Namespace object itself.
            parts = ["namespaces", *parts[1:]]
        else:
            namespace, parts = parts[1], parts[2:]
    if len(parts) > 3:
        return None
    resource = parts[0]
    name = parts[1] if len(parts) > 1 else ""
    sub = parts[2] if len(parts) > 2 else ""
    return Target(
        "resource",
        group=group,
        version=version,
        namespace=namespace,
        resource=resource,
        name=name,
        subresource=sub,
    )
