"""DELETE of one object (DeleteOptions: propagationPolicy, gracePeriodSeconds,
preconditions, dryRun) and of a collection."""

from __future__ import annotations

from typing import Any

from simulator.apiserver.registry import Resource
from simulator.errors import ApiError

from . import status
from .context import Context, selectors
from .http import Response, go_bool, go_int, json_response
from .writes import _text, dry_run, object_body

# kube-apiserver returns these objects themselves from DELETE (ReturnDeletedObject);
# for everything else an immediate delete answers a Status Success.
RETURNS_DELETED = frozenset({"pods", "services", "faults", "simulations", "trafficflows"})
PROPAGATION = ("Orphan", "Background", "Foreground")


def delete_options(ctx: Context) -> dict[str, Any]:
    """DeleteOptions from the body (JSON or protobuf) and the query, the query winning."""
    options: dict[str, Any] = {}
    if ctx.request.body.strip():
        options = object_body(ctx)
    grace = go_int(ctx.query.get("gracePeriodSeconds"), name="gracePeriodSeconds")
    if grace is None:
        value = options.get("gracePeriodSeconds")
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise status.bad_request("gracePeriodSeconds must be an integer")
        grace = value
    policy = ctx.query.get("propagationPolicy") or options.get("propagationPolicy")
    orphan = ctx.query.get("orphanDependents")
    if policy is None and (
        options.get("orphanDependents") is True or (orphan and go_bool(orphan, name="orphanDependents"))
    ):
        policy = "Orphan"
    if policy is not None and policy not in PROPAGATION:
        raise ApiError(
            422,
            "Invalid",
            f'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported '
            f'value: "{_text(policy)[:64]}": supported values: "Foreground", '
            '"Background", "Orphan"',
            details={
                "kind": "DeleteOptions",
                "group": "meta.k8s.io",
                "causes": [
                    {
                        "reason": "FieldValueNotSupported",
                        "field": "propagationPolicy",
                        "message": f'Unsupported value: "{_text(policy)[:64]}"',
                    }
                ],
            },
        )
    preconditions = options.get("preconditions")
    if preconditions is not None and not isinstance(preconditions, dict):
        raise status.bad_request("preconditions must be an object")
    return {
        "grace_period_seconds": max(0, grace) if grace is not None else None,
        "propagation_policy": policy,
        "preconditions": {k: str(v) for k, v in (preconditions or {}).items() if v is not None} or None,
        "dry_run": dry_run(ctx, options),
    }


def _still_there(ctx: Context, res: Resource, namespace: str, name: str) -> bool:
    try:
        ctx.api.get(res.plural, name, namespace=namespace, actor=ctx.actor)
    except ApiError:
        return False
    return True


def delete(ctx: Context, res: Resource, target: Any) -> Response:
    options = delete_options(ctx)
    if res.simulation and options["dry_run"]:
        return json_response(200, ctx.api.get(res.plural, target.name, actor=ctx.actor))
    obj = ctx.api.delete(res.plural, target.name, namespace=target.namespace, actor=ctx.actor, **options)
    if (
        res.plural in RETURNS_DELETED
        or options["dry_run"]
        or _still_there(ctx, res, target.namespace, target.name)
    ):
        return json_response(200, obj)
    meta = obj.get("metadata") or {}
    return json_response(
        200,
        {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Success",
            "details": {
                "name": target.name,
                "group": res.group,
                "kind": res.plural,
                "uid": meta.get("uid", ""),
            },
        },
    )


def delete_collection(ctx: Context, res: Resource, target: Any) -> Response:
    # Mirrors kube-apiserver: namespaces have no deletecollection, namespaced kinds only per namespace.
    if (res.namespaced and not target.namespace) or res.plural == "namespaces":
        raise status.method_not_allowed()
    options = delete_options(ctx)
    items, rv = ctx.api.list(
        res.plural, namespace=target.namespace or None, actor=ctx.actor, **selectors(ctx)
    )
    if res.simulation and options["dry_run"]:
        return json_response(
            200,
            {
                "kind": f"{res.kind}List",
                "apiVersion": res.api_version,
                "metadata": {"resourceVersion": str(rv)},
                "items": items,
            },
        )
    deleted = []
    for item in list(items):
        meta = item.get("metadata") or {}
        try:
            deleted.append(
                ctx.api.delete(
                    res.plural,
                    meta.get("name", ""),
                    namespace=meta.get("namespace", ""),
                    actor=ctx.actor,
                    **options,
                )
            )
        except ApiError as exc:
            if exc.code != 404:
                raise
    return json_response(
        200,
        {
            "kind": f"{res.kind}List",
            "apiVersion": res.api_version,
            "metadata": {"resourceVersion": str(rv)},
            "items": deleted,
        },
    )
