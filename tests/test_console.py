"""The in-browser kubectl console against a real simulated cluster (classroom timing)."""

from __future__ import annotations

import pytest

from clusterviz import console
from clusterviz.console_describe import tabwriter
from clusterviz.k8s import printers
from simulator.apiserver.registry import BY_PLURAL
from simulator.cluster import Cluster
from tests.simhelpers import healthy, pods_of, run_until

SERVER = "http://127.0.0.1:8000/k8s/demo/credential"


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    """One cluster with a deployment, shared by the read-only tests."""
    cluster = Cluster.create(seed=5, workers=3, timing="classroom")
    kubectl(cluster, "kubectl create deployment web --image=nginx --replicas=3")
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 3, limit=60)
    return cluster


@pytest.fixture
def fresh() -> Cluster:
    return Cluster.create(seed=6, workers=2, timing="classroom")


def kubectl(cluster: Cluster, line: str, *, role: str = "presenter") -> console.ConsoleResult:
    return console.run(console.Session(cluster, "demo", role, server=SERVER), line)


def ok(cluster: Cluster, line: str, **kwargs: str) -> str:
    result = kubectl(cluster, line, **kwargs)
    assert result.exit_code == 0, result.output
    return result.output


def test_get_nodes_prints_the_apis_own_table(cluster):
    expected = printers.text(
        BY_PLURAL["nodes"], cluster.objects("nodes"), now=cluster.now, clock=cluster.core.clock
    )
    result = kubectl(cluster, "kubectl get nodes")
    assert result.output == expected
    assert result.output.splitlines()[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert result.touched[0] == "component-kube-apiserver"
    assert {"node-control-plane-1", "node-worker-1", "node-worker-3"} <= set(result.touched)


def test_get_accepts_kubectls_spellings(cluster):
    assert ok(cluster, "get po") == ok(cluster, "get pods") == ok(cluster, "kubectl get pod")
    wide = ok(cluster, "get pods -o wide")
    assert "NOMINATED NODE" in wide.splitlines()[0]
    everywhere = ok(cluster, "get pods --all-namespaces")
    assert everywhere.splitlines()[0].startswith("NAMESPACE") and "kube-system" in everywhere
    assert ok(cluster, "get pods -A") == everywhere
    assert "LABELS" in ok(cluster, "get deploy --show-labels").splitlines()[0]


def test_get_several_kinds_prefixes_names_with_their_kind(cluster):
    out = ok(cluster, "get deploy,rs")
    assert "deployment.apps/web" in out and "replicaset.apps/web-" in out
    assert "\n\n" in out
    assert ok(cluster, "get all").count("NAME ") >= 3


def test_get_output_formats(cluster):
    name = pods_of(cluster, "web")[0]["metadata"]["name"]
    yaml_text = ok(cluster, f"get pod {name} -o yaml")
    assert yaml_text.startswith("apiVersion: v1\nkind: Pod\nmetadata:\n")
    assert 'creationTimestamp: "' in yaml_text
    assert '"kind": "Pod"' in ok(cluster, f"get pod/{name} -o json")
    assert ok(cluster, "get deploy -o name") == "deployment.apps/web\n"
    assert '"kind": "List"' in ok(cluster, "get deploy -o json")


def test_get_errors_read_like_kubectls(cluster):
    assert kubectl(cluster, "get pod nope").output == 'Error from server (NotFound): pods "nope" not found\n'
    assert kubectl(cluster, "get frobs").output == 'error: the server doesn\'t have a resource type "frobs"\n'
    assert kubectl(cluster, "get pods -n empty").output == "No resources found in empty namespace.\n"
    assert kubectl(cluster, "get pods --bogus").output.startswith("error: unknown flag: --bogus")
    assert kubectl(cluster, "frobnicate").output.startswith(
        'error: unknown command "frobnicate" for "kubectl"'
    )
    assert kubectl(cluster, "get pods -o jsonpath={.items}").exit_code == 1
    assert kubectl(cluster, "get pods -w").exit_code == 1
    assert kubectl(cluster, 'get "pods').output.startswith("error: cannot parse")


def test_reads_are_traced_like_any_client_of_the_apiserver(cluster):
    ok(cluster, "get nodes")
    last = [e for e in cluster.core.trace if e.actor == "kubectl (console)"][-1]
    assert (last.target, last.verb, last.message) == ("kube-apiserver", "list", "list nodes")


def test_describe_pod_node_deployment_and_service(cluster):
    pod = pods_of(cluster, "web")[0]
    text = ok(cluster, f"describe pod {pod['metadata']['name']}")
    lines = text.splitlines()
    assert lines[0] == f"Name:             {pod['metadata']['name']}"
    # Go's tabwriter aligns each block of tabbed lines on its own, as kubectl's describe shows.
    assert "IPs:\n  IP:           10.244." in text and "\nControlled By:  ReplicaSet/web-" in text
    assert "  PodReadyToStartContainers   True \n" in text
    assert "Events:\n  Type    Reason     Age" in text and "default-scheduler  Successfully assigned" in text
    node = ok(cluster, "describe node worker-1")
    assert node.startswith("Name:               worker-1\nRoles:              <none>\n")
    assert "Non-terminated Pods:" in node and "Allocated resources:" in node
    deployment = ok(cluster, "describe deployment web")
    assert "Replicas:               3 desired | 3 updated | 3 total | " in deployment
    assert "NewReplicaSet:   web-" in deployment
    assert "Type:                     ClusterIP" in ok(cluster, "describe svc kubernetes")
    assert "Spec:\n  Paused:  false\n  Speed:   1\n" in ok(cluster, "describe simulation cluster")


def test_tabwriter_pads_each_column_block_like_go():
    assert tabwriter("a\tb\naaa\tc\n") == "a    b\naaa  c\n"
    assert tabwriter("x:\t1\nlonger:\t2\nbreak\nx:\t3\n") == "x:       1\nlonger:  2\nbreak\nx:  3\n"
    assert tabwriter("T\tS\nReady \tTrue \n") == "T       S\nReady   True \n"


def test_events_lists_what_happened_oldest_first(cluster):
    out = ok(cluster, "events")
    assert out.splitlines()[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert "ScalingReplicaSet" in out and "Deployment/web" in out
    assert ok(cluster, "events --for deployment/web").count("\n") >= 2
    assert "No events found" in kubectl(cluster, "events --types=Warning").output


def test_logs_version_cluster_info(cluster):
    pod = pods_of(cluster, "web")[0]["metadata"]["name"]
    assert "nginx" in ok(cluster, f"logs {pod}")
    assert ok(cluster, "logs deployment/web")
    assert (
        ok(cluster, "version")
        == "Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.4\n"
    )
    info = ok(cluster, "cluster-info")
    assert info.startswith(
        f"Kubernetes control plane is running at {SERVER}\nCoreDNS is running at {SERVER}/api/v1/"
    )


def test_run_creates_a_pod_named_like_kubectl_does(fresh):
    result = kubectl(fresh, "kubectl run hello --image=nginx --labels=app=hello,tier=web -- sleep 3600")
    assert result.output == "pod/hello created\n" and "pod-default-hello" in result.touched
    pod = fresh.core.api.get("pods", "hello", namespace="default")
    assert pod["metadata"]["labels"] == {"app": "hello", "tier": "web"}
    assert pod["spec"]["containers"][0]["args"] == ["sleep", "3600"]
    assert kubectl(fresh, "run nameless").output.startswith('error: required flag(s) "image" not set')


def test_create_deployment_scale_expose_and_rollout(fresh):
    assert (
        ok(fresh, "create deployment api --image=registry.k8s.io/echoserver:1.4 --port=8080")
        == "deployment.apps/api created\n"
    )
    assert (
        fresh.core.api.get("deployments", "api", namespace="default")["spec"]["template"]["spec"][
            "containers"
        ][0]["name"]
        == "echoserver"
    )
    assert ok(fresh, "scale deployment api --replicas=3") == "deployment.apps/api scaled\n"
    assert ok(fresh, "expose deployment api --port=80") == "service/api exposed\n"
    service = fresh.core.api.get("services", "api", namespace="default")
    assert service["spec"]["selector"] == {"app": "api"} and service["spec"]["ports"][0]["targetPort"] == 80
    run_until(fresh, lambda: len(healthy(fresh, "api")) == 3, limit=60)
    # The Deployment's status catches up with its pods at the controller's next sync.
    run_until(fresh, lambda: "successfully" in ok(fresh, "rollout status deployment/api"), limit=30)
    assert ok(fresh, "rollout status deployment/api") == 'deployment "api" successfully rolled out\n'
    bad = kubectl(fresh, "create deployment Bad --image=nginx")
    assert bad.output.startswith(
        'error: failed to create deployment: Deployment.apps "Bad" is invalid: metadata.name'
    )


def test_rollout_undo_goes_back_to_the_previous_template(fresh):
    ok(fresh, "create deployment web --image=nginx:1.26")
    run_until(fresh, lambda: len(healthy(fresh, "web")) == 1, limit=60)
    ok(
        fresh,
        "apply -f -\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n",
    )
    run_until(fresh, lambda: ok(fresh, "rollout status deploy/web").startswith("deployment"), limit=60)
    assert "2 " in ok(fresh, "rollout history deployment/web")
    assert ok(fresh, "rollout undo deployment/web") == "deployment.apps/web rolled back\n"
    image = fresh.core.api.get("deployments", "web", namespace="default")["spec"]["template"]["spec"][
        "containers"
    ][0]["image"]
    assert image == "nginx:1.26"


def test_apply_pasted_yaml_creates_then_configures(fresh):
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  colour: blue\n"
    assert ok(fresh, "kubectl apply -f -\n" + manifest) == "configmap/settings created\n"
    assert ok(fresh, "kubectl apply -f -\n" + manifest) == "configmap/settings unchanged\n"
    heredoc = "kubectl apply -f - <<EOF\n" + manifest.replace("blue", "red") + "EOF\n"
    assert ok(fresh, heredoc) == "configmap/settings configured\n"
    assert kubectl(fresh, "apply -f -\nkind: Frob\napiVersion: v9\nmetadata: {name: x}\n").output.startswith(
        "error: resource mapping not found"
    )
    invalid = kubectl(fresh, "apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad\nspec: {}\n")
    assert invalid.output.startswith('The Pod "Bad" is invalid: ') and invalid.exit_code == 1


def test_delete_cordon_uncordon_and_drain(fresh):
    ok(fresh, "run solo --image=nginx")
    run_until(
        fresh,
        lambda: fresh.core.api.get("pods", "solo", namespace="default")["spec"].get("nodeName"),
        limit=30,
    )
    node = fresh.core.api.get("pods", "solo", namespace="default")["spec"]["nodeName"]
    refused = kubectl(fresh, f"drain {node} --ignore-daemonsets")
    assert refused.exit_code == 1 and "cannot delete Pods that declare no controller" in refused.output
    drained = ok(fresh, f"drain {node} --ignore-daemonsets --force")
    assert "evicting pod default/solo" in drained and drained.endswith(f"node/{node} drained\n")
    assert ok(fresh, f"uncordon {node}") == f"node/{node} uncordoned\n"
    assert ok(fresh, f"cordon node/{node}") == f"node/{node} cordoned\n"
    assert ok(fresh, "delete pod solo --force").endswith('\npod "solo" force deleted\n')
    assert kubectl(fresh, "delete pod solo").output == 'Error from server (NotFound): pods "solo" not found\n'


VIEWER_REFUSAL = ': User "viewer" cannot {verb} resource "{what}" in API group "{group}" {scope}: ' \
    "the viewer credential is read-only"


def refusal(shown: str, verb: str, what: str, group: str = "", namespace: str = "default") -> str:
    scope = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
    return f"{shown} is forbidden" + VIEWER_REFUSAL.format(verb=verb, what=what, group=group, scope=scope)


def test_viewers_may_read_but_every_write_is_forbidden(cluster):
    """Each refusal reads as the real kubectl's with the viewers' kubeconfig (checked against
    kubectl 1.32 and this server's HTTP API), command by command."""
    assert kubectl(cluster, "get nodes", role="viewer").exit_code == 0
    forbidden = "Error from server (Forbidden): "
    web = 'deployments.apps "web"'
    patch_web = "error: failed to patch: " + refusal(web, "patch", "deployments", "apps")
    worker = refusal('nodes "worker-1"', "patch", "nodes", namespace="")
    sim = refusal('simulations.sim.clusterviz.io "cluster"', "patch", "simulations", "sim.clusterviz.io", "")
    timing = "patch simulation cluster --type merge -p '{\"spec\":{\"timing\":\"kubernetes\"}}'"
    for line, output, code in [
        ("run x --image=nginx", forbidden + refusal("pods", "create", "pods"), 1),
        ("delete pod x", forbidden + refusal('pods "x"', "delete", "pods"), 1),
        ("delete deployment web", forbidden + refusal(web, "delete", "deployments", "apps"), 1),
        ("scale deploy web --replicas=9", forbidden + refusal(web, "patch", "deployments/scale", "apps"), 1),
        ("scale deploy nope --replicas=9",
         'error: no objects passed to scale deployments.apps "nope" not found', 1),
        ("cordon worker-1", 'error: unable to cordon node "worker-1": ' + worker, 0),
        ("uncordon worker-1", "node/worker-1 already uncordoned", 0),
        ("create deployment x --image=nginx",
         "error: failed to create deployment: "
         + refusal("deployments.apps", "create", "deployments", "apps"), 1),
        ("rollout restart deployment/web", patch_web, 1),
        ("rollout pause deployment/web", patch_web, 1),
        ("rollout resume deployment/web", 'error: deployments.apps "web" is not paused', 1),
        ("expose deployment web --port=80", forbidden + refusal("services", "create", "services"), 1),
        ("label node worker-1 a=b", forbidden + worker, 1),
        (timing, forbidden + sim, 1),
    ]:
        result = kubectl(cluster, line, role="viewer")
        assert (result.output, result.exit_code) == (output + "\n", code), line
    configmap = "apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
    applied = kubectl(cluster, configmap, role="viewer")
    assert applied.output.startswith(forbidden) and 'cannot create resource "configmaps"' in applied.output
    assert cluster.core.api.get("deployments", "web", namespace="default")["spec"]["replicas"] == 3
    assert not cluster.core.api.get("nodes", "worker-1").get("spec", {}).get("unschedulable")
    assert cluster.timing == "classroom"


def test_a_viewers_drain_reports_the_refused_cordon_and_each_refused_eviction(cluster):
    node = healthy(cluster, "web")[0]["spec"]["nodeName"]
    result = kubectl(cluster, f"drain {node} --ignore-daemonsets", role="viewer")
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[0] == f'error: unable to cordon node "{node}": ' + refusal(
        f'nodes "{node}"', "patch", "nodes", namespace=""
    )
    assert lines[1].startswith("Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-")
    evicting = [line.removeprefix("evicting pod ") for line in lines if line.startswith("evicting pod ")]
    assert evicting and f'There are pending pods in node "{node}" when an error occurred: ' in result.output
    for key in evicting:
        namespace, name = key.split("/")
        assert f"pod/{name}" in lines
        assert (f'error when evicting pods/"{name}" -n "{namespace}": '
                + refusal(f'pods "{name}"', "create", "pods/eviction", namespace=namespace)) in result.output
    assert lines[-2 - len(evicting)] == "There are pending nodes to be drained:"
    assert lines[-len(evicting):] == [line for line in lines if line.startswith("error when evicting pods/")]
    assert not cluster.core.api.get("nodes", node).get("spec", {}).get("unschedulable")


def test_patch_label_annotate_and_rollout_pause_resume(fresh):
    patch = "patch simulation cluster --type merge -p '{\"spec\":{\"timing\":\"kubernetes\",\"speed\":5}}'"
    assert ok(fresh, patch) == "simulation.sim.clusterviz.io/cluster patched\n"
    assert (fresh.timing, fresh.speed) == ("kubernetes", 5)
    cordon = "patch node worker-1 -p '{\"spec\":{\"unschedulable\":true}}'"
    assert ok(fresh, cordon) == "node/worker-1 patched\n"
    assert fresh.core.api.get("nodes", "worker-1")["spec"]["unschedulable"] is True
    bad = kubectl(fresh, "patch node worker-1 --type=replace -p '{}'")
    assert bad.output == '--type must be one of [json merge strategic], not "replace"\n'.join(["error: ", ""])
    assert ok(fresh, "label node worker-1 tier=web") == "node/worker-1 labeled\n"
    assert ok(fresh, "label node worker-1 tier=web") == "node/worker-1 not labeled\n"
    assert kubectl(fresh, "label node/worker-1 tier=db").output == (
        "error: 'tier' already has a value (web), and --overwrite is false\n"
    )
    assert ok(fresh, "label node/worker-1 tier=db --overwrite") == "node/worker-1 labeled\n"
    assert fresh.core.api.get("nodes", "worker-1")["metadata"]["labels"]["tier"] == "db"
    assert ok(fresh, "label node worker-1 tier-") == "node/worker-1 labeled\n"
    assert "tier" not in fresh.core.api.get("nodes", "worker-1")["metadata"]["labels"]
    assert ok(fresh, "annotate node worker-1 note=hello") == "node/worker-1 annotated\n"
    ok(fresh, "create deployment web --image=nginx")
    assert ok(fresh, "rollout pause deployment/web") == "deployment.apps/web paused\n"
    again = kubectl(fresh, "rollout pause deployment/web")
    assert again.output == 'error: deployments.apps "web" is already paused\n'
    assert fresh.core.api.get("deployments", "web", namespace="default")["spec"]["paused"] is True
    assert ok(fresh, "rollout resume deployment/web") == "deployment.apps/web resumed\n"
    assert not fresh.core.api.get("deployments", "web", namespace="default")["spec"].get("paused")


def test_while_the_apiserver_is_down_commands_fail_as_over_http(fresh):
    fresh.apply(
        {
            "apiVersion": "sim.clusterviz.io/v1",
            "kind": "Fault",
            "metadata": {"name": "api-down"},
            "spec": {"type": "ComponentDown", "component": "kube-apiserver", "node": "control-plane-1"},
        }
    )
    result = kubectl(fresh, "get pods")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error from server (ServiceUnavailable): the kube-apiserver of cluster demo is down"
    )
    assert ok(fresh, "get faults").startswith("NAME")  # the simulation's own kinds stay reachable


def test_on_an_ha_cluster_a_command_lights_the_load_balancer_and_the_apiserver_that_served_it() -> None:
    ha = Cluster.create(seed=3, workers=1, control_planes=3, timing="classroom")
    result = kubectl(ha, "kubectl get nodes")
    assert result.exit_code == 0 and "control-plane-3" in result.output
    assert result.touched[0] == "component-load-balancer"
    assert result.touched[1] in {f"component-kube-apiserver-control-plane-{i}" for i in (1, 2, 3)}
    assert "component-kube-apiserver" not in result.touched
