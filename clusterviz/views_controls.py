"""The presenter's HTTP endpoints: controls, the kubectl console, the share panel, kubeconfigs.

Async, on the loop that owns the live cluster: each view awaits what it needs (the live
cluster, the stored definition) first, then reads and changes the cluster without another
await. POSTs are CSRF-protected by Django's middleware (htmx sends the token from
base.html's ``hx-headers``); a control from anyone but the presenter is refused with 403.
"""

from __future__ import annotations

import json
import socket
from ipaddress import ip_address

import segno
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from . import console, controls, live, stream
from .k8s.kubeconfig import kubeconfig_yaml, server_url
from .models import ClusterDefinition
from .roles import PRESENTER, VIEWER, role_for_request

FEEDBACK = "clusterviz/controls/feedback.html"


async def _live(name: str) -> live.LiveCluster:
    try:
        return await live.registry.get_or_start(name)
    except ClusterDefinition.DoesNotExist as exc:
        raise Http404("no such cluster") from exc


async def _definition(name: str) -> ClusterDefinition:
    definition = await ClusterDefinition.objects.filter(name=name).afirst()
    if definition is None:
        raise Http404("no such cluster")
    return definition


@require_POST
async def control(request: HttpRequest, name: str, action: str) -> HttpResponse:
    """``POST /c/<name>/control/<action>/``: one presenter control; answers a feedback fragment."""
    role = await role_for_request(request, name)
    if role != PRESENTER:
        outcome = controls.Outcome(False, controls.REFUSED, 403)
    else:
        running = await _live(name)
        outcome = controls.perform(running.cluster, action, request.POST, role=role)
        if outcome.ok:
            stream.nudge(running)  # send the change to every viewer now, not at the next tick
    # The page's toast (#control-status) by default; the deploy form shows its answer beside itself.
    toast = request.headers.get("HX-Target", "control-status") == "control-status"
    response = render(request, FEEDBACK, {"outcome": outcome, "toast": toast}, status=outcome.status)
    if outcome.touched:
        response["HX-Trigger"] = json.dumps({"clusterviz:touched": {"ids": list(outcome.touched)}})
    return response


@require_POST
async def console_command(request: HttpRequest, name: str) -> HttpResponse:
    """``POST /c/<name>/console/``: run one kubectl command line; viewers may only read."""
    definition = await _definition(name)
    role = await role_for_request(request, name)
    running = await _live(name)
    credential = definition.presenter_credential if role == PRESENTER else definition.viewer_credential
    session = console.Session(
        running.cluster, name, role, server=server_url(public_base(request), name, credential)
    )
    result = console.run(session, request.POST.get("command", ""))
    if result.touched:
        stream.nudge(running)
    response = render(request, "clusterviz/controls/console_entry.html", {"result": result})
    response["HX-Trigger"] = json.dumps({"clusterviz:touched": {"ids": list(result.touched)}})
    return response


@require_GET
async def share(request: HttpRequest, name: str) -> HttpResponse:
    """The share panel: join link and its QR code, and the kubeconfigs with how to use them."""
    definition = await _definition(name)
    role = await role_for_request(request, name)
    base = public_base(request)
    link = f"{base}/join/{definition.viewer_credential}/"
    qr = segno.make(link, error="m").svg_inline(
        scale=4, dark="#1b2233", light="#ffffff", title=f"QR code of the join link of cluster {name}"
    )
    context = {
        "cluster_name": name,
        "link": link,
        "qr": mark_safe(qr),
        "is_presenter": role == PRESENTER,  # noqa: S308 - segno's own SVG
        "viewer_file": kubeconfig_filename(name, VIEWER),
        "presenter_file": kubeconfig_filename(name, PRESENTER),
        "local": _is_loopback(request.get_host()) and base.startswith(("http://127.", "http://localhost")),
    }
    return render(request, "clusterviz/controls/share.html", context)


@require_GET
async def kubeconfig(request: HttpRequest, name: str, role: str) -> HttpResponse:
    """A kubeconfig for the real kubectl: the viewers' read-only one, or the presenter's."""
    if role not in (PRESENTER, VIEWER):
        raise Http404("no such role")
    definition = await _definition(name)
    if role == PRESENTER and await role_for_request(request, name) != PRESENTER:
        return HttpResponse(
            "only the presenter may download the read-write kubeconfig\n",
            status=403,
            content_type="text/plain",
        )
    credential = definition.presenter_credential if role == PRESENTER else definition.viewer_credential
    body = kubeconfig_yaml(cluster=name, credential=credential, role=role, base=public_base(request))
    response = HttpResponse(body, content_type="application/yaml")
    response["Content-Disposition"] = f'attachment; filename="{kubeconfig_filename(name, role)}"'
    return response


def kubeconfig_filename(name: str, role: str) -> str:
    return f"clusterviz-{name}.yaml" if role == PRESENTER else f"clusterviz-{name}-viewer.yaml"


def public_base(request: HttpRequest) -> str:
    """The URL students reach this server at: the request's, unless that is a loopback address
    while the server serves the LAN (``make run HOST=0.0.0.0``), then this machine's LAN address."""
    host = request.get_host()
    if _is_loopback(host) and "*" in settings.ALLOWED_HOSTS:
        address = lan_address()
        if address:
            port = host.rsplit(":", 1)[1] if ":" in host.rsplit("]", 1)[-1] else ""
            host = f"{address}:{port}" if port else address
    return f"{request.scheme}://{host}"


def _is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if ":" in host.rsplit("]", 1)[-1] else host
    name = name.strip("[]")
    if name == "localhost":
        return True
    try:
        return ip_address(name).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This machine's address on its default route (a UDP connect sends no packet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if ip_address(address).is_loopback else address
