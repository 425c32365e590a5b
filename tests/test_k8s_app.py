"""The API app in-process, on the test's event loop (which then owns the live clusters).

What an HTTP client cannot see from outside: watches and log streams let go of the
cluster the moment their client disconnects; outages answer at once; every request is
visible traffic in the cluster's trace.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from clusterviz import live
from clusterviz.k8s import app
from clusterviz.k8s.auth import credentials
from clusterviz.models import ClusterDefinition

pytestmark = pytest.mark.django_db(transaction=True)
KUBECTL_UA = "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07"


class Exchange:
    """One request driven through the ASGI app; the test can disconnect it at will."""

    def __init__(
        self, method: str, path: str, *, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        raw_path, _, query = path.partition("?")
        self.scope = {
            "type": "http",
            "method": method,
            "path": raw_path,
            "query_string": query.encode(),
            "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
            "server": ("127.0.0.1", 8000),
        }
        self.incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.incoming.put_nowait({"type": "http.request", "body": body, "more_body": False})
        self.status = 0
        self.headers: dict[str, str] = {}
        self.chunks: list[bytes] = []
        self.done = False
        self.task: asyncio.Task[None] | None = None

    async def receive(self) -> dict[str, Any]:
        return await self.incoming.get()

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        else:
            self.chunks.append(message.get("body", b""))
            self.done = not message.get("more_body", False)

    def start(self) -> Exchange:
        self.task = asyncio.ensure_future(app.application(self.scope, self.receive, self.send))
        return self

    async def finish(self, seconds: float = 10) -> Exchange:
        assert self.task is not None
        await asyncio.wait_for(self.task, seconds)
        return self

    def disconnect(self) -> None:
        self.incoming.put_nowait({"type": "http.disconnect"})

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)

    def json(self) -> Any:
        return json.loads(self.body)

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.body.splitlines() if line.strip()]


@pytest.fixture
async def cluster(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """A real simulated cluster owned by this test's loop, and a base path with its presenter credential."""
    registry = live.Registry()
    monkeypatch.setattr(live, "registry", registry)
    credentials.clear()
    definition = await ClusterDefinition.objects.acreate(
        name="inproc", workers=2, timing="classroom", speed=20, seed=3
    )
    running = await registry.get_or_start("inproc")
    running.base = f"/k8s/inproc/{definition.presenter_credential}"  # type: ignore[attr-defined]
    yield running
    await registry.stop_all()
    credentials.clear()


async def request(running: Any, method: str, path: str, **kwargs: Any) -> Exchange:
    return await Exchange(method, running.base + path, **kwargs).start().finish()


async def until(predicate: Any, seconds: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_a_watch_unsubscribes_when_its_client_disconnects(cluster: Any) -> None:
    hub = cluster.cluster.core.api.watches
    before = hub.count()
    exchange = Exchange("GET", cluster.base + "/api/v1/pods?watch=true").start()
    await until(lambda: hub.count() == before + 1)
    await until(lambda: len(exchange.lines()) >= 5)  # the replayed pods
    exchange.disconnect()
    await exchange.finish()
    assert hub.count() == before
    assert exchange.done


async def test_a_watch_ends_when_the_apiserver_goes_down_and_outages_answer_at_once(cluster: Any) -> None:
    exchange = Exchange("GET", cluster.base + "/api/v1/nodes?watch=true").start()
    await until(lambda: len(exchange.lines()) == 3)
    fault = {
        "apiVersion": "sim.clusterviz.io/v1",
        "kind": "Fault",
        "metadata": {"name": "api-down"},
        "spec": {"type": "ComponentDown", "component": "kube-apiserver", "node": "control-plane-1"},
    }
    created = await request(
        cluster, "POST", "/apis/sim.clusterviz.io/v1/faults", body=json.dumps(fault).encode()
    )
    assert created.status == 201
    await exchange.finish()  # the stream ended with the apiserver
    down = await request(cluster, "GET", "/api/v1/pods")
    assert down.status == 503
    assert (
        down.json()["message"]
        == 'the kube-apiserver of cluster inproc is down (ComponentDown fault "api-down")'
    )
    assert (await request(cluster, "GET", "/api", headers={"Accept": "application/json"})).status == 200
    faults = await request(cluster, "GET", "/apis/sim.clusterviz.io/v1/faults")
    assert [f["metadata"]["name"] for f in faults.json()["items"]] == ["api-down"]
    gone = await request(cluster, "DELETE", "/apis/sim.clusterviz.io/v1/faults/api-down")
    assert gone.status == 200
    assert (await request(cluster, "GET", "/api/v1/pods")).status == 200


async def test_writes_fail_with_the_apiservers_error_while_etcd_is_down(cluster: Any) -> None:
    fault = {
        "apiVersion": "sim.clusterviz.io/v1",
        "kind": "Fault",
        "metadata": {"name": "etcd-down"},
        "spec": {"type": "ComponentDown", "component": "etcd", "node": "control-plane-1"},
    }
    await request(cluster, "POST", "/apis/sim.clusterviz.io/v1/faults", body=json.dumps(fault).encode())
    write = await request(
        cluster, "POST", "/api/v1/namespaces/default/configmaps", body=b'{"metadata": {"name": "lost"}}'
    )
    assert write.status == 500
    assert write.json()["reason"] == "InternalError"
    assert "etcdserver: request timed out" in write.json()["message"]
    await request(cluster, "DELETE", "/apis/sim.clusterviz.io/v1/faults/etcd-down")
    retry = await request(
        cluster, "POST", "/api/v1/namespaces/default/configmaps", body=b'{"metadata": {"name": "kept"}}'
    )
    assert retry.status == 201


async def test_requests_are_visible_traffic_in_the_trace(cluster: Any) -> None:
    trace = cluster.cluster.core.trace
    seq = trace.seq
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "nginx"}]},
            },
        },
    }
    await request(
        cluster,
        "POST",
        "/apis/apps/v1/namespaces/default/deployments",
        body=json.dumps(deployment).encode(),
        headers={"User-Agent": KUBECTL_UA},
    )
    await request(
        cluster, "GET", "/api/v1/namespaces/default/pods", headers={"User-Agent": "OpenAPI-Generator/37"}
    )
    events = [(e.actor, e.target, e.message) for e in trace.since(seq)]
    assert ("kubectl", "kube-apiserver", "create deployments default/web") in events
    assert ("client", "kube-apiserver", "list pods in default") in events


async def test_log_follow_streams_new_lines_and_stops_when_the_client_goes(cluster: Any) -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "talker"},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }
    await request(cluster, "POST", "/api/v1/namespaces/default/pods", body=json.dumps(pod).encode())

    async def running() -> bool:
        got = await request(cluster, "GET", "/api/v1/namespaces/default/pods/talker")
        return got.json().get("status", {}).get("phase") == "Running"

    for _ in range(200):
        if await running():
            break
        await asyncio.sleep(0.05)
    whole = await request(cluster, "GET", "/api/v1/namespaces/default/pods/talker/log")
    assert whole.status == 200 and whole.headers["content-type"] == "text/plain"
    lines = whole.body.decode().splitlines()
    assert lines
    stream = Exchange(
        "GET", cluster.base + "/api/v1/namespaces/default/pods/talker/log?follow=true&tailLines=1"
    )
    stream.start()
    await until(lambda: stream.body.count(b"\n") >= 1)
    first = stream.body.decode().splitlines()
    assert first == lines[-1:]
    # A new line appears (an access log line, as a routed request would write).
    runtime = cluster.cluster.machines[
        cluster.cluster.objects("pods", namespace="default")[0]["spec"]["nodeName"]
    ].runtime
    container = next(c for c in runtime.running_containers() if c.sandbox.name == "talker")
    runtime.append_log(container, '10.0.0.1 - - "GET / HTTP/1.1" 200 615')
    await until(lambda: b"GET / HTTP/1.1" in stream.body)
    stream.disconnect()
    await stream.finish()
    assert stream.body.decode().splitlines()[-1].endswith('"GET / HTTP/1.1" 200 615')


async def test_a_table_watch_sends_one_row_tables(cluster: Any) -> None:
    accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
    exchange = Exchange("GET", cluster.base + "/api/v1/nodes?watch=1", headers={"Accept": accept}).start()
    await until(lambda: len(exchange.lines()) == 3)
    exchange.disconnect()
    await exchange.finish()
    events = exchange.lines()
    assert [e["object"]["rows"][0]["cells"][0] for e in events] == ["control-plane-1", "worker-1", "worker-2"]
    assert events[0]["object"]["columnDefinitions"][0]["name"] == "Name"


async def test_unexpected_errors_are_500_statuses_and_logged(
    cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(cluster.cluster.core.api, "list", boom)
    broken = await request(cluster, "GET", "/api/v1/pods")
    assert broken.status == 500 and broken.json()["reason"] == "InternalError"
