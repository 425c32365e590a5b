"""The one helper for stable DOM ids: the same thing gets the same id in every render."""
from __future__ import annotations

import re
from functools import lru_cache

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@lru_cache(maxsize=65536)
def dom_id(kind: str, namespace: str | None, name: str) -> str:
    """``{kind}-{namespace}-{name}``: ``node-worker-2``, ``pod-default-web-7c9f2``.

    Kubernetes names are DNS subdomains already; anything else (``kubelet/worker-2``) has
    its unsafe characters folded to ``-`` so the id stays a plain CSS identifier.
    """
    parts = (kind, namespace, name) if namespace else (kind, name)
    return "-".join(_UNSAFE.sub("-", part) for part in parts)


@lru_cache(maxsize=4096)
def component_id(talker: str) -> str:
    """A topology node (``kube-scheduler``, ``kubelet/worker-2``) → ``component-kubelet-worker-2``."""
    return dom_id("component", None, talker)


def edge_id(source: str, dest: str) -> str:
    return dom_id("edge", None, f"{source}--{dest}")
