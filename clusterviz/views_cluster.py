"""The cluster page ``/c/<name>/`` and its inspector; async, on the loop that owns the cluster."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import live, stream
from .diagram.inspect import inspect
from .models import ClusterDefinition
from .roles import PRESENTER, role_for_request


async def _live(name: str) -> live.LiveCluster:
    try:
        return await live.registry.get_or_start(name)
    except ClusterDefinition.DoesNotExist as exc:
        raise Http404("no such cluster") from exc


async def cluster_page(request: HttpRequest, name: str) -> HttpResponse:
    """The live diagram: rendered from the same partials the WebSocket frames carry."""
    running = await _live(name)
    role = await role_for_request(request, name)
    feed = stream.for_live(running)
    # Read and render with no await in between: the cluster cannot move under the render.
    context = feed.page_context()
    context.update(cluster_name=name, role=role, is_presenter=role == PRESENTER,
                   ws_url=f"/ws/clusters/{name}/?seq={feed.seq}")
    return render(request, "clusterviz/cluster.html", context)


async def inspector(request: HttpRequest, name: str) -> HttpResponse:
    """What the clicked box is; the panel re-asks every second while it stays open."""
    running = await _live(name)
    target = request.GET.get("target", "")[:300]
    feed = stream.for_live(running)
    found = inspect(target, feed.current(), running.cluster, feed.rows)
    return render(request, "clusterviz/diagram/inspector.html",
                  {"cluster_name": name, "target": target, "found": found,
                   "is_presenter": await role_for_request(request, name) == PRESENTER})


async def stream_stats(request: HttpRequest, name: str) -> JsonResponse:
    """The fan-out's health as JSON: per viewer, frames waiting, in flight and dropped.

    Starts nothing: a cluster nobody has opened since the server started is 404.
    """
    running = live.registry.get(name)
    if running is None:
        raise Http404("that cluster is not running")
    return JsonResponse(stream.for_live(running).stats())
