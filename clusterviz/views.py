"""Pages and htmx views. Async, so they run on the loop that owns the live clusters."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from . import live
from .models import ClusterDefinition
from .presenters import status_context


async def status_page(request: HttpRequest) -> HttpResponse:
    """The running demo cluster; htmx polls re-render just the ``cluster_status`` partial."""
    try:
        running = await live.registry.get_or_start(live.DEFAULT_CLUSTER)
    except ClusterDefinition.DoesNotExist as exc:
        raise Http404("no such cluster") from exc
    template = "clusterviz/status.html"
    if request.htmx:
        template += "#cluster_status"
    # Rendering reads plain rows built synchronously here: no await between read and render.
    response = render(request, template, status_context(running.name, running.cluster))
    patch_vary_headers(response, ["HX-Request"])
    return response


async def healthz(request: HttpRequest) -> HttpResponse:
    """Answers as soon as the server is up; starts nothing."""
    return HttpResponse("ok", content_type="text/plain")
