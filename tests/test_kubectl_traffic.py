"""Services traffic and container runtimes, seen with the real kubectl (both binaries):
``get nodes -o wide`` on a mixed-runtime cluster, ``get endpointslices``, TrafficFlows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ServerProcess
from tests.kubectl_helpers import (
    ClusterInfo,
    Kubectl,
    create_cluster,
    retire,
    table,
    wait_until,
)

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80}]
"""

FLOW = """\
apiVersion: sim.clusterviz.io/v1
kind: TrafficFlow
metadata: {name: %s}
spec: {service: web, fromNode: worker-1, rate: %s}
"""


@pytest.fixture(scope="module")
def cluster(daphne_server: ServerProcess) -> Iterator[ClusterInfo]:
    info = create_cluster(daphne_server, "traffic", workers=3, runtimes="containerd,cri-o,docker")
    yield info
    retire(info)


def web_ready(kubectl: Kubectl) -> bool:
    status = kubectl.json("get", "deployment", "web").get("status") or {}
    return status.get("readyReplicas") == 3


def test_get_nodes_wide_shows_each_nodes_container_runtime(kubectl: Kubectl) -> None:
    rows = table(kubectl.out("get", "nodes", "-o", "wide"))
    assert rows[0][-1] == "CONTAINER-RUNTIME"
    runtimes = {row[0]: row[-1] for row in rows[1:]}
    assert runtimes == {
        "control-plane-1": "containerd://1.7.24",
        "worker-1": "containerd://1.7.24",
        "worker-2": "cri-o://1.32.0",
        "worker-3": "docker://27.4.1",
    }
    # Container IDs carry the runtime's scheme, as kubelets report them.
    pods = kubectl.json("get", "pods", "-n", "kube-system", "--field-selector", "spec.nodeName=worker-2")
    ids = [c["containerID"] for p in pods["items"] for c in p["status"].get("containerStatuses") or []]
    assert ids and all(i.startswith("cri-o://") for i in ids)


def test_get_endpointslices_prints_like_a_real_cluster(kubectl: Kubectl) -> None:
    kubectl.run("apply", "-f", "-", stdin=WEB)
    wait_until(lambda: web_ready(kubectl), what="web ready")
    pods = kubectl.json("get", "pods", "-l", "app=web")["items"]
    ips = {p["status"]["podIP"] for p in pods}

    def web_slice() -> list[str] | None:
        rows = table(kubectl.out("get", "endpointslices", "-A"))
        found = [r for r in rows[1:] if r[0] == "default" and r[1].startswith("web-")]
        return found[0] if found and set(found[0][4].split(",")) == ips else None

    row = wait_until(web_slice, what="web's slice lists the 3 pods")
    header = table(kubectl.out("get", "endpointslices", "-A"))[0]
    assert header == ["NAMESPACE", "NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    assert row[2:4] == ["IPv4", "80"]
    kubernetes = table(kubectl.out("get", "endpointslices", "kubernetes"))
    assert kubernetes[1][:4] == ["kubernetes", "IPv4", "6443", "10.0.0.11"]


def test_traffic_flows_are_listed_counted_and_deleted(kubectl: Kubectl) -> None:
    kubectl.run("apply", "-f", "-", stdin=WEB)
    wait_until(lambda: web_ready(kubectl), what="web ready")
    name = f"load-{Path(kubectl.binary).name.replace('.', '-')}"
    assert kubectl.out("apply", "-f", "-", stdin=FLOW % (name, 20)).strip() == (
        f"trafficflow.sim.clusterviz.io/{name} created"
    )
    wait_until(
        lambda: kubectl.json("get", "trafficflow", name)["status"].get("succeeded", 0) >= 20, what="ok"
    )
    rows = table(kubectl.out("get", "trafficflows"))
    assert rows[0] == ["NAME", "SERVICE", "FROM", "RATE", "SENT", "OK", "FAILED", "AGE"]
    row = next(r for r in rows[1:] if r[0] == name)
    assert row[1:4] == ["default/web", "worker-1", "20"]
    assert int(row[4]) >= 20 and row[4] == row[5] and row[6] == "0"
    wide = table(kubectl.out("get", "tf", name, "-o", "wide"))
    assert wide[0][-3:] == ["VIA", "LAST-ENDPOINT", "LAST-ERROR"]
    assert wide[1][-3] == "ClusterIP" and wide[1][-2].endswith(":80") and wide[1][-1] == "<none>"
    status = kubectl.json("get", "trafficflow", name)["status"]
    assert set(status["byEndpoint"]) <= {
        f"{p['status']['podIP']}:80" for p in kubectl.json("get", "pods", "-l", "app=web")["items"]
    }
    assert (
        kubectl.out("delete", "trafficflow", name).strip()
        == f'trafficflow.sim.clusterviz.io "{name}" deleted'
    )
    assert name not in kubectl.out("get", "trafficflows")


def test_a_bad_traffic_flow_is_refused_like_any_invalid_object(kubectl: Kubectl) -> None:
    err = kubectl.fails("apply", "-f", "-", stdin=FLOW % ("too-fast", 500))
    assert 'The TrafficFlow "too-fast" is invalid' in err
    assert "spec.rate: Invalid value: 500: must be between 0.1 and 100" in err
    err = kubectl.fails("apply", "-f", "-", stdin=(FLOW % ("nowhere", 1)).replace("worker-1", "worker-9"))
    assert 'spec.fromNode: Not found: "worker-9"' in err


def test_explain_documents_the_traffic_flow_fields(kubectl: Kubectl) -> None:
    out = kubectl.out("explain", "trafficflow.spec")
    assert "KIND:       TrafficFlow" in out and "GROUP:      sim.clusterviz.io" in out
    for field in ("fromNode", "nodePort", "port", "rate", "service"):
        assert f"  {field}\t" in out
