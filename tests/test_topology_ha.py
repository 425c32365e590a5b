"""The who-talks-to-whom graph of a kubeadm HA control plane (pure data, no cluster needed)."""
from __future__ import annotations

from simulator import topology
from simulator.topology import MachineFacts

MACHINES = [MachineFacts(f"control-plane-{i}", "control-plane", i, "containerd") for i in (1, 2, 3)] + [
    MachineFacts("worker-1", "worker", 1, "crio")]


def test_only_each_apiserver_talks_to_its_own_etcd_member_and_members_talk_raft() -> None:
    graph = topology.build(MACHINES)
    for i in (1, 2, 3):
        etcd = f"etcd@control-plane-{i}"
        callers = {u for u, _ in graph.in_edges(etcd) if not u.startswith("etcd@")}
        assert callers == {f"kube-apiserver@control-plane-{i}"}
        peers = set(graph.successors(etcd)) | {u for u, _ in graph.in_edges(etcd) if u.startswith("etcd@")}
        assert peers == {f"etcd@control-plane-{j}" for j in (1, 2, 3) if j != i}


def test_kubelets_and_kubectl_reach_the_apiservers_through_the_load_balancer() -> None:
    graph = topology.build(MACHINES)
    assert set(graph.successors("kubelet/worker-1")) == {"load-balancer", "crio/worker-1"}
    assert set(graph.successors("kubectl")) == {"load-balancer"}
    assert set(graph.successors("load-balancer")) == {f"kube-apiserver@control-plane-{i}" for i in (1, 2, 3)}
    assert set(graph.successors("kube-scheduler@control-plane-2")) == {"kube-apiserver@control-plane-2"}
    hops = topology.path(graph, "kubelet/worker-1", "kube-apiserver@control-plane-3")
    assert hops == [("kubelet/worker-1", "load-balancer", False),
                    ("load-balancer", "kube-apiserver@control-plane-3", False)]
    assert topology.route(graph, "kubelet/worker-1", "kube-apiserver@control-plane-3") == hops[0]
    assert topology.path(graph, "etcd@control-plane-3", "etcd@control-plane-1") == [
        ("etcd@control-plane-1", "etcd@control-plane-3", True)]


def test_every_component_has_a_stable_position() -> None:
    graph = topology.build(MACHINES)
    positions = topology.layout(graph)
    assert set(positions) == set(graph.nodes)
    assert positions["load-balancer"].tier == "clients"
    assert positions["etcd@control-plane-2"].machine == "control-plane-2"
