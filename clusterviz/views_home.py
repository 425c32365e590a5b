"""The landing page ``/``: make a new cluster in one click, or open a recent one; and the
share link ``/join/<credential>/`` that makes whoever opens it a viewer of a cluster."""

from __future__ import annotations

import secrets

from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from . import roles
from .models import ClusterDefinition, Runtime, Timing

MIN_WORKERS, MAX_WORKERS, DEFAULT_WORKERS = 1, 10, 3
# 1, or an odd number for a highly available etcd quorum (3 survives one failed master, 5 two).
CONTROL_PLANES = (1, 3, 5)
DEFAULT_CONTROL_PLANES = 1
DEFAULT_RUNTIME = Runtime.CONTAINERD
DEFAULT_TIMING = Timing.CLASSROOM
RECENT = 12
SEED_BITS = 31
ADJECTIVES = (
    "brave",
    "calm",
    "eager",
    "fancy",
    "gentle",
    "happy",
    "jolly",
    "kind",
    "lively",
    "merry",
    "nimble",
    "proud",
    "quick",
    "silly",
    "sunny",
    "swift",
    "tidy",
    "witty",
    "zesty",
    "bold",
)
ANIMALS = (
    "otter",
    "panda",
    "koala",
    "lynx",
    "heron",
    "gecko",
    "llama",
    "moose",
    "orca",
    "puffin",
    "quokka",
    "robin",
    "seal",
    "tapir",
    "walrus",
    "yak",
    "zebra",
    "bison",
    "crane",
    "dingo",
)


def cluster_url(name: str) -> str:
    return f"/c/{name}/"


def fresh_name() -> str:
    """A readable DNS label nobody is likely to have taken: ``swift-otter-417``."""
    return f"{secrets.choice(ADJECTIVES)}-{secrets.choice(ANIMALS)}-{secrets.randbelow(900) + 100}"


@require_GET
async def home(request: HttpRequest) -> HttpResponse:
    return await _home(request, errors={})


async def _home(
    request: HttpRequest,
    *,
    errors: dict[str, str],
    status: int = 200,
    workers: object = DEFAULT_WORKERS,
    timing: str = DEFAULT_TIMING,
    control_planes: object = DEFAULT_CONTROL_PLANES,
    runtime: str = DEFAULT_RUNTIME,
) -> HttpResponse:
    recent = [d async for d in ClusterDefinition.objects.order_by("-created_at")[:RECENT]]
    rows = [
        {"definition": d, "url": cluster_url(d.name), "role": await roles.role_for_request(request, d.name)}
        for d in recent
    ]
    context = {
        "recent": rows,
        "errors": errors,
        "workers": workers,
        "timing": timing,
        "min_workers": MIN_WORKERS,
        "max_workers": MAX_WORKERS,
        "timings": Timing.choices,
        "control_planes": str(control_planes),
        "control_plane_choices": [str(n) for n in CONTROL_PLANES],
        "runtime": runtime,
        "runtimes": Runtime.choices,
    }
    return render(request, "clusterviz/home.html", context, status=status)


@require_POST
async def new_cluster(request: HttpRequest) -> HttpResponse:
    """Create a cluster definition, make its creator the presenter, and open it."""
    raw_workers = request.POST.get("workers", str(DEFAULT_WORKERS)).strip()
    timing = request.POST.get("timing", DEFAULT_TIMING)
    raw_control_planes = request.POST.get("control_planes", str(DEFAULT_CONTROL_PLANES)).strip()
    runtime = request.POST.get("runtime", DEFAULT_RUNTIME)
    errors = {}
    try:
        workers = int(raw_workers)
    except ValueError:
        workers = -1
    if not MIN_WORKERS <= workers <= MAX_WORKERS:
        errors["workers"] = f"Workers must be a whole number from {MIN_WORKERS} to {MAX_WORKERS}."
    if timing not in Timing.values:
        errors["timing"] = f"Timing must be one of: {', '.join(Timing.values)}."
    control_planes = int(raw_control_planes) if raw_control_planes.isdigit() else -1
    if control_planes not in CONTROL_PLANES:
        errors["control_planes"] = f"Control planes must be one of: {', '.join(map(str, CONTROL_PLANES))}."
    if runtime not in Runtime.values:
        errors["runtime"] = f"Runtime must be one of: {', '.join(Runtime.values)}."
    if errors:
        return await _home(request, errors=errors, status=400, workers=raw_workers[:8], timing=timing,
                           control_planes=raw_control_planes[:8], runtime=runtime[:16])
    definition = await _create(workers=workers, timing=timing, control_planes=control_planes, runtime=runtime)
    await roles.remember(request, definition.name, roles.PRESENTER)
    return HttpResponseRedirect(cluster_url(definition.name), status=303)


async def _create(*, workers: int, timing: str, control_planes: int = DEFAULT_CONTROL_PLANES,
                  runtime: str = DEFAULT_RUNTIME) -> ClusterDefinition:
    for _ in range(20):
        try:
            return await ClusterDefinition.objects.acreate(
                name=fresh_name(), workers=workers, timing=timing, seed=secrets.randbelow(2**SEED_BITS),
                control_planes=control_planes, runtime=runtime,
            )
        except IntegrityError:
            continue  # that name (or a credential) was taken: draw again
    raise RuntimeError("could not find a free cluster name")


@require_GET
async def join(request: HttpRequest, credential: str) -> HttpResponse:
    """The share link: remember the cluster's role for this browser and open the cluster.

    The viewer credential makes a viewer; the presenter's (from their kubeconfig) hands the
    controls to another device of the presenter's.
    """
    definition = await ClusterDefinition.objects.filter(
        Q(viewer_credential=credential) | Q(presenter_credential=credential)
    ).afirst()
    if definition is None:
        raise Http404("no cluster has this share link")
    role = (
        roles.PRESENTER
        if secrets.compare_digest(definition.presenter_credential, credential)
        else roles.VIEWER
    )
    await roles.remember(request, definition.name, role)
    return HttpResponseRedirect(cluster_url(definition.name), status=303)
