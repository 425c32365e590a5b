"""``pods/log``: the container's log as text/plain, and ``follow=true`` streaming.

As kube-apiserver proxies to the kubelet's ``/containerLogs``, this asks the pod's
node's kubelet; its errors (kubelet down, node unreachable, container waiting) are the
kubelet's. Following polls the kubelet's log on the owner loop a few times a second
and sends what is new, until the client goes, the container ends or the pod goes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from simulator.apiserver.registry import BY_PLURAL
from simulator.errors import ApiError

from . import negotiation, status
from .context import Context
from .http import Response, Stream, go_bool, go_int

POLL_SECONDS = 0.2
STAMP = 31  # "2026-01-01T00:00:05.123456000Z " as the runtime writes it


def logs(ctx: Context, target: Any) -> Any:
    q = ctx.query
    options = {
        "container": q.get("container") or None,
        "tail": go_int(q.get("tailLines"), name="tailLines", minimum=0),
        "previous": go_bool(q.get("previous"), name="previous"),
        "timestamps": go_bool(q.get("timestamps"), name="timestamps"),
        "since": go_int(q.get("sinceSeconds"), name="sinceSeconds", minimum=1),
        "limit": go_int(q.get("limitBytes"), name="limitBytes", minimum=1),
    }
    follow = go_bool(q.get("follow"), name="follow")
    pod = ctx.api.get("pods", target.name, namespace=target.namespace, actor=ctx.actor)
    ctx.trace_read("get", BY_PLURAL["pods"], target.namespace, f"{target.name}/log")
    lines = _fetch(ctx, pod, options, tail=options["tail"])
    if not follow:
        return Response(200, _limit(_text(lines, options), options["limit"]), negotiation.TEXT)
    baseline = _fetch(ctx, pod, {**options, "since": None}, tail=None)
    return LogStream(ctx, pod, options, lines, baseline)


def _kubelet(ctx: Context, pod: dict[str, Any]) -> Any:
    node = (pod.get("spec") or {}).get("nodeName")
    name = (pod.get("metadata") or {}).get("name", "")
    if not node:
        raise status.bad_request(f"pod {name} does not have a host assigned")
    machine = ctx.cluster.machines.get(node)
    if machine is None:
        raise ApiError(
            500,
            "InternalError",
            f'Get "https://{node}:10250/containerLogs": dial tcp: lookup {node}: no such host',
        )
    return machine.kubelet


def _fetch(ctx: Context, pod: dict[str, Any], options: dict[str, Any], *, tail: int | None) -> list[str]:
    """The log lines, each with its timestamp (stripped later unless asked for)."""
    meta = pod.get("metadata") or {}
    lines = _kubelet(ctx, pod).logs(
        meta.get("namespace", ""),
        meta.get("name", ""),
        options["container"],
        tail,
        previous=options["previous"],
        timestamps=True,
    )
    if options["since"]:
        cutoff = ctx.cluster.core.clock.at(max(0.0, ctx.cluster.now - options["since"]))
        lines = [line for line in lines if line[:19] >= cutoff[:19]]
    return lines


def _text(lines: list[str], options: dict[str, Any]) -> bytes:
    if not options["timestamps"]:
        lines = [line[STAMP:] for line in lines]
    return "".join(line + "\n" for line in lines).encode()


def _limit(data: bytes, limit: int | None) -> bytes:
    return data[:limit] if limit else data


class LogStream(Stream):
    def __init__(
        self,
        ctx: Context,
        pod: dict[str, Any],
        options: dict[str, Any],
        first: list[str],
        baseline: list[str],
    ) -> None:
        super().__init__(content_type=negotiation.TEXT)
        self.ctx = ctx
        self.pod = pod
        self.options = options
        self.first = first
        self.baseline = baseline
        self.sent = 0

    async def chunks(self) -> AsyncIterator[bytes]:
        seen = self.baseline
        yield self._budget(_text(self.first, self.options))
        while not self.closed and (self.options["limit"] is None or self.sent < self.options["limit"]):
            await asyncio.sleep(POLL_SECONDS)
            if self.closed:
                return
            try:
                pod = self.ctx.api.get(
                    "pods",
                    self.pod["metadata"]["name"],
                    namespace=self.pod["metadata"].get("namespace", ""),
                    actor=self.ctx.actor,
                )
                lines = _fetch(self.ctx, pod, {**self.options, "since": None}, tail=None)
            except ApiError:
                return  # the pod, its kubelet or the apiserver is gone: the stream ends
            fresh = _after(seen, lines)
            if fresh:
                seen = lines
                yield self._budget(_text(fresh, self.options))
            if _terminated(pod, self.options["container"]) and not fresh:
                return

    def _budget(self, data: bytes) -> bytes:
        limit = self.options["limit"]
        if limit is not None:
            data = data[: max(0, limit - self.sent)]
        self.sent += len(data)
        return data


def _after(seen: list[str], lines: list[str]) -> list[str]:
    """Lines of ``lines`` newer than everything in ``seen`` (timestamps are fixed-width, sortable)."""
    if not seen:
        return lines
    last = seen[-1][:STAMP]
    same = sum(1 for line in seen if line[:STAMP] == last)
    out: list[str] = []
    for line in lines:
        stamp = line[:STAMP]
        if stamp > last:
            out.append(line)
        elif stamp == last:
            if same > 0:
                same -= 1
            else:
                out.append(line)
    return out


def _terminated(pod: dict[str, Any], container: str | None) -> bool:
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    for cs in statuses:
        if container in (None, cs.get("name")):
            return bool((cs.get("state") or {}).get("terminated"))
    return bool((pod.get("metadata") or {}).get("deletionTimestamp"))
