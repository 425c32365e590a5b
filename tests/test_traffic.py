"""TrafficFlow: simulated requests to a Service along each node's kube-proxy rules."""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from simulator import errors
from simulator.cluster import Cluster
from simulator.kube_proxy import endpoint_chain, iptables_save, probability, service_chain
from simulator.trace import TraceEvent
from simulator.traffic import KIND, TrafficGenerator

Obj = dict[str, Any]

WEB = """
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
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80}]
"""


def flow(name: str, **spec: Any) -> Obj:
    return {"apiVersion": "sim.clusterviz.io/v1", "kind": "TrafficFlow", "metadata": {"name": name},
            "spec": {"service": "web", "fromNode": "worker-1", "rate": 5, **spec}}


def requests(cluster: Cluster, name: str, *, after: float = -1.0) -> list[TraceEvent]:
    return [e for e in cluster.core.trace
            if e.kind == KIND and e.object == f"trafficflows {name}" and e.t > after]


def status(cluster: Cluster, name: str) -> Obj:
    return next(o for o in cluster.objects("trafficflows") if o["metadata"]["name"] == name)["status"]


def web_pods(cluster: Cluster) -> dict[str, Obj]:
    """Serving web pods by their endpoint (ip:80)."""
    return {f"{p['status']['podIP']}:80": p for p in cluster.objects("pods", namespace="default")
            if p["metadata"]["name"].startswith("web-") and not p["metadata"].get("deletionTimestamp")
            and p["status"].get("podIP")}


@pytest.fixture
def cluster() -> Cluster:
    c = Cluster.create(seed=1, workers=3, timing="kubernetes")
    TrafficGenerator.attach(c)
    c.apply(WEB)
    c.advance(30)
    pods = web_pods(c)
    assert sorted(p["spec"]["nodeName"] for p in pods.values()) == ["worker-1", "worker-2", "worker-3"]
    return c


def counts_from_trace(events: list[TraceEvent], until: float) -> Obj:
    upto = [e for e in events if e.t <= until + 1e-6]
    by_endpoint: Counter[str] = Counter()
    for e in upto:
        parts = e.message.split(" → ")
        if len(parts) == 3:
            by_endpoint[parts[2].split(" ")[0]] += 1
    ok = sum(1 for e in upto if e.message.endswith(" ok"))
    return {"sent": len(upto), "succeeded": ok, "failed": len(upto) - ok, "byEndpoint": dict(by_endpoint)}


def assert_status_matches_trace(cluster: Cluster, name: str) -> None:
    st = status(cluster, name)
    expected = counts_from_trace(requests(cluster, name), st["updatedAtSeconds"])
    assert {k: st[k] for k in ("sent", "succeeded", "failed", "byEndpoint")} == expected


def test_steady_traffic_succeeds_and_spreads_over_every_endpoint(cluster: Cluster) -> None:
    cluster.core.api.create("trafficflows", flow("steady", rate=20), actor="kubectl")
    cluster.advance(15)
    events = requests(cluster, "steady")
    assert 295 <= len(events) <= 301
    assert all(e.message.endswith(" ok") for e in events)
    assert {e.actor for e in events} == {"traffic/worker-1"}
    pods = web_pods(cluster)
    per_endpoint = Counter(e.message.split(" → ")[2].split(" ")[0] for e in events)
    assert set(per_endpoint) == set(pods)
    assert min(per_endpoint.values()) > len(events) / 3 * 0.7          # uniform: ~100 each
    for e in events:       # the target names the pod and the node it runs on
        endpoint = e.message.split(" → ")[2].split(" ")[0]
        pod = pods[endpoint]
        assert e.target == f"pod/{pod['spec']['nodeName']}/default/{pod['metadata']['name']}"
    svc = next(s for s in cluster.objects("services", namespace="default") if s["metadata"]["name"] == "web")
    assert events[0].message.startswith(f"worker-1 → web ({svc['spec']['clusterIP']}:80) → ")
    st = status(cluster, "steady")
    assert st["phase"] == "Running" and st["failed"] == 0 and "lastError" not in st
    assert_status_matches_trace(cluster, "steady")
    # Status is written at most twice per simulated second, not per request.
    assert cluster.now - st["updatedAtSeconds"] < 0.5


def test_status_counts_equal_the_trace_at_every_update(cluster: Cluster) -> None:
    seen: list[Obj] = []
    res = cluster.core.sim
    res.listeners.append(lambda kind, r, obj, old: seen.append(obj["status"])
                         if r.plural == "trafficflows" and kind == "MODIFIED" else None)
    cluster.core.api.create("trafficflows", flow("counted", rate=50), actor="kubectl")
    cluster.advance(4)
    victim = next(iter(web_pods(cluster).values()))
    cluster.delete("pods", victim["metadata"]["name"], namespace="default")
    cluster.advance(4)
    updates = [s for s in seen if "updatedAtSeconds" in s and s["sent"]]
    assert 10 <= len(updates) <= 8 / 0.5 + 2       # ~2 per simulated second, not 400
    events = requests(cluster, "counted")
    for st in updates:
        expected = counts_from_trace(events, st["updatedAtSeconds"])
        assert {k: st[k] for k in ("sent", "succeeded", "failed", "byEndpoint")} == expected


def test_deleting_a_pod_fails_requests_only_until_kube_proxy_drops_its_endpoint(cluster: Cluster) -> None:
    proxy = cluster.machines["worker-1"].kube_proxy
    syncs: list[tuple[float, tuple[str, ...]]] = []
    cluster.core.trace.subscribe(lambda e: syncs.append(
        (e.t, proxy.current_rules["services"].get(web_rule, ("", ()))[1]))
        if e.kind == "ProxyRulesSynced" and e.actor == "kube-proxy/worker-1" else None)
    svc = next(s for s in cluster.objects("services", namespace="default") if s["metadata"]["name"] == "web")
    web_rule = f"{svc['spec']['clusterIP']}:80/TCP"
    cluster.core.api.create("trafficflows", flow("window", rate=100), actor="kubectl")
    cluster.advance(3)
    # kube-proxy on worker-1 has just synced (another Service appeared): the next sync may
    # come no sooner than --iptables-min-sync-period (1 s) later.
    cluster.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "other"},
                   "spec": {"selector": {"app": "other"}, "ports": [{"port": 81}]}})
    before = len(syncs)
    while len(syncs) == before:
        cluster.advance(0.01)
    victim = next(p for ep, p in web_pods(cluster).items() if p["spec"]["nodeName"] == "worker-2")
    victim_ep = f"{victim['status']['podIP']}:80"
    deleted_at = cluster.now
    cluster.delete("pods", victim["metadata"]["name"], namespace="default")
    cluster.advance(6)
    removed_at = next(t for t, eps in syncs if t > deleted_at and victim_ep not in eps)
    assert removed_at - deleted_at <= 1.0 + 0.2        # min-sync-period, plus watch delivery
    events = requests(cluster, "window", after=deleted_at - 1e-9)
    failures = [e for e in events if " failed: " in e.message]
    assert len(failures) >= 5, "the window is real: about 1/3 of ~100 requests/s for up to a second"
    assert all(deleted_at < e.t <= removed_at for e in failures)
    assert all(f"→ {victim_ep} failed: " in e.message for e in failures)
    assert {e.message.split(" failed: ")[1].split(" (")[0] for e in failures} <= {
        "connection refused", "no route to host"}
    assert all(e.target.startswith("pod/worker-2/") for e in failures)
    after = [e for e in events if e.t > removed_at]
    assert len(after) > 400 and all(e.message.endswith(" ok") for e in after)
    # ...and before the deletion everything succeeded.
    assert all(e.message.endswith(" ok") for e in requests(cluster, "window") if e.t <= deleted_at)
    st = status(cluster, "window")
    dialed = web_rule.removesuffix("/TCP")
    assert st["failed"] == len(failures) and st["lastError"] in (
        f"dial tcp {dialed}: connect: connection refused", f"dial tcp {dialed}: connect: no route to host")
    assert_status_matches_trace(cluster, "window")


def test_a_stopped_kube_proxy_leaves_stale_rules_that_keep_failing(cluster: Cluster) -> None:
    proxy = cluster.machines["worker-1"].kube_proxy
    cluster.core.api.create("trafficflows", flow("stale", rate=20), actor="kubectl")
    cluster.advance(2)
    proxy.stop()
    victim = next(p for p in web_pods(cluster).values() if p["spec"]["nodeName"] == "worker-3")
    cluster.delete("pods", victim["metadata"]["name"], namespace="default")
    cluster.advance(10)
    late = [e for e in requests(cluster, "stale", after=cluster.now - 5)]
    assert any(" failed: no route to host" in e.message for e in late)    # the rules still send there
    proxy.start()
    cluster.advance(2)
    restarted = cluster.now
    cluster.advance(5)
    assert all(e.message.endswith(" ok") for e in requests(cluster, "stale", after=restarted))


def test_node_port_traffic_enters_at_the_node_and_reaches_the_pods(cluster: Cluster) -> None:
    svc = next(s for s in cluster.objects("services", namespace="default") if s["metadata"]["name"] == "web")
    node_port = svc["spec"]["ports"][0]["nodePort"]
    cluster.core.api.create("trafficflows", flow("np", fromNode="worker-2", nodePort=True, rate=10),
                            actor="kubectl")
    cluster.advance(10)
    events = requests(cluster, "np")
    assert len(events) >= 95 and all(e.message.endswith(" ok") for e in events)
    assert events[0].message.startswith(f"worker-2 → web (10.0.0.102:{node_port}) → ")
    assert len({e.target for e in events}) == 3
    # nginx logged them, from worker-2's masqueraded address.
    w3 = cluster.machines["worker-3"].runtime
    nginx = next(c for c in w3.running_containers() if c.pod_name.startswith("web-"))
    log = w3.logs(nginx.id)
    assert any(line.startswith("10.244.2.0 - - [") and '"curl/8.11.1"' in line for line in log)
    assert_status_matches_trace(cluster, "np")


def test_a_partitioned_node_reaches_only_its_own_pods(cluster: Cluster) -> None:
    pods = web_pods(cluster)
    local = next(ep for ep, p in pods.items() if p["spec"]["nodeName"] == "worker-1")
    cluster.core.api.create("faults", {"apiVersion": "sim.clusterviz.io/v1", "kind": "Fault",
                                       "metadata": {"name": "cut"},
                                       "spec": {"type": "NetworkPartition", "node": "worker-1"}},
                            actor="kubectl")
    cluster.core.api.create("trafficflows", flow("cut", rate=20), actor="kubectl")
    cluster.advance(10)
    events = requests(cluster, "cut")
    ok = [e for e in events if e.message.endswith(" ok")]
    failed = [e for e in events if " failed: " in e.message]
    assert ok and failed
    assert all(f"→ {local} ok" in e.message for e in ok)
    assert all(local not in e.message and "failed: i/o timeout (worker-1 is cut off)" in e.message
               for e in failed)
    assert status(cluster, "cut")["lastError"].endswith(": i/o timeout")
    # Healing the partition heals the traffic.
    cluster.core.api.delete("faults", "cut", actor="kubectl")
    healed = cluster.now
    cluster.advance(5)
    assert all(e.message.endswith(" ok") for e in requests(cluster, "cut", after=healed))


def test_a_powered_off_destination_times_out(cluster: Cluster) -> None:
    down = next(ep for ep, p in web_pods(cluster).items() if p["spec"]["nodeName"] == "worker-3")
    cluster.core.api.create("faults", {"apiVersion": "sim.clusterviz.io/v1", "kind": "Fault",
                                       "metadata": {"name": "off"},
                                       "spec": {"type": "NodeDown", "node": "worker-3"}}, actor="kubectl")
    cluster.core.api.create("trafficflows", flow("off", rate=20), actor="kubectl")
    cluster.advance(10)
    failed = [e for e in requests(cluster, "off") if " failed: " in e.message]
    assert failed and all(f"→ {down} failed: i/o timeout (worker-3 is down)" in e.message for e in failed)


def test_a_service_without_endpoints_is_rejected_by_iptables(cluster: Cluster) -> None:
    cluster.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "empty"},
                   "spec": {"selector": {"app": "nothing"}, "ports": [{"port": 8080}]}})
    cluster.advance(3)
    cluster.core.api.create("trafficflows", flow("empty", service="empty"), actor="kubectl")
    cluster.advance(2)
    events = requests(cluster, "empty")
    assert events and all(e.message.endswith("failed: connection refused (no endpoints: iptables REJECT)")
                          and e.target == "iptables/worker-1" for e in events)
    rules = "\n".join(cluster.machines["worker-1"].kube_proxy.iptables_lines())
    assert '-m comment --comment "default/empty has no endpoints" -m tcp --dport 8080 -j REJECT' in rules


def test_deleting_the_flow_stops_its_requests(cluster: Cluster) -> None:
    cluster.core.api.create("trafficflows", flow("brief", rate=10), actor="kubectl")
    cluster.advance(3)
    cluster.core.api.delete("trafficflows", "brief", actor="kubectl")
    count = len(requests(cluster, "brief"))
    cluster.advance(10)
    assert count >= 25 and len(requests(cluster, "brief")) == count
    assert cluster.objects("trafficflows") == []


def test_changing_the_rate_takes_effect(cluster: Cluster) -> None:
    cluster.core.api.create("trafficflows", flow("tuned", rate=2), actor="kubectl")
    cluster.advance(5)
    cluster.core.api.patch("trafficflows", "tuned", {"spec": {"rate": 20}}, actor="kubectl")
    changed = cluster.now
    cluster.advance(5)
    assert 95 <= len(requests(cluster, "tuned", after=changed)) <= 101
    assert_status_matches_trace(cluster, "tuned")


@pytest.mark.parametrize(("spec", "message"), [
    ({"fromNode": "worker-9"}, 'spec.fromNode: Not found: "worker-9"'),
    ({"rate": 500}, "spec.rate: Invalid value: 500: must be between 0.1 and 100"),
    ({"rate": 0}, "spec.rate: Invalid value: 0: must be between 0.1 and 100"),
    ({"service": ""}, "spec.service: Required value"),
    ({"port": 70000}, "spec.port: Invalid value: 70000"),
    ({"nodePort": "yes"}, 'spec.nodePort: Invalid value: "yes": must be of type boolean'),
])
def test_bad_flows_are_rejected_with_422(cluster: Cluster, spec: Obj, message: str) -> None:
    with pytest.raises(errors.ApiError) as caught:
        cluster.core.api.create("trafficflows", flow("bad", **spec), actor="kubectl")
    assert caught.value.code == 422 and message in caught.value.message
    assert caught.value.message.startswith('TrafficFlow.sim.clusterviz.io "bad" is invalid')


def test_iptables_lines_use_upstream_chain_names() -> None:
    # Every kubeadm cluster has these exact chains for kube-dns and kubernetes.
    assert service_chain("kube-system/kube-dns:dns", "UDP") == "KUBE-SVC-TCOU7JCQXEZGVUNU"
    assert service_chain("kube-system/kube-dns:dns-tcp", "TCP") == "KUBE-SVC-ERIFXISQEP7F7OF4"
    assert service_chain("default/kubernetes:https", "TCP") == "KUBE-SVC-NPX46M4PTMTKRN6Y"
    assert [probability(n) for n in (1, 2, 3, 4)] == ["1.00000000000", "0.50000000000", "0.33333333349",
                                                       "0.25000000000"]
    eps = ("10.244.1.3:80", "10.244.2.3:80", "10.244.3.2:80")
    lines = iptables_save({"services": {"10.96.0.20:80/TCP": ("default/web:http", eps)},
                           "nodePorts": {"30080/TCP": "10.96.0.20:80/TCP"}})
    svc = service_chain("default/web:http", "tcp")
    assert ('-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http cluster IP" '
            f"-m tcp --dport 80 -j {svc}") in lines
    picks = [line for line in lines if line.startswith(f"-A {svc} -m comment")]
    assert picks == [
        f'-A {svc} -m comment --comment "default/web:http -> 10.244.1.3:80" -m statistic --mode random '
        f'--probability 0.33333333349 -j {endpoint_chain("default/web:http", "tcp", eps[0])}',
        f'-A {svc} -m comment --comment "default/web:http -> 10.244.2.3:80" -m statistic --mode random '
        f'--probability 0.50000000000 -j {endpoint_chain("default/web:http", "tcp", eps[1])}',
        f'-A {svc} -m comment --comment "default/web:http -> 10.244.3.2:80" '
        f'-j {endpoint_chain("default/web:http", "tcp", eps[2])}',
    ]
    sep = endpoint_chain("default/web:http", "tcp", eps[2])
    assert (f'-A {sep} -p tcp -m comment --comment "default/web:http" -m tcp '
            "-j DNAT --to-destination 10.244.3.2:80") in lines
    assert any(line.startswith("-A KUBE-NODEPORTS -p tcp") and "--dport 30080 -j KUBE-EXT-" in line
               for line in lines)
    assert lines[0] == "*filter" and "*nat" in lines and lines[-1] == "COMMIT"


def test_each_node_shows_its_own_rules(cluster: Cluster) -> None:
    lines = cluster.machines["worker-2"].kube_proxy.iptables_lines()
    assert any("KUBE-SVC-TCOU7JCQXEZGVUNU" in line for line in lines)
    assert sum(1 for line in lines if '"default/web:http -> ' in line) == 3


def test_a_reboot_loses_the_rules_until_kube_proxy_writes_them_again(cluster: Cluster) -> None:
    proxy = cluster.machines["worker-2"].kube_proxy
    proxy.stop()
    proxy.flush()
    assert not any(line.startswith("-A KUBE-SVC-") for line in proxy.iptables_lines())
    proxy.start()
    cluster.advance(2)
    assert sum(1 for line in proxy.iptables_lines() if '"default/web:http -> ' in line) == 3


def test_the_kubernetes_service_reaches_the_apiserver_until_it_stops() -> None:
    """The ``kubernetes`` Service's endpoints are the apiservers' host addresses (no targetRef)."""
    cluster = Cluster.create(seed=1, workers=2, timing="classroom")
    flow = {"apiVersion": "sim.clusterviz.io/v1", "kind": "TrafficFlow", "metadata": {"name": "k"},
            "spec": {"service": "kubernetes", "fromNode": "worker-1", "rate": 5}}
    cluster.core.api.create("trafficflows", flow, actor="kubectl")
    cluster.advance(5.0)
    status = cluster.objects("trafficflows")[0]["status"]
    assert status["sent"] > 0 and status["failed"] == 0 and set(status["byEndpoint"]) == {"10.0.0.11:6443"}
    cluster.apply({"apiVersion": "sim.clusterviz.io/v1", "kind": "Fault", "metadata": {"name": "api"},
                   "spec": {"type": "ComponentDown", "component": "kube-apiserver",
                            "node": "control-plane-1"}})
    cluster.advance(5.0)
    status = cluster.objects("trafficflows")[0]["status"]
    assert status["failed"] > 0 and "connection refused" in status["lastError"]
