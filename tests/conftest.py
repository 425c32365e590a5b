"""Shared fixtures: a real daphne server in a subprocess, a Debian Chromium page, fakes.

Never fork a live server from pytest (after any sync_to_async in the parent, consumers in
a forked child hang): the server is a subprocess against its own file database.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SERVER_START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerProcess:
    """A daphne subprocess serving ClusterViz; stopped by its PID."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    @property
    def database_path(self) -> Path:
        """The server's file database (``manage.py`` commands run against it, e.g. createcluster)."""
        return self.log_path.parent / "db.sqlite3"

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def server_env(database_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clusterviz.settings",
        "DATABASE_PATH": str(database_path),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def start_server(workdir: Path, **extra_env: str) -> ServerProcess:
    """Migrate a fresh file database, start daphne on a free port, wait until it answers."""
    env = server_env(workdir / "db.sqlite3", **extra_env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=REPO, env=env, check=True, capture_output=True,
    )
    port = free_port()
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
             "clusterviz.asgi:application"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    server = ServerProcess(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_until_up(server)
    except BaseException:
        server.stop()
        raise
    return server


def wait_until_up(server: ServerProcess) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer within {SERVER_START_TIMEOUT}s:\n{server.log()}")


@pytest.fixture(scope="session")
def daphne_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One real ClusterViz server for the whole session."""
    server = start_server(tmp_path_factory.mktemp("daphne"))
    yield server
    server.stop()


SERVER_LOG = pytest.StashKey[tuple[Path, int]]()


@pytest.fixture
def live_server_url(daphne_server: ServerProcess, request: pytest.FixtureRequest) -> str:
    """The session server's URL; what it logs during a failing test is shown with the failure."""
    request.node.stash[SERVER_LOG] = (daphne_server.log_path, daphne_server.log_path.stat().st_size)
    return daphne_server.url


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed and SERVER_LOG in item.stash:
        path, start = item.stash[SERVER_LOG]
        with path.open("rb") as log:
            log.seek(start)
            report.sections.append(("daphne server log", log.read().decode(errors="replace")))
    return report


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """Debian's Chromium through Playwright's async API (never the sync `page` fixture)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions of `page`; a test asserts it stays empty."""
    return []


@pytest.fixture
async def page(browser: Any, console_errors: list[str]) -> AsyncIterator[Any]:
    context = await browser.new_context()
    page = await context.new_page()
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    page.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
    try:
        yield page
    finally:
        await context.close()


class FakeCluster:
    """Stands in for simulator.Cluster in web-shell unit tests."""

    def __init__(self, *, nodes: list[dict[str, Any]] | None = None,
                 pods: list[dict[str, Any]] | None = None) -> None:
        self.now = 0.0
        self.speed = 1.0
        self.paused = False
        self.advances: list[float] = []
        self.store = {"nodes": nodes or [], "pods": pods or []}

    def advance(self, seconds: float) -> None:
        self.advances.append(seconds)
        self.now += seconds

    def objects(self, kind: str) -> list[dict[str, Any]]:
        return self.store[kind]


@pytest.fixture
def fake_cluster() -> FakeCluster:
    return FakeCluster()


class FakeClusterFactory:
    """Builds FakeClusters with the given objects and remembers what it was asked for."""

    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.pods: list[dict[str, Any]] = []
        self.definitions: list[Any] = []
        self.clusters: list[FakeCluster] = []

    def __call__(self, definition: Any) -> FakeCluster:
        cluster = FakeCluster(nodes=self.nodes, pods=self.pods)
        self.definitions.append(definition)
        self.clusters.append(cluster)
        return cluster


@pytest.fixture
async def fake_registry(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """``clusterviz.live.registry`` building FakeClusters (``.factory``); stopped after the test."""
    from clusterviz import live

    registry = live.Registry(factory=FakeClusterFactory())
    monkeypatch.setattr(live, "registry", registry)
    yield registry
    await registry.stop_all()


KUBECTLS = ("kubectl-1.32", "kubectl-1.35")   # Debian's kubectl and the static v1.35.2 (kubectl_helpers)


@pytest.fixture(params=KUBECTLS)
def kubectl(request: pytest.FixtureRequest, cluster: Any, live_server_url: str, tmp_path: Path) -> Any:
    """Each real kubectl binary against the requesting module's ``cluster`` fixture."""
    from tests.kubectl_helpers import Kubectl, kubectl_binary

    return Kubectl(kubectl_binary(request.param), tmp_path, cluster)
