"""The presenter's controls against a real simulated cluster (classroom timing), in-process."""

from __future__ import annotations

import json

import pytest

from clusterviz import controls
from simulator.cluster import Cluster
from tests.simhelpers import healthy, pods_of, ready_status, run_until

P, V = "presenter", "viewer"


@pytest.fixture
def cluster() -> Cluster:
    return Cluster.create(seed=3, workers=3, timing="classroom")


def act(cluster: Cluster, action: str, role: str = P, **params: object) -> controls.Outcome:
    return controls.perform(cluster, action, {k: str(v) for k, v in params.items()}, role=role)


def presenter_requests(cluster: Cluster) -> list[str]:
    return [e.message for e in cluster.core.trace if e.actor == "presenter" and e.target == "kube-apiserver"]


def deployed(cluster: Cluster, name: str = "web", replicas: int = 6) -> None:
    assert act(cluster, "deploy", name=name, image="nginx", replicas=replicas).ok
    run_until(cluster, lambda: len(healthy(cluster, name)) == replicas, limit=60)


def faults(cluster: Cluster) -> dict[str, dict]:
    return {f["metadata"]["name"]: f["spec"] for f in cluster.objects("faults")}


@pytest.mark.parametrize(
    ("action", "params", "command"),
    [
        ("fail-node", {"node": "worker-2"}, "kubectl apply -f fault-worker-2-down.yaml (NodeDown worker-2)"),
        (
            "stop-kubelet",
            {"node": "worker-1"},
            "kubectl apply -f fault-worker-1-kubelet-down.yaml (KubeletDown worker-1)",
        ),
        (
            "cut-network",
            {"node": "worker-3"},
            "kubectl apply -f fault-worker-3-partition.yaml (NetworkPartition worker-3)",
        ),
        (
            "stop-component",
            {"component": "kube-scheduler"},
            "kubectl apply -f fault-kube-scheduler-down.yaml "
            "(ComponentDown kube-scheduler on control-plane-1)",
        ),
        ("cordon", {"node": "worker-1"}, "kubectl cordon worker-1"),
        ("drain", {"node": "worker-1"}, "kubectl drain worker-1 --ignore-daemonsets --force"),
        (
            "deploy",
            {"name": "web", "image": "nginx", "replicas": "4"},
            "kubectl create deployment web --image=nginx --replicas=4",
        ),
        (
            "speed",
            {"speed": "10"},
            """kubectl patch simulation cluster --type=merge -p '{"spec":{"speed":10}}'""",
        ),
        (
            "speed",
            {"speed": "0.25"},
            """kubectl patch simulation cluster --type=merge -p '{"spec":{"speed":0.25}}'""",
        ),
        ("pause", {}, """kubectl patch simulation cluster --type=merge -p '{"spec":{"paused":true}}'"""),
        (
            "timing",
            {"timing": "kubernetes"},
            """kubectl patch simulation cluster --type=merge -p '{"spec":{"timing":"kubernetes"}}'""",
        ),
        ("remove-node", {}, "kubectl delete node worker-3"),
    ],
)
def test_each_control_is_announced_as_the_equivalent_kubectl_command(cluster, action, params, command):
    outcome = controls.perform(cluster, action, params, role=P)
    assert outcome.ok, outcome.output
    assert command in presenter_requests(cluster)


def test_fail_node_creates_a_node_down_fault_and_the_node_turns_unknown(cluster):
    outcome = act(cluster, "fail-node", node="worker-2")
    assert outcome.output == "fault.sim.clusterviz.io/fault-worker-2-down created"
    assert outcome.touched == ("node-worker-2",)
    assert faults(cluster) == {"fault-worker-2-down": {"type": "NodeDown", "node": "worker-2"}}
    assert cluster.machines["worker-2"].powered is False
    run_until(cluster, lambda: ready_status(cluster, "worker-2") == "Unknown", limit=30)
    assert act(cluster, "fail-node", node="worker-2").output.endswith("unchanged")


def test_recover_node_deletes_every_node_down_fault_of_that_node(cluster):
    cluster.apply(
        {
            "apiVersion": "sim.clusterviz.io/v1",
            "kind": "Fault",
            "metadata": {"name": "by-kubectl"},
            "spec": {"type": "NodeDown", "node": "worker-1"},
        }
    )
    act(cluster, "fail-node", node="worker-1")
    outcome = act(cluster, "recover-node", node="worker-1")
    assert outcome.ok and faults(cluster) == {}
    assert "kubectl delete fault by-kubectl fault-worker-1-down" in presenter_requests(cluster)
    assert cluster.machines["worker-1"].powered
    assert act(cluster, "recover-node", node="worker-1").status == 409


def test_kubelet_and_network_faults_come_and_go(cluster):
    act(cluster, "stop-kubelet", node="worker-1")
    act(cluster, "cut-network", node="worker-3")
    assert not cluster.machines["worker-1"].kubelet.running
    assert "worker-3" in cluster.core.network.partitioned
    assert act(cluster, "start-kubelet", node="worker-1").ok
    assert act(cluster, "restore-network", node="worker-3").ok
    assert cluster.machines["worker-1"].kubelet.running and not cluster.core.network.partitioned
    assert faults(cluster) == {}


def test_cordon_and_uncordon_patch_spec_unschedulable(cluster):
    def unschedulable() -> object:
        return cluster.core.api.get("nodes", "worker-1").get("spec", {}).get("unschedulable")

    assert act(cluster, "cordon", node="worker-1").output == "node/worker-1 cordoned"
    assert unschedulable() is True
    assert act(cluster, "cordon", node="worker-1").output == "node/worker-1 already cordoned"
    assert act(cluster, "uncordon", node="worker-1").output == "node/worker-1 uncordoned"
    assert unschedulable() is None


def test_drain_cordons_and_evicts_all_but_daemonset_pods(cluster):
    deployed(cluster)
    on_node = [p["metadata"]["name"] for p in healthy(cluster, "web") if p["spec"]["nodeName"] == "worker-1"]
    outcome = act(cluster, "drain", node="worker-1")
    lines = outcome.output.splitlines()
    assert lines[0] == "node/worker-1 cordoned" and lines[-1] == "node/worker-1 drained"
    assert lines[1].startswith("Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-")
    assert all(f"pod/{name} evicted" in lines for name in on_node)
    run_until(
        cluster,
        lambda: len([p for p in healthy(cluster, "web") if p["spec"]["nodeName"] != "worker-1"]) == 6,
        limit=60,
    )
    proxies = [
        p
        for p in cluster.objects("pods", namespace="kube-system")
        if p["spec"].get("nodeName") == "worker-1" and p["metadata"]["name"].startswith("kube-proxy")
    ]
    assert proxies and not proxies[0]["metadata"].get("deletionTimestamp")


def test_stopped_scheduler_leaves_new_pods_pending_until_started(cluster):
    assert act(cluster, "stop-component", component="kube-scheduler", node="control-plane-1").ok
    act(cluster, "deploy", name="api", image="nginx", replicas=2)
    cluster.advance(10)
    pods = pods_of(cluster, "api")
    assert len(pods) == 2 and not any(p["spec"].get("nodeName") for p in pods)
    assert act(cluster, "start-component", component="kube-scheduler").ok
    run_until(cluster, lambda: len(healthy(cluster, "api")) == 2, limit=30)


def test_stopped_controller_manager_does_not_replace_a_deleted_pod_until_started(cluster):
    deployed(cluster, replicas=3)
    victim = healthy(cluster, "web")[0]["metadata"]["name"]
    act(cluster, "stop-component", component="kube-controller-manager")
    assert act(cluster, "delete-pod", name=victim).output == f'pod "{victim}" deleted'
    cluster.advance(20)
    assert len(pods_of(cluster, "web")) == 2
    act(cluster, "start-component", component="kube-controller-manager")
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 3, limit=30)


def test_deploy_with_bad_input_answers_the_apiservers_422_naming_the_field(cluster):
    bad_name = act(cluster, "deploy", name="Web", image="nginx", replicas=1)
    assert bad_name.status == 422 and 'metadata.name: Invalid value: "Web"' in bad_name.output
    no_image = act(cluster, "deploy", name="web", image="", replicas=1)
    assert (
        no_image.status == 422 and "spec.template.spec.containers[0].image: Required value" in no_image.output
    )
    negative = act(cluster, "deploy", name="web", image="nginx", replicas=-1)
    assert negative.status == 422 and "spec.replicas" in negative.output
    assert cluster.objects("deployments", namespace="default") == []


def test_scale_and_delete_a_deployment(cluster):
    deployed(cluster, replicas=2)
    assert act(cluster, "scale", name="web", replicas=4).output == "deployment.apps/web scaled"
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 4, limit=30)
    assert "kubectl scale deployment web --replicas=4" in presenter_requests(cluster)
    assert act(cluster, "scale", name="web", replicas=-2).status == 422
    assert act(cluster, "delete-deployment", name="web").ok
    run_until(cluster, lambda: not pods_of(cluster, "web"), limit=60)


def test_the_clock_is_the_simulation_object(cluster):
    act(cluster, "speed", speed="20")
    assert cluster.speed == 20 and cluster.core.api.get("simulations", "cluster")["spec"]["speed"] == 20
    act(cluster, "pause")
    assert cluster.paused
    before = cluster.now
    assert act(cluster, "step").ok and cluster.now == pytest.approx(before + 1.0)
    act(cluster, "play")
    assert not cluster.paused
    act(cluster, "timing", timing="kubernetes")
    assert cluster.timing == "kubernetes"
    assert act(cluster, "speed", speed="1000").status == 422
    assert act(cluster, "speed", speed="fast").status == 422
    assert act(cluster, "timing", timing="slow").status == 422


def test_step_pauses_a_running_clock_first(cluster):
    assert not cluster.paused
    act(cluster, "step")
    assert cluster.paused


def test_add_and_remove_node(cluster):
    assert act(cluster, "add-node").output == "node/worker-4 joined"
    run_until(cluster, lambda: ready_status(cluster, "worker-4") == "True", limit=30)
    assert act(cluster, "remove-node").output == 'node "worker-4" deleted'
    assert "worker-4" not in cluster.machines
    assert "worker-4" not in {n["metadata"]["name"] for n in cluster.objects("nodes")}


def test_a_viewer_is_refused_and_nothing_changes(cluster):
    for action, params in [("fail-node", {"node": "worker-1"}), ("pause", {}), ("deploy", {"name": "x"})]:
        outcome = act(cluster, action, role=V, **params)
        assert (outcome.ok, outcome.status, outcome.close_code) == (False, 403, controls.WS_REFUSED)
    assert (
        faults(cluster) == {}
        and not cluster.paused
        and cluster.objects("deployments", namespace="default") == []
    )
    assert presenter_requests(cluster) == []


def test_bad_requests_are_answered_not_raised(cluster):
    assert act(cluster, "explode").status == 404
    assert act(cluster, "fail-node").status == 400
    assert act(cluster, "fail-node", node="worker-9").status == 404
    assert act(cluster, "stop-component", component="kubelet").status == 404
    assert act(cluster, "remove-node", node="control-plane-1").status == 409


def test_with_the_apiserver_down_a_request_bounces_visibly(cluster):
    act(cluster, "stop-component", component="kube-apiserver")
    outcome = act(cluster, "cordon", node="worker-1")
    assert outcome.status == 503 and "kube-apiserver is down" in outcome.output
    assert any(
        e.kind == "RequestRefused" and e.message.startswith("kubectl cordon worker-1")
        for e in cluster.core.trace
    )
    assert act(cluster, "start-component", component="kube-apiserver").ok  # faults still reach the simulation
    assert act(cluster, "cordon", node="worker-1").ok


class LiveStub:
    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster


async def test_websocket_control_messages_from_the_presenter_act(cluster):
    message = json.loads('{"action": "cordon", "node": "worker-2", "HEADERS": {"HX-Request": "true"}}')
    outcome = await controls.perform_ws(LiveStub(cluster), P, message)
    assert outcome.ok and outcome.close_code is None
    assert cluster.core.api.get("nodes", "worker-2")["spec"]["unschedulable"] is True


async def test_websocket_control_messages_from_a_viewer_close_the_socket(cluster):
    outcome = await controls.perform_ws(LiveStub(cluster), V, {"action": "fail-node", "node": "worker-1"})
    assert outcome.close_code == 4403 and faults(cluster) == {}
    missing = await controls.perform_ws(LiveStub(cluster), P, {"node": "worker-1"})
    assert missing.status == 400 and missing.close_code is None
