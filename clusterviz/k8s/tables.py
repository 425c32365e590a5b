"""Adapters to the Table printers and the metrics API (``printers``, ``metrics``).

The handlers call only these, so the printers' and metrics' modules can evolve behind
them. Until a module is there, a plain NAME/AGE Table (what kubectl itself falls back to)
keeps ``kubectl get`` working.
"""

from __future__ import annotations

import importlib
from typing import Any

from simulator.apiserver.registry import Resource

INCLUDE_OBJECT = ("None", "Metadata", "Object")


def _module(name: str) -> Any:
    try:
        return importlib.import_module(f"clusterviz.k8s.{name}")
    except ImportError:
        return None


def table(
    res: Resource,
    items: list[dict[str, Any]],
    *,
    resource_version: str,
    include_object: str,
    now: float,
    clock: Any,
) -> dict[str, Any]:
    """A complete meta.k8s.io/v1 Table of ``items``."""
    printers = _module("printers")
    if printers is not None and hasattr(printers, "table"):
        return printers.table(
            res, items, resource_version=resource_version, include_object=include_object, now=now, clock=clock
        )
    return fallback_table(
        items, resource_version=resource_version, include_object=include_object, now=now, clock=clock
    )


def fallback_table(
    items: list[dict[str, Any]], *, resource_version: str, include_object: str, now: float, clock: Any
) -> dict[str, Any]:
    rows = []
    for obj in items:
        meta = obj.get("metadata") or {}
        rows.append(
            {
                "cells": [meta.get("name", ""), _age(meta.get("creationTimestamp"), now, clock)],
                "object": row_object(obj, include_object),
            }
        )
    return {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": resource_version},
        "columnDefinitions": [
            {
                "name": "Name",
                "type": "string",
                "format": "name",
                "description": "Name of the object",
                "priority": 0,
            },
            {
                "name": "Age",
                "type": "string",
                "format": "",
                "description": "Time since creation",
                "priority": 0,
            },
        ],
        "rows": rows,
    }


def row_object(obj: dict[str, Any], include_object: str) -> Any:
    if include_object == "None":
        return None
    if include_object == "Object":
        return obj
    meta = obj.get("metadata") or {}
    keep = (
        "name",
        "namespace",
        "uid",
        "resourceVersion",
        "creationTimestamp",
        "labels",
        "annotations",
        "ownerReferences",
        "deletionTimestamp",
        "generation",
    )
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {k: meta[k] for k in keep if k in meta},
    }


def _age(stamp: Any, now: float, clock: Any) -> str:
    if not isinstance(stamp, str):
        return "<unknown>"
    try:
        seconds = max(0, int(now - clock.seconds(stamp)))
    except (ValueError, AttributeError):
        return "<unknown>"
    if seconds < 120:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        return f"{minutes}m{seconds % 60}s" if seconds % 60 else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 48:
        return f"{hours}h"
    return f"{hours // 24}d"


def metrics_module() -> Any:
    return _module("metrics")
