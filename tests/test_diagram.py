"""The diagram's view models and topology, read from a real simulated cluster."""
from __future__ import annotations

import pytest

from clusterviz.diagram import dom_id
from clusterviz.diagram.build import Builder
from clusterviz.diagram.events import log_row, packet
from simulator import Cluster, topology
from simulator.trace import TraceEvent


def deployment(name: str, replicas: int, image: str = "nginx", **spec: object) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": name, "image": image}], **spec}}}}


def fault(name: str, **spec: object) -> dict:
    return {"apiVersion": "sim.clusterviz.io/v1", "kind": "Fault", "metadata": {"name": name}, "spec": spec}


@pytest.fixture
def cluster() -> Cluster:
    return Cluster.create(seed=1, workers=3, timing="classroom")


def event(actor: str, target: str, kind: str = "PodPatched", verb: str = "patch", message: str = "m",
          obj: str = "pods default/x") -> TraceEvent:
    return TraceEvent(1, 0.0, actor, target, verb, obj, message, kind)


# -- topology -------------------------------------------------------------------------------
def test_only_the_apiserver_talks_to_etcd(cluster):
    graph = topology.from_cluster(cluster)
    assert [u for u, _ in graph.in_edges(topology.ETCD)] == [topology.APISERVER]
    assert list(graph.successors(topology.ETCD)) == []


def test_every_component_and_client_calls_the_apiserver(cluster):
    graph = topology.from_cluster(cluster)
    callers = {u for u, _ in graph.in_edges(topology.APISERVER)}
    expected = {"kubectl", "kube-scheduler", "kube-controller-manager"}
    for machine in ("control-plane-1", "worker-1", "worker-2", "worker-3"):
        expected |= {f"kubelet/{machine}", f"kube-proxy/{machine}"}
        assert graph.has_edge(f"kubelet/{machine}", f"containerd/{machine}")
    assert callers == expected


def test_a_few_wires_say_who_talks_to_whom(cluster):
    captions = {e.dom_id: (e.label, e.label_at) for e in Builder("demo", cluster).build().edges if e.label}
    assert captions == {
        "edge-kube-apiserver--etcd": ("only the apiserver talks to etcd", "0.75"),
        "edge-kube-scheduler--kube-apiserver": ("watch pods · bind", "0.5"),
        "edge-kube-controller-manager--kube-apiserver": ("watch · reconcile", "0.5"),
        "edge-kubelet-worker-1--kube-apiserver": ("watch pods · status · heartbeat", "0.5"),   # one kubelet's
    }


def test_layout_puts_control_plane_on_top_and_workers_in_join_order(cluster):
    positions = topology.layout(topology.from_cluster(cluster))
    assert positions["kube-apiserver"].tier == "control-plane"
    assert positions["kube-apiserver"].row > positions["etcd"].row      # the hub sits under its callers
    assert [positions[f"kubelet/worker-{i}"].slot for i in (1, 2, 3)] == [0, 1, 2]
    assert positions["kubelet/worker-1"].col < positions["containerd/worker-1"].col


def test_adding_a_node_moves_nothing_that_was_there(cluster):
    before = topology.layout(topology.from_cluster(cluster))
    cluster.add_node()
    after = topology.layout(topology.from_cluster(cluster))
    assert {name: after[name] for name in before} == before
    assert after["kubelet/worker-4"].slot == 3


def test_trace_events_travel_along_their_edge(cluster):
    graph = topology.from_cluster(cluster)
    assert topology.route(graph, "kubelet/worker-2", "kube-apiserver") == (
        "kubelet/worker-2", "kube-apiserver", False)
    assert topology.route(graph, "containerd/worker-2", "kubelet/worker-2") == (
        "kubelet/worker-2", "containerd/worker-2", True)
    assert topology.route(graph, "presenter", "kube-apiserver") == ("kubectl", "kube-apiserver", False)
    assert topology.route(graph, "kube-proxy/worker-1", "iptables/worker-1") is None
    beat = packet(graph, event("kubelet/worker-1", "kube-apiserver", kind="LeaseUpdated"))
    assert beat is not None and (beat.edge, beat.kind) == ("edge-kubelet-worker-1--kube-apiserver", "beat")
    store = packet(graph, event("kube-apiserver", "etcd", kind="KeyWritten", verb="put"))
    assert store is not None and store.kind == "store"


# -- view models ----------------------------------------------------------------------------
def test_dom_ids_are_stable_and_plain():
    assert dom_id("node", None, "worker-2") == "node-worker-2"
    assert dom_id("pod", "default", "web-7c9f2") == "pod-default-web-7c9f2"
    assert dom_id("component", None, "kube-scheduler") == "component-kube-scheduler"
    assert dom_id("component", None, "kubelet/worker-2") == "component-kubelet-worker-2"


def test_a_fresh_cluster_is_one_control_plane_and_three_ready_workers(cluster):
    d = Builder("demo", cluster).build()
    assert [m.node.name for m in d.control_plane] == ["control-plane-1"]
    assert [(m.node.name, m.node.state) for m in d.workers] == [
        ("worker-1", "Ready"), ("worker-2", "Ready"), ("worker-3", "Ready")]
    assert {c.name: c.running for c in d.components} == {
        "etcd": True, "kube-apiserver": True, "kube-scheduler": True, "kube-controller-manager": True}
    assert [a.name for a in d.workers[0].agents] == ["kubelet", "kube-proxy", "containerd"]
    node = d.workers[0].node
    assert (node.dom_id, node.cordoned, node.powered, node.kubelet_running, node.partitioned) == (
        "node-worker-1", False, True, True, False)


def test_pods_group_by_their_deployment_and_hide_component_pods(cluster):
    cluster.apply(deployment("web", 6))
    cluster.advance(5)
    d = Builder("demo", cluster).build()
    pods = [(g.label, p) for m in d.workers for g in m.groups for p in g.pods]
    web = [p for label, p in pods if label == "web"]
    assert len(web) == 6 and all(p.status == "Running" and p.ready for p in web)
    assert all(p.short == p.name.rsplit("-", 1)[1] for p in web)
    assert not any(label.startswith("kube-proxy") for label, _ in pods)      # drawn as each node's kube-proxy
    assert d.deployments[0].name == "web" and (d.deployments[0].ready, d.deployments[0].desired) == (6, 6)


def test_pending_pods_queue_at_a_stopped_scheduler(cluster):
    cluster.apply(fault("sched", type="ComponentDown", component="kube-scheduler", node="control-plane-1"))
    cluster.apply(deployment("api", 2))
    cluster.advance(3)
    d = Builder("demo", cluster).build()
    assert not d.component("kube-scheduler").running
    assert [p.owner for p in d.queue] == ["api", "api"]
    assert all(not p.pod.node for p in d.queue)


def test_an_unschedulable_pod_says_why(cluster):
    big = deployment("big", 1)
    big["spec"]["template"]["spec"]["containers"][0]["resources"] = {"requests": {"cpu": "64"}}
    cluster.apply(big)
    cluster.advance(3)
    d = Builder("demo", cluster).build()
    queued = [p for p in d.queue if p.owner == "big"]
    assert queued and queued[0].reason == "Unschedulable"
    assert any("Insufficient cpu" in reason for _, reason in d.why)


def test_a_failed_node_counts_down_to_unknown_then_to_eviction(cluster):
    cluster.apply(deployment("web", 3))
    cluster.advance(5)
    builder = Builder("demo", cluster)
    cluster.apply(fault("down", type="NodeDown", node="worker-2"))
    cluster.advance(0.5)
    node = builder.build().workers[1].node
    assert (node.problem, node.powered, node.kubelet_running, node.state) == (
        "machine down", False, False, "Ready")
    seen = set()
    for _ in range(30):
        cluster.advance(1)
        node = builder.build().workers[1].node
        if node.countdown:
            seen.add((node.state, node.countdown.label))
    assert ("Ready", "Unknown in") in seen
    assert ("Unknown", "pods evicted in") in seen
    assert node.state == "Unknown"


def test_cordon_and_kubelet_stop_and_partition_show_on_the_node(cluster):
    cluster.core.api.patch("nodes", "worker-1", {"spec": {"unschedulable": True}}, actor="kubectl")
    cluster.apply(fault("kubelet", type="KubeletDown", node="worker-2"))
    cluster.apply(fault("net", type="NetworkPartition", nodes=["worker-3"]))
    cluster.advance(0.5)
    w1, w2, w3 = (m.node for m in Builder("demo", cluster).build().workers)
    assert w1.cordoned and w1.status_text == "Ready,SchedulingDisabled"
    assert not w2.kubelet_running and w2.problem == "kubelet stopped"
    assert w3.partitioned and w3.problem == "network cut"


def test_restarts_and_crash_loops_show_on_the_pod(cluster):
    crash = deployment("crash", 1, image="busybox")
    crash["spec"]["template"]["spec"]["containers"][0]["command"] = ["false"]
    cluster.apply(crash)
    cluster.advance(20)
    pod = next(p for m in Builder("demo", cluster).build().workers for g in m.groups for p in g.pods
               if g.label == "crash")
    assert pod.restarts >= 1
    assert pod.status in ("CrashLoopBackOff", "Error", "RunContainerError", "Running")


# -- event log --------------------------------------------------------------------------------
def test_kubernetes_events_become_log_rows_and_traffic_does_not():
    row = log_row(event("kube-scheduler", "kube-apiserver", kind="EventCreated", verb="create",
                        message="Scheduled: Successfully assigned default/web-1 to worker-1",
                        obj="events default/web-1.17a2"))
    assert row is not None
    assert (row.component, row.reason, row.subject) == ("kube-scheduler", "Scheduled", "default/web-1")
    warning = log_row(event("kube-controller-manager", "kube-apiserver", kind="EventCreated",
                            message="NodeNotReady: Node worker-2 status is now: NodeNotReady"))
    assert warning is not None and warning.warning
    assert log_row(event("kubelet/worker-1", "kube-apiserver", kind="LeaseUpdated")) is None
    presenter = log_row(event("presenter", "kube-apiserver", kind="NodeCordoned",
                              message="kubectl cordon w1"))
    assert presenter is not None and presenter.message == "kubectl cordon w1"
    kubelet = log_row(event("kubelet/worker-3", "kube-apiserver", kind="EventCreated", message="Pulled: x"))
    assert kubelet is not None and (kubelet.component, kubelet.node) == ("kubelet", "worker-3")
