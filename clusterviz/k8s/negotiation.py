"""Content negotiation: what a client accepts back, and how its request body is encoded.

Responses are always JSON with an exact ``Content-Type`` (client-go decodes by it); a
Table or aggregated discovery is chosen from the Accept header's media type parameters.
Request bodies: JSON (also when no Content-Type is sent, as the Python client does on
POST), YAML (safely, through the simulator's manifest loader) and protobuf
(``application/vnd.kubernetes.protobuf``, which kubectl >= 1.32 sends for every
``kubectl create <generator>``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from simulator.manifests import ManifestError, load_documents

from . import status

JSON = "application/json"
YAML = "application/yaml"
PROTOBUF = "application/vnd.kubernetes.protobuf"
TEXT = "text/plain"
MAX_DEPTH = 100  # nesting; Kubernetes objects stay far below this (and deep_copy recurses)

PATCH_TYPES = {
    "application/json-patch+json": "json",
    "application/merge-patch+json": "merge",
    "application/strategic-merge-patch+json": "strategic",
    "application/apply-patch+yaml": "apply",
}


@dataclass(frozen=True)
class MediaRange:
    type: str
    params: dict[str, str] = field(default_factory=dict)


def parse_media(value: str) -> MediaRange:
    kind, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for part in rest.split(";"):
        key, sep, val = part.partition("=")
        if sep:
            params[key.strip().lower()] = val.strip().strip('"')
    return MediaRange(kind.strip().lower(), params)


def parse_accept(header: str) -> list[MediaRange]:
    return [parse_media(item) for item in header.split(",") if item.strip()][:32]


def wants_table(accept: list[MediaRange]) -> bool:
    """``application/json;as=Table;v=v1;g=meta.k8s.io`` (or v1beta1) comes before plain JSON."""
    for media in accept:
        if media.params.get("as") == "Table":
            if media.params.get("g") == "meta.k8s.io" and media.params.get("v") in ("v1", "v1beta1"):
                return media.type in (JSON, "*/*", "application/*")
            continue
        if media.type in (JSON, "*/*", "application/*", PROTOBUF):
            return False
    return False


def discovery_version(accept: list[MediaRange]) -> str | None:
    """``v2`` / ``v2beta1`` for aggregated discovery, None for the legacy documents."""
    for media in accept:
        if (
            media.params.get("as") == "APIGroupDiscoveryList"
            and media.params.get("g") == "apidiscovery.k8s.io"
        ):
            if media.params.get("v") in ("v2", "v2beta1"):
                return media.params["v"]
            continue
        if media.type in (JSON, "*/*", "application/*"):
            return None
    return None


def aggregated_content_type(version: str) -> str:
    return f"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList"


# -- request bodies ----------------------------------------------------------------------
def content_type(headers: dict[str, str]) -> str:
    return parse_media(headers.get("content-type", "")).type


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON value {name}")


def loads_json(body: bytes) -> Any:
    """Strict JSON: UTF-8, finite numbers, bounded depth; a 400 Status otherwise."""
    try:
        text = body.decode("utf-8")
        value = json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise status.bad_request(
            f"the body of the request could not be decoded as JSON: {_short(exc)}"
        ) from None
    check_depth(value)
    return value


def loads_yaml(body: bytes) -> Any:
    try:
        docs = load_documents(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise status.bad_request("the body of the request is not valid UTF-8") from None
    except (ManifestError, RecursionError, ValueError, TypeError) as exc:
        raise status.bad_request(
            f"the body of the request could not be decoded as YAML: {_short(exc)}"
        ) from None
    if len(docs) != 1:
        raise status.bad_request(f"the body of the request must hold exactly one object, not {len(docs)}")
    check_depth(docs[0])
    return docs[0]


def loads_protobuf(body: bytes) -> Any:
    try:
        from . import protobuf
    except ImportError:
        raise status.unsupported_media_type("application/json, application/yaml") from None
    try:
        value = protobuf.decode(body)
    except Exception as exc:  # noqa: BLE001 - any decoding failure of client bytes is a 400
        raise status.bad_request(
            f"the body of the request could not be decoded as protobuf: {_short(exc)}"
        ) from None
    check_depth(value)
    return value


def decode_body(headers: dict[str, str], body: bytes) -> Any:
    """An object body (create, update, delete options, eviction) by its Content-Type."""
    kind = content_type(headers)
    if kind in ("", JSON, "*/*"):
        return loads_json(body)
    if kind in (YAML, "application/x-yaml", "text/yaml"):
        return loads_yaml(body)
    if kind == PROTOBUF:
        return loads_protobuf(body)
    raise status.unsupported_media_type()


def decode_patch(headers: dict[str, str], body: bytes) -> tuple[str, Any]:
    """(patch type, patch document) of a PATCH; 415 for anything but the four patch types."""
    patch_type = PATCH_TYPES.get(content_type(headers))
    if patch_type is None:
        raise status.unsupported_media_type(status.PATCH_TYPES)
    # Server-side apply bodies are YAML (kubectl sends JSON, which is YAML too).
    document = loads_yaml(body) if patch_type == "apply" else loads_json(body)
    if patch_type == "json" and not isinstance(document, list):
        raise status.bad_request("a JSON patch must be a list of operations")
    if patch_type != "json" and not isinstance(document, dict):
        raise status.bad_request("the patch must be a JSON object")
    return patch_type, document


def strip_nulls(value: Any) -> Any:
    """Drop ``null`` members, as decoding into kube-apiserver's typed structs does (a null
    ``creationTimestamp`` in a pod template is the zero value, then omitted)."""
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


def check_depth(value: Any) -> None:
    """Iteratively: a body nested deeper than MAX_DEPTH is refused before anything recurses."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise status.bad_request("the body of the request is nested too deeply")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "..."
