"""``kubectl describe`` and ``kubectl events`` as kubectl 1.32 prints them.

describe writes ``Label:\\tvalue`` lines at two-space indent levels through Go's
text/tabwriter (minwidth 0, padding 2): ``tabwriter`` below is that algorithm, column
blocks and trailing padding included. Pods, nodes, deployments, replica sets and services
have their own describers (``console_describe_kinds``); other kinds get kubectl's generic one
(fields by name).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from simulator.apiserver.registry import Resource

from .k8s import printers
from .k8s.printers_time import Ages

NONE = "<none>"
SKIP_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/last-applied-configuration"})
Obj = dict[str, Any]


def tabwriter(text: str, *, padding: int = 2) -> str:
    """Go's text/tabwriter (minwidth 0, padchar ' ', no flags) over ``\\t``-separated cells."""
    lines = [line.split("\t") for line in text.split("\n")]
    out: list[str] = []
    _format(lines, 0, len(lines), [], out, padding)
    return "\n".join(out)


def _format(
    lines: list[list[str]], line0: int, line1: int, widths: list[int], out: list[str], pad: int
) -> None:
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(lines[this]) - 1:
            this += 1
            continue
        _write(lines, line0, this, widths, out)
        line0 = this
        width = 0
        while this < line1 and column < len(lines[this]) - 1:
            width = max(width, len(lines[this][column]) + pad)
            this += 1
        _format(lines, line0, this, [*widths, width], out, pad)
        line0 = this
    _write(lines, line0, line1, widths, out)


def _write(lines: list[list[str]], line0: int, line1: int, widths: list[int], out: list[str]) -> None:
    for cells in lines[line0:line1]:
        out.append(
            "".join(cell.ljust(widths[j]) if j < len(widths) else cell for j, cell in enumerate(cells))
        )


class Writer:
    """kubectl's PrefixWriter: ``write(level, text)`` indents by two spaces a level."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def text(self) -> str:
        return tabwriter("".join(self.parts))


def stamp(value: Any) -> str:
    """RFC 1123 with a numeric zone, as describe prints times."""
    if not value:
        return "<unset>"
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return str(value)
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


def _map(w: Writer, title: str, values: dict[str, Any] | None, sep: str) -> None:
    items = sorted((k, v) for k, v in (values or {}).items() if k not in SKIP_ANNOTATIONS)
    if not items:
        w.write(0, f"{title}:\t{NONE}\n")
        return
    for i, (key, value) in enumerate(items):
        w.write(0, f"{title}:\t{key}{sep}{value}\n" if i == 0 else f"\t{key}{sep}{value}\n")


def _meta_header(w: Writer, obj: Obj, *, namespaced: bool) -> None:
    meta = obj.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    if namespaced:
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")


def _controller(obj: Obj) -> str | None:
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref.get('kind')}/{ref.get('name')}"
    return None


def describe_object(s: Any, res: Resource, obj: Obj, *, events: bool = True) -> str:
    from .console_describe_kinds import DESCRIBERS

    w = Writer()
    DESCRIBERS.get(res.kind, _generic)(s, w, res, obj)
    if events:
        _events(s, w, obj)
    return w.text()


# -- events ------------------------------------------------------------------------------------
def _related_events(s: Any, obj: Obj) -> list[Obj]:
    meta = obj.get("metadata") or {}
    namespace = meta.get("namespace") or "default"
    items, _ = s.api.list("events", namespace=namespace if meta.get("namespace") else None, actor=s.actor)
    found = [
        e
        for e in items
        if (e.get("involvedObject") or {}).get("name") == meta.get("name")
        and (e.get("involvedObject") or {}).get("kind") == obj.get("kind")
    ]
    return sorted(found, key=lambda e: str(e.get("lastTimestamp") or e.get("eventTime") or ""))


def _interval(e: Obj, ages: Ages) -> str:
    first = ages.since(e.get("firstTimestamp") or e.get("eventTime"))
    count = e.get("count") or 0
    if e.get("series"):
        return f"{ages.since(e['series'].get('lastObservedTime'))} (x{e['series'].get('count')} over {first})"
    if count > 1:
        return f"{ages.since(e.get('lastTimestamp'))} (x{count} over {first})"
    return first


def _source(e: Obj) -> str:
    return (e.get("source") or {}).get("component") or e.get("reportingComponent") or ""


def _events(s: Any, w: Writer, obj: Obj) -> None:
    found = _related_events(s, obj)
    if not found:
        w.write(0, f"Events:\t{NONE}\n")
        return
    ages = Ages(s.cluster.now, s.cluster.core.clock)
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for e in found:
        w.write(
            1,
            f"{e.get('type', '')}\t{e.get('reason', '')}\t{_interval(e, ages)}\t{_source(e)}\t"
            f"{(e.get('message') or '').strip()}\n",
        )


def events_table(s: Any, items: list[Obj], *, everywhere: bool, headers: bool = True) -> str:
    """``kubectl events``: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, oldest first."""
    ages = Ages(s.cluster.now, s.cluster.core.clock)
    rows = [["NAMESPACE"] if everywhere else []]
    rows[0] += ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    ordered = sorted(items, key=lambda e: str(e.get("lastTimestamp") or e.get("eventTime") or ""))
    for e in ordered:
        involved = e.get("involvedObject") or {}
        row = [(e.get("metadata") or {}).get("namespace", "")] if everywhere else []
        row += [
            _interval(e, ages),
            e.get("type", ""),
            e.get("reason", ""),
            f"{involved.get('kind', '')}/{involved.get('name', '')}",
            (e.get("message") or "").strip(),
        ]
        rows.append(row)
    return printers.tabulate(rows if headers else rows[1:])


# -- everything else: kubectl's generic describer -----------------------------------------------
def _title(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key[:1].upper() + key[1:])


def _generic(s: Any, w: Writer, res: Resource, obj: Obj) -> None:
    meta = obj.get("metadata") or {}
    _meta_header(w, obj, namespaced=True)
    _map(w, "Labels", meta.get("labels"), "=")
    _map(w, "Annotations", meta.get("annotations"), ": ")
    w.write(0, f"API Version:\t{obj.get('apiVersion', '')}\n")
    w.write(0, f"Kind:\t{obj.get('kind', '')}\n")
    rest = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind")}
    rest["metadata"] = {
        k: v for k, v in meta.items() if k not in ("name", "namespace", "labels", "annotations")
    }
    _fields(w, 0, rest)


def _fields(w: Writer, level: int, value: dict[str, Any]) -> None:
    for key in sorted(value):
        item = value[key]
        if isinstance(item, dict):
            w.write(level, f"{_title(key)}:\n")
            _fields(w, level + 1, item)
        elif isinstance(item, list):
            w.write(level, f"{_title(key)}:\n")
            for entry in item:
                if isinstance(entry, dict):
                    _fields(w, level + 1, entry)
                else:
                    w.write(level + 1, f"{entry}\n")
        else:
            w.write(level, f"{_title(key)}:\t{_scalar(item)}\n")


def _scalar(value: Any) -> str:
    """A JSON scalar as Go prints it: ``true``, ``1`` (not ``1.0``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
