"""Static pods on a control-plane node, and the mirror pods that show them in the API."""
from __future__ import annotations

from typing import Any

from tests.kubelet_helpers import advance, cluster_of_one, container_status, create, exists, get, run_until

Obj = dict[str, Any]


def manifest(component: str, image: str) -> Obj:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": component, "namespace": "kube-system", "labels": {"component": component,
                                                                                  "tier": "control-plane"}},
            "spec": {"hostNetwork": True, "priorityClassName": "system-node-critical",
                     "containers": [{"name": component, "image": image, "command": [component]}]}}


MANIFESTS = [manifest("kube-apiserver", "registry.k8s.io/kube-apiserver:v1.32.4"),
             manifest("etcd", "registry.k8s.io/etcd:3.5.16-0")]


def control_plane(health: dict[str, bool] | None = None) -> Any:
    state = health if health is not None else {}
    return cluster_of_one(node="control-plane-1", role="control-plane", internal_ip="10.0.0.10",
                          pod_cidr="10.244.0.0/24", static_pods=MANIFESTS,
                          taints=[{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
                          static_health=lambda name: state.get(name, True))


def test_static_pods_appear_as_running_mirror_pods() -> None:
    core, _ = control_plane()
    name = "kube-apiserver-control-plane-1"
    run_until(core, lambda: exists(core, name, "kube-system")
              and get(core, name, "kube-system")["status"]["phase"] == "Running", limit=10)
    mirror = get(core, name, "kube-system")
    notes = mirror["metadata"]["annotations"]
    assert notes["kubernetes.io/config.source"] == "file"
    assert notes["kubernetes.io/config.mirror"] == notes["kubernetes.io/config.hash"]
    owner = mirror["metadata"]["ownerReferences"][0]
    assert owner["kind"] == "Node" and owner["name"] == "control-plane-1" and owner["controller"] is True
    assert mirror["spec"]["priority"] == 2000001000
    assert mirror["spec"]["priorityClassName"] == "system-node-critical"
    assert mirror["status"]["podIP"] == "10.0.0.10"                # host network
    assert container_status(mirror)["ready"] is True
    node = core.api.get("nodes", "control-plane-1")
    assert "node-role.kubernetes.io/control-plane" in node["metadata"]["labels"]


def test_control_plane_images_were_pulled_before_the_kubelet_started() -> None:
    core, _ = control_plane()
    run_until(core, lambda: exists(core, "etcd-control-plane-1", "kube-system")
              and get(core, "etcd-control-plane-1", "kube-system")["status"]["phase"] == "Running", limit=10)
    items, _ = core.api.list("events", namespace="kube-system")
    pulled = [e["message"] for e in items if e["reason"] == "Pulled"]
    assert 'Container image "registry.k8s.io/etcd:3.5.16-0" already present on machine' in pulled


def test_a_stopped_component_shows_terminated_and_comes_back_as_a_restart() -> None:
    health: dict[str, bool] = {}
    core, _ = control_plane(health)
    name = "kube-apiserver-control-plane-1"
    run_until(core, lambda: exists(core, name, "kube-system") and container_status(
        get(core, name, "kube-system")).get("ready") is True, limit=10)
    health["kube-apiserver"] = False
    def state() -> dict:
        return container_status(get(core, name, "kube-system"))["state"]
    run_until(core, lambda: "terminated" in state(), limit=5)
    assert container_status(get(core, name, "kube-system"))["ready"] is False
    advance(core, 30)
    assert "terminated" in state()      # not restarted while the component is down
    health["kube-apiserver"] = True
    run_until(core, lambda: container_status(get(core, name, "kube-system")).get("ready") is True, limit=5)
    assert container_status(get(core, name, "kube-system"))["restartCount"] == 1


def test_a_deleted_mirror_pod_is_recreated() -> None:
    core, _ = control_plane()
    name = "etcd-control-plane-1"
    run_until(core, lambda: exists(core, name, "kube-system"), limit=10)
    old_uid = get(core, name, "kube-system")["metadata"]["uid"]
    core.api.delete("pods", name, namespace="kube-system")
    run_until(core, lambda: exists(core, name, "kube-system")
              and get(core, name, "kube-system")["metadata"]["uid"] != old_uid, limit=15)


def test_static_pods_run_whatever_the_api_says() -> None:
    core, k = control_plane()
    advance(core, 5)
    k.stop()
    advance(core, 5)
    assert {"kube-apiserver-control-plane-1", "etcd-control-plane-1"} <= {c.pod_name for c in
                                                                          k.runtime.running_containers()}
    k.start()
    advance(core, 5)
    assert container_status(get(core, "etcd-control-plane-1", "kube-system"))["restartCount"] == 0


def test_logs_of_a_static_pod() -> None:
    core, k = control_plane()
    run_until(core, lambda: exists(core, "etcd-control-plane-1", "kube-system")
              and get(core, "etcd-control-plane-1", "kube-system")["status"]["phase"] == "Running", limit=10)
    advance(core, 1)
    lines = k.logs("kube-system", "etcd-control-plane-1")
    assert '"msg":"serving client traffic securely"' in lines[-1] and "10.0.0.10:2379" in lines[-1]


def test_a_regular_pod_also_runs_on_the_control_plane_node() -> None:
    core, _ = control_plane()
    body = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "dns", "namespace": "kube-system"},
            "spec": {"nodeName": "control-plane-1",
                     "containers": [{"name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.11.3"}]}}
    create(core, body)
    run_until(core, lambda: get(core, "dns", "kube-system")["status"]["phase"] == "Running", limit=10)
    assert get(core, "dns", "kube-system")["status"]["podIP"] == "10.244.0.2"
