"""The resource verbs: routing a resource request, and the reads (get, list).

Each handler calls the cluster's simulated ApiServer synchronously, on the loop that owns
the cluster, and serializes what it hands back before the next await (the objects it
returns are shared with the store: never mutated here). Errors it raises are already
shaped like kube-apiserver's (``ApiError``); ``app`` turns them into Status responses.
Writes live in ``writes``, deletes in ``deletes``, subresources in ``subresources``.
"""

from __future__ import annotations

from typing import Any

from simulator.apiserver.registry import BY_PLURAL, Resource

from . import discovery, negotiation, status, tables
from .context import Context, selectors
from .deletes import delete, delete_collection
from .http import Response, go_bool, json_response
from .writes import create, patch, update

__all__ = ["Context", "handle", "as_table", "include_object", "selectors", "wants_table", "get_object"]
METHOD_VERBS = {"POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}


async def handle(ctx: Context, target: Any) -> Any:
    served = discovery.find(target.group, target.version, target.resource)
    if served is None:
        raise status.not_found()
    if served.group == discovery.METRICS_GROUP:
        from .metrics_api import handle_metrics

        return await handle_metrics(ctx, served, target)
    res = BY_PLURAL[served.plural]
    if target.namespace and not res.namespaced:
        raise status.not_found()
    if target.subresource and (not target.name or target.subresource not in served.subresources):
        raise status.not_found()
    method = ctx.request.method
    if method in METHOD_VERBS and not ctx.grant.can_write:
        verb = METHOD_VERBS[method]
        if method == "DELETE" and not target.name:
            verb = "deletecollection"
        raise status.forbidden(
            verb=verb,
            resource=res.plural,
            group=res.group,
            namespace=target.namespace,
            subresource=target.subresource,
            name=target.name,
        )
    if target.subresource:
        from .subresources import handle_subresource

        return await handle_subresource(ctx, res, target)
    if method == "GET":
        if not target.name:
            if go_bool(ctx.query.get("watch"), name="watch"):
                from .watch import watch

                return watch(ctx, res, target)
            return list_objects(ctx, res, target)
        return get_object(ctx, res, target)
    if method == "POST" and not target.name:
        if res.namespaced and not target.namespace:
            raise status.method_not_allowed()
        return create(ctx, res, target)
    if method == "PUT" and target.name:
        return update(ctx, res, target)
    if method == "PATCH" and target.name:
        return patch(ctx, res, target)
    if method == "DELETE":
        return delete(ctx, res, target) if target.name else delete_collection(ctx, res, target)
    raise status.method_not_allowed()


# -- reads -------------------------------------------------------------------------------
def include_object(ctx: Context) -> str:
    value = ctx.query.get("includeObject") or "Metadata"
    if value not in tables.INCLUDE_OBJECT:
        raise status.bad_request(
            f'includeObject: Unsupported value: "{value[:64]}": supported values: '
            '"None", "Metadata", "Object"'
        )
    return value


def wants_table(ctx: Context) -> bool:
    return negotiation.wants_table(negotiation.parse_accept(ctx.request.headers.get("accept", "")))


def as_table(
    ctx: Context, res: Resource, items: list[dict[str, Any]], resource_version: str
) -> dict[str, Any]:
    cluster = ctx.cluster
    return tables.table(
        res,
        items,
        resource_version=resource_version,
        include_object=include_object(ctx),
        now=cluster.now,
        clock=cluster.core.clock,
    )


def list_objects(ctx: Context, res: Resource, target: Any) -> Response:
    table = wants_table(ctx)
    if table:
        include_object(ctx)
    items, rv = ctx.api.list(
        res.plural, namespace=target.namespace or None, actor=ctx.actor, **selectors(ctx)
    )
    ctx.trace_read("list", res, target.namespace)
    if table:
        return json_response(200, as_table(ctx, res, items, str(rv)))
    return json_response(
        200,
        {
            "kind": f"{res.kind}List",
            "apiVersion": res.api_version,
            "metadata": {"resourceVersion": str(rv)},
            "items": items,
        },
    )


def get_object(ctx: Context, res: Resource, target: Any) -> Response:
    table = wants_table(ctx)
    if table:
        include_object(ctx)
    obj = ctx.api.get(res.plural, target.name, namespace=target.namespace, actor=ctx.actor)
    ctx.trace_read("get", res, target.namespace, target.name)
    if table:
        rv = str((obj.get("metadata") or {}).get("resourceVersion", ""))
        return json_response(200, as_table(ctx, res, [obj], rv))
    return json_response(200, obj)
