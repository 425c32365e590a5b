"""Writes: create, update (PUT), patch (merge, strategic merge, JSON patch) and
server-side apply, with ``dryRun`` and ``fieldValidation``."""

from __future__ import annotations

from typing import Any

from simulator.apiserver.registry import Resource
from simulator.errors import ApiError

from . import fieldvalidation, negotiation, status
from .context import Context
from .http import Response, json_response


def dry_run(ctx: Context, options: dict[str, Any] | None = None) -> bool:
    values = [ctx.query["dryRun"]] if "dryRun" in ctx.query else []
    if options and isinstance(options.get("dryRun"), list):
        values += [str(v) for v in options["dryRun"]]
    for value in values:
        if value not in ("All", ""):
            raise status.bad_request(f'dryRun: Unsupported value: "{value[:64]}": supported values: "All"')
    return "All" in values


def object_body(ctx: Context, *, typed: bool = True) -> dict[str, Any]:
    body = negotiation.decode_body(ctx.request.headers, ctx.request.body)
    if not isinstance(body, dict):
        raise status.bad_request("the body of the request was not a Kubernetes object")
    return negotiation.strip_nulls(body) if typed else body


def _check_name(body: dict[str, Any], target: Any) -> None:
    meta = body.get("metadata")
    if not isinstance(meta, dict):
        raise status.bad_request("the body of the request has no metadata")
    if meta.get("name") != target.name:
        raise status.bad_request(
            f"the name of the object ({_text(meta.get('name'))}) does not match the name "
            f"on the URL ({target.name})"
        )
    if target.namespace and meta.get("namespace") not in (None, "", target.namespace):
        raise status.bad_request(
            "the namespace of the provided object does not match the namespace sent on the request"
        )


def _text(value: Any) -> str:
    return str(value)[:253] if value is not None else ""


def warning_headers(texts: list[str]) -> list[tuple[str, str]]:
    """``Warning: 299 - "text"``: kubectl prints each as ``Warning: text`` on stderr."""
    return [("warning", '299 - "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"') for text in texts]


def create(ctx: Context, res: Resource, target: Any) -> Response:
    body = object_body(ctx, typed=not res.simulation)
    warnings = fieldvalidation.check(res, body, ctx.query)
    obj = ctx.api.create(
        res.plural, body, namespace=target.namespace or None, actor=ctx.actor, dry_run=dry_run(ctx)
    )
    return json_response(201, obj, headers=warning_headers(warnings))


def update(ctx: Context, res: Resource, target: Any, *, subresource: str | None = None) -> Response:
    body = object_body(ctx, typed=not res.simulation)
    _check_name(body, target)
    warnings = fieldvalidation.check(res, body, ctx.query)
    if res.simulation and dry_run(ctx):
        # The simulation store has no dry run: answer what would be stored, store nothing.
        current = ctx.api.get(res.plural, target.name, actor=ctx.actor)
        return json_response(200, {**body, "metadata": {**current["metadata"], **body["metadata"]}})
    obj = ctx.api.update(
        res.plural,
        body,
        namespace=target.namespace,
        subresource=subresource,
        actor=ctx.actor,
        dry_run=dry_run(ctx),
    )
    return json_response(200, obj, headers=warning_headers(warnings))


def patch(ctx: Context, res: Resource, target: Any, *, subresource: str | None = None) -> Response:
    patch_type, document = negotiation.decode_patch(ctx.request.headers, ctx.request.body)
    dry = dry_run(ctx)
    if patch_type == "json" and not res.simulation:
        # A value's null members are zero values once decoded into typed objects (kubectl
        # rollout undo copies a ReplicaSet template with "creationTimestamp": null).
        document = [
            dict(op, value=negotiation.strip_nulls(op["value"]))
            if isinstance(op, dict) and isinstance(op.get("value"), (dict, list))
            else op
            for op in document
        ]
    warnings = [] if patch_type == "json" else fieldvalidation.check(res, document, ctx.query, patch=True)
    if patch_type == "apply" and subresource is None:
        response = server_side_apply(ctx, res, target, document, dry)
        response.headers += warning_headers(warnings)
        return response
    if res.simulation and dry:
        current = ctx.api.get(res.plural, target.name, actor=ctx.actor)
        return json_response(200, _patched(current, document, patch_type, res.kind))
    obj = ctx.api.patch(
        res.plural,
        target.name,
        document,
        namespace=target.namespace,
        patch_type=patch_type,
        subresource=subresource,
        actor=ctx.actor,
        dry_run=dry,
    )
    return json_response(200, obj, headers=warning_headers(warnings))


def _patched(current: dict[str, Any], document: Any, patch_type: str, kind: str) -> Any:
    from simulator.apiserver import patch as patching

    try:
        if patch_type == "json":
            return patching.json_patch(current, document)
        if patch_type == "merge":
            return patching.merge_patch(current, document)
        return patching.strategic_merge_patch(current, document, kind=kind)
    except patching.PatchError as exc:
        raise ApiError(422, "Invalid", str(exc)) from None


def server_side_apply(
    ctx: Context, res: Resource, target: Any, document: dict[str, Any], dry: bool
) -> Response:
    """``kubectl apply --server-side``: create when absent, else merge the applied intent.

    Field ownership is kept loosely: the applied configuration is merged strategically
    onto the live object (no managedFields, so no FieldManagerConflict).
    """
    meta = document.get("metadata")
    if meta is None:
        meta = document["metadata"] = {}
    if not isinstance(meta, dict):
        raise status.bad_request("metadata must be an object")
    if meta.get("name") not in (None, target.name):
        raise status.bad_request(
            f"the name of the object ({_text(meta.get('name'))}) does not match the name "
            f"on the URL ({target.name})"
        )
    try:
        ctx.api.get(res.plural, target.name, namespace=target.namespace, actor=ctx.actor)
    except ApiError as exc:
        if exc.code != 404:
            raise
        created = dict(document, metadata={**meta, "name": target.name})
        obj = ctx.api.create(
            res.plural, created, namespace=target.namespace or None, actor=ctx.actor, dry_run=dry
        )
        return json_response(201, obj)
    obj = ctx.api.patch(
        res.plural,
        target.name,
        document,
        namespace=target.namespace,
        patch_type="apply",
        actor=ctx.actor,
        dry_run=dry,
    )
    return json_response(200, obj)
