"""Endpoints and EndpointSlice controllers: addresses follow pod readiness and termination."""
from __future__ import annotations

from test_controllers_support import cluster, pod, run_until, set_ready


def service(name: str = "web", *, selector: dict | None = None, **spec) -> dict:
    body = {"selector": {"app": "web"} if selector is None else selector,
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}], **spec}
    if selector == {}:
        del body["selector"]
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": "default"},
        "spec": body,
    }


def world():
    core, client, kcm = cluster(controllers=["endpoint", "endpointslice"])
    client.create(
        "nodes", {"metadata": {"name": "worker-1", "labels": {"topology.kubernetes.io/zone": "zone-a"}}}
    )
    kcm.start()
    return core, client


def slices(client, svc: str = "web") -> list[dict]:
    items, _ = client.list("endpointslices", namespace="default")
    return [s for s in items if s["metadata"]["labels"].get("kubernetes.io/service-name") == svc]


def slice_endpoints(client, svc: str = "web") -> dict[str, dict]:
    return {ep["targetRef"]["name"]: ep for s in slices(client, svc) for ep in s.get("endpoints") or []}


def add_pod(client, name: str, ip: str | None, *, ready: bool = True) -> None:
    created = client.create("pods", pod(name, pod_labels={"app": "web"}, node_name="worker-1"))
    if ip:
        set_ready(client, created, ip, ready=ready)


def test_endpoints_list_ready_and_not_ready_addresses_and_skip_pods_without_ip() -> None:
    core, client = world()
    client.create("services", service())
    add_pod(client, "web-a", "10.244.1.2")
    add_pod(client, "web-b", "10.244.1.3", ready=False)
    add_pod(client, "web-c", None)
    core.kernel.run(until=2)
    (subset,) = client.get("endpoints", "web", namespace="default")["subsets"]
    assert [a["ip"] for a in subset["addresses"]] == ["10.244.1.2"]
    assert [a["ip"] for a in subset["notReadyAddresses"]] == ["10.244.1.3"]
    assert subset["ports"] == [{"name": "http", "port": 80, "protocol": "TCP"}]
    address = subset["addresses"][0]
    assert address["nodeName"] == "worker-1"
    assert address["targetRef"]["kind"] == "Pod" and address["targetRef"]["name"] == "web-a"


def test_endpointslices_carry_conditions_zone_and_labels() -> None:
    core, client = world()
    client.create("services", service())
    add_pod(client, "web-a", "10.244.1.2")
    add_pod(client, "web-b", "10.244.1.3", ready=False)
    add_pod(client, "web-c", None)
    core.kernel.run(until=2)
    (eps,) = slices(client)
    assert eps["metadata"]["name"].startswith("web-") and len(eps["metadata"]["name"]) == len("web-") + 5
    assert (
        eps["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"]
        == "endpointslice-controller.k8s.io"
    )
    assert eps["metadata"]["ownerReferences"][0]["kind"] == "Service"
    assert eps["addressType"] == "IPv4" and eps["ports"] == [{"name": "http", "port": 80, "protocol": "TCP"}]
    endpoints = slice_endpoints(client)
    assert set(endpoints) == {"web-a", "web-b"}
    assert endpoints["web-a"]["conditions"] == {"ready": True, "serving": True, "terminating": False}
    assert endpoints["web-b"]["conditions"] == {"ready": False, "serving": False, "terminating": False}
    assert endpoints["web-a"]["zone"] == "zone-a" and endpoints["web-a"]["nodeName"] == "worker-1"


def test_readiness_changes_move_addresses() -> None:
    core, client = world()
    client.create("services", service())
    add_pod(client, "web-a", "10.244.1.2", ready=False)
    core.kernel.run(until=2)
    set_ready(client, client.get("pods", "web-a", namespace="default"), "10.244.1.2", ready=True)
    core.kernel.run(until=3)
    assert [
        a["ip"] for a in client.get("endpoints", "web", namespace="default")["subsets"][0]["addresses"]
    ] == ["10.244.1.2"]
    assert slice_endpoints(client)["web-a"]["conditions"]["ready"] is True


def test_terminating_pods_leave_endpoints_but_stay_in_slices_marked_terminating() -> None:
    core, client = world()
    client.create("services", service())
    add_pod(client, "web-a", "10.244.1.2")
    add_pod(client, "web-b", "10.244.1.3")
    core.kernel.run(until=2)
    client.delete("pods", "web-a", namespace="default")  # bound: 30 s grace, Terminating
    core.kernel.run(until=3)
    (subset,) = client.get("endpoints", "web", namespace="default")["subsets"]
    assert [a["targetRef"]["name"] for a in subset["addresses"]] == ["web-b"]
    assert slice_endpoints(client)["web-a"]["conditions"] == {
        "ready": False,
        "serving": True,
        "terminating": True,
    }
    client.delete("pods", "web-a", namespace="default", grace_period_seconds=0)
    core.kernel.run(until=4)
    assert set(slice_endpoints(client)) == {"web-b"}


def test_a_service_without_pods_gets_an_empty_placeholder_slice() -> None:
    core, client = world()
    client.create("services", service())
    core.kernel.run(until=2)
    (eps,) = slices(client)
    assert eps["endpoints"] == [] and "ports" not in eps
    assert "subsets" not in client.get("endpoints", "web", namespace="default")
    add_pod(client, "web-a", "10.244.1.2")
    core.kernel.run(until=3)
    assert len(slices(client)) == 1 and set(slice_endpoints(client)) == {"web-a"}


def test_services_without_a_selector_are_left_alone() -> None:
    core, client = world()
    client.create("services", service("manual", selector={}))
    core.kernel.run(until=2)
    assert slices(client, "manual") == []
    items, _ = client.list("endpoints", namespace="default")
    assert [e["metadata"]["name"] for e in items] == []


def test_large_services_are_split_into_slices_of_100_without_duplicates() -> None:
    core, client = world()
    client.create("services", service())
    for i in range(250):
        add_pod(client, f"web-{i:03d}", f"10.244.{i // 200}.{i % 200 + 1}")
    core.kernel.run(until=3)
    sizes = sorted(len(s["endpoints"]) for s in slices(client))
    assert sizes == [50, 100, 100]
    assert len(slice_endpoints(client)) == 250
    for i in range(0, 250, 2):
        client.delete("pods", f"web-{i:03d}", namespace="default", grace_period_seconds=0)
    run_until(core, lambda: len(slice_endpoints(client)) == 125, limit=5)
    assert sum(len(s["endpoints"]) for s in slices(client)) == 125


def test_deleting_the_service_removes_its_endpoints() -> None:
    core, client = world()
    client.create("services", service())
    add_pod(client, "web-a", "10.244.1.2")
    core.kernel.run(until=2)
    client.delete("services", "web", namespace="default")
    core.kernel.run(until=3)
    items, _ = client.list("endpoints", namespace="default")
    assert items == []
