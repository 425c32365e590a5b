"""Bad input over HTTP: never a 5xx, always a Status, and the cluster unchanged.

The sweep runs with the simulation paused, so the cluster's resourceVersion (etcd's
revision) is a precise witness: any write, even a half-applied one, would move it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ServerProcess
from tests.kubectl_helpers import ClusterInfo, create_cluster, retire
from tests.test_k8s_http import TABLE, base_url

MIB = 1024 * 1024
POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "ok"},
    "spec": {"containers": [{"name": "c", "image": "nginx"}]},
}
# A "billion laughs": 9^7 nodes once expanded, from 200 bytes.
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdef", "bcdefg", strict=True)
)
JSON_CT = {"Content-Type": "application/json"}
MERGE = {"Content-Type": "application/merge-patch+json"}
JPATCH = {"Content-Type": "application/json-patch+json"}
APPLY = {"Content-Type": "application/apply-patch+yaml"}
PODS = "/api/v1/namespaces/default/pods"
CMS = "/api/v1/namespaces/default/configmaps"


@pytest.fixture(scope="module")
def cluster(daphne_server: ServerProcess) -> Iterator[ClusterInfo]:
    info = create_cluster(daphne_server, "bad", workers=1)
    yield info
    retire(info)


@pytest.fixture
def http(cluster: ClusterInfo, live_server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url(cluster), timeout=20) as c:
        yield c


def paused(http: httpx.Client, value: bool) -> None:
    response = http.patch(
        "/apis/sim.clusterviz.io/v1/simulations/cluster", json={"spec": {"paused": value}}, headers=MERGE
    )
    assert response.status_code == 200


def revision(http: httpx.Client) -> str:
    return http.get("/api/v1/namespaces").json()["metadata"]["resourceVersion"]


# (method, path, headers, body, expected status)
CASES: list[tuple[str, str, dict, bytes | str | None, int]] = [
    ("POST", PODS, JSON_CT, b"x" * (3 * MIB + 1), 413),
    ("POST", PODS, {"Content-Type": "application/yaml"}, BOMB, 400),
    ("POST", PODS, {"Content-Type": "application/yaml"}, "!!python/object/apply:os.system ['true']\n", 400),
    ("POST", PODS, {"Content-Type": "application/yaml"}, "a: [unclosed\n", 400),
    ("POST", PODS, JSON_CT, "[" * 50_000 + "]" * 50_000, 400),
    ("POST", PODS, JSON_CT, '{"a":' * 500 + "1" + "}" * 500, 400),
    ("POST", PODS, JSON_CT, "garbage", 400),
    ("POST", PODS, JSON_CT, b"\xff\xfe\x00", 400),
    ("POST", PODS, JSON_CT, '{"metadata": {"name": "x"}, "n": NaN}', 400),
    ("POST", PODS, JSON_CT, "9" * 5000, 400),
    ("POST", PODS, JSON_CT, "[1, 2]", 400),
    ("POST", PODS, JSON_CT, '"pod"', 400),
    ("POST", PODS, JSON_CT, '{"metadata": "x"}', 422),
    ("POST", PODS, JSON_CT, '{"metadata": {"name": 5}, "spec": {}}', 422),
    ("POST", PODS, JSON_CT, json.dumps({**POD, "kind": "Service"}), 400),
    ("POST", PODS, JSON_CT, json.dumps({**POD, "metadata": {"name": "ok", "namespace": "kube-system"}}), 400),
    ("POST", PODS, JSON_CT, json.dumps({**POD, "metadata": {"name": "x" * 300}}), 422),
    ("POST", PODS, JSON_CT, json.dumps({**POD, "spec": {"containers": []}}), 422),
    ("POST", PODS, {"Content-Type": "text/html"}, json.dumps(POD), 415),
    ("POST", PODS, {"Content-Type": "application/vnd.kubernetes.protobuf"}, b"k8s\x00\xff\xff\xff", 400),
    ("POST", PODS, {"Content-Type": "application/vnd.kubernetes.protobuf"}, b"not protobuf", 400),
    ("POST", "/api/v1/pods", JSON_CT, json.dumps(POD), 405),
    ("POST", "/api/v1/namespaces/nope/pods", JSON_CT, json.dumps(POD), 404),
    ("PUT", f"{CMS}/x", JSON_CT, '{"metadata": {"name": "y"}}', 400),
    ("PUT", f"{CMS}/x", JSON_CT, '{"metadata": {"name": "x"}}', 404),
    ("PUT", "/api/v1/nodes/worker-1", JSON_CT, "{}", 400),
    ("PATCH", "/api/v1/nodes/worker-1", JPATCH, "{}", 400),
    ("PATCH", "/api/v1/nodes/worker-1", JPATCH, '[{"op": "explode"}]', 422),
    ("PATCH", "/api/v1/nodes/worker-1", JPATCH, '[{"op": "remove", "path": "/nope/deeper"}]', 422),
    ("PATCH", "/api/v1/nodes/worker-1", MERGE, "[]", 400),
    ("PATCH", "/api/v1/nodes/worker-1", MERGE, '{"spec": {"unschedulable": "yes"}}', 422),
    ("PATCH", "/api/v1/nodes/worker-1", MERGE, '{"metadata": {"resourceVersion": "1"}}', 409),
    ("PATCH", "/api/v1/nodes/worker-1", JSON_CT, "{}", 415),
    ("PATCH", "/api/v1/nodes/worker-1", APPLY, BOMB, 400),
    ("PATCH", "/api/v1/nodes/worker-1", APPLY, '{"metadata": {"name": "worker-2"}}', 400),
    ("PATCH", "/api/v1/nodes/nope", MERGE, "{}", 404),
    ("PATCH", "/apis/sim.clusterviz.io/v1/simulations/cluster", MERGE, '{"spec": {"speed": -1}}', 422),
    ("PATCH", "/apis/sim.clusterviz.io/v1/simulations/cluster", MERGE, '{"spec": {"speed": "fast"}}', 422),
    (
        "POST",
        "/apis/sim.clusterviz.io/v1/faults",
        JSON_CT,
        '{"metadata": {"name": "f"}, "spec": {"type": "Meteor"}}',
        422,
    ),
    ("DELETE", f"{PODS}/nope", JSON_CT, "garbage", 400),
    ("DELETE", f"{PODS}/nope", JSON_CT, '{"propagationPolicy": "Sometimes"}', 422),
    ("DELETE", f"{PODS}/nope", JSON_CT, '{"gracePeriodSeconds": "soon"}', 400),
    ("DELETE", f"{PODS}/nope", {}, None, 404),
    ("DELETE", "/api/v1/nodes/worker-1?dryRun=Maybe", {}, None, 400),
    ("POST", f"{PODS}/nope/eviction", JSON_CT, "{}", 404),
    ("POST", f"{PODS}/nope/eviction", JSON_CT, "[]", 400),
    ("POST", f"{PODS}/nope/binding", JSON_CT, '{"target": {}}', 422),
    (
        "PUT",
        "/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale",
        JSON_CT,
        '{"spec": {"replicas": "many"}}',
        422,
    ),
    (
        "PUT",
        "/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale",
        JSON_CT,
        '{"spec": {"replicas": -3}}',
        422,
    ),
    ("PATCH", "/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale", MERGE, '{"spec": 5}', 422),
    ("GET", "/api/v1/foos", {}, None, 404),
    ("GET", "/apis/apps/v2/deployments", {}, None, 404),
    ("GET", "/apis/nope.io/v1/things", {}, None, 404),
    ("GET", "/api/v1/namespaces/default/nodes", {}, None, 404),
    ("GET", f"{PODS}/a/b/c/d", {}, None, 404),
    ("GET", f"{PODS}/a/exec", {}, None, 404),
    ("GET", "/api/v1/nodes/worker-1/scale", {}, None, 404),
    ("GET", f"{PODS}/%00", {}, None, 404),
    ("GET", f"{PODS}/{'x' * 300}", {}, None, 404),
    ("GET", "/api/v1/namespaces/default/pods/..%2F..%2Fsecrets", {}, None, 404),
    ("GET", "/api//v1/pods", {}, None, 404),
    ("GET", "/apis", {}, None, 200),
    ("GET", "/nonsense", {}, None, 404),
    ("GET", "/openapi/v3/apis/nope/v1", {}, None, 404),
    ("GET", "/api/v1/pods?labelSelector=a+in+(", {}, None, 400),
    ("GET", "/api/v1/pods?labelSelector=%3D%3D%3D", {}, None, 400),
    ("GET", "/api/v1/pods?fieldSelector=spec.nodeName", {}, None, 400),
    ("GET", "/api/v1/pods?fieldSelector=a%3D%3Db%3D%3Dc", {}, None, 400),
    ("GET", "/api/v1/pods?watch=maybe", {}, None, 400),
    ("GET", "/api/v1/pods?watch=1&timeoutSeconds=abc", {}, None, 400),
    ("GET", "/api/v1/pods?watch=1&timeoutSeconds=-5", {}, None, 400),
    ("GET", "/api/v1/pods?watch=1&resourceVersion=abc", {}, None, 400),
    ("GET", "/api/v1/pods?watch=1&resourceVersion=" + "9" * 40, {}, None, 400),
    ("GET", "/api/v1/pods?includeObject=Everything", {"Accept": TABLE}, None, 400),
    ("GET", f"{PODS}/nope/log?tailLines=-1", {}, None, 400),
    ("GET", f"{PODS}/nope/log?follow=sure", {}, None, 400),
    ("GET", f"{PODS}/nope/log", {}, None, 404),
    ("GET", "/apis/metrics.k8s.io/v1beta1/pods?labelSelector=a+in+(", {}, None, 400),
    ("GET", "/apis/metrics.k8s.io/v1beta1/nodes/nope", {}, None, 404),
    ("POST", "/apis/metrics.k8s.io/v1beta1/nodes", JSON_CT, "{}", 405),
    ("OPTIONS", "/api/v1/pods", {}, None, 405),
    ("HEAD", "/api/v1/pods", {}, None, 405),
    ("POST", "/version", JSON_CT, "{}", 405),
    ("GET", "/api/v1/pods?" + "&".join(f"k{i}=v" for i in range(500)), {}, None, 200),
]


def test_bad_input_gets_4xx_statuses_and_leaves_the_cluster_unchanged(http: httpx.Client) -> None:
    paused(http, True)
    try:
        before = revision(http)
        problems = []
        for method, path, headers, body, expected in CASES:
            content = body.encode() if isinstance(body, str) else body
            response = http.request(method, path, headers=headers, content=content)
            if response.status_code != expected:
                problems.append((method, path[:80], expected, response.status_code, response.text[:200]))
            if response.status_code >= 400 and method != "HEAD":
                assert response.headers["content-type"] == "application/json", (method, path)
                body_json = response.json()
                assert body_json["kind"] == "Status" and body_json["code"] == response.status_code
        assert not problems, "\n".join(map(str, problems))
        assert revision(http) == before, "bad input must not write anything"
    finally:
        paused(http, False)


def test_the_cluster_keeps_working_after_the_sweep(http: httpx.Client) -> None:
    created = http.post(CMS, json={"metadata": {"name": "after-sweep"}, "data": {"ok": "yes"}})
    assert created.status_code == 201
    assert http.get(f"{CMS}/after-sweep").json()["data"] == {"ok": "yes"}
