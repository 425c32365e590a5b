"""The ASGI app mounted for ``/k8s/``: a kube-apiserver per simulated cluster.

``/k8s/<cluster>/<credential>/...``: the credential picks the cluster and the role; the
rest of the path is what kubectl appends to its server URL. Every call into a cluster
happens here, on the event loop that owns it (``clusterviz.live``), between awaits.
Bad input never becomes a 5xx: every failure is a metav1.Status with a 4xx code, and an
unexpected error is logged and answered 500 without touching the cluster further.
"""

from __future__ import annotations

import logging
from typing import Any

from clusterviz import live
from clusterviz.models import ClusterDefinition
from simulator.errors import ApiError

from . import discovery, negotiation, openapi, paths, resources, status
from .auth import Grant, credentials
from .context import Context
from .http import ClientGone, Receive, Request, Response, Send, json_response, read_request

logger = logging.getLogger(__name__)


async def application(scope: dict[str, Any], receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    try:
        request = await read_request(scope, receive)
    except ClientGone:
        return
    response = await respond(request)
    try:
        await response.send(send, receive)
    except OSError:  # the client went while we wrote
        pass


async def respond(request: Request) -> Any:
    prefix = paths.split_prefix(request.path)
    if prefix is None:
        return _error(status.unauthorized())
    grant = await credentials.grant(prefix.cluster, prefix.credential)
    if grant is None:
        return _error(status.unauthorized())
    if request.too_large:
        return _error(status.too_large())
    try:
        target = paths.parse(prefix.rest)
        if target is None:
            raise status.not_found()
        return await _route(request, grant, target)
    except ApiError as exc:
        return _error(exc, cluster=grant.cluster)
    except Exception:  # noqa: BLE001 - a bug must not take the server (or other clusters) down
        logger.exception("k8s API: %s %s failed", request.method, prefix.rest)
        return _error(
            ApiError(500, "InternalError", "an error on the server prevented the request from succeeding")
        )


def _error(exc: ApiError, *, cluster: str = "", outage: str = "") -> Response:
    if exc.code == 0 and not outage and cluster:
        outage = _outage_cause(cluster)
    code, body = status.status_of(exc, cluster=cluster, outage=outage)
    return json_response(code, body)


def _outage_cause(cluster: str) -> str:
    """Why the simulated kube-apiserver is unreachable, from the cluster's active faults."""
    running = live.registry.get(cluster)
    if running is None:
        return "ComponentDown fault"
    sim = running.cluster
    control_planes = getattr(sim, "control_plane_nodes", [])
    for fault in sim.objects("faults"):
        spec = fault.get("spec") or {}
        name = (fault.get("metadata") or {}).get("name", "")
        if (fault.get("status") or {}).get("phase") != "Active":
            continue
        if spec.get("type") == "ComponentDown" and spec.get("component") == "kube-apiserver":
            return f'ComponentDown fault "{name}"'
        if spec.get("type") == "NodeDown" and spec.get("node") in control_planes:
            return f'NodeDown fault "{name}" on {spec.get("node")}'
    return "ComponentDown fault"


async def _route(request: Request, grant: Grant, target: paths.Target) -> Any:
    kind = target.kind
    if kind == "resource":
        running = await _live(grant.cluster)
        return await resources.handle(Context(request, grant, running), target)
    if request.method != "GET":
        raise status.method_not_allowed()
    accept = negotiation.parse_accept(request.headers.get("accept", ""))
    if kind == "version":
        return json_response(200, discovery.VERSION_INFO)
    if kind == "health":
        return Response(200, b"ok", negotiation.TEXT)
    if kind in ("api", "apis"):
        version = negotiation.discovery_version(accept)
        if version is not None:
            return json_response(
                200,
                discovery.aggregated(core=kind == "api", version=version),
                content_type=negotiation.aggregated_content_type(version),
                headers=[("vary", "Accept")],
            )
        if kind == "api":
            return json_response(
                200, discovery.api_versions(_server_address(request)), headers=[("vary", "Accept")]
            )
        return json_response(200, discovery.api_group_list(), headers=[("vary", "Accept")])
    if kind == "group":
        group = discovery.api_group(target.group)
        if group is None:
            raise status.not_found()
        return json_response(200, group)
    if kind == "group-version":
        listing = discovery.api_resource_list(target.group, target.version)
        if listing is None:
            raise status.not_found()
        return json_response(200, listing)
    if kind == "openapi-v3":
        return json_response(200, openapi.index())
    if kind == "openapi-v3-gv":
        body = openapi.document(target.group, target.version)
        if body is None:
            raise status.not_found()
        return Response(200, body, negotiation.JSON, [("cache-control", "public, immutable")])
    # /openapi/v2: kubectl then falls back to its built-in types (a JSON answer would break it).
    raise status.not_found()


def _server_address(request: Request) -> str:
    host = request.headers.get("host", "")
    if host:
        return host
    return f"{request.server[0]}:{request.server[1]}" if request.server else "127.0.0.1"


async def _live(name: str) -> live.LiveCluster:
    try:
        return await live.registry.get_or_start(name)
    except ClusterDefinition.DoesNotExist:
        raise status.not_found(f'cluster "{name}" not found') from None
