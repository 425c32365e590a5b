"""``metrics.k8s.io/v1beta1``: NodeMetrics and PodMetrics for ``kubectl top``.

Routing, roles and errors live here; the simulated usage comes from ``metrics``.
"""

from __future__ import annotations

from typing import Any

from simulator import errors
from simulator.errors import ApiError

from . import status, tables
from .context import Context
from .discovery import Served
from .http import json_response


def unavailable() -> ApiError:
    # What the aggregator answers when metrics-server cannot serve.
    return ApiError(503, "ServiceUnavailable", "the server is currently unable to handle the request")


async def handle_metrics(ctx: Context, served: Served, target: Any) -> Any:
    if ctx.request.method != "GET" or target.subresource:
        raise status.method_not_allowed()
    if target.namespace and not served.namespaced:
        raise status.not_found()
    metrics = tables.metrics_module()
    if metrics is None:
        raise unavailable()
    ctx.api.list(
        "nodes", actor=ctx.actor, field_selector="metadata.name=-"
    )  # raises while the apiserver is down
    label_selector = ctx.query.get("labelSelector") or None
    field_selector = ctx.query.get("fieldSelector") or None
    try:
        if served.kind == "NodeMetrics":
            items = metrics.node_metrics(
                ctx.cluster,
                name=target.name or None,
                label_selector=label_selector,
                field_selector=field_selector,
            )
        else:
            items = metrics.pod_metrics(
                ctx.cluster,
                namespace=target.namespace or None,
                name=target.name or None,
                label_selector=label_selector,
                field_selector=field_selector,
            )
    except ValueError as exc:
        raise status.bad_request(str(exc)) from None
    if not target.name:
        return json_response(200, metrics.metrics_list(served.kind, items))
    if not items:
        raise errors.not_found(f"{served.kind.lower()}", served.group, target.name)
    return json_response(200, items[0])
