"""Simulated metrics.k8s.io usage: deterministic, shaped like metrics-server's, only what runs."""
from __future__ import annotations

import re
from typing import Any

import pytest

from clusterviz.k8s import metrics
from simulator import Cluster
from tests.simhelpers import deployment, fault

Obj = dict[str, Any]
IDLE = {"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "idle", "namespace": "team", "labels": {"app": "idle"}},
        "spec": {"containers": [{"name": "main", "image": "busybox", "command": ["sleep", "9999"]},
                                {"name": "side", "image": "busybox", "command": ["sleep", "9999"]}]}}
NAMESPACE = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}}
UNSCHEDULABLE = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "huge", "namespace": "default"},
                 "spec": {"containers": [{"name": "c", "image": "nginx",
                                          "resources": {"requests": {"cpu": "64"}}}]}}


def make_cluster(seed: int = 3) -> Cluster:
    cluster = Cluster.create(seed=seed, workers=2)
    web = deployment("web", 3, cpu="200m")
    web["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["memory"] = "128Mi"
    cluster.apply([NAMESPACE, IDLE, UNSCHEDULABLE, web])
    cluster.advance(60)
    return cluster


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return make_cluster()


def cpu(quantity: str) -> int:
    assert re.fullmatch(r"\d+n", quantity), quantity
    return int(quantity[:-1])


def memory(quantity: str) -> int:
    assert re.fullmatch(r"\d+Ki", quantity), quantity
    return int(quantity[:-2]) * 1024


def by_name(items: list[Obj]) -> dict[str, Obj]:
    return {i["metadata"]["name"]: i for i in items}


def test_node_metrics_shape(cluster: Cluster):
    items = metrics.node_metrics(cluster, now=cluster.now)
    assert [i["metadata"]["name"] for i in items] == ["control-plane-1", "worker-1", "worker-2"]
    item = items[0]
    assert item["kind"] == "NodeMetrics" and item["apiVersion"] == "metrics.k8s.io/v1beta1"
    assert item["metadata"]["labels"]["node-role.kubernetes.io/control-plane"] == ""
    assert item["metadata"]["creationTimestamp"] == cluster.core.clock.at(cluster.now)
    bucket_start = cluster.now // 15 * 15
    assert item["timestamp"] == cluster.core.clock.at(bucket_start)
    assert item["window"] == "15s"
    assert cpu(item["usage"]["cpu"]) > 0 and memory(item["usage"]["memory"]) > 0


def test_pod_metrics_shape(cluster: Cluster):
    items = by_name(metrics.pod_metrics(cluster, "team", now=cluster.now))
    idle = items["idle"]
    assert idle["kind"] == "PodMetrics" and idle["apiVersion"] == "metrics.k8s.io/v1beta1"
    assert idle["metadata"]["namespace"] == "team" and idle["metadata"]["labels"] == {"app": "idle"}
    assert [c["name"] for c in idle["containers"]] == ["main", "side"]
    assert idle["window"] == "15s"


def test_same_cluster_same_time_same_numbers(cluster: Cluster):
    assert metrics.node_metrics(cluster, now=cluster.now) == metrics.node_metrics(cluster, now=cluster.now)
    assert metrics.pod_metrics(cluster, now=cluster.now) == metrics.pod_metrics(cluster, now=cluster.now)
    assert metrics.pod_metrics(cluster) == metrics.pod_metrics(cluster, None, now=cluster.now)


def test_same_seed_same_numbers(cluster: Cluster):
    other = make_cluster()
    assert metrics.node_metrics(other, now=other.now) == metrics.node_metrics(cluster, now=cluster.now)
    assert metrics.pod_metrics(other, now=other.now) == metrics.pod_metrics(cluster, now=cluster.now)


def usage_of(cluster: Cluster, now: float) -> dict[str, Obj]:
    return {f"{p['metadata']['name']}/{c['name']}": c["usage"]
            for p in metrics.pod_metrics(cluster, now=now) for c in p["containers"]}


def test_usage_holds_within_a_scrape_and_moves_between_scrapes(cluster: Cluster):
    start = (cluster.now // 15 + 1) * 15
    assert usage_of(cluster, start) == usage_of(cluster, start + 14.9)
    assert usage_of(cluster, start) != usage_of(cluster, start + 15)


def test_usage_is_a_share_of_requests(cluster: Cluster):
    web = [p for p in metrics.pod_metrics(cluster, "default", now=cluster.now)
           if p["metadata"]["name"].startswith("web-")]
    assert len(web) == 3
    shares = set()
    for p in web:
        (container,) = p["containers"]
        used_cpu, used_memory = cpu(container["usage"]["cpu"]), memory(container["usage"]["memory"])
        assert 200e6 * 0.05 * 0.8 <= used_cpu <= 200e6 * 0.60 * 1.2
        assert 128 * 2**20 * 0.30 * 0.97 - 1024 <= used_memory <= 128 * 2**20 * 0.80 * 1.03
        shares.add(used_cpu)
    assert len(shares) == 3  # each replica has its own share


def test_containers_without_requests_use_a_little(cluster: Cluster):
    idle = by_name(metrics.pod_metrics(cluster, "team", now=cluster.now))["idle"]
    for container in idle["containers"]:
        assert 1e6 * 0.8 <= cpu(container["usage"]["cpu"]) <= 5e6 * 1.2
        assert 5 * 2**20 * 0.97 - 1024 <= memory(container["usage"]["memory"]) <= 30 * 2**20 * 1.03


def test_node_is_its_pods_plus_overhead(cluster: Cluster):
    now = cluster.now
    pods_on: dict[str, list[int]] = {}
    nodes = {p["metadata"]["name"]: p["spec"].get("nodeName") for p in cluster.objects("pods")}
    for p in metrics.pod_metrics(cluster, now=now):
        total = pods_on.setdefault(nodes[p["metadata"]["name"]], [0, 0])
        for c in p["containers"]:
            total[0] += cpu(c["usage"]["cpu"])
            total[1] += memory(c["usage"]["memory"])
    for item in metrics.node_metrics(cluster, now=now):
        pods_cpu, pods_memory = pods_on.get(item["metadata"]["name"], [0, 0])
        overhead_cpu = cpu(item["usage"]["cpu"]) - pods_cpu
        overhead_memory = memory(item["usage"]["memory"]) - pods_memory
        assert 40e6 * 0.8 - 10 <= overhead_cpu <= 120e6 * 1.2 + 10
        assert 350 * 2**20 * 0.97 - 10 * 1024 <= overhead_memory <= 700 * 2**20 * 1.03 + 10 * 1024


def test_only_running_pods_are_reported(cluster: Cluster):
    names = {p["metadata"]["name"] for p in metrics.pod_metrics(cluster, now=cluster.now)}
    assert "huge" not in names  # Pending: no node fits it
    assert "idle" in names and "etcd-control-plane-1" in names


def test_namespace_name_and_selectors_narrow_the_list(cluster: Cluster):
    system = metrics.pod_metrics(cluster, "kube-system", now=cluster.now)
    assert {p["metadata"]["namespace"] for p in system} == {"kube-system"}
    assert metrics.pod_metrics(cluster, "nope", now=cluster.now) == []
    assert [p["metadata"]["name"] for p in metrics.pod_metrics(cluster, "team", name="idle")] == ["idle"]
    web = metrics.pod_metrics(cluster, label_selector="app=web")
    assert len(web) == 3 and all(p["metadata"]["name"].startswith("web-") for p in web)
    (team,) = metrics.pod_metrics(cluster, field_selector="metadata.namespace=team")
    assert team["metadata"]["name"] == "idle"
    assert [n["metadata"]["name"] for n in metrics.node_metrics(cluster, name="worker-2")] == ["worker-2"]
    control = metrics.node_metrics(cluster, label_selector="node-role.kubernetes.io/control-plane")
    assert [n["metadata"]["name"] for n in control] == ["control-plane-1"]
    with pytest.raises(ValueError):
        metrics.pod_metrics(cluster, label_selector="a in (")


@pytest.mark.parametrize("kind", ["NodeDown", "KubeletDown", "NetworkPartition"])
def test_nodes_that_cannot_be_scraped_report_nothing(kind: str):
    cluster = make_cluster(seed=5)
    victim = "worker-1"
    on_victim = {p["metadata"]["name"] for p in cluster.objects("pods")
                 if p["spec"].get("nodeName") == victim and p["status"].get("phase") == "Running"}
    assert on_victim
    target = {"nodes": [victim]} if kind == "NetworkPartition" else {"node": victim}
    cluster.apply(fault("f", kind, **target))
    cluster.advance(1)
    assert [n["metadata"]["name"] for n in metrics.node_metrics(cluster)] == ["control-plane-1", "worker-2"]
    assert not on_victim & {p["metadata"]["name"] for p in metrics.pod_metrics(cluster)}


def test_crash_looping_pods_without_a_running_container_are_skipped():
    cluster = Cluster.create(seed=4, workers=1)
    cluster.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crash", "namespace": "default"},
                   "spec": {"containers": [{"name": "c", "image": "clusterviz/crash"}]}})
    seen_waiting = False
    for _ in range(120):
        cluster.advance(1)
        pod = cluster.objects("pods", namespace="default")[0]
        state = pod["status"].get("containerStatuses", [{}])[0].get("state", {})
        reported = [p["metadata"]["name"] for p in metrics.pod_metrics(cluster, "default")]
        if pod["status"].get("phase") == "Running" and "waiting" in state:
            seen_waiting = True
            assert reported == []
        elif "running" in state:
            assert reported == ["crash"]
    assert seen_waiting


def test_quantities():
    assert metrics.cpu_quantity(123456789.9) == "123456789n"
    assert metrics.cpu_quantity(-5) == "0n"
    assert metrics.memory_quantity(5 * 2**20 + 1023) == "5120Ki"


def test_metrics_list():
    assert metrics.metrics_list("NodeMetrics", []) == {"kind": "NodeMetricsList",
                                                       "apiVersion": "metrics.k8s.io/v1beta1",
                                                       "metadata": {}, "items": []}
