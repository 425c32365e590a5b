"""kube-proxy: Services and EndpointSlices become forwarding rules; requests follow them."""
from __future__ import annotations

from typing import Any

import pytest

from simulator.core import bootstrap_namespaces, build_core
from simulator.kube_proxy import KubeProxy, rules
from simulator.objects import deep_copy
from tests.kubelet_helpers import advance

Obj = dict[str, Any]


def service(name: str, ip: str, *, port: int = 80, port_name: str = "http", type_: str = "ClusterIP",
            node_port: int | None = None) -> Obj:
    p: Obj = {"name": port_name, "port": port, "targetPort": 8080, "protocol": "TCP"}
    if node_port:
        p["nodePort"] = node_port
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "default"},
            "spec": {"clusterIP": ip, "type": type_, "selector": {"app": name}, "ports": [p]}}


def endpoint(ip: str, *, ready: bool | None = True, terminating: bool = False) -> Obj:
    cond: Obj = {"terminating": terminating}
    if ready is not None:
        cond["ready"] = ready
    return {"addresses": [ip], "conditions": cond}


def endpoint_slice(name: str, service_name: str, endpoints: list[Obj], *, port_name: str = "http") -> Obj:
    return {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": name, "namespace": "default",
                         "labels": {"kubernetes.io/service-name": service_name}},
            "addressType": "IPv4", "ports": [{"name": port_name, "port": 8080, "protocol": "TCP"}],
            "endpoints": endpoints}


@pytest.mark.parametrize(("endpoints", "expected"), [
    ([endpoint("10.244.1.2"), endpoint("10.244.2.3")], ("10.244.1.2:8080", "10.244.2.3:8080")),
    ([endpoint("10.244.1.2"), endpoint("10.244.2.3", ready=False)], ("10.244.1.2:8080",)),
    ([endpoint("10.244.1.2", ready=False, terminating=True)], ()),
    ([endpoint("10.244.1.2", ready=None)], ("10.244.1.2:8080",)),     # unset ready means ready
    ([], ()),                                                         # REJECT: no endpoints
])
def test_rules_take_ready_non_terminating_endpoints(endpoints: list[Obj], expected: tuple[str, ...]) -> None:
    result = rules([service("web", "10.96.0.20")], [endpoint_slice("web-abc", "web", endpoints)])
    assert result["services"] == {"10.96.0.20:80/TCP": ("default/web:http", expected)}


def test_rules_match_ports_by_name_and_skip_headless_services() -> None:
    headless = service("db", "None")
    other_port = endpoint_slice("web-x", "web", [endpoint("10.244.1.9")], port_name="metrics")
    result = rules([service("web", "10.96.0.20"), headless], [other_port])
    assert result["services"] == {"10.96.0.20:80/TCP": ("default/web:http", ())}


def test_node_ports_point_at_their_service_port() -> None:
    result = rules([service("web", "10.96.0.20", type_="NodePort", node_port=30080)],
                   [endpoint_slice("web-a", "web", [endpoint("10.244.1.2")])])
    assert result["nodePorts"] == {"30080/TCP": "10.96.0.20:80/TCP"}


def proxy_cluster() -> tuple[Any, KubeProxy]:
    core = build_core(seed=3)
    bootstrap_namespaces(core)
    proxy = KubeProxy(core, node="worker-1")
    proxy.start()
    return core, proxy


def syncs(core: Any) -> list[Any]:
    return [e for e in core.trace if e.kind == "ProxyRulesSynced"]


def test_kube_proxy_syncs_when_an_endpoint_becomes_not_ready() -> None:
    core, proxy = proxy_cluster()
    svc = core.api.create("services", service("web", ""))
    ip = svc["spec"]["clusterIP"]
    two = [endpoint("10.244.1.2"), endpoint("10.244.2.3")]
    core.api.create("endpointslices", endpoint_slice("web-a", "web", two))
    advance(core, 2)
    assert proxy.current_rules["services"][f"{ip}:80/TCP"][1] == ("10.244.1.2:8080", "10.244.2.3:8080")
    first = syncs(core)[-1]
    assert (first.actor, first.target) == ("kube-proxy/worker-1", "iptables/worker-1")
    assert first.message == "sync rules (1 services, 2 endpoints)"
    sl = deep_copy(core.api.get("endpointslices", "web-a", namespace="default"))
    sl["endpoints"][1]["conditions"]["ready"] = False
    core.api.update("endpointslices", sl)
    advance(core, 2)
    assert proxy.current_rules["services"][f"{ip}:80/TCP"][1] == ("10.244.1.2:8080",)
    assert syncs(core)[-1].message == "sync rules (1 services, 1 endpoints)"
    assert {proxy.route(ip, 80) for _ in range(20)} == {"10.244.1.2:8080"}


def test_syncs_are_rate_limited_by_the_min_sync_period() -> None:
    core, proxy = proxy_cluster()
    core.api.create("services", service("web", ""))
    advance(core, 0.5)
    for i in range(5):
        core.api.create("endpointslices", endpoint_slice(f"web-{i}", "web", [endpoint(f"10.244.1.{i + 2}")]))
        advance(core, 0.2)
    advance(core, 3)
    times = [e.t for e in syncs(core)]
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(times, times[1:], strict=False))
    assert len(next(iter(proxy.current_rules["services"].values()))[1]) == 5


def test_route_picks_among_endpoints_with_the_seeded_rng() -> None:
    core, proxy = proxy_cluster()
    svc = core.api.create("services", service("web", ""))
    three = [endpoint(f"10.244.1.{i}") for i in (2, 3, 4)]
    core.api.create("endpointslices", endpoint_slice("web-a", "web", three))
    advance(core, 2)
    picks = [proxy.route(svc["spec"]["clusterIP"], 80) for _ in range(30)]
    assert set(picks) == {"10.244.1.2:8080", "10.244.1.3:8080", "10.244.1.4:8080"}
    assert proxy.route(svc["spec"]["clusterIP"], 81) is None


def test_a_cut_off_kube_proxy_keeps_its_old_rules_until_it_is_back() -> None:
    core, proxy = proxy_cluster()
    svc = core.api.create("services", service("web", ""))
    ip = svc["spec"]["clusterIP"]
    core.api.create("endpointslices", endpoint_slice("web-a", "web", [endpoint("10.244.1.2")]))
    advance(core, 2)
    core.network.partitioned.add("worker-1")
    sl = deep_copy(core.api.get("endpointslices", "web-a", namespace="default"))
    sl["endpoints"] = [endpoint("10.244.3.7")]
    core.api.update("endpointslices", sl)
    advance(core, 20)
    assert proxy.route(ip, 80) == "10.244.1.2:8080"        # stale: the node cannot hear about the change
    core.network.partitioned.discard("worker-1")
    advance(core, 40)
    assert proxy.route(ip, 80) == "10.244.3.7:8080"


def test_a_deleted_service_loses_its_rules_and_a_stopped_proxy_leaves_them() -> None:
    core, proxy = proxy_cluster()
    core.api.create("services", service("web", ""))
    core.api.create("services", service("api", ""))
    advance(core, 2)
    assert len(proxy.current_rules["services"]) == 2
    core.api.delete("services", "api", namespace="default")
    advance(core, 2)
    assert len(proxy.current_rules["services"]) == 1
    proxy.stop()
    core.api.delete("services", "web", namespace="default")
    advance(core, 2)
    assert len(proxy.current_rules["services"]) == 1      # iptables rules outlive the process


def test_a_restarted_kube_proxy_drops_rules_of_services_deleted_meanwhile() -> None:
    core, proxy = proxy_cluster()
    core.api.create("services", service("web", ""))
    core.api.create("services", service("api", ""))
    advance(core, 2)
    proxy.stop()
    core.api.delete("services", "api", namespace="default")
    advance(core, 2)
    proxy.start()
    advance(core, 2)
    assert [name for name, _ in proxy.current_rules["services"].values()] == ["default/web:http"]
