"""The real kubectl reads a simulated cluster as it reads a real one (both binaries)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import ServerProcess
from tests.kubectl_helpers import (
    ClusterInfo,
    Kubectl,
    create_cluster,
    retire,
    table,
)


@pytest.fixture(scope="module")
def cluster(daphne_server: ServerProcess) -> Iterator[ClusterInfo]:
    info = create_cluster(daphne_server, "read")
    yield info
    retire(info)


def test_version_reports_the_simulated_server_as_v1_32(kubectl: Kubectl) -> None:
    out = kubectl.out("version")
    assert "Server Version: v1.32.4" in out
    assert "Client Version: v1.3" in out


def test_cluster_info_lists_the_control_plane_and_coredns(kubectl: Kubectl) -> None:
    out = kubectl.out("cluster-info")
    url = f"{kubectl.cluster.server.url}/k8s/{kubectl.cluster.name}/"
    assert "Kubernetes control plane" in out and url in out
    assert "CoreDNS" in out and "/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy" in out


def test_get_nodes_prints_the_columns_of_a_real_cluster(kubectl: Kubectl) -> None:
    rows = table(kubectl.out("get", "nodes"))
    assert rows[0] == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert [r[0] for r in rows[1:]] == ["control-plane-1", "worker-1", "worker-2"]
    assert rows[1][1:3] == ["Ready", "control-plane"] and rows[2][4] == "v1.32.4"


def test_get_nodes_wide_adds_addresses_os_and_runtime(kubectl: Kubectl) -> None:
    rows = table(kubectl.out("get", "nodes", "-o", "wide"))
    assert rows[0][:7] == ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP"]
    assert rows[0][-1] == "CONTAINER-RUNTIME"
    assert rows[1][5] == "10.0.0.11" and rows[1][-1].startswith("containerd://")


def test_get_pods_in_all_namespaces_shows_the_kube_system_pods(kubectl: Kubectl) -> None:
    rows = table(kubectl.out("get", "pods", "-A"))
    assert rows[0] == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    names = {r[1] for r in rows[1:]}
    assert {
        "etcd-control-plane-1",
        "kube-apiserver-control-plane-1",
        "kube-scheduler-control-plane-1",
    } <= names
    assert any(n.startswith("coredns-") for n in names) and any(n.startswith("kube-proxy-") for n in names)


def test_get_all_lists_every_kind_in_the_all_category(kubectl: Kubectl) -> None:
    out = kubectl.out("get", "all", "-A")
    for needle in (
        "pod/etcd-control-plane-1",
        "service/kubernetes",
        "service/kube-dns",
        "deployment.apps/coredns",
        "daemonset.apps/kube-proxy",
        "replicaset.apps/coredns-",
    ):
        assert needle in out


def test_api_resources_include_short_names_and_the_simulation_group(kubectl: Kubectl) -> None:
    rows = {(r[0], r[-1]): r for r in table(kubectl.out("api-resources"))[1:]}
    assert rows[("pods", "Pod")][1] == "po"
    assert rows[("deployments", "Deployment")][1:3] == ["deploy", "apps/v1"]
    assert rows[("faults", "Fault")][1:3] == ["sim.clusterviz.io/v1", "false"]
    assert rows[("simulations", "Simulation")][1] == "sim"
    assert ("nodes", "NodeMetrics") in rows


def test_explain_reads_the_real_schemas(kubectl: Kubectl) -> None:
    out = kubectl.out("explain", "deployment.spec")
    assert "KIND:       Deployment" in out and "DeploymentSpec" in out
    assert "replicas\t<integer>" in out and "template\t<PodTemplateSpec> -required-" in out


def test_explain_knows_the_simulation_kinds(kubectl: Kubectl) -> None:
    out = kubectl.out("explain", "fault.spec")
    assert "NodeDown" in out and "node\t<string>" in out


def test_get_events_prints_the_event_columns(kubectl: Kubectl) -> None:
    rows = table(kubectl.out("get", "events", "-A"))
    assert rows[0][:5] == ["NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT"]
    assert any("node/worker-1" in r for r in rows)


def test_describe_node_shows_conditions_pods_and_events(kubectl: Kubectl) -> None:
    out = kubectl.out("describe", "node", "worker-1")
    assert "Roles:              <none>" in out and "Ready            True" in out
    assert "Non-terminated Pods:" in out and "kube-proxy-" in out
    assert "Events:" in out and "RegisteredNode" in out


def test_top_nodes_and_pods_report_simulated_usage(kubectl: Kubectl) -> None:
    rows = table(kubectl.out("top", "nodes"))
    assert rows[0] == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
    assert len(rows) == 4 and rows[1][1].endswith("m") and rows[1][3].endswith("Mi")
    pods = table(kubectl.out("top", "pods", "-n", "kube-system"))
    assert pods[0] == ["NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert any(r[0].startswith("coredns-") for r in pods[1:])


def test_unknown_resource_types_and_names_fail_as_on_a_real_cluster(kubectl: Kubectl) -> None:
    assert 'the server doesn\'t have a resource type "foos"' in kubectl.fails("get", "foos")
    assert 'Error from server (NotFound): pods "nope" not found' in kubectl.fails("get", "pod", "nope")
