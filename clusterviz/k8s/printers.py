"""Server-side printing: the ``meta.k8s.io/v1`` Table kube-apiserver returns for ``kubectl get``,
and the text kubectl prints from it.

``table()`` mirrors kube-apiserver 1.32 (``pkg/printers/internalversion``): the same
columns, cell text and types per kind, every cell computed server-side (AGE included) from
simulated time. ``render()`` is kubectl's human-readable printer over such a Table
(upper-cased headers, NAMESPACE first with ``-A``, LABELS last with ``--show-labels``,
priority-1 columns only with ``-o wide``, Go's tabwriter with padding 3 and minimum width 6);
``text()`` is both in one step, for the in-browser console.
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import printers_columns as columns
from .printers_pod import pod_conditions, pod_row
from .printers_rows import (
    config_map_row,
    daemon_set_row,
    deployment_row,
    endpoint_slice_row,
    endpoints_row,
    event_row,
    fault_row,
    format_labels,
    generic_row,
    lease_row,
    namespace_row,
    node_row,
    replica_set_row,
    service_row,
    simulation_row,
    traffic_flow_row,
)
from .printers_time import Ages, human_duration

__all__ = ["PRINTERS", "Printer", "human_duration", "no_resources_message", "partial_object_metadata",
           "printer_for", "render", "table", "tabulate", "text"]

Obj = dict[str, Any]
INCLUDE_OBJECT = ("None", "Metadata", "Object")
SIM_GROUP = "sim.clusterviz.io"
# cli-runtime printers.GetNewTabWriter: minwidth 6, padding 3, pad with spaces.
TAB_MIN_WIDTH = 6
TAB_PADDING = 3


@dataclass(frozen=True)
class Printer:
    """One kind's table: its columns and a function from (object, ages) to the full row of cells."""

    columns: list[columns.Column]
    row: Callable[[Obj, Ages], list[Any]]
    conditions: Callable[[Obj], list[Obj] | None] | None = None
    narrow: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "narrow", tuple(i for i, c in enumerate(self.columns) if c["priority"] == 0))


PRINTERS: dict[tuple[str, str], Printer] = {
    ("", "Namespace"): Printer(columns.NAMESPACE, namespace_row),
    ("", "Node"): Printer(columns.NODE, node_row),
    ("", "Pod"): Printer(columns.POD, pod_row, pod_conditions),
    ("", "Service"): Printer(columns.SERVICE, service_row),
    ("", "Endpoints"): Printer(columns.ENDPOINTS, endpoints_row),
    ("", "ConfigMap"): Printer(columns.CONFIG_MAP, config_map_row),
    ("", "Event"): Printer(columns.EVENT, event_row),
    ("discovery.k8s.io", "EndpointSlice"): Printer(columns.ENDPOINT_SLICE, endpoint_slice_row),
    ("coordination.k8s.io", "Lease"): Printer(columns.LEASE, lease_row),
    ("apps", "ReplicaSet"): Printer(columns.REPLICA_SET, replica_set_row),
    ("apps", "Deployment"): Printer(columns.DEPLOYMENT, deployment_row),
    ("apps", "DaemonSet"): Printer(columns.DAEMON_SET, daemon_set_row),
    (SIM_GROUP, "Fault"): Printer(columns.FAULT, fault_row),
    (SIM_GROUP, "Simulation"): Printer(columns.SIMULATION, simulation_row),
    (SIM_GROUP, "TrafficFlow"): Printer(columns.TRAFFIC_FLOW, traffic_flow_row),
}
GENERIC = Printer(columns.GENERIC, generic_row)


def printer_for(resource: Any) -> Printer:
    """The printer of a ``simulator.apiserver.registry.Resource`` (NAME AGE for unknown kinds)."""
    return PRINTERS.get((getattr(resource, "group", ""), getattr(resource, "kind", "")), GENERIC)


def partial_object_metadata(obj: Obj) -> Obj:
    """What ``includeObject=Metadata`` puts in a row: the object's metadata without managedFields."""
    meta = obj.get("metadata") or {}
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
            "metadata": dict(meta) if "managedFields" not in meta else
            {k: v for k, v in meta.items() if k != "managedFields"}}


@contextmanager
def _no_gc() -> Iterator[None]:
    """Building a big Table allocates hundreds of thousands of acyclic dicts and lists; the cyclic
    collector would rescan the whole heap many times meanwhile (it doubles the time for 30,000
    pods), so it pauses for the build."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def table(resource: Any, items: Iterable[Obj], *, resource_version: str, include_object: str = "Metadata",
          now: float, clock: Any, wide: bool = True) -> Obj:
    """A complete ``meta.k8s.io/v1`` Table of ``items`` (objects of ``resource``), ages at ``now``.

    ``now`` is simulated seconds; ``clock`` turns the objects' RFC 3339 stamps into simulated
    seconds (``simulator.objects.Clock``). ``include_object``: ``Metadata`` (the server default,
    a PartialObjectMetadata per row), ``Object`` (the object itself) or ``None`` (no object).
    ``wide=False`` keeps only priority-0 columns (kube-apiserver always sends them all).
    """
    if include_object not in INCLUDE_OBJECT:
        raise ValueError(f'includeObject must be one of {", ".join(INCLUDE_OBJECT)}, not "{include_object}"')
    printer = printer_for(resource)
    ages = Ages(now, clock)
    narrow = None if wide else printer.narrow
    picked = printer.columns if wide else [printer.columns[i] for i in printer.narrow]
    column_defs = [dict(c) for c in picked]
    metadata = include_object == "Metadata"
    with_object = include_object == "Object"
    with _no_gc():
        rows = _rows(items, ages, printer, narrow, metadata, with_object)
    rv = str(resource_version)
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": rv},
            "columnDefinitions": column_defs, "rows": rows}


def _rows(items: Iterable[Obj], ages: Ages, printer: Printer, narrow: tuple[int, ...] | None, metadata: bool,
          with_object: bool) -> list[Obj]:
    row_of = printer.row
    conditions_of = printer.conditions
    rows = []
    append = rows.append
    for obj in items:
        cells = row_of(obj, ages)
        if narrow is not None:
            cells = [cells[i] for i in narrow]
        row: Obj = {"cells": cells}
        if conditions_of is not None:
            conditions = conditions_of(obj)
            if conditions:
                row["conditions"] = [dict(c) for c in conditions]
        if metadata:
            row["object"] = partial_object_metadata(obj)
        elif with_object:
            row["object"] = obj
        append(row)
    return rows


# -- kubectl's side --------------------------------------------------------------------------
def _go_value(value: Any) -> str:
    """``fmt.Sprint`` of a decoded JSON cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    return str(value)


def _cell_text(value: Any) -> str:
    # tableprinter.printTable: strings stop at the first line break (then "..."), and
    # WriteEscaped turns ESC and CR into visible text.
    if isinstance(value, str):
        text = value
        for i, ch in enumerate(text):
            if ch in "\n\r\f":
                text = text[:i] + "..."
                break
    else:
        text = _go_value(value)
    if "\x1b" in text:
        text = text.replace("\x1b", "^[")
    return text


def tabulate(lines: list[list[str]]) -> str:
    """Go's text/tabwriter as kubectl sets it up: every cell but a line's last is padded to
    max(6, widest cell in its column + 3)."""
    if not lines:
        return ""
    count = len(lines[0])
    widths = [max(TAB_MIN_WIDTH, max(len(line[j]) for line in lines) + TAB_PADDING) for j in range(count - 1)]
    out = []
    for line in lines:
        out.append("".join([cell.ljust(w) for cell, w in zip(line, widths, strict=False)]) + line[-1])
    return "\n".join(out) + "\n"


def render(table_obj: Obj, *, wide: bool = False, with_namespace: bool = False,
           show_labels: bool = False) -> str:
    """What ``kubectl get`` prints to stdout for a Table (nothing at all when it has no rows).

    ``with_namespace`` (``-A`` on a namespaced kind) and ``show_labels`` read each row's
    ``object`` metadata, as kubectl does; without an object those cells stay empty.
    """
    rows = table_obj.get("rows") or []
    if not rows:
        return ""
    defs = table_obj.get("columnDefinitions") or []
    keep = [i for i, c in enumerate(defs) if wide or not c.get("priority")]
    header = [str(defs[i].get("name", "")).upper() for i in keep]
    if with_namespace:
        header.insert(0, "NAMESPACE")
    if show_labels:
        header.append("LABELS")
    lines = [header]
    with _no_gc():
        _render_rows(rows, keep, lines, with_namespace, show_labels)
    return tabulate(lines)


def _render_rows(rows: list[Obj], keep: list[int], lines: list[list[str]], with_namespace: bool,
                 show_labels: bool) -> None:
    for row in rows:
        cells = row.get("cells") or []
        line = [_cell_text(cells[i]) if i < len(cells) else "" for i in keep]
        if with_namespace or show_labels:
            meta = (row.get("object") or {}).get("metadata")
            if with_namespace:
                line.insert(0, (meta or {}).get("namespace", ""))
            if show_labels:
                line.append(format_labels(meta.get("labels")) if meta is not None else "")
        lines.append(line)


def text(resource: Any, items: Iterable[Obj], *, now: float, clock: Any, wide: bool = False,
         all_namespaces: bool = False, show_labels: bool = False) -> str:
    """Exactly what ``kubectl get <resource> [-o wide] [-A] [--show-labels]`` prints for ``items``."""
    built = table(resource, items, resource_version="", include_object="Object", now=now, clock=clock)
    namespaced = bool(getattr(resource, "namespaced", False))
    return render(built, wide=wide, with_namespace=all_namespaces and namespaced, show_labels=show_labels)


def no_resources_message(namespace: str | None, *, all_namespaces: bool = False) -> str:
    """What kubectl writes to stderr when ``get`` prints no rows."""
    if all_namespaces or not namespace:
        return "No resources found"
    return f"No resources found in {namespace} namespace."
