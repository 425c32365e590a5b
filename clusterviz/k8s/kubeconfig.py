"""Kubeconfigs that the real kubectl and the Python client use as they are.

kubectl sends no Authorization header over plain http, so the role's credential travels
in the server URL's path (``http://HOST:PORT/k8s/<cluster>/<credential>``): kubectl keeps
a server path prefix and appends ``/api``, ``/apis``, ``/version``, ``/openapi/v3``.
"""

from __future__ import annotations

from typing import Any

import yaml

ROLES = ("presenter", "viewer")
DEFAULT_SERVER = "http://127.0.0.1:8000"
PREFIX = "/k8s"


def server_url(base: str, cluster: str, credential: str) -> str:
    return f"{base.rstrip('/')}{PREFIX}/{cluster}/{credential}"


def kubeconfig(*, cluster: str, credential: str, role: str, base: str = DEFAULT_SERVER) -> dict[str, Any]:
    """A minimal v1 Config: one cluster, one context (namespace default), an empty user."""
    context = cluster if role == "presenter" else f"{cluster}-{role}"
    user = f"{cluster}-{role}"
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster, "cluster": {"server": server_url(base, cluster, credential)}}],
        "contexts": [
            {"name": context, "context": {"cluster": cluster, "user": user, "namespace": "default"}}
        ],
        "current-context": context,
        "users": [{"name": user, "user": {}}],
        "preferences": {},
    }


def kubeconfig_yaml(**kwargs: Any) -> str:
    return yaml.safe_dump(kubeconfig(**kwargs), sort_keys=False, default_flow_style=False)
