"""The API over plain HTTP, as clients see it: discovery, OpenAPI, Tables, watch, auth."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ServerProcess
from tests.kubectl_helpers import ClusterInfo, create_cluster, retire, server_url, wait_until

AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
DISCOVERY_ACCEPT = (
    f"{AGGREGATED},application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"
)
TABLE = (
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
    "application/json"
)


@pytest.fixture(scope="module")
def cluster(daphne_server: ServerProcess) -> Iterator[ClusterInfo]:
    info = create_cluster(daphne_server, "http")
    yield info
    retire(info)


def base_url(cluster: ClusterInfo, role: str = "presenter") -> str:
    return server_url(cluster, role)


@pytest.fixture
def http(cluster: ClusterInfo, live_server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url(cluster), timeout=20) as c:
        yield c


def status_of(response: httpx.Response) -> dict:
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["kind"] == "Status" and body["apiVersion"] == "v1" and body["code"] == response.status_code
    return body


# -- version and discovery ---------------------------------------------------------------
def test_version_is_v1_32_so_the_debian_dispatcher_runs_its_built_in_client(http: httpx.Client) -> None:
    body = http.get("/version").json()
    assert (body["major"], body["minor"], body["gitVersion"]) == ("1", "32", "v1.32.4")


def test_aggregated_discovery_has_its_exact_content_type(http: httpx.Client) -> None:
    response = http.get("/apis", headers={"Accept": DISCOVERY_ACCEPT})
    assert response.headers["content-type"] == AGGREGATED
    groups = {g["metadata"]["name"]: g for g in response.json()["items"]}
    assert {"apps", "metrics.k8s.io", "sim.clusterviz.io", "coordination.k8s.io", "discovery.k8s.io"} <= set(
        groups
    )
    apps = {r["resource"]: r for r in groups["apps"]["versions"][0]["resources"]}
    assert apps["deployments"]["shortNames"] == ["deploy"] and apps["deployments"]["categories"] == ["all"]
    scale = next(s for s in apps["deployments"]["subresources"] if s["subresource"] == "scale")
    assert scale["responseKind"] == {"group": "autoscaling", "version": "v1", "kind": "Scale"}
    core = http.get("/api", headers={"Accept": DISCOVERY_ACCEPT}).json()["items"][0]["versions"][0][
        "resources"
    ]
    pods = next(r for r in core if r["resource"] == "pods")
    subs = {s["subresource"]: s for s in pods["subresources"]}
    assert subs["eviction"]["responseKind"] == {"group": "policy", "version": "v1", "kind": "Eviction"}
    assert set(subs) == {"status", "binding", "eviction", "log"}


def test_legacy_discovery_lists_subresources_with_their_group(http: httpx.Client) -> None:
    assert http.get("/api").json()["versions"] == ["v1"]
    groups = http.get("/apis").json()
    assert groups["kind"] == "APIGroupList"
    resources = {r["name"]: r for r in http.get("/api/v1").json()["resources"]}
    assert (
        resources["pods/eviction"]["group"] == "policy" and resources["pods/eviction"]["kind"] == "Eviction"
    )
    assert resources["pods/log"]["verbs"] == ["get"]
    assert http.get("/apis/sim.clusterviz.io/v1").json()["groupVersion"] == "sim.clusterviz.io/v1"


# -- OpenAPI -------------------------------------------------------------------------------
def test_openapi_v3_item_paths_declare_patch_with_gvk_and_field_validation(http: httpx.Client) -> None:
    index = http.get("/openapi/v3").json()["paths"]
    url = index["apis/apps/v1"]["serverRelativeURL"]
    assert url.startswith("/openapi/v3/apis/apps/v1?hash=")
    doc = http.get(url).json()
    item = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]
    assert item["patch"]["x-kubernetes-group-version-kind"] == {
        "group": "apps",
        "version": "v1",
        "kind": "Deployment",
    }
    assert "fieldValidation" in {p["name"] for p in item["patch"]["parameters"]}
    spec = doc["components"]["schemas"]["io.k8s.api.apps.v1.DeploymentSpec"]
    assert spec["properties"]["replicas"]["type"] == "integer"
    assert spec["properties"]["template"]["allOf"] == [
        {"$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec"}
    ]


def test_openapi_v2_is_not_served(http: httpx.Client) -> None:
    assert http.get("/openapi/v2").status_code == 404


# -- tables and lists ----------------------------------------------------------------------
def test_lists_are_tables_when_asked_and_lists_otherwise(http: httpx.Client) -> None:
    table = http.get("/api/v1/nodes", headers={"Accept": TABLE}).json()
    assert table["kind"] == "Table" and table["apiVersion"] == "meta.k8s.io/v1"
    assert table["columnDefinitions"][0]["format"] == "name" and table["metadata"]["resourceVersion"]
    assert table["rows"][0]["object"]["kind"] == "PartialObjectMetadata"
    full = http.get("/api/v1/nodes", params={"includeObject": "Object"}, headers={"Accept": TABLE}).json()
    assert full["rows"][0]["object"]["kind"] == "Node"
    listing = http.get("/api/v1/nodes").json()
    assert listing["kind"] == "NodeList" and all(i["kind"] == "Node" for i in listing["items"])
    one = http.get("/api/v1/nodes/worker-1", headers={"Accept": TABLE}).json()
    assert one["kind"] == "Table" and len(one["rows"]) == 1


def test_field_and_label_selectors_filter_lists(http: httpx.Client) -> None:
    pods = http.get(
        "/api/v1/pods", params={"fieldSelector": "spec.nodeName=worker-1,status.phase!=Failed"}
    ).json()
    assert pods["items"] and all(p["spec"]["nodeName"] == "worker-1" for p in pods["items"])
    dns = http.get(
        "/api/v1/namespaces/kube-system/services",
        params={"labelSelector": "kubernetes.io/cluster-service=true"},
    ).json()
    assert [s["metadata"]["name"] for s in dns["items"]] == ["kube-dns"]


# -- watch ---------------------------------------------------------------------------------
def read_events(
    http: httpx.Client,
    path: str,
    params: dict,
    *,
    until: int,
    timeout: float = 10,
    headers: dict | None = None,
) -> list[dict]:
    events: list[dict] = []
    deadline = time.monotonic() + timeout
    with http.stream("GET", path, params=params, headers=headers or {}) as response:
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        for line in response.iter_lines():
            if line:
                events.append(json.loads(line))
            if len(events) >= until or time.monotonic() > deadline:
                break
    return events


def test_watch_without_resource_version_replays_current_objects(http: httpx.Client) -> None:
    nodes = read_events(http, "/api/v1/nodes", {"watch": "1"}, until=3)
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in nodes] == [
        ("ADDED", "control-plane-1"),
        ("ADDED", "worker-1"),
        ("ADDED", "worker-2"),
    ]


@pytest.mark.parametrize("flag", ["1", "t", "T", "true", "True", "TRUE"])
def test_watch_booleans_are_parsed_like_go(http: httpx.Client, flag: str) -> None:
    assert read_events(http, "/api/v1/namespaces", {"watch": flag}, until=1)[0]["type"] == "ADDED"


def test_watch_from_a_resource_version_sends_later_changes_only(http: httpx.Client) -> None:
    rv = http.get("/api/v1/namespaces/default/configmaps").json()["metadata"]["resourceVersion"]
    threading.Timer(
        0.5, lambda: http.post("/api/v1/namespaces/default/configmaps", json={"metadata": {"name": "later"}})
    ).start()
    events = read_events(
        http, "/api/v1/namespaces/default/configmaps", {"watch": "true", "resourceVersion": rv}, until=1
    )
    assert events[0]["type"] == "ADDED" and events[0]["object"]["metadata"]["name"] == "later"


def set_speed(http: httpx.Client, speed: float) -> None:
    response = http.patch(
        "/apis/sim.clusterviz.io/v1/simulations/cluster",
        json={"spec": {"speed": speed}},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code == 200, response.text


def test_a_compacted_resource_version_is_an_error_event_with_410(http: httpx.Client) -> None:
    # etcd keeps 5 simulated minutes of history: run the clock fast until revision 1 is gone.
    set_speed(http, 1000)
    try:
        wait_until(
            lambda: http.get("/apis/sim.clusterviz.io/v1/simulations/cluster").json()["status"]["time"] > 400,
            what="5 simulated minutes",
        )
    finally:
        set_speed(http, 20)
    events = read_events(http, "/api/v1/pods", {"watch": "true", "resourceVersion": "1"}, until=1)
    assert events[0]["type"] == "ERROR"
    assert events[0]["object"]["code"] == 410 and events[0]["object"]["reason"] == "Expired"


def test_table_watches_send_one_row_tables_with_headers_first(http: httpx.Client) -> None:
    events = read_events(http, "/api/v1/nodes", {"watch": "true"}, until=2, headers={"Accept": TABLE})
    assert [e["object"]["kind"] for e in events] == ["Table", "Table"]
    assert events[0]["object"]["columnDefinitions"] and events[1]["object"]["columnDefinitions"] is None
    assert all(len(e["object"]["rows"]) == 1 for e in events)


def test_bookmarks_only_when_asked_and_initial_events_end_for_streaming_lists(http: httpx.Client) -> None:
    events = read_events(
        http,
        "/api/v1/namespaces",
        {
            "watch": "true",
            "sendInitialEvents": "true",
            "allowWatchBookmarks": "true",
            "resourceVersionMatch": "NotOlderThan",
        },
        until=5,
    )
    assert [e["type"] for e in events] == ["ADDED"] * 4 + ["BOOKMARK"]
    assert events[-1]["object"]["metadata"]["annotations"] == {"k8s.io/initial-events-end": "true"}
    plain = read_events(http, "/api/v1/namespaces", {"watch": "true", "timeoutSeconds": "2"}, until=99)
    assert {e["type"] for e in plain} == {"ADDED"}


def test_watch_ends_at_its_timeout(http: httpx.Client) -> None:
    started = time.monotonic()
    read_events(
        http,
        "/api/v1/namespaces/default/pods",
        {"watch": "true", "timeoutSeconds": "1"},
        until=999,
        timeout=30,
    )
    assert time.monotonic() - started < 5


# -- auth ----------------------------------------------------------------------------------
def test_unknown_credentials_get_401_and_never_another_clusters_data(
    cluster: ClusterInfo, daphne_server: ServerProcess, live_server_url: str, request: pytest.FixtureRequest
) -> None:
    other = create_cluster(daphne_server, "other", workers=1)
    request.addfinalizer(lambda: retire(other))
    credential = base_url(other).rsplit("/", 1)[1]
    with httpx.Client(timeout=10) as c:
        for url in (
            f"{live_server_url}/k8s/{cluster.name}/{credential}/api/v1/nodes",
            f"{live_server_url}/k8s/{cluster.name}/not-a-credential/api/v1/nodes",
            f"{live_server_url}/k8s/nope/{credential}/version",
            f"{live_server_url}/k8s/{cluster.name}",
        ):
            response = c.get(url)
            assert response.status_code == 401, url
            assert status_of(response)["reason"] == "Unauthorized"
        mine = c.get(f"{base_url(other)}/api/v1/nodes").json()
    assert [n["metadata"]["name"] for n in mine["items"]] == ["control-plane-1", "worker-1"]


def test_viewer_reads_but_every_write_is_403(cluster: ClusterInfo, live_server_url: str) -> None:
    with httpx.Client(base_url=base_url(cluster, "viewer"), timeout=10) as c:
        assert c.get("/api/v1/nodes").status_code == 200
        writes = [
            c.post("/api/v1/namespaces/default/configmaps", json={"metadata": {"name": "v"}}),
            c.put("/api/v1/namespaces/default/configmaps/v", json={"metadata": {"name": "v"}}),
            c.patch(
                "/api/v1/nodes/worker-1",
                json={"spec": {}},
                headers={"Content-Type": "application/merge-patch+json"},
            ),
            c.delete("/api/v1/namespaces/default/pods/x"),
            c.delete("/api/v1/namespaces/default/configmaps"),
            c.post("/apis/sim.clusterviz.io/v1/faults", json={"metadata": {"name": "f"}}),
            c.patch(
                "/apis/sim.clusterviz.io/v1/simulations/cluster",
                json={"spec": {"paused": True}},
                headers={"Content-Type": "application/merge-patch+json"},
            ),
            c.post("/api/v1/namespaces/default/pods/x/eviction", json={}),
        ]
    for response in writes:
        assert response.status_code == 403
        assert status_of(response)["reason"] == "Forbidden"


def test_watch_stream_stays_open_while_the_cluster_changes(http: httpx.Client) -> None:
    threading.Timer(
        0.3, lambda: http.post("/api/v1/namespaces/default/configmaps", json={"metadata": {"name": "w1"}})
    ).start()
    threading.Timer(0.8, lambda: http.delete("/api/v1/namespaces/default/configmaps/w1")).start()
    rv = http.get("/api/v1/namespaces/default/configmaps").json()["metadata"]["resourceVersion"]
    events = read_events(
        http, "/api/v1/namespaces/default/configmaps", {"watch": "true", "resourceVersion": rv}, until=2
    )
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("ADDED", "w1"),
        ("DELETED", "w1"),
    ]
    wait_until(lambda: http.get("/api/v1/namespaces/default/configmaps/w1").status_code == 404)


# -- writes and subresources -------------------------------------------------------------
MERGE = {"Content-Type": "application/merge-patch+json"}


def unscheduled_pod(name: str) -> dict:
    # A scheduler nobody runs: the pod waits for a binding.
    return {
        "metadata": {"name": name, "labels": {"batch": "x"}},
        "spec": {"schedulerName": "by-hand", "containers": [{"name": "c", "image": "nginx"}]},
    }


def test_binding_assigns_a_pod_and_a_second_binding_conflicts(http: httpx.Client) -> None:
    pods = "/api/v1/namespaces/default/pods"
    assert http.post(pods, json=unscheduled_pod("manual")).status_code == 201
    bind = {
        "apiVersion": "v1",
        "kind": "Binding",
        "metadata": {"name": "manual"},
        "target": {"apiVersion": "v1", "kind": "Node", "name": "worker-2"},
    }
    response = http.post(f"{pods}/manual/binding", json=bind)
    assert response.status_code == 201 and response.json()["status"] == "Success"
    assert http.get(f"{pods}/manual").json()["spec"]["nodeName"] == "worker-2"
    again = http.post(f"{pods}/manual/binding", json=bind)
    assert again.status_code == 409 and status_of(again)["reason"] == "Conflict"


def test_status_patches_touch_only_the_status(http: httpx.Client) -> None:
    pods = "/api/v1/namespaces/default/pods"
    http.post(pods, json=unscheduled_pod("statused"))
    patch = {"spec": {"schedulerName": "changed"}, "status": {"message": "hello"}}
    response = http.patch(f"{pods}/statused/status", json=patch, headers=MERGE)
    assert response.status_code == 200
    body = http.get(f"{pods}/statused/status").json()
    assert body["status"]["message"] == "hello" and body["spec"]["schedulerName"] == "by-hand"


def test_eviction_answers_201_and_the_pod_goes(http: httpx.Client) -> None:
    pods = "/api/v1/namespaces/default/pods"
    http.post(pods, json=unscheduled_pod("evicted"))
    eviction = {
        "apiVersion": "policy/v1",
        "kind": "Eviction",
        "metadata": {"name": "evicted", "namespace": "default"},
        "deleteOptions": {},
    }
    assert http.post(f"{pods}/evicted/eviction", json=eviction).status_code == 201
    wait_until(lambda: http.get(f"{pods}/evicted").status_code == 404, what="evicted pod gone")


def test_delete_honours_preconditions_and_returns_a_status(http: httpx.Client) -> None:
    cms = "/api/v1/namespaces/default/configmaps"
    created = http.post(cms, json={"metadata": {"name": "guarded"}}).json()
    stale = http.request("DELETE", f"{cms}/guarded", json={"preconditions": {"uid": "not-the-uid"}})
    assert stale.status_code == 409 and "Precondition failed" in status_of(stale)["message"]
    gone = http.request(
        "DELETE",
        f"{cms}/guarded",
        json={"preconditions": {"uid": created["metadata"]["uid"]}, "propagationPolicy": "Background"},
    )
    assert gone.status_code == 200
    assert gone.json()["status"] == "Success" and gone.json()["details"]["uid"] == created["metadata"]["uid"]


def test_deletecollection_deletes_what_the_selector_matches(http: httpx.Client) -> None:
    cms = "/api/v1/namespaces/default/configmaps"
    for name, team in (("red-1", "red"), ("red-2", "red"), ("blue-1", "blue")):
        http.post(cms, json={"metadata": {"name": name, "labels": {"team": team}}})
    response = http.delete(cms, params={"labelSelector": "team=red"})
    assert sorted(i["metadata"]["name"] for i in response.json()["items"]) == ["red-1", "red-2"]
    left = http.get(cms, params={"labelSelector": "team"}).json()["items"]
    assert [i["metadata"]["name"] for i in left] == ["blue-1"]


def test_unknown_fields_are_refused_when_strict_and_warned_about_by_default(http: httpx.Client) -> None:
    cms = "/api/v1/namespaces/default/configmaps"
    strict = http.post(cms, params={"fieldValidation": "Strict"}, json={"metadata": {"name": "s"}, "dta": {}})
    assert strict.status_code == 400
    assert status_of(strict)["message"] == (
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: '
        'strict decoding error: unknown field "dta"'
    )
    warned = http.post(cms, json={"metadata": {"name": "w"}, "dta": {}})
    assert warned.status_code == 201 and warned.headers["warning"] == '299 - "unknown field \\"dta\\""'
