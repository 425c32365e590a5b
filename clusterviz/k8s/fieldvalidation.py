"""``fieldValidation``: unknown fields in a request body, found against the served schemas.

kubectl (finding ``fieldValidation`` on the OpenAPI patch operations) skips its own
validation and sends ``fieldValidation=Strict``, so a typo such as ``replica: 3`` must be
refused here, as kube-apiserver does: 400 ``strict decoding error: unknown field
"spec.replica"``. ``Warn`` (the default when a client sends nothing) answers with a
``Warning`` header instead; ``Ignore`` says nothing.
"""

from __future__ import annotations

from typing import Any

from simulator.apiserver.registry import Resource

from . import openapi, status

MODES = ("Strict", "Warn", "Ignore")
MAX_REPORTED = 20


def mode(query: dict[str, str]) -> str:
    value = query.get("fieldValidation") or "Warn"
    if value not in MODES:
        raise status.bad_request(
            f'fieldValidation: Unsupported value: "{value[:64]}": supported values: '
            '"Ignore", "Strict", "Warn"'
        )
    return value


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    for _ in range(32):
        ref = schema.get("$ref")
        if ref is None and len(schema.get("allOf") or []) == 1:
            ref = schema["allOf"][0].get("$ref")
        if not isinstance(ref, str):
            return schema
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
    return schema


def unknown_fields(res: Resource, obj: Any, *, patch: bool = False) -> list[str]:
    """Paths (``spec.replica``, ``spec.template.spec.containers[0].imag``) the schema does not declare."""
    schemas = openapi.schemas()
    name = openapi.schema_name(res.group, res.version, res.kind)
    if name is None:
        return []
    found: list[str] = []
    stack: list[tuple[Any, dict[str, Any], str]] = [(obj, schemas[name], "")]
    while stack and len(found) < MAX_REPORTED:
        value, schema, path = stack.pop()
        schema = _resolve(schema, schemas)
        if schema.get("x-kubernetes-preserve-unknown-fields"):
            continue
        if isinstance(value, dict):
            props = schema.get("properties")
            extra = schema.get("additionalProperties")
            for key, item in value.items():
                if patch and key.startswith("$"):
                    continue  # strategic-merge directives ($patch, $setElementOrder/..., $retainKeys)
                child = f"{path}.{key}" if path else key
                if isinstance(props, dict) and key in props:
                    stack.append((item, props[key], child))
                elif isinstance(extra, dict):
                    stack.append((item, extra, child))
                elif isinstance(props, dict) and extra is not True:
                    found.append(child)
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for i, item in enumerate(value):
                stack.append((item, schema["items"], f"{path}[{i}]"))
    return sorted(found)


def check(res: Resource, obj: Any, query: dict[str, str], *, patch: bool = False) -> list[str]:
    """Raise for Strict; return the Warning texts for Warn."""
    how = mode(query)
    if how == "Ignore":
        return []
    unknown = unknown_fields(res, obj, patch=patch)
    if not unknown:
        return []
    texts = [f'unknown field "{field}"' for field in unknown]
    if how == "Strict":
        raise status.bad_request(
            f'{res.kind} in version "{res.version}" cannot be handled as a {res.kind}: '
            f"strict decoding error: {', '.join(texts)}"
        )
    return texts
