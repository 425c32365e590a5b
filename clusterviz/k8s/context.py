"""One API request's context: who asks (grant, actor) and the live cluster it is about."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from clusterviz.live import LiveCluster
from simulator.apiserver.registry import Resource
from simulator.apiserver.server import PAST

from .auth import Grant
from .http import Request


@dataclass
class Context:
    request: Request
    grant: Grant
    live: LiveCluster

    @cached_property
    def actor(self) -> str:
        """Who the trace shows making the request: ``kubectl`` or another ``client``."""
        return "kubectl" if self.request.user_agent.lower().startswith("kubectl") else "client"

    @property
    def cluster(self) -> Any:
        return self.live.cluster

    @property
    def api(self) -> Any:
        return self.live.cluster.core.api

    @property
    def query(self) -> dict[str, str]:
        return self.request.query

    def trace_read(self, verb: str, res: Resource, namespace: str, name: str = "") -> None:
        """Reads are visible traffic too (the ApiServer traces only writes itself)."""
        if res.simulation:
            return
        if name:
            obj = f"{res.plural} {namespace}/{name}" if namespace else f"{res.plural} {name}"
            summary = f"{verb} {obj}"
        else:
            obj = f"{res.plural} {namespace}/" if namespace else res.plural
            summary = f"{verb} {res.plural} in {namespace}" if namespace else f"{verb} {res.plural}"
        core = self.cluster.core
        core.trace.emit(self.actor, core.api.name, verb, obj, summary, kind=f"{res.kind}{PAST[verb]}")


def selectors(ctx: Context) -> dict[str, str | None]:
    return {
        "label_selector": ctx.query.get("labelSelector") or None,
        "field_selector": ctx.query.get("fieldSelector") or None,
    }
