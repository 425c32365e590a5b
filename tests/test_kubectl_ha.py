"""A highly available control plane through the real kubectl (both binaries): the leader
election Leases, the load balancer riding over a dead apiserver, and etcd's quorum."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ServerProcess
from tests.kubectl_helpers import (
    ClusterInfo,
    Kubectl,
    create_cluster,
    retire,
    table,
    wait_until,
)

FAULT = """\
apiVersion: sim.clusterviz.io/v1
kind: Fault
metadata: {name: %s}
spec: {type: ComponentDown, component: %s, node: %s}
"""
MASTERS = ["control-plane-1", "control-plane-2", "control-plane-3"]


@pytest.fixture(scope="module")
def cluster(daphne_server: ServerProcess) -> Iterator[ClusterInfo]:
    info = create_cluster(daphne_server, "ha", workers=2, control_planes=3, speed=10)
    yield info
    retire(info)


def test_get_leases_shows_who_leads_the_scheduler_and_the_controller_manager(kubectl: Kubectl) -> None:
    rows = table(kubectl.out("get", "leases", "-n", "kube-system"))
    assert rows[0] == ["NAME", "HOLDER", "AGE"]
    holders = {row[0]: row[1] for row in rows[1:]}
    for name in ("kube-scheduler", "kube-controller-manager"):
        host, _, uid = holders[name].partition("_")
        assert host in MASTERS and len(uid) == 36
    masters = [r[0] for r in table(kubectl.out("get", "nodes"))[1:] if r[2] == "control-plane"]
    assert masters == MASTERS


def test_kubectl_keeps_working_with_one_apiserver_down_and_etcd_quorum_loss_is_explained(
    kubectl: Kubectl,
) -> None:
    tag = Path(kubectl.binary).name.replace(".", "-")
    kubectl.run("apply", "-f", "-", stdin=FAULT % (f"api-{tag}", "kube-apiserver", "control-plane-1"))
    for i in range(3):
        kubectl.out("create", "configmap", f"lb-{tag}-{i}")
    assert len(table(kubectl.out("get", "nodes"))) == 6
    kubectl.run("delete", "fault", f"api-{tag}")
    kubectl.run("apply", "-f", "-", stdin=FAULT % (f"e2-{tag}", "etcd", "control-plane-2"))
    kubectl.out("create", "configmap", f"one-down-{tag}")
    kubectl.run("apply", "-f", "-", stdin=FAULT % (f"e3-{tag}", "etcd", "control-plane-3"))
    err = wait_until(lambda: _refused(kubectl, f"two-down-{tag}"), what="etcd loses quorum")
    assert "etcdserver: request timed out" in err
    kubectl.run("delete", "fault", f"e2-{tag}", f"e3-{tag}")
    wait_until(lambda: _created(kubectl, f"healed-{tag}"), what="etcd commits again")
    names = kubectl.out("get", "configmaps", "-o", "name")
    assert f"configmap/one-down-{tag}" in names and f"configmap/two-down-{tag}" not in names


def _refused(kubectl: Kubectl, name: str) -> str | None:
    done = kubectl.run("create", "configmap", name, check=False)
    return done.stderr if done.returncode != 0 else None


def _created(kubectl: Kubectl, name: str) -> bool:
    return kubectl.run("create", "configmap", name, check=False).returncode == 0
