"""``/openapi/v3``: what ``kubectl apply`` / ``create -f`` / ``replace -f`` validate with
and ``kubectl explain`` reads.

The schemas are Kubernetes' own v1.32 definitions as the ``kubernetes-validate`` package
ships them (JSON Schema under ``$defs``), turned back into the OpenAPI v3 shape
kube-apiserver publishes (``#/components/schemas`` references wrapped in ``allOf``,
single types, int-or-string). Each group-version document has every resource path with
its operations; the item path's ``patch`` carries ``x-kubernetes-group-version-kind`` and
an operation-level ``fieldValidation`` parameter, which is how kubectl decides the server
validates (it then sends ``fieldValidation=Strict`` and skips client-side validation).
The simulation kinds and metrics.k8s.io get small hand-written schemas.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import discovery
from .discovery import Served
from .openapi_extra import extra_schemas

SCHEMA_VERSION = "v1.32.0-local"
REF = "#/components/schemas/"
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
ALWAYS = (META + "Status", META + "DeleteOptions", META + "Patch", META + "WatchEvent")


def _definitions_path() -> Path | None:
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations)))
    path = base / "kubernetes-json-schema" / SCHEMA_VERSION / "_definitions.json"
    return path if path.exists() else None


def _convert(node: Any, *, parent: str = "") -> Any:
    """JSON Schema (kubernetes-validate) → OpenAPI v3 schema objects as kube-apiserver writes them."""
    if isinstance(node, list):
        return [_convert(v) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = {"$ref": REF + node["$ref"].rsplit("/", 1)[-1]}
        rest = {k: _convert(v) for k, v in node.items() if k != "$ref"}
        return {"allOf": [ref], **rest} if rest else ref
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "type" and isinstance(value, list):
            types = [t for t in value if t != "null"]
            if len(types) == 1:
                out["type"] = types[0]
            continue
        if key == "enum" and parent in ("apiVersion", "kind"):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: _convert(prop, parent=name) for name, prop in value.items()}
            continue
        out[key] = _convert(value)
    return out


SPECIAL = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"type": "string", "format": "int-or-string"},
    "io.k8s.apimachinery.pkg.api.resource.Quantity": {"type": "string"},
}


@lru_cache(maxsize=1)
def schemas() -> dict[str, Any]:
    """Every Kubernetes v1.32 definition as an OpenAPI v3 schema, plus the simulator's own."""
    path = _definitions_path()
    defs = json.loads(path.read_text())["$defs"] if path else {}
    out: dict[str, Any] = {}
    for name, schema in defs.items():
        converted = _convert(schema)
        if name in SPECIAL:
            converted = {
                **SPECIAL[name],
                **({"description": schema["description"]} if "description" in schema else {}),
            }
        out[name] = converted
    out.update(extra_schemas())
    return out


@lru_cache(maxsize=1)
def _by_gvk() -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for name, schema in schemas().items():
        for gvk in schema.get("x-kubernetes-group-version-kind") or []:
            out.setdefault((gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", "")), name)
    return out


def schema_name(group: str, version: str, kind: str) -> str | None:
    return _by_gvk().get((group, version, kind))


def _closure(roots: list[str]) -> dict[str, Any]:
    every = schemas()
    found: dict[str, Any] = {}
    stack = [r for r in roots if r in every]
    while stack:
        name = stack.pop()
        if name in found:
            continue
        found[name] = every[name]
        _refs(every[name], stack)
    return dict(sorted(found.items()))


def _refs(node: Any, out: list[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            out.append(ref[len(REF) :])
        for value in node.values():
            _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


# -- paths -------------------------------------------------------------------------------
def _param(
    name: str, where: str = "query", kind: str = "string", *, required: bool = False, description: str = ""
) -> dict[str, Any]:
    param: dict[str, Any] = {"name": name, "in": where, "schema": {"type": kind, "uniqueItems": True}}
    if required:
        param["required"] = True
    if description:
        param["description"] = description
    return param


WRITE_PARAMS = [
    _param("dryRun", description="When present, indicates that modifications should not be persisted."),
    _param(
        "fieldManager",
        description="fieldManager is a name associated with the actor or entity that is making "
        "these changes.",
    ),
    _param(
        "fieldValidation",
        description="fieldValidation instructs the server on how to handle objects in the "
        "request containing unknown or duplicate fields: Ignore, Warn or Strict.",
    ),
]
PATCH_MEDIA = (
    "application/apply-patch+yaml",
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
)


def _ref_content(
    schema: str | None, media: tuple[str, ...] = ("application/json", "application/yaml")
) -> Any:
    body = {"schema": {"$ref": REF + schema}} if schema else {"schema": {"type": "object"}}
    return {m: body for m in media}


def _camel(group_version: str) -> str:
    return group_version.replace("/", "").replace(".", "")


def _operation(
    action: str,
    served: Served,
    gvk: dict[str, str],
    schema: str | None,
    *,
    params: list[dict[str, Any]] | None = None,
    body: bool = False,
    media: tuple[str, ...] = (),
    sub: str = "",
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "description": f"{action} {served.kind}" + (f" {sub}" if sub else ""),
        "operationId": f"{action}{_camel(served.group_version)}{served.kind}{sub.title()}",
        "responses": {
            "200": {"description": "OK", "content": _ref_content(schema)},
            "401": {"description": "Unauthorized"},
        },
        "tags": [served.group_version],
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": gvk,
    }
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {
            "content": _ref_content(schema if action != "patch" else META + "Patch", media or ("*/*",)),
            "required": True,
        }
    return op


def _paths_of(served: Served) -> dict[str, Any]:
    base = f"/apis/{served.group}/{served.version}" if served.group else f"/api/{served.version}"
    gvk = {"group": served.group, "version": served.version, "kind": served.kind}
    schema = schema_name(served.group, served.version, served.kind)
    list_schema = schema_name(served.group, served.version, served.kind + "List")
    scoped = (
        f"{base}/namespaces/{{namespace}}/{served.plural}" if served.namespaced else f"{base}/{served.plural}"
    )
    ns_param = (
        [_param("namespace", "path", required=True, description="object name and auth scope")]
        if served.namespaced
        else []
    )
    name_param = [_param("name", "path", required=True, description=f"name of the {served.kind}")]
    writes = "create" in served.verbs
    collection: dict[str, Any] = {
        "get": _operation(
            "list",
            served,
            gvk,
            list_schema,
            params=[_param("labelSelector"), _param("fieldSelector"), _param("watch", kind="boolean")],
        ),
        "parameters": ns_param,
    }
    item: dict[str, Any] = {
        "get": _operation("get", served, gvk, schema),
        "parameters": name_param + ns_param,
    }
    if writes:
        collection["post"] = _operation("post", served, gvk, schema, params=WRITE_PARAMS, body=True)
        item["put"] = _operation("put", served, gvk, schema, params=WRITE_PARAMS, body=True)
        item["patch"] = _operation(
            "patch",
            served,
            gvk,
            schema,
            params=[*WRITE_PARAMS, _param("force", kind="boolean")],
            body=True,
            media=PATCH_MEDIA,
        )
        item["delete"] = _operation(
            "delete",
            served,
            gvk,
            META + "Status",
            params=[
                _param("dryRun"),
                _param("gracePeriodSeconds", kind="integer"),
                _param("propagationPolicy"),
            ],
        )
    paths = {scoped: collection, f"{scoped}/{{name}}": item}
    if served.namespaced:
        paths[f"{base}/{served.plural}"] = {"get": _operation("list", served, gvk, list_schema)}
    for sub in served.subresources:
        if sub not in ("status", "scale"):
            continue
        sub_schema = schema if sub == "status" else "io.k8s.api.autoscaling.v1.Scale"
        sub_gvk = gvk if sub == "status" else {"group": "autoscaling", "version": "v1", "kind": "Scale"}
        paths[f"{scoped}/{{name}}/{sub}"] = {
            "get": _operation("get", served, sub_gvk, sub_schema, sub=sub),
            "put": _operation("put", served, sub_gvk, sub_schema, params=WRITE_PARAMS, body=True, sub=sub),
            "patch": _operation(
                "patch",
                served,
                sub_gvk,
                sub_schema,
                params=[*WRITE_PARAMS, _param("force", kind="boolean")],
                body=True,
                media=PATCH_MEDIA,
                sub=sub,
            ),
            "parameters": name_param + ns_param,
        }
    return paths


def _roots(group: str, version: str, served: list[Served]) -> list[str]:
    roots = list(ALWAYS)
    for s in served:
        for kind in (s.kind, s.kind + "List"):
            name = schema_name(s.group, s.version, kind)
            if name:
                roots.append(name)
        if "scale" in s.subresources:
            roots.append("io.k8s.api.autoscaling.v1.Scale")
        if "eviction" in s.subresources:
            roots.append("io.k8s.api.policy.v1.Eviction")
        if "binding" in s.subresources:
            roots.append("io.k8s.api.core.v1.Binding")
    return roots


@lru_cache(maxsize=16)
def document(group: str, version: str) -> bytes | None:
    """The OpenAPI v3 document of one group-version, serialized once."""
    served = discovery.resources_of(group, version)
    if not served:
        return None
    paths: dict[str, Any] = {}
    for s in served:
        paths.update(_paths_of(s))
    doc = {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": discovery.VERSION_INFO["gitVersion"]},
        "paths": paths,
        "components": {"schemas": _closure(_roots(group, version, served))},
    }
    return json.dumps(doc, separators=(",", ":")).encode()


def _key(group: str, version: str) -> str:
    return f"apis/{group}/{version}" if group else f"api/{version}"


@lru_cache(maxsize=1)
def hashes() -> dict[str, str]:
    out = {}
    for group, version in discovery.group_versions():
        body = document(group, version)
        if body is not None:
            out[_key(group, version)] = hashlib.sha512(body).hexdigest().upper()
    return out


def index() -> dict[str, Any]:
    """``/openapi/v3``: each group-version's document, addressed relative to the server's base path."""
    return {
        "paths": {
            key: {"serverRelativeURL": f"/openapi/v3/{key}?hash={digest}"} for key, digest in hashes().items()
        }
    }
