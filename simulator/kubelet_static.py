"""Static pods (``/etc/kubernetes/manifests``) and the mirror pods that show them in the API.

Mirrors kubelet's file source (config/common.go applyDefaults): the pod is named
``<name>-<node>``, its UID is the config hash, it tolerates every NoExecute taint; the
mirror pod carries the ``kubernetes.io/config.mirror`` annotation and is owned by the Node.
"""
from __future__ import annotations

import hashlib
from typing import Any

from . import errors
from .objects import Obj, canonical_json, deep_copy, meta

MIRROR = "kubernetes.io/config.mirror"
HASH = "kubernetes.io/config.hash"
SEEN = "kubernetes.io/config.seen"
SOURCE = "kubernetes.io/config.source"
NODE_CRITICAL = ("system-node-critical", 2000001000)


def is_mirror(pod: Obj) -> bool:
    return MIRROR in (meta(pod).get("annotations") or {})


def static_pod(manifest: Obj, *, node: str, seen: str) -> Obj:
    """The pod the kubelet runs from a manifest file (never stored in the API as such)."""
    pod = deep_copy(manifest)
    pod.setdefault("apiVersion", "v1")
    pod.setdefault("kind", "Pod")
    meta = pod.setdefault("metadata", {})
    config_hash = hashlib.md5((canonical_json(manifest) + node + "file").encode()).hexdigest()
    meta["name"] = f"{meta.get('name', 'static')}-{node}"
    meta["namespace"] = meta.get("namespace") or "default"
    meta["uid"] = config_hash
    meta["annotations"] = {**(meta.get("annotations") or {}), HASH: config_hash, SEEN: seen, SOURCE: "file"}
    spec = pod.setdefault("spec", {})
    spec["nodeName"] = node
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    # A static pod runs whatever the node's taints say.
    spec["tolerations"] = [*(spec.get("tolerations") or []), {"operator": "Exists", "effect": "NoExecute"}]
    pod["status"] = {"phase": "Pending"}
    return pod


def mirror_body(pod: Obj, *, node: str, node_uid: str) -> Obj:
    """What the kubelet creates in the API so that kubectl can see the static pod."""
    body = deep_copy(pod)
    meta = body["metadata"]
    config_hash = meta.pop("uid")
    meta["annotations"][MIRROR] = config_hash
    meta["ownerReferences"] = [{"apiVersion": "v1", "kind": "Node", "name": node, "uid": node_uid,
                                "controller": True}]
    spec = body["spec"]
    spec.setdefault("priorityClassName", NODE_CRITICAL[0])
    spec.setdefault("priority", NODE_CRITICAL[1])
    body.pop("status", None)
    return body


def create_mirror(client: Any, pod: Obj, *, node: str, node_uid: str) -> Obj | None:
    """Create the mirror pod (or find the one already there); None when the API is away."""
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    try:
        body = mirror_body(pod, node=node, node_uid=node_uid)
        return client.create("pods", body, namespace=ns, summary=f"create mirror pod {ns}/{name}")
    except errors.ApiError as exc:
        if exc.code != 409:
            return None
    try:
        return client.get("pods", name, namespace=ns)
    except errors.ApiError:
        return None
