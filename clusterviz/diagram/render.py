"""Frames: the same partials as the first page render, marked for out-of-band swaps.

A frame is HTML whose top-level elements each carry ``hx-swap-oob``; htmx's ws extension
swaps them by id. The first element is always ``#cv-frame`` with the frame's sequence
number, so the page can spot a gap before it applies anything.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from django.template.loader import get_template, render_to_string
from django.utils.html import escape

from .diff import TIME_CONTROLS, Op, T
from .events import LogRow, Packet
from .models import Attrs, Diagram, Pod

_FIRST_TAG = re.compile(r"^(\s*<[A-Za-z][A-Za-z0-9]*)")
PACKETS_PER_FRAME = 40
# Daphne (autobahn) refuses to send a WebSocket message over 1 MiB; keep well under it.
MESSAGE_LIMIT = 900_000


def template(name: str) -> Any:
    return get_template(name if name.startswith("clusterviz/") else T + name)


def mark(html: str, swap: str) -> str:
    """Put ``hx-swap-oob`` on a partial's root element (the partial itself stays the page's)."""
    return _FIRST_TAG.sub(lambda match: f'{match.group(1)} hx-swap-oob="{swap}"', html, count=1)


def attrs_element(target: str, values: Attrs) -> str:
    pairs = "".join(f' {name}="{escape(value)}"' for name, value in values)
    return f'<div id="{escape(target)}" hx-swap-oob="attrs"{pairs}></div>'


def frame_marker(seq: int, *, snapshot: bool = False, layout: bool = False) -> str:
    extra = (' data-snapshot="true"' if snapshot else "") + (' data-layout="true"' if layout else "")
    return f'<div id="cv-frame" hx-swap-oob="attrs" data-seq="{seq}"{extra}></div>'


def pod_chip(pod: Pod, *, presenter: bool, cluster: str) -> str:
    """One pod: phase and readiness in attributes, its name and restarts as text, all escaped."""
    attrs = "".join(f' {name}="{value}"' for name, value in pod.attrs)
    title = escape(f"{pod.namespace}/{pod.name} · {', '.join(pod.images)}")
    restarts = f'<small class="restarts">×{pod.restarts}</small>' if pod.restarts else ""
    controls = pod_controls(cluster, pod.namespace, pod.name) if presenter else ""
    return (f'<span id="{pod.dom_id}" class="pod"{attrs} data-inspect="{pod.dom_id}" tabindex="0" '
            f'role="group" aria-label="pod {escape(pod.name)}" title="{title}">'
            f'<span class="pod-name">{escape(pod.short)}</span>{restarts}{controls}</span>')


@lru_cache(maxsize=20_000)
def pod_controls(cluster: str, namespace: str, name: str) -> str:
    """The presenter's buttons on a pod; they depend on its name only, so each renders once."""
    context = {"pod": {"name": name, "namespace": namespace}, "cluster_name": cluster,
               "d": {"cluster": cluster}, "is_presenter": True}
    return render_to_string("clusterviz/controls/pod.html", context)


def render_op(op: Op, diagram: Diagram, *, presenter: bool) -> str:
    if op.kind == "attrs":
        return attrs_element(op.target, op.attrs)
    if op.kind == "delete":
        return f'<div id="{escape(op.target)}" hx-swap-oob="delete"></div>'
    if op.presenter_only and not presenter:
        return ""
    html = template(op.template).render({"d": diagram, "is_presenter": presenter, **op.context})
    if op.kind == "edges":
        labels = mark(template("edge_labels.html").render({"d": diagram}), "true")
        return f'<svg hx-swap-oob="innerHTML:#edges">{html}</svg>{labels}'
    if op.kind == "sync":
        return mark(html, "sync")
    if op.kind == "append":
        return mark(html, f"append:#{op.target}")
    return mark(html, "replace")


def log_rows(rows: Iterable[LogRow]) -> str:
    rows = list(rows)
    if not rows:
        return ""
    row = template("event_row.html")
    body = "".join(row.render({"row": r}) for r in rows)
    return f'<ol hx-swap-oob="beforeend:#event-log">{body}</ol>'


def packets(items: Iterable[Packet]) -> str:
    """One swap for all of a frame's packets: each animates along its edge and removes itself."""
    circles = []
    for p in list(items)[:PACKETS_PER_FRAME]:
        direction = " back" if p.backwards else ""
        # Further wires, each "edge-id" or "-edge-id" (travelled backwards), crossed in turn.
        more = " ".join(("-" if back else "") + edge for edge, back in p.hops)
        more = f' data-hops="{more}"' if more else ""
        circles.append(f'<circle class="pkt {p.kind}{direction}" r="5" '
                       f'style="offset-path: url(#{p.edge})"{more}><title>{escape(p.title)}</title></circle>')
    return f'<svg hx-swap-oob="beforeend:#packets">{"".join(circles)}</svg>' if circles else ""


def snapshot(diagram: Diagram, rows: Iterable[LogRow], seq: int, *, presenter: bool,
             limit: int = MESSAGE_LIMIT) -> list[str]:
    """The whole picture, for a new or lagging viewer: the first render's partials, swapped whole.

    One message when it fits; otherwise the diagram comes without its workers and they
    follow in as many messages as it takes (a WebSocket message is capped at 1 MiB).
    """
    context = {"d": diagram, "rows": list(rows), "is_presenter": presenter}
    head = frame_marker(seq, snapshot=True) + mark(template("clock.html").render(context), "true")
    if presenter:
        head += mark(template(TIME_CONTROLS).render(context), "sync")
    tail = (mark(template("workloads.html").render(context), "true")
            + mark(template("event_log.html").render(context), "true"))
    whole = mark(template("diagram.html").render(context), "true")
    if len(head) + len(whole) + len(tail) <= limit:
        return [head + whole + tail]
    bare = {**context, "d": replace(diagram, workers=())}
    messages = [head + mark(template("diagram.html").render(bare), "true") + tail]
    machine, chunk = template("machine.html"), ""
    for item in diagram.workers:
        html = machine.render({**context, "machine": item})
        if chunk and len(chunk) + len(html) > limit - 200:
            messages.append(_workers_part(len(messages), chunk))
            chunk = ""
        chunk += html
    if chunk:
        messages.append(_workers_part(len(messages), chunk))
    return messages


def _workers_part(number: int, html: str) -> str:
    return f'<div id="cv-part" hx-swap-oob="attrs" data-part="{number}"></div>' \
           f'<div hx-swap-oob="beforeend:#workers">{html}</div>'
