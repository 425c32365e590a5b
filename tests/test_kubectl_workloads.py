"""The stories of a Kubernetes lesson, typed with the real kubectl (both binaries).

Each binary gets its own simulated cluster (classroom timing at high speed, so rollouts
and node failures play out in seconds); each test uses its own names within it.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ServerProcess
from tests.kubectl_helpers import (
    KUBECTLS,
    ClusterInfo,
    Kubectl,
    create_cluster,
    kubectl_binary,
    retire,
    table,
    wait_until,
)

MULTI_DOC = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels: {{app: {name}}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - name: app
        image: {image}
        ports: [{{containerPort: 80}}]
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80, targetPort: 80}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: {name}-config}}
data: {{mode: demo}}
"""


@pytest.fixture(scope="module", params=KUBECTLS)
def binary(request: pytest.FixtureRequest) -> str:
    return kubectl_binary(request.param)


@pytest.fixture(scope="module")
def cluster(daphne_server: ServerProcess, binary: str) -> Iterator[ClusterInfo]:
    info = create_cluster(daphne_server, "work")
    yield info
    retire(info)


@pytest.fixture
def kubectl(binary: str, cluster: ClusterInfo, live_server_url: str, tmp_path: Path) -> Kubectl:
    return Kubectl(binary, tmp_path, cluster)


def ready(kubectl: Kubectl, deployment: str, replicas: int) -> bool:
    obj = kubectl.json("get", "deployment", deployment)
    status = obj.get("status") or {}
    return (
        status.get("readyReplicas") == replicas
        and status.get("updatedReplicas") == replicas
        and status.get("replicas") == replicas
    )


def phase(kubectl: Kubectl, pod: str) -> str:
    return kubectl.out("get", "pod", pod, "-o", "jsonpath={.status.phase}")


def test_run_starts_a_pod_that_reaches_running_and_has_logs(kubectl: Kubectl) -> None:
    out = kubectl.out("run", "hello-minikube", "--image=registry.k8s.io/echoserver:1.4", "--port=8080")
    assert out.strip() == "pod/hello-minikube created"
    wait_until(lambda: phase(kubectl, "hello-minikube") == "Running", what="hello-minikube Running")
    kubectl.out("logs", "hello-minikube")  # echoserver logs nothing until it serves a request
    kubectl.out("run", "talker", "--image=nginx")
    wait_until(lambda: phase(kubectl, "talker") == "Running", what="talker Running")
    assert "/docker-entrypoint.sh" in kubectl.out("logs", "talker")
    assert len(kubectl.out("logs", "talker", "--tail=2").splitlines()) == 2
    stamped = kubectl.out("logs", "talker", "--tail=1", "--timestamps").split(" ", 1)[0]
    assert stamped.endswith("Z") and "T" in stamped


def test_logs_follow_streams_until_stopped(kubectl: Kubectl) -> None:
    kubectl.out("run", "follower", "--image=nginx")
    wait_until(lambda: phase(kubectl, "follower") == "Running", what="follower Running")
    process = kubectl.popen("logs", "-f", "follower", "--tail=1")
    try:
        time.sleep(2.0)
        assert process.poll() is None, "logs -f must keep streaming"
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=10)
    assert len(out.splitlines()) >= 1


def test_create_deployment_scale_and_expose(kubectl: Kubectl) -> None:
    # kubectl >= 1.32 sends this create as a protobuf body.
    assert (
        kubectl.out("create", "deployment", "web", "--image=nginx", "--replicas=3").strip()
        == "deployment.apps/web created"
    )
    wait_until(lambda: ready(kubectl, "web", 3), what="web 3/3")
    assert kubectl.out("scale", "deployment", "web", "--replicas=5").strip() == "deployment.apps/web scaled"
    wait_until(lambda: ready(kubectl, "web", 5), what="web 5/5")
    assert kubectl.out("expose", "deployment", "web", "--port=80").strip() == "service/web exposed"

    def endpoints() -> bool:
        out = kubectl.out("get", "svc,endpoints")
        return "service/web" in out and "endpoints/web" in out and "+ 2 more..." in out

    wait_until(endpoints, what="5 endpoints for service web")
    rows = table(kubectl.out("get", "svc", "web"))
    assert rows[0] == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert rows[1][1] == "ClusterIP" and rows[1][4] == "80/TCP"


def test_apply_multi_document_client_side_then_again_then_server_side(kubectl: Kubectl) -> None:
    path = kubectl.write("app.yaml", MULTI_DOC.format(name="shop", image="nginx:1.25"))
    out = kubectl.out("apply", "-f", str(path))
    assert out.splitlines() == [
        "deployment.apps/shop created",
        "service/shop created",
        "configmap/shop-config created",
    ]
    again = kubectl.out("apply", "-f", str(path))
    assert again.splitlines() == [
        "deployment.apps/shop unchanged",
        "service/shop unchanged",
        "configmap/shop-config unchanged",
    ]
    server_side = kubectl.out("apply", "--server-side", "-f", str(path))
    assert server_side.count("serverside-applied") == 3
    ports = kubectl.json("get", "deployment", "shop")["spec"]["template"]["spec"]["containers"][0]["ports"]
    assert ports == [{"containerPort": 80, "protocol": "TCP"}]
    created = kubectl.out(
        "apply",
        "--server-side",
        "-f",
        str(kubectl.write("ssa.yaml", MULTI_DOC.format(name="cart", image="nginx:1.25"))),
    )
    assert created.count("serverside-applied") == 3
    assert kubectl.json("get", "configmap", "cart-config")["data"] == {"mode": "demo"}


def test_apply_a_new_image_rolls_out_and_undo_rolls_back(kubectl: Kubectl) -> None:
    kubectl.out(
        "apply", "-f", str(kubectl.write("v1.yaml", MULTI_DOC.format(name="blog", image="nginx:1.25")))
    )
    wait_until(lambda: ready(kubectl, "blog", 2), what="blog 2/2")
    kubectl.out(
        "apply", "-f", str(kubectl.write("v2.yaml", MULTI_DOC.format(name="blog", image="nginx:1.26")))
    )
    out = kubectl.out("rollout", "status", "deployment/blog", "--timeout=60s", timeout=90)
    assert 'deployment "blog" successfully rolled out' in out
    image = "jsonpath={.spec.template.spec.containers[0].image}"
    assert kubectl.out("get", "deployment", "blog", "-o", image) == "nginx:1.26"
    assert kubectl.out("rollout", "undo", "deployment/blog").strip() == "deployment.apps/blog rolled back"
    kubectl.out("rollout", "status", "deployment/blog", "--timeout=60s", timeout=90)
    assert kubectl.out("get", "deployment", "blog", "-o", image) == "nginx:1.25"
    # The rollback reuses the first ReplicaSet: two in all, the old one scaled to 0.
    sets = kubectl.json("get", "replicasets", "-l", "app=blog")["items"]
    assert sorted(rs["spec"]["replicas"] for rs in sets) == [0, 2]


def test_get_pods_watch_streams_changes_until_stopped(kubectl: Kubectl) -> None:
    process = kubectl.popen("get", "pods", "-w", "-l", "app=watched")
    try:
        time.sleep(1.0)
        kubectl.out("create", "deployment", "watched", "--image=nginx", "--replicas=2")
        wait_until(lambda: ready(kubectl, "watched", 2), what="watched 2/2")
        time.sleep(0.5)
        assert process.poll() is None, "get -w must stay open"
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] or "No resources found" in err
    statuses = {line.split()[2] for line in lines if line.startswith("watched-")}
    assert "Running" in statuses and statuses & {"Pending", "ContainerCreating"}


def test_delete_pod_waits_until_it_is_gone(kubectl: Kubectl) -> None:
    kubectl.out("run", "doomed", "--image=nginx")
    wait_until(lambda: phase(kubectl, "doomed") == "Running", what="doomed Running")
    # kubectl 1.35 adds "from default namespace".
    assert kubectl.out("delete", "pod", "doomed", timeout=60).startswith('pod "doomed" deleted')
    assert 'pods "doomed" not found' in kubectl.fails("get", "pod", "doomed")


def test_describe_pod_shows_its_events(kubectl: Kubectl) -> None:
    kubectl.out("run", "described", "--image=nginx")
    wait_until(lambda: phase(kubectl, "described") == "Running", what="described Running")
    out = kubectl.out("describe", "pod", "described")
    assert "Status:           Running" in out and "Image:          nginx" in out
    for reason in ("Scheduled", "Pulled", "Created", "Started"):
        assert reason in out.split("Events:", 1)[1]


def test_cordon_uncordon_and_drain(kubectl: Kubectl) -> None:
    assert kubectl.out("cordon", "worker-1").strip() == "node/worker-1 cordoned"
    assert "Ready,SchedulingDisabled" in kubectl.out("get", "node", "worker-1")
    assert kubectl.out("uncordon", "worker-1").strip() == "node/worker-1 uncordoned"
    kubectl.out("run", "bare", "--image=nginx", "--overrides", json.dumps({"spec": {"nodeName": "worker-2"}}))
    kubectl.out("create", "deployment", "drained", "--image=nginx", "--replicas=2")
    wait_until(
        lambda: ready(kubectl, "drained", 2) and phase(kubectl, "bare") == "Running", what="drained ready"
    )
    done = kubectl.run("drain", "worker-2", "--ignore-daemonsets", "--force", "--timeout=60s", timeout=90)
    assert "node/worker-2 drained" in done.stdout, done.stderr
    assert "evicting pod default/bare" in done.stderr + done.stdout
    pods = kubectl.json("get", "pods", "-A", "--field-selector", "spec.nodeName=worker-2")["items"]
    assert all(p["metadata"]["name"].startswith("kube-proxy-") for p in pods)
    wait_until(lambda: ready(kubectl, "drained", 2), what="drained rescheduled")
    kubectl.out("uncordon", "worker-2")


def test_a_node_down_fault_makes_the_node_not_ready_and_deleting_it_heals(kubectl: Kubectl) -> None:
    fault = kubectl.write(
        "fault.yaml",
        "apiVersion: sim.clusterviz.io/v1\nkind: Fault\n"
        "metadata: {name: w1-down}\nspec: {type: NodeDown, node: worker-1}\n",
    )
    assert kubectl.out("apply", "-f", str(fault)).strip() == "fault.sim.clusterviz.io/w1-down created"
    assert "Active" in kubectl.out("get", "faults")

    def node_status() -> str:
        return table(kubectl.out("get", "node", "worker-1"))[1][1]

    wait_until(lambda: node_status() == "NotReady", what="worker-1 NotReady")
    assert kubectl.out("delete", "fault", "w1-down").startswith('fault.sim.clusterviz.io "w1-down" deleted')
    wait_until(lambda: node_status() == "Ready", what="worker-1 Ready again")


def test_the_clock_is_patched_like_any_object(kubectl: Kubectl) -> None:
    out = kubectl.out("patch", "simulation", "cluster", "--type=merge", "-p", '{"spec":{"speed":25}}')
    assert out.strip() == "simulation.sim.clusterviz.io/cluster patched"
    wait_until(
        lambda: kubectl.json("get", "simulation", "cluster")["status"].get("speed") == 25, what="speed 25"
    )
    kubectl.out("patch", "simulation", "cluster", "--type=merge", "-p", '{"spec":{"speed":20}}')


def test_errors_print_as_on_a_real_cluster(kubectl: Kubectl) -> None:
    kubectl.out("create", "deployment", "dup", "--image=nginx")
    assert (
        kubectl.fails("create", "deployment", "dup", "--image=nginx").strip()
        == 'error: failed to create deployment: deployments.apps "dup" already exists'
    )
    path = kubectl.write("dup.yaml", MULTI_DOC.format(name="twice", image="nginx"))
    kubectl.out("create", "-f", str(path))
    assert (
        'Error from server (AlreadyExists): error when creating "dup.yaml": deployments.apps "twice" '
        "already exists" in kubectl.fails("create", "-f", "dup.yaml")
    )
    bad = kubectl.write(
        "bad.yaml",
        MULTI_DOC.format(name="Bad_Name", image="nginx")
        .split("---")[0]
        .replace("replicas: 2", "replicas: -1"),
    )
    invalid = kubectl.fails("apply", "-f", str(bad))
    assert 'The Deployment "Bad_Name" is invalid' in invalid
    assert (
        'metadata.name: Invalid value: "Bad_Name"' in invalid
        and "spec.replicas: Invalid value: -1" in invalid
    )
    typo = kubectl.write(
        "typo.yaml",
        MULTI_DOC.format(name="typo", image="nginx").split("---")[0].replace("replicas: 2", "replica: 2"),
    )
    assert 'strict decoding error: unknown field "spec.replica"' in kubectl.fails("apply", "-f", str(typo))
    kubectl.write("stale.json", kubectl.out("get", "deployment", "dup", "-o", "json"))
    kubectl.out("scale", "deployment", "dup", "--replicas=2")
    assert (
        'Error from server (Conflict): error when replacing "stale.json": Operation cannot be fulfilled on '
        'deployments.apps "dup": the object has been modified' in kubectl.fails("replace", "-f", "stale.json")
    )
    assert (
        kubectl.fails("logs", "nope").strip()
        == 'error: error from server (NotFound): pods "nope" not found in namespace "default"'
    )
    assert 'Error from server (NotFound): deployments.apps "nope" not found' in kubectl.fails(
        "delete", "deploy", "nope"
    )


def test_every_write_by_a_viewer_is_forbidden(kubectl: Kubectl) -> None:
    viewer = kubectl.as_viewer()
    assert table(viewer.out("get", "nodes"))[0][0] == "NAME"
    fault = viewer.write(
        "fault.yaml",
        "apiVersion: sim.clusterviz.io/v1\nkind: Fault\n"
        "metadata: {name: nope}\nspec: {type: NodeDown, node: worker-1}\n",
    )
    attempts = [
        ("run", "x", "--image=nginx"),
        ("create", "deployment", "x", "--image=nginx"),
        ("apply", "-f", str(fault)),
        ("delete", "pod", "anything"),
        ("scale", "deployment", "coredns", "-n", "kube-system", "--replicas=3"),
        ("patch", "simulation", "cluster", "--type=merge", "-p", '{"spec":{"paused":true}}'),
    ]
    for args in attempts:
        err = viewer.fails(*args)
        assert "Forbidden" in err or "forbidden" in err, (args, err)
        assert 'User "viewer" cannot' in err, (args, err)
    # kubectl cordon prints the error but exits 0, as against a real cluster.
    cordon = viewer.run("cordon", "worker-1", check=False)
    assert 'nodes "worker-1" is forbidden: User "viewer" cannot patch resource "nodes"' in cordon.stderr
    assert "SchedulingDisabled" not in viewer.out("get", "node", "worker-1")
    assert "Running" in viewer.out("get", "pods", "-n", "kube-system")


def test_while_the_apiserver_is_down_kubectl_fails_at_once_but_faults_still_work(kubectl: Kubectl) -> None:
    fault = kubectl.write(
        "api-down.yaml",
        "apiVersion: sim.clusterviz.io/v1\nkind: Fault\nmetadata: {name: api-down}\n"
        "spec: {type: ComponentDown, component: kube-apiserver, node: control-plane-1}\n",
    )
    kubectl.out("apply", "-f", str(fault))
    started = time.monotonic()
    err = kubectl.fails("get", "pods")
    assert time.monotonic() - started < 10
    name = kubectl.cluster.name
    assert f"Error from server (ServiceUnavailable): the kube-apiserver of cluster {name} is down" in err
    assert "api-down" in kubectl.out("get", "faults")
    kubectl.out("delete", "-f", str(fault))
    assert table(kubectl.out("get", "nodes"))[0][0] == "NAME"
