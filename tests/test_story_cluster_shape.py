"""The cluster as kubeadm builds it, machines joining and leaving, and the clock as an API object."""
from __future__ import annotations

from simulator.cluster import Cluster
from tests.simhelpers import deployment, healthy, lease_renew_seconds, node, ready_status, run_until


def test_a_fresh_cluster_looks_like_kubeadm_built_it() -> None:
    cluster = Cluster.create(seed=1, workers=3)
    names = [n["metadata"]["name"] for n in cluster.objects("nodes")]
    assert names == ["control-plane-1", "worker-1", "worker-2", "worker-3"]
    cp = node(cluster, "control-plane-1")
    assert "node-role.kubernetes.io/control-plane" in cp["metadata"]["labels"]
    assert {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"} in cp["spec"]["taints"]
    worker = node(cluster, "worker-1")
    assert worker["status"]["capacity"]["pods"] == "110" and worker["status"]["allocatable"]["cpu"]
    assert worker["status"]["nodeInfo"]["kubeletVersion"].startswith("v1.32.")
    assert worker["status"]["nodeInfo"]["containerRuntimeVersion"].startswith("containerd://")
    system = {p["metadata"]["name"] for p in cluster.objects("pods", namespace="kube-system")}
    for component in ("kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager"):
        assert f"{component}-control-plane-1" in system
    assert len([n for n in system if n.startswith("kube-proxy-")]) == 4
    assert len([n for n in system if n.startswith("coredns-")]) == 2
    dns = next(s for s in cluster.objects("services", namespace="kube-system")
               if s["metadata"]["name"] == "kube-dns")
    assert dns["metadata"]["labels"]["kubernetes.io/cluster-service"] == "true"
    assert any(s["metadata"]["name"] == "kubernetes"
               for s in cluster.objects("services", namespace="default"))
    assert {n["metadata"]["name"] for n in cluster.objects("namespaces")} == {
        "default", "kube-system", "kube-public", "kube-node-lease"}


def test_workers_join_and_leave_while_it_runs() -> None:
    cluster = Cluster.create(seed=1, workers=1, timing="classroom")
    added = cluster.add_node(runtime="cri-o")
    assert added == "worker-2"
    run_until(cluster, lambda: ready_status(cluster, added) == "True", limit=30)
    assert node(cluster, added)["status"]["nodeInfo"]["containerRuntimeVersion"].startswith("cri-o://")
    run_until(cluster, lambda: any(p["spec"].get("nodeName") == added
                                   and p["status"].get("phase") == "Running"
                                   for p in cluster.objects("pods", namespace="kube-system")), limit=30)
    cluster.apply(deployment("web", 4))
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 4, limit=60)
    cluster.remove_node(added)
    assert added not in {n["metadata"]["name"] for n in cluster.objects("nodes")}
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 4
              and all(p["spec"]["nodeName"] != added for p in healthy(cluster, "web")), limit=60)


def test_the_simulation_object_drives_speed_pause_and_timing() -> None:
    cluster = Cluster.create(seed=1, workers=1)
    cluster.configure(speed=25, paused=True)
    assert (cluster.speed, cluster.paused) == (25.0, True)
    cluster.advance(1.0)
    sim = cluster.core.api.get("simulations", "cluster")
    assert sim["status"]["time"] == round(cluster.now, 3) and sim["metadata"]["generation"] == 2
    first = lease_renew_seconds(cluster, "worker-1")
    cluster.configure(timing="classroom")
    cluster.advance(12.0)
    # Under classroom timing kubelets renew their Lease every 2 s instead of 10 s.
    assert cluster.now - lease_renew_seconds(cluster, "worker-1") <= 2.0 + 0.01
    assert lease_renew_seconds(cluster, "worker-1") > first
