"""Subresources: status, scale (autoscaling/v1 Scale), binding, eviction (policy/v1), log."""

from __future__ import annotations

from typing import Any

from simulator.apiserver import patch as patching
from simulator.apiserver.registry import Resource
from simulator.errors import ApiError

from . import negotiation, status
from .context import Context
from .http import json_response
from .resources import get_object
from .writes import dry_run, object_body, patch, update

SUCCESS_CREATED = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}


async def handle_subresource(ctx: Context, res: Resource, target: Any) -> Any:
    method, sub = ctx.request.method, target.subresource
    if sub == "log":
        if method != "GET":
            raise status.method_not_allowed()
        from .logs import logs

        return logs(ctx, target)
    if sub == "status":
        if method == "GET":
            return get_object(ctx, res, target)
        if method == "PUT":
            return update(ctx, res, target, subresource="status")
        if method == "PATCH":
            return patch(ctx, res, target, subresource="status")
    if sub == "scale":
        if method == "GET":
            return json_response(
                200, ctx.api.get_scale(res.plural, target.name, namespace=target.namespace, actor=ctx.actor)
            )
        if method in ("PUT", "PATCH"):
            return update_scale(ctx, res, target)
    if sub == "eviction" and method == "POST":
        return evict(ctx, target)
    if sub == "binding" and method == "POST":
        return bind(ctx, target)
    raise status.method_not_allowed()


def update_scale(ctx: Context, res: Resource, target: Any) -> Any:
    """PUT a Scale, or PATCH one (``kubectl scale`` sends a merge patch ``{"spec":{"replicas":N}}``)."""
    current = ctx.api.get_scale(res.plural, target.name, namespace=target.namespace, actor=ctx.actor)
    if ctx.request.method == "PUT":
        wanted = object_body(ctx)
    else:
        patch_type, document = negotiation.decode_patch(ctx.request.headers, ctx.request.body)
        try:
            if patch_type == "json":
                wanted = patching.json_patch(current, document)
            elif patch_type == "merge":
                wanted = patching.merge_patch(current, document)
            else:
                wanted = patching.strategic_merge_patch(current, document, kind="Scale")
        except patching.PatchError as exc:
            raise ApiError(422, "Invalid", str(exc)) from None
    if not isinstance(wanted, dict):
        raise status.bad_request("the body of the request was not a Scale")
    meta = wanted.get("metadata") if isinstance(wanted.get("metadata"), dict) else {}
    rv = meta.get("resourceVersion")
    if rv and str(rv) != str(current["metadata"].get("resourceVersion")):
        from simulator import errors

        raise errors.conflict(res.plural, res.group, target.name, errors.STALE)
    spec = wanted.get("spec", {})
    if not isinstance(spec, dict):
        raise errors_invalid_scale(target.name, "spec", "must be an object")
    replicas = spec.get("replicas", 0)
    if dry_run(ctx):
        return json_response(200, {**current, "spec": {"replicas": replicas}})
    scale = ctx.api.update_scale(
        res.plural, target.name, replicas, namespace=target.namespace, actor=ctx.actor
    )
    return json_response(200, scale)


def errors_invalid_scale(name: str, field: str, message: str) -> ApiError:
    return ApiError(
        422,
        "Invalid",
        f'Scale.autoscaling "{name}" is invalid: {field}: Invalid value: {message}',
        details={
            "name": name,
            "group": "autoscaling",
            "kind": "Scale",
            "causes": [
                {"reason": "FieldValueInvalid", "field": field, "message": f"Invalid value: {message}"}
            ],
        },
    )


def evict(ctx: Context, target: Any) -> Any:
    """POST pods/<name>/eviction with a policy/v1 Eviction: a graceful delete (201 on success)."""
    body = object_body(ctx)
    meta = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    if meta.get("name") not in (None, "", target.name):
        raise status.bad_request("name in URL does not match name in Eviction object")
    options = body.get("deleteOptions") if isinstance(body.get("deleteOptions"), dict) else {}
    grace = options.get("gracePeriodSeconds")
    if grace is not None and (not isinstance(grace, int) or isinstance(grace, bool)):
        raise status.bad_request("deleteOptions.gracePeriodSeconds must be an integer")
    if dry_run(ctx, options):
        ctx.api.get("pods", target.name, namespace=target.namespace, actor=ctx.actor)
        return json_response(201, SUCCESS_CREATED)
    result = ctx.api.evict(
        target.namespace,
        target.name,
        actor=ctx.actor,
        grace_period_seconds=max(0, grace) if grace is not None else None,
    )
    return json_response(201, result if isinstance(result, dict) else SUCCESS_CREATED)


def bind(ctx: Context, target: Any) -> Any:
    """POST pods/<name>/binding with a v1 Binding: assign the pod to ``target.name``."""
    body = object_body(ctx)
    node = body.get("target") if isinstance(body.get("target"), dict) else {}
    name = node.get("name")
    if not isinstance(name, str) or not name:
        raise ApiError(
            422,
            "Invalid",
            f'Binding "{target.name}" is invalid: target.name: Required value',
            details={
                "name": target.name,
                "kind": "Binding",
                "causes": [
                    {"reason": "FieldValueRequired", "field": "target.name", "message": "Required value"}
                ],
            },
        )
    ctx.api.bind(target.namespace, target.name, name, actor=ctx.actor)
    return json_response(201, SUCCESS_CREATED)
