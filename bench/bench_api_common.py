"""Shared by the API benchmarks: a real Daphne server in this process, serving a cluster
built beforehand (30,000 pods take a minute to settle, far longer to POST one by one).

The cluster is built synchronously before the event loop starts, then handed to the
registry, whose loop owns it from then on, exactly as in the server.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Daphne installs Twisted's asyncio reactor on import: before anything else touches Twisted.
import daphne.server  # noqa: E402,F401

KUBECTL_UA = "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07"
TABLE_ACCEPT = (
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
    "application/json"
)


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "clusterviz.settings"
    os.environ["DATABASE_PATH"] = str(workdir / "db.sqlite3")
    os.environ.setdefault("DEBUG", "0")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def define(name: str, **fields: Any) -> str:
    """A ClusterDefinition; returns the server base path with the presenter credential."""
    from clusterviz.models import ClusterDefinition

    definition = ClusterDefinition.objects.create(name=name, **fields)
    return f"/k8s/{name}/{definition.presenter_credential}"


def serve(
    cluster: Any, *, driver: Callable[[str], None], timing: dict[str, list[float]] | None = None
) -> None:
    """Serve ``cluster`` on a free port with Daphne, run ``driver(base_url)`` in a thread, then stop."""
    from twisted.internet import reactor

    from clusterviz import asgi, live

    live.registry = live.Registry(factory=lambda definition: cluster)
    app = asgi.application
    if timing is not None:
        app = _timed(app, timing)
    port = _free_port()
    server = daphne.server.Server(
        app, endpoints=[f"tcp:port={port}:interface=127.0.0.1"], signal_handlers=False, verbosity=0
    )
    base = f"http://127.0.0.1:{port}"
    failure: list[BaseException] = []

    def run_driver() -> None:
        _wait_for(port)
        try:
            driver(base)
        except BaseException as exc:  # noqa: BLE001 - reported after the server stops
            failure.append(exc)
        finally:
            reactor.callFromThread(reactor.stop)

    threading.Thread(target=run_driver, daemon=True).start()
    server.run()
    if failure:
        raise failure[0]


def _timed(app: Any, timing: dict[str, list[float]]) -> Any:
    """Server time of each request: from its arrival to its last byte handed to Daphne."""

    async def wrapper(scope: dict[str, Any], receive: Any, send: Any) -> None:
        started = time.perf_counter()

        async def timed_send(message: dict[str, Any]) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                timing.setdefault(scope.get("path", "").rsplit("/", 2)[-1], []).append(
                    time.perf_counter() - started
                )

        await app(scope, receive, timed_send)

    return wrapper


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="bench-api-"))


def kubeconfig(path: Path, server: str) -> Path:
    path.write_text(
        f"apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster: {{server: {server}}}\n"
        "contexts:\n- name: bench\n  context: {cluster: bench, namespace: default}\n"
        "current-context: bench\n"
    )
    return path


def deployment(name: str, replicas: int) -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]},
            },
        },
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
