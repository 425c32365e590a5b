"""The official Python client (kubernetes 37.x, which validates every response) against the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kubernetes import client, config, watch
from kubernetes.client.exceptions import ApiException

from tests.conftest import ServerProcess
from tests.kubectl_helpers import ClusterInfo, create_cluster, retire, wait_until


@pytest.fixture(scope="module")
def cluster(daphne_server: ServerProcess) -> Iterator[ClusterInfo]:
    info = create_cluster(daphne_server, "py")
    yield info
    retire(info)


@pytest.fixture
def api(cluster: ClusterInfo, live_server_url: str, tmp_path: Path) -> Iterator[client.ApiClient]:
    path = tmp_path / "kubeconfig"
    path.write_text(cluster.presenter)
    configuration = client.Configuration()
    config.load_kube_config(config_file=str(path), client_configuration=configuration)
    with client.ApiClient(configuration) as api_client:
        yield api_client


def deployment(name: str, replicas: int = 2) -> dict:
    # No apiVersion/kind: the client may leave them out and the server fills them in.
    return {
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "app", "image": "nginx"}]},
            },
        },
    }


def test_list_nodes(api: client.ApiClient) -> None:
    nodes = client.CoreV1Api(api).list_node()
    assert [n.metadata.name for n in nodes.items] == ["control-plane-1", "worker-1", "worker-2"]
    assert nodes.metadata.resource_version
    assert nodes.items[1].status.node_info.kubelet_version == "v1.32.4"


def test_create_a_deployment_and_see_it_become_available(api: client.ApiClient) -> None:
    apps = client.AppsV1Api(api)
    created = apps.create_namespaced_deployment("default", deployment("pyweb"))
    assert created.kind == "Deployment" and created.metadata.uid and created.spec.replicas == 2
    wait_until(
        lambda: apps.read_namespaced_deployment("pyweb", "default").status.available_replicas == 2,
        what="pyweb available",
    )
    with pytest.raises(ApiException) as caught:
        apps.create_namespaced_deployment("default", deployment("pyweb"))
    assert caught.value.status == 409 and '"reason":"AlreadyExists"' in caught.value.body


def test_watch_pods_replays_current_ones_then_streams_changes(api: client.ApiClient) -> None:
    core, apps = client.CoreV1Api(api), client.AppsV1Api(api)
    apps.create_namespaced_deployment("default", deployment("watched", 1))
    seen: dict[str, set[str]] = {}
    stream = watch.Watch().stream(
        core.list_namespaced_pod, "default", label_selector="app=watched", timeout_seconds=8
    )
    for event in stream:
        pod = event["object"]
        seen.setdefault(pod.metadata.name, set()).add(pod.status.phase)
        if any("Running" in phases for phases in seen.values()):
            break
    assert any("Running" in phases for phases in seen.values()), seen


def test_watch_from_a_resource_version_streams_only_later_changes(api: client.ApiClient) -> None:
    core = client.CoreV1Api(api)
    listed = core.list_namespaced_config_map("default")
    core.create_namespaced_config_map("default", {"metadata": {"name": "after"}, "data": {"k": "v"}})
    events = list(
        watch.Watch().stream(
            core.list_namespaced_config_map,
            "default",
            resource_version=listed.metadata.resource_version,
            timeout_seconds=2,
        )
    )
    assert [(e["type"], e["object"].metadata.name) for e in events] == [("ADDED", "after")]


def test_faults_through_custom_objects(api: client.ApiClient) -> None:
    custom = client.CustomObjectsApi(api)
    group, version = "sim.clusterviz.io", "v1"
    fault = {
        "apiVersion": "sim.clusterviz.io/v1",
        "kind": "Fault",
        "metadata": {"name": "py-kubelet"},
        "spec": {"type": "KubeletDown", "node": "worker-2"},
    }
    created = custom.create_cluster_custom_object(group, version, "faults", fault)
    assert created["metadata"]["name"] == "py-kubelet"
    got = custom.get_cluster_custom_object(group, version, "faults", "py-kubelet")
    assert got["status"]["phase"] == "Active"
    listed = custom.list_cluster_custom_object(group, version, "faults")
    assert [f["metadata"]["name"] for f in listed["items"]] == ["py-kubelet"]
    custom.delete_cluster_custom_object(group, version, "faults", "py-kubelet")
    with pytest.raises(ApiException) as caught:
        custom.get_cluster_custom_object(group, version, "faults", "py-kubelet")
    assert caught.value.status == 404


def test_patch_with_a_dict_and_a_json_patch_list(api: client.ApiClient) -> None:
    core = client.CoreV1Api(api)
    core.create_namespaced_config_map("default", {"metadata": {"name": "patched"}, "data": {"a": "1"}})
    core.patch_namespaced_config_map("patched", "default", {"data": {"b": "2"}})
    core.patch_namespaced_config_map("patched", "default", [{"op": "remove", "path": "/data/a"}])
    assert core.read_namespaced_config_map("patched", "default").data == {"b": "2"}


def test_errors_are_api_exceptions_with_status_bodies(api: client.ApiClient) -> None:
    with pytest.raises(ApiException) as caught:
        client.CoreV1Api(api).read_namespaced_pod("nope", "default")
    assert caught.value.status == 404
    assert '"message":"pods \\"nope\\" not found"' in caught.value.body
