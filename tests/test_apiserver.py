"""kube-apiserver semantics: concurrency, binding, deletion, watches, validation, outages."""
from __future__ import annotations

import pytest

from simulator import errors
from simulator.core import Core, bootstrap_namespaces, build_core


@pytest.fixture
def core() -> Core:
    core = build_core(seed=3)
    bootstrap_namespaces(core)
    return core


def pod(name: str, **spec: object) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}], **spec}}


def test_create_fills_server_fields_and_keeps_unknown_fields(core: Core) -> None:
    body = pod("web")
    body["spec"]["someFutureField"] = {"kept": True}
    body["metadata"]["annotations"] = {"note": "<b>hi</b>"}
    created = core.api.create("pods", body)
    assert created["metadata"]["uid"] and created["metadata"]["creationTimestamp"] == "2026-01-01T00:00:00Z"
    assert created["spec"]["someFutureField"] == {"kept": True}
    assert created["status"]["phase"] == "Pending"
    assert created["spec"]["restartPolicy"] == "Always"
    assert {t["key"] for t in created["spec"]["tolerations"]} == {
        "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}
    assert all(t["tolerationSeconds"] == 300 for t in created["spec"]["tolerations"])
    assert core.api.get("pods", "web", namespace="default") is created
    with pytest.raises(errors.ApiError) as caught:
        core.api.create("pods", pod("web"))
    assert caught.value.code == 409 and caught.value.reason == "AlreadyExists"


def test_two_writers_from_the_same_resource_version_exactly_one_wins(core: Core) -> None:
    created = core.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                             "metadata": {"name": "c", "namespace": "default"},
                                             "data": {"a": "1"}})
    first = dict(created, data={"a": "2"})
    second = dict(created, data={"a": "3"})
    core.api.update("configmaps", first)
    with pytest.raises(errors.ApiError) as caught:
        core.api.update("configmaps", second)
    assert caught.value.code == 409 and "the object has been modified" in caught.value.message
    assert core.api.get("configmaps", "c", namespace="default")["data"] == {"a": "2"}


def test_a_pod_is_bound_once(core: Core) -> None:
    core.api.create("pods", pod("web"))
    bound = core.api.bind("default", "web", "worker-1")
    assert bound["spec"]["nodeName"] == "worker-1"
    with pytest.raises(errors.ApiError) as caught:
        core.api.bind("default", "web", "worker-2")
    assert caught.value.code == 409 and 'already assigned to node "worker-1"' in caught.value.message


def test_deleting_a_bound_pod_leaves_it_terminating_until_its_kubelet_confirms(core: Core) -> None:
    core.api.create("pods", pod("web"))
    core.api.bind("default", "web", "worker-1")
    marked = core.api.delete("pods", "web", namespace="default")
    assert marked["metadata"]["deletionTimestamp"] == "2026-01-01T00:00:30Z"
    assert marked["metadata"]["deletionGracePeriodSeconds"] == 30
    core.api.delete("pods", "web", namespace="default", grace_period_seconds=0,
                    preconditions={"uid": marked["metadata"]["uid"]})
    with pytest.raises(errors.ApiError) as caught:
        core.api.get("pods", "web", namespace="default")
    assert caught.value.code == 404


def test_unbound_pod_is_deleted_at_once(core: Core) -> None:
    core.api.create("pods", pod("web"))
    core.api.delete("pods", "web", namespace="default")
    assert core.api.list("pods", namespace="default")[0] == []


def test_watch_delivers_every_later_change_in_order_after_a_latency(core: Core) -> None:
    _, rv = core.api.list("pods")
    seen: list[tuple[str, str, str]] = []
    core.api.watch("pods",
                   lambda t, o: seen.append((t, o["metadata"]["name"], o["metadata"]["resourceVersion"])),
                   resource_version=rv)
    core.api.create("pods", pod("a"))
    core.api.create("pods", pod("b"))
    core.api.delete("pods", "a", namespace="default")
    assert seen == []
    core.kernel.run(until=1.0)
    assert [(t, n) for t, n, _ in seen] == [("ADDED", "a"), ("ADDED", "b"), ("DELETED", "a")]
    versions = [int(v) for _, _, v in seen]
    assert versions == sorted(versions) and len(set(versions)) == 3


def test_watch_without_resource_version_replays_current_objects(core: Core) -> None:
    core.api.create("pods", pod("a"))
    seen: list[str] = []
    core.api.watch("pods", lambda t, o: seen.append(t))
    core.kernel.run(until=1.0)
    assert seen == ["ADDED"]


def test_a_kubelet_watch_sees_a_pod_arrive_when_it_is_bound_to_its_node(core: Core) -> None:
    seen: list[tuple[str, str]] = []
    core.api.watch("pods", lambda t, o: seen.append((t, o["metadata"]["name"])),
                   field_selector="spec.nodeName=worker-1", resource_version=core.etcd.revision)
    core.api.create("pods", pod("a"))
    core.api.create("pods", pod("b"))
    core.api.bind("default", "a", "worker-1")
    core.api.bind("default", "b", "worker-2")
    core.kernel.run(until=1.0)
    assert seen == [("ADDED", "a")]


def test_invalid_objects_get_422_naming_the_field_and_nothing_is_stored(core: Core) -> None:
    revision = core.etcd.revision
    bad = pod("Not_Valid")
    bad["spec"]["containers"] = []
    with pytest.raises(errors.ApiError) as caught:
        core.api.create("pods", bad)
    assert caught.value.code == 422
    fields = {c["field"] for c in caught.value.details["causes"]}
    assert {"metadata.name", "spec.containers"} <= fields
    assert core.etcd.revision == revision


def test_status_writes_do_not_touch_spec_and_spec_writes_bump_generation(core: Core) -> None:
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "default"},
              "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                       "template": {"metadata": {"labels": {"app": "web"}},
                                    "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
    created = core.api.create("deployments", deploy)
    assert created["metadata"]["generation"] == 1
    status = core.api.patch("deployments", "web", {"status": {"replicas": 2}, "spec": {"replicas": 9}},
                            namespace="default", subresource="status")
    assert status["spec"]["replicas"] == 2 and status["status"]["replicas"] == 2
    assert status["metadata"]["generation"] == 1
    scaled = core.api.update_scale("deployments", "web", 5, namespace="default")
    assert scaled["spec"]["replicas"] == 5
    assert core.api.get("deployments", "web", namespace="default")["metadata"]["generation"] == 2


def test_services_get_a_cluster_ip(core: Core) -> None:
    svc = core.api.create("services", {"apiVersion": "v1", "kind": "Service",
                                       "metadata": {"name": "web", "namespace": "default"},
                                       "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
    assert svc["spec"]["clusterIP"].startswith("10.") and svc["spec"]["ports"][0]["targetPort"] == 80


def test_while_the_apiserver_is_down_calls_fail_but_faults_stay_writable(core: Core) -> None:
    core.api.stop()
    with pytest.raises(errors.ApiError) as caught:
        core.api.list("pods")
    assert caught.value.code == 0
    fault = core.api.create("faults", {"apiVersion": "sim.clusterviz.io/v1", "kind": "Fault",
                                       "metadata": {"name": "f"},
                                       "spec": {"type": "KubeletDown", "node": "worker-1"}})
    assert fault["metadata"]["resourceVersion"]
    core.api.start()
    assert core.api.list("pods")[0] == []


def test_unknown_resources_are_not_found(core: Core) -> None:
    with pytest.raises(errors.ApiError) as caught:
        core.api.list("widgets")
    assert caught.value.code == 404


def test_events_expire_after_an_hour(core: Core) -> None:
    core.client("kubelet/worker-1").record_event(pod("x"), reason="Pulled", message="pulled")
    assert len(core.api.list("events")[0]) == 1
    core.kernel.run(until=3700.0)
    assert core.api.list("events")[0] == []


def test_namespaces_cannot_receive_objects_while_terminating(core: Core) -> None:
    core.api.create("namespaces", {"metadata": {"name": "team"}})
    core.api.delete("namespaces", "team")
    body = pod("a")
    del body["metadata"]["namespace"]
    with pytest.raises(errors.ApiError) as caught:
        core.api.create("pods", body, namespace="team")
    assert caught.value.code == 403
