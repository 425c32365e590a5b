"""Server-side Tables: the meta.k8s.io/v1 shape and each kind's columns and cells (table-driven)."""
from __future__ import annotations

import json
from typing import Any

import pytest

from clusterviz.k8s import printers
from clusterviz.k8s.printers import human_duration, table
from simulator.apiserver.registry import BY_PLURAL, Resource
from simulator.objects import DEFAULT_EPOCH, Clock

Obj = dict[str, Any]
NOW = 7200.0


class _Kernel:
    now = NOW


CLOCK = Clock(_Kernel(), epoch=DEFAULT_EPOCH)


def at(seconds: float) -> str:
    return CLOCK.at(seconds)


def meta(name: str, namespace: str = "", *, created: float = 7000.0, **extra: Any) -> Obj:
    out: Obj = {"name": name, "uid": f"uid-{name}", "resourceVersion": "42", "creationTimestamp": at(created)}
    if namespace:
        out["namespace"] = namespace
    out.update(extra)
    return out


def build(plural: str, items: list[Obj], **kwargs: Any) -> Obj:
    return table(BY_PLURAL[plural], items, resource_version="99", now=NOW, clock=CLOCK, **kwargs)


def cells(plural: str, obj: Obj) -> list[Any]:
    return build(plural, [obj])["rows"][0]["cells"]


def columns(plural: str) -> list[tuple[str, str, str, int]]:
    defs = build(plural, [])["columnDefinitions"]
    return [(c["name"], c["type"], c["format"], c["priority"]) for c in defs]


# -- ages -------------------------------------------------------------------------------------
@pytest.mark.parametrize("seconds, text", [
    (-5, "<invalid>"), (-2, "<invalid>"), (-1.5, "0s"), (-1, "0s"), (0, "0s"), (0.9, "0s"), (5, "5s"),
    (119, "119s"), (120, "2m"), (150, "2m30s"), (599, "9m59s"), (600, "10m"), (659, "10m"), (10799, "179m"),
    (10800, "3h"), (11100, "3h5m"), (28799, "7h59m"), (28800, "8h"), (47 * 3600, "47h"), (48 * 3600, "2d"),
    (51 * 3600, "2d3h"), (8 * 86400 - 1, "7d23h"), (8 * 86400, "8d"), (729 * 86400, "729d"),
    (730 * 86400, "2y"), (731 * 86400, "2y1d"), (8 * 365 * 86400, "8y"),
])
def test_human_duration_matches_apimachinery(seconds: float, text: str):
    assert human_duration(seconds) == text


def test_ages_use_simulated_time_and_unknown_when_missing():
    ns = {"metadata": {"name": "a", "creationTimestamp": at(7200 - 150)}, "status": {"phase": "Active"}}
    bare = {"metadata": {"name": "b"}, "status": {"phase": "Active"}}
    assert [r["cells"][2] for r in build("namespaces", [ns, bare])["rows"]] == ["2m30s", "<unknown>"]


def test_stamps_with_an_offset_are_understood():
    ns = {"metadata": {"name": "a", "creationTimestamp": "2026-01-01T02:57:30+01:00"}, "status": {}}
    assert cells("namespaces", ns)[2] == "2m30s"  # 01:57:30 UTC, and now is 02:00:00 UTC


# -- the Table itself -------------------------------------------------------------------------
def test_table_shape():
    obj = {"metadata": meta("default", annotations={"a": "b"}, labels={"k": "v"},
                            managedFields=[{"manager": "kubectl"}]), "status": {"phase": "Active"}}
    built = build("namespaces", [obj])
    assert built["kind"] == "Table" and built["apiVersion"] == "meta.k8s.io/v1"
    assert built["metadata"] == {"resourceVersion": "99"}
    for column in built["columnDefinitions"]:
        assert set(column) == {"name", "type", "format", "description", "priority"}
        assert column["description"]
    row = built["rows"][0]
    assert row["cells"] == ["default", "Active", "3m20s"]
    assert row["object"] == {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": {
        "name": "default", "uid": "uid-default", "resourceVersion": "42", "creationTimestamp": at(7000),
        "annotations": {"a": "b"}, "labels": {"k": "v"}}}
    json.dumps(built)  # plain JSON all the way down


def test_include_object_object_and_none():
    obj = {"metadata": meta("default"), "status": {"phase": "Active"}}
    assert build("namespaces", [obj], include_object="Object")["rows"][0]["object"] is obj
    assert "object" not in build("namespaces", [obj], include_object="None")["rows"][0]


def test_include_object_must_be_known():
    with pytest.raises(ValueError, match="includeObject"):
        build("namespaces", [], include_object="Everything")


def test_partial_metadata_is_a_copy():
    obj = {"metadata": meta("default"), "status": {}}
    built = build("namespaces", [obj])
    built["rows"][0]["object"]["metadata"]["name"] = "changed"
    assert obj["metadata"]["name"] == "default"


def test_not_wide_keeps_priority_zero_columns_and_cells():
    node = {"metadata": meta("n1"), "status": {"conditions": [{"type": "Ready", "status": "True"}],
                                              "nodeInfo": {"kubeletVersion": "v1.32.4"}}}
    built = build("nodes", [node], wide=False)
    assert [c["name"] for c in built["columnDefinitions"]] == ["Name", "Status", "Roles", "Age", "Version"]
    assert built["rows"][0]["cells"] == ["n1", "Ready", "<none>", "3m20s", "v1.32.4"]


def test_event_not_wide_picks_interleaved_columns():
    event = {"metadata": meta("e.1", "default"), "involvedObject": {"kind": "Pod", "name": "web"},
             "reason": "Pulled", "message": "ok", "type": "Normal", "firstTimestamp": at(7100),
             "lastTimestamp": at(7190), "count": 2}
    built = build("events", [event], wide=False)
    names = [c["name"] for c in built["columnDefinitions"]]
    assert names == ["Last Seen", "Type", "Reason", "Object", "Message"]
    assert built["rows"][0]["cells"] == ["10s", "Normal", "Pulled", "pod/web", "ok"]


# -- columns per kind (kube-apiserver 1.32 AddHandlers) ----------------------------------------
NAME = ("Name", "string", "name", 0)
AGE = ("Age", "string", "", 0)


def s(name: str, priority: int = 0) -> tuple[str, str, str, int]:
    return (name, "string", "", priority)


def i(name: str) -> tuple[str, str, str, int]:
    return (name, "integer", "", 0)


WIDE_TEMPLATE = [s("Containers", 1), s("Images", 1), s("Selector", 1)]
COLUMNS = {
    "namespaces": [NAME, s("Status"), AGE],
    "nodes": [NAME, s("Status"), s("Roles"), AGE, s("Version"), s("Internal-IP", 1), s("External-IP", 1),
              s("OS-Image", 1), s("Kernel-Version", 1), s("Container-Runtime", 1)],
    "pods": [NAME, s("Ready"), s("Status"), s("Restarts"), AGE, s("IP", 1), s("Node", 1),
             s("Nominated Node", 1), s("Readiness Gates", 1)],
    "services": [NAME, s("Type"), s("Cluster-IP"), s("External-IP"), s("Port(s)"), AGE, s("Selector", 1)],
    "endpoints": [NAME, s("Endpoints"), AGE],
    "endpointslices": [NAME, s("AddressType"), s("Ports"), s("Endpoints"), AGE],
    "configmaps": [NAME, s("Data"), AGE],
    "events": [s("Last Seen"), s("Type"), s("Reason"), s("Object"), s("Subobject", 1), s("Source", 1),
               s("Message"), s("First Seen", 1), s("Count", 1), ("Name", "string", "name", 1)],
    "leases": [NAME, s("Holder"), AGE],
    "replicasets": [NAME, i("Desired"), i("Current"), i("Ready"), AGE, *WIDE_TEMPLATE],
    "deployments": [NAME, s("Ready"), s("Up-to-date"), s("Available"), AGE, *WIDE_TEMPLATE],
    "daemonsets": [NAME, i("Desired"), i("Current"), i("Ready"), i("Up-to-date"), i("Available"),
                   s("Node Selector"), AGE, *WIDE_TEMPLATE],
    "faults": [NAME, s("Type"), s("Target"), s("Phase"), ("Age", "date", "", 0)],
    "simulations": [NAME, s("Time"), ("Speed", "number", "", 0), ("Paused", "boolean", "", 0), s("Timing")],
}


@pytest.mark.parametrize("plural", sorted(COLUMNS))
def test_columns(plural: str):
    assert columns(plural) == COLUMNS[plural]


def test_unknown_kinds_get_name_and_age():
    res = Resource("widgets", "Widget", "example.com", "v1", True)
    built = table(res, [{"metadata": meta("w", "default")}], resource_version="1", now=NOW, clock=CLOCK)
    assert [(c["name"], c["format"]) for c in built["columnDefinitions"]] == [("Name", "name"), ("Age", "")]
    assert built["rows"][0]["cells"] == ["w", "3m20s"]


# -- cells per kind ---------------------------------------------------------------------------
def node(*, ready: str | None = "True", unschedulable: bool = False, labels: Obj | None = None,
         addresses: list[Obj] | None = None, info: Obj | None = None) -> Obj:
    conditions = [{"type": "MemoryPressure", "status": "False"}]
    if ready is not None:
        conditions.append({"type": "Ready", "status": ready})
    return {"metadata": meta("n1", labels=labels or {}), "spec": {"unschedulable": unschedulable},
            "status": {"conditions": conditions, "addresses": addresses or [],
                       "nodeInfo": info if info is not None else {"kubeletVersion": "v1.32.4"}}}


@pytest.mark.parametrize("obj, status", [
    (node(ready="True"), "Ready"),
    (node(ready="False"), "NotReady"),
    (node(ready="Unknown"), "NotReady"),
    (node(ready=None), "Unknown"),
    (node(ready="True", unschedulable=True), "Ready,SchedulingDisabled"),
    (node(ready="Unknown", unschedulable=True), "NotReady,SchedulingDisabled"),
])
def test_node_status(obj: Obj, status: str):
    assert cells("nodes", obj)[1] == status


@pytest.mark.parametrize("labels, roles", [
    ({}, "<none>"),
    ({"node-role.kubernetes.io/control-plane": ""}, "control-plane"),
    ({"node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/infra": "true"}, "infra,worker"),
    ({"kubernetes.io/role": "gpu"}, "gpu"),
    ({"kubernetes.io/role": ""}, "<none>"),
    ({"node-role.kubernetes.io/": ""}, "<none>"),
])
def test_node_roles(labels: Obj, roles: str):
    assert cells("nodes", node(labels=labels))[2] == roles


def test_node_wide_cells():
    addresses = [{"type": "Hostname", "address": "n1"}, {"type": "InternalIP", "address": "10.0.0.5"}]
    obj = node(addresses=addresses,
               info={"kubeletVersion": "v1.32.4", "osImage": "Ubuntu 24.04.1 LTS", "kernelVersion": "6.8.0",
                     "containerRuntimeVersion": "containerd://1.7.24"})
    assert cells("nodes", obj) == ["n1", "Ready", "<none>", "3m20s", "v1.32.4", "10.0.0.5", "<none>",
                                   "Ubuntu 24.04.1 LTS", "6.8.0", "containerd://1.7.24"]
    unknown = "<unknown>"
    assert cells("nodes", node(info={}))[4:] == ["", "<none>", "<none>", unknown, unknown, unknown]


def service(spec: Obj, status: Obj | None = None) -> Obj:
    return {"metadata": meta("web", "default"), "spec": spec, "status": status or {"loadBalancer": {}}}


@pytest.mark.parametrize("obj, expected", [
    (service({"type": "ClusterIP", "clusterIP": "10.96.0.7", "clusterIPs": ["10.96.0.7"],
              "ports": [{"port": 80, "protocol": "TCP"}], "selector": {"app": "web", "tier": "a"}}),
     ["web", "ClusterIP", "10.96.0.7", "<none>", "80/TCP", "3m20s", "app=web,tier=a"]),
    (service({"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"], "ports": []}),
     ["web", "ClusterIP", "None", "<none>", "<none>", "3m20s", "<none>"]),
    (service({"type": "NodePort", "clusterIPs": ["10.96.0.8"], "externalIPs": ["1.2.3.4"],
              "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                        {"port": 53, "protocol": "UDP"}]}),
     ["web", "NodePort", "10.96.0.8", "1.2.3.4", "80:30080/TCP,53/UDP", "3m20s", "<none>"]),
    (service({"type": "LoadBalancer", "clusterIPs": ["10.96.0.9"], "ports": [{"port": 443, "nodePort": 31443,
                                                                              "protocol": "TCP"}]}),
     ["web", "LoadBalancer", "10.96.0.9", "<pending>", "443:31443/TCP", "3m20s", "<none>"]),
    (service({"type": "LoadBalancer", "clusterIPs": ["10.96.0.9"], "externalIPs": ["9.9.9.9"]},
             {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}, {"hostname": "lb.example.com"}]}}),
     ["web", "LoadBalancer", "10.96.0.9", "5.6.7.8,lb.example.com,9.9.9.9", "<none>", "3m20s", "<none>"]),
    (service({"type": "ExternalName", "externalName": "db.example.com"}),
     ["web", "ExternalName", "<none>", "db.example.com", "<none>", "3m20s", "<none>"]),
])
def test_service_cells(obj: Obj, expected: list[Any]):
    assert cells("services", obj) == expected


def subset(ips: list[str], ports: list[int]) -> Obj:
    return {"addresses": [{"ip": ip} for ip in ips], "ports": [{"port": p, "protocol": "TCP"} for p in ports]}


@pytest.mark.parametrize("subsets, text", [
    (None, "<none>"),
    ([subset(["10.244.1.2"], [80])], "10.244.1.2:80"),
    ([subset(["10.244.1.2", "10.244.2.3"], [80, 443])],
     "10.244.1.2:80,10.244.2.3:80,10.244.1.2:443 + 1 more..."),
    ([subset(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"], [8080])],
     "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more..."),
    ([{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}]}], "10.0.0.1,10.0.0.2"),
    ([subset(["fd00::1"], [80])], "[fd00::1]:80"),
])
def test_endpoints_cell(subsets: Any, text: str):
    obj: Obj = {"metadata": meta("web", "default")}
    if subsets is not None:
        obj["subsets"] = subsets
    assert cells("endpoints", obj) == ["web", text, "3m20s"]


@pytest.mark.parametrize("ports, endpoints, expected", [
    ([{"name": "http", "port": 80}], [{"addresses": ["10.244.1.2"]}, {"addresses": ["10.244.2.3"]}],
     ["80", "10.244.1.2,10.244.2.3"]),
    ([], [], ["<unset>", "<unset>"]),
    ([{"name": "dns"}, {}], [{"addresses": ["a", "b"]}, {"addresses": ["c", "d", "e"]}],
     ["dns,*", "a,b,c + 2 more..."]),
    ([{"port": 1}, {"port": 2}, {"port": 3}, {"port": 4}, {"port": 5}], [], ["1,2,3 + 2 more...", "<unset>"]),
])
def test_endpoint_slice_cells(ports: list[Obj], endpoints: list[Obj], expected: list[str]):
    obj = {"metadata": meta("web-abc", "default"), "addressType": "IPv4", "ports": ports,
           "endpoints": endpoints}
    assert cells("endpointslices", obj) == ["web-abc", "IPv4", *expected, "3m20s"]


def test_config_map_counts_data_and_binary_data():
    obj = {"metadata": meta("cfg", "default"), "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}}
    assert cells("configmaps", obj) == ["cfg", 3, "3m20s"]
    assert cells("configmaps", {"metadata": meta("empty", "default")}) == ["empty", 0, "3m20s"]


def event(**fields: Any) -> Obj:
    return {"metadata": meta("web.17a", "default"), "type": "Warning", "reason": "BackOff",
            "involvedObject": {"kind": "Pod", "name": "web", "fieldPath": "spec.containers{app}"}, **fields}


@pytest.mark.parametrize("obj, expected", [
    (event(message="Back-off restarting\n", count=7, firstTimestamp=at(6000), lastTimestamp=at(7170),
           source={"component": "kubelet", "host": "worker-1"}),
     ["30s", "Warning", "BackOff", "pod/web", "spec.containers{app}", "kubelet, worker-1",
      "Back-off restarting", "20m", 7, "web.17a"]),
    # events.k8s.io-style: eventTime, reporting controller, no count.
    (event(message="m", eventTime="2026-01-01T01:59:50.500000Z", reportingComponent="default-scheduler",
           reportingInstance="default-scheduler-cp1"),
     ["9s", "Warning", "BackOff", "pod/web", "spec.containers{app}",
      "default-scheduler, default-scheduler-cp1", "m", "9s", 1, "web.17a"]),
    (event(message="m", eventTime="2026-01-01T01:00:00.000000Z", series={
        "count": 4, "lastObservedTime": "2026-01-01T01:59:00.000000Z"}, source={"component": "kubelet"}),
     ["60s", "Warning", "BackOff", "pod/web", "spec.containers{app}", "kubelet", "m", "60m", 4, "web.17a"]),
    (event(message="m", involvedObject={"kind": "Node"}, firstTimestamp=at(7100)),
     ["100s", "Warning", "BackOff", "node", "", "", "m", "100s", 1, "web.17a"]),
    (event(), ["<unknown>", "Warning", "BackOff", "pod/web", "spec.containers{app}", "", "", "<unknown>", 1,
               "web.17a"]),
])
def test_event_cells(obj: Obj, expected: list[Any]):
    assert cells("events", obj) == expected


def test_lease_cells():
    lease = {"metadata": meta("worker-1", "kube-node-lease"),
             "spec": {"holderIdentity": "worker-1", "renewTime": "2026-01-01T01:59:59.000000Z"}}
    assert cells("leases", lease) == ["worker-1", "worker-1", "3m20s"]
    assert cells("leases", {"metadata": meta("free", "default"), "spec": {}}) == ["free", "", "3m20s"]


TEMPLATE = {"metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"},
                                    {"name": "log", "image": "busybox"}],
                     "nodeSelector": {"kubernetes.io/os": "linux"}}}


def test_replica_set_cells():
    obj = {"metadata": meta("web-7c9f", "default"),
           "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7c9f"}},
                    "template": TEMPLATE},
           "status": {"replicas": 3, "readyReplicas": 2}}
    assert cells("replicasets", obj) == ["web-7c9f", 3, 3, 2, "3m20s", "nginx,log", "nginx:1.27,busybox",
                                         "app=web,pod-template-hash=7c9f"]
    empty = {"metadata": meta("bare", "default"), "spec": {"selector": {}}, "status": {}}
    assert cells("replicasets", empty) == ["bare", 1, 0, 0, "3m20s", "", "", "<none>"]


@pytest.mark.parametrize("selector, text", [
    ({"matchLabels": {"app": "web"}}, "app=web"),
    ({"matchLabels": {"tier": "front", "app": "web"}}, "app=web,tier=front"),
    ({"matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]},
                           {"key": "app", "operator": "Exists"}]}, "app,env in (dev,prod)"),
    ({"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["test"]},
                           {"key": "canary", "operator": "DoesNotExist"}]}, "!canary,env notin (test)"),
    (None, ""),
    ({"matchExpressions": [{"key": "a", "operator": "Bogus"}]}, "<invalid>"),
])
def test_deployment_selector(selector: Obj | None, text: str):
    obj = {"metadata": meta("web", "default"),
           "spec": {"replicas": 3, "selector": selector, "template": TEMPLATE},
           "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}
    assert cells("deployments", obj) == ["web", "2/3", 3, 2, "3m20s", "nginx,log", "nginx:1.27,busybox", text]


def test_deployment_without_status():
    obj = {"metadata": meta("web", "default"), "spec": {"replicas": 0, "template": TEMPLATE}}
    assert cells("deployments", obj)[:4] == ["web", "0/0", 0, 0]


def test_daemon_set_cells():
    obj = {"metadata": meta("kube-proxy", "kube-system"),
           "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}}, "template": TEMPLATE},
           "status": {"desiredNumberScheduled": 4, "currentNumberScheduled": 4, "numberReady": 3,
                      "updatedNumberScheduled": 4, "numberAvailable": 3}}
    assert cells("daemonsets", obj) == ["kube-proxy", 4, 4, 3, 4, 3, "kubernetes.io/os=linux", "3m20s",
                                        "nginx,log", "nginx:1.27,busybox", "k8s-app=kube-proxy"]


@pytest.mark.parametrize("spec, phase, target", [
    ({"type": "NodeDown", "node": "worker-1"}, "Active", "worker-1"),
    ({"type": "KubeletDown", "node": "worker-2"}, "Failed", "worker-2"),
    ({"type": "NetworkPartition", "nodes": ["worker-1", "worker-3"]}, "Active", "worker-1,worker-3"),
    ({"type": "NetworkPartition", "node": "worker-1"}, "Active", "worker-1"),
    ({"type": "ComponentDown", "component": "kube-scheduler"}, "Active", "kube-scheduler"),
    ({"type": "ComponentDown", "component": "etcd", "node": "control-plane-1"}, "Active",
     "etcd@control-plane-1"),
])
def test_fault_cells(spec: Obj, phase: str, target: str):
    obj = {"metadata": meta("f"), "spec": spec, "status": {"phase": phase}}
    assert cells("faults", obj) == ["f", spec["type"], target, phase, "3m20s"]
    assert cells("faults", {"metadata": meta("f"), "spec": spec})[3] == ""


@pytest.mark.parametrize("status, expected", [
    ({"time": 4.0, "speed": 1.0, "paused": False, "timing": "kubernetes"},
     ["4s", 1.0, False, "kubernetes"]),
    ({"time": 390.7, "speed": 0.5, "paused": True, "timing": "classroom"},
     ["6m30s", 0.5, True, "classroom"]),
    ({"time": 3725, "speed": 10, "paused": False, "timing": "kubernetes"},
     ["1h2m5s", 10, False, "kubernetes"]),
])
def test_simulation_cells(status: Obj, expected: list[Any]):
    obj = {"metadata": meta("cluster"), "spec": {"speed": 1.0, "paused": False, "timing": "kubernetes"},
           "status": status}
    assert cells("simulations", obj) == ["cluster", *expected]


def test_printer_registry_covers_every_served_kind():
    from simulator.apiserver.registry import RESOURCES
    for res in RESOURCES:
        assert printers.printer_for(res) is not printers.GENERIC, res.kind
