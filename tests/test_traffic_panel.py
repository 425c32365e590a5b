"""The Traffic panel: start/stop controls, live counts in frames, packets, log summaries,
kube-proxy's rules in the inspector, and the runtime of an added node (in-process, real cluster)."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.template.loader import render_to_string

from clusterviz import controls, stream, traffic_panel
from clusterviz.diagram.inspect import inspect
from clusterviz.live import LiveCluster
from clusterviz.traffic_panel import (
    PACKETS_PER_FLOW,
    RequestLog,
    flow_name,
    parse_service,
    pick_shots,
    service_choices,
    shot,
)
from simulator.cluster import Cluster
from simulator.traffic import KIND

P, V = "presenter", "viewer"
WEB_SERVICE = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 80}]},
}
FLOW = "web-80-worker-1"
LI = re.compile(
    r'<li (?:hx-swap-oob="[^"]+" )?id="tf-([^"]+)"[^>]*data-sent="(\d+)" data-succeeded="(\d+)" '
    r'data-failed="(\d+)"'
)


def act(cluster: Cluster, action: str, role: str = P, **params: Any) -> controls.Outcome:
    return controls.perform(cluster, action, {k: str(v) for k, v in params.items()}, role=role)


def start(cluster: Cluster, rate: Any = 20, **extra: Any) -> controls.Outcome:
    return act(cluster, "start-traffic", service="default/web:80", fromNode="worker-1", rate=rate, **extra)


def status(cluster: Cluster, name: str = FLOW) -> dict[str, Any]:
    return next(o for o in cluster.objects("trafficflows") if o["metadata"]["name"] == name)["status"]


def presenter_lines(cluster: Cluster) -> list[str]:
    return [e.message for e in cluster.core.trace if e.actor == "presenter"]


@pytest.fixture
def cluster() -> Cluster:
    """Three web pods behind a ClusterIP Service (classroom timing)."""
    c = Cluster.create(seed=2, workers=3, timing="classroom")
    assert act(c, "deploy", name="web", image="nginx", replicas=3).ok
    c.apply(WEB_SERVICE)
    c.advance(15)
    return c


@pytest.fixture
def feed(cluster):
    running = LiveCluster("demo", cluster)
    feed = stream.for_live(running)
    yield feed
    stream._forget(running)


def follow(feed: stream.Stream, role: str) -> stream.Subscription:
    subscription = feed.subscribe(role)
    feed.snapshot(subscription.role)
    subscription.needs_snapshot = False
    return subscription


def run(
    cluster: Cluster, feed: stream.Stream, seconds: float, *subscriptions: stream.Subscription
) -> list[str]:
    """Tick by tick, as the pacing does, collecting each subscription's frames (never overflowing)."""
    frames: dict[int, list[str]] = {id(s): [] for s in subscriptions}
    for _ in range(round(seconds / 0.1)):
        cluster.advance(0.1)
        feed.tick()
        for s in subscriptions:
            frames[id(s)] += [text for _, text in s.frames]
            s.frames.clear()
    return frames[id(subscriptions[0])] if subscriptions else []


# -- names and choices ------------------------------------------------------------------------
def test_one_flow_per_service_port_and_node_with_a_valid_name():
    assert flow_name("default", "web", 80, "worker-1") == "web-80-worker-1"
    assert flow_name("shop", "api", "8080", "control-plane-1") == "shop-api-8080-control-plane-1"
    assert flow_name("default", "Web_App", "", "worker-2") == "web-app-worker-2"
    assert flow_name("default", "", "", "") == "traffic"
    assert parse_service("kube-system/kube-dns:53") == ("kube-system", "kube-dns", "53")
    assert parse_service("web") == ("default", "web", "")


def test_the_service_menu_lists_cluster_ip_ports_default_namespace_first():
    def svc(ns: str, name: str, ports: list[int], **spec: Any) -> dict[str, Any]:
        return {
            "metadata": {"name": name, "namespace": ns},
            "spec": {
                "clusterIP": "10.96.0.9",
                "ports": [{"port": p, "nodePort": 30000 + p} for p in ports],
                **spec,
            },
        }

    choices = service_choices(
        [
            svc("kube-system", "kube-dns", [53, 53, 9153]),
            svc("shop", "api", [8080]),
            svc("default", "web", [80], type="NodePort"),
            svc("default", "db", [5432], clusterIP="None"),
            svc("default", "ext", [80], type="ExternalName"),
            svc("default", "kubernetes", [443]),
        ]
    )
    assert [c.value for c in choices] == [
        "default/kubernetes:443",
        "default/web:80",
        "shop/api:8080",
        "kube-system/kube-dns:53",
        "kube-system/kube-dns:9153",
    ]
    web = choices[1]
    assert web.node_port == 30080 and web.label == "default/web:80 · NodePort 30080"
    assert choices[0].node_port is None and choices[0].label == "default/kubernetes:443"


# -- the controls ------------------------------------------------------------------------------
def test_start_applies_a_traffic_flow_and_logs_the_kubectl_command(cluster):
    outcome = start(cluster)
    assert outcome.ok and outcome.output == f"trafficflow.sim.clusterviz.io/{FLOW} created"
    assert outcome.touched == (f"tf-{FLOW}",)
    flow = next(o for o in cluster.objects("trafficflows") if o["metadata"]["name"] == FLOW)
    assert flow["spec"] == {
        "service": "web",
        "namespace": "default",
        "port": 80,
        "fromNode": "worker-1",
        "rate": 20,
        "nodePort": False,
    }
    assert (
        presenter_lines(cluster)[-1]
        == f"kubectl apply -f trafficflow-{FLOW}.yaml (worker-1 → default/web:80 at 20/s)"
    )
    cluster.advance(3)
    assert status(cluster)["succeeded"] > 40 and status(cluster)["failed"] == 0


def test_start_again_changes_the_rate_in_place_and_the_counts_go_on(cluster):
    assert start(cluster).ok
    cluster.advance(2)
    sent = status(cluster)["sent"]
    again = start(cluster)
    assert again.output == f"trafficflow.sim.clusterviz.io/{FLOW} unchanged"
    faster = start(cluster, rate=50, nodePort="on")
    assert faster.output == f"trafficflow.sim.clusterviz.io/{FLOW} configured"
    assert presenter_lines(cluster)[-1].endswith("(worker-1 → default/web:80 at 50/s via NodePort)")
    cluster.advance(1)
    assert status(cluster)["sent"] > sent


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"rate": 500},
            "spec.rate: Invalid value: 500: must be between 0.1 and 100 (requests per second), inclusive",
        ),
        ({"rate": 0}, "spec.rate: Invalid value: 0: must be between 0.1"),
        ({"rate": "fast"}, 'spec.rate: Invalid value: "fast"'),
        ({"fromNode": "worker-9"}, 'spec.fromNode: Not found: "worker-9"'),
        ({"service": "default/Web_1:80"}, 'spec.service: Invalid value: "Web_1"'),
        ({"service": ""}, "spec.service: Required value"),
    ],
)
def test_bad_input_gets_the_apiservers_422_and_nothing_is_stored_or_announced(cluster, params, message):
    before = presenter_lines(cluster)
    fields = {"service": "default/web:80", "fromNode": "worker-1", "rate": 5, **params}
    outcome = act(cluster, "start-traffic", **fields)
    assert (outcome.ok, outcome.status) == (False, 422)
    assert "TrafficFlow.sim.clusterviz.io" in outcome.output and "is invalid" in outcome.output
    assert message in outcome.output
    assert cluster.objects("trafficflows") == [] and presenter_lines(cluster) == before


def test_stop_deletes_the_flow_and_its_requests_stop(cluster):
    assert start(cluster).ok
    cluster.advance(1)
    outcome = act(cluster, "stop-traffic", service="default/web:80", fromNode="worker-1")
    assert outcome.ok and outcome.output == f'trafficflow.sim.clusterviz.io "{FLOW}" deleted'
    assert presenter_lines(cluster)[-1] == f"kubectl delete trafficflow {FLOW}"
    assert cluster.objects("trafficflows") == []
    seen = sum(1 for e in cluster.core.trace if e.kind == KIND)
    cluster.advance(2)
    assert sum(1 for e in cluster.core.trace if e.kind == KIND) == seen
    missing = act(cluster, "stop-traffic", service="default/web:80", fromNode="worker-1")
    assert (missing.status, missing.output) == (404, f'trafficflows.sim.clusterviz.io "{FLOW}" not found')
    assert presenter_lines(cluster)[-1] == f"kubectl delete trafficflow {FLOW}"  # nothing announced


def test_a_flow_picked_in_the_list_is_stopped_by_its_own_name(cluster):
    cluster.core.api.create(
        "trafficflows",
        {
            "apiVersion": "sim.clusterviz.io/v1",
            "kind": "TrafficFlow",
            "metadata": {"name": "from-kubectl"},
            "spec": {"service": "web", "fromNode": "worker-2", "rate": 2},
        },
        actor="kubectl",
    )
    outcome = act(cluster, "stop-traffic", name="from-kubectl", service="default/web", fromNode="worker-2")
    assert outcome.ok and cluster.objects("trafficflows") == []


def test_viewers_are_refused_and_nothing_changes(cluster):
    refused = controls.perform(
        cluster, "start-traffic", {"service": "default/web:80", "fromNode": "worker-1"}, role=V
    )
    assert (refused.status, refused.output) == (403, controls.REFUSED)
    assert cluster.objects("trafficflows") == []


# -- live counts in the frames ----------------------------------------------------------------------
def test_counts_in_the_frames_equal_the_status_and_change_only_with_it(cluster, feed):
    presenter, viewer = follow(feed, P), follow(feed, V)
    assert start(cluster).ok
    feed.tick()
    first = [text for _, text in viewer.frames]
    viewer.frames.clear()
    presenter.frames.clear()
    assert any('hx-swap-oob="append:#traffic-flows"' in f and f'id="tf-{FLOW}"' in f for f in first)
    frames = run(cluster, feed, 3, viewer, presenter)
    items = [LI.search(f) for f in frames]
    shown = [m.groups() for m in items if m]
    assert len(shown) >= 4, "the counts move on in the frames"
    name, sent, ok, failed = shown[-1]
    st = status(cluster)
    assert (name, int(sent), int(ok), int(failed)) == (FLOW, st["sent"], st["succeeded"], st["failed"])
    # A frame carries the item only when the status changed: never twice the same numbers in a row.
    assert all(a != b for a, b in zip(shown, shown[1:], strict=False))
    # Viewers get the counts, never the presenter's form choices.
    assert all('id="traffic-service"' not in f for f in frames)


def test_a_stopped_flow_is_deleted_from_the_list(cluster, feed):
    viewer = follow(feed, V)
    assert start(cluster).ok
    run(cluster, feed, 1, viewer)
    assert act(cluster, "stop-traffic", service="default/web:80", fromNode="worker-1").ok
    feed.tick()
    frames = [text for _, text in viewer.frames]
    assert any(f'<div id="tf-{FLOW}" hx-swap-oob="delete"></div>' in f for f in frames)


def test_the_presenter_gets_new_service_choices_when_a_service_appears(cluster, feed):
    presenter, viewer = follow(feed, P), follow(feed, V)
    cluster.apply({**WEB_SERVICE, "metadata": {"name": "api", "namespace": "default"}})
    frames = run(cluster, feed, 0.3, presenter, viewer)
    assert any(
        '<select hx-swap-oob="true" id="traffic-service"' in f and "default/api:80" in f for f in frames
    )
    assert all('id="traffic-service"' not in text for _, text in viewer.frames)


def test_snapshots_carry_the_panel_and_only_the_presenters_has_the_menus(cluster, feed):
    assert start(cluster).ok
    cluster.advance(1)
    follow(feed, V)
    feed.tick()
    viewer_snapshot = "".join(feed.snapshot(V)[1])
    presenter_snapshot = "".join(feed.snapshot(P)[1])
    assert '<ul hx-swap-oob="true" id="traffic-flows"' in viewer_snapshot
    assert f'id="tf-{FLOW}"' in viewer_snapshot
    assert 'id="traffic-service"' not in viewer_snapshot and 'id="traffic-service"' in presenter_snapshot
    shown = LI.search(viewer_snapshot)
    st = status(cluster)
    assert shown and tuple(map(int, shown.groups()[1:])) == (st["sent"], st["succeeded"], st["failed"])


def test_the_flow_item_shows_last_error_and_endpoints_reached():
    obj = {
        "metadata": {"name": "f"},
        "spec": {"service": "web", "port": 80, "fromNode": "worker-1", "rate": 2.5, "nodePort": True},
        "status": {
            "phase": "Running",
            "sent": 12,
            "succeeded": 10,
            "failed": 2,
            "byEndpoint": {"10.244.1.2:80": 4, "10.244.2.2:80": 7, "10.244.3.2:80": 1},
            "lastEndpoint": "10.244.2.2:80",
            "lastError": "dial tcp 10.96.0.5:80: connect: <refused>",
        },
    }
    view = traffic_panel.flow_view(obj)
    assert (view.service, view.rate, view.via) == ("default/web:80", "2.5/s", "NodePort")
    assert view.endpoints == (("10.244.2.2:80", 7), ("10.244.1.2:80", 4), ("10.244.3.2:80", 1))
    html = traffic_panel.render_flow(view)
    assert 'data-sent="12" data-succeeded="10" data-failed="2"' in html
    assert "connect: &lt;refused&gt;" in html
    assert '<code data-last="true">10.244.2.2:80</code>' in html


# -- packets ----------------------------------------------------------------------------------------
def event(
    seq: int, flow: str, ok: bool, target: str = "pod/worker-2/default/web-1", actor: str = "traffic/worker-1"
):
    message = "worker-1 → web (10.96.0.2:80) → 10.244.2.3:80 " + (
        "ok" if ok else "failed: connection refused"
    )
    return SimpleNamespace(
        seq=seq,
        t=seq / 100,
        kind=KIND,
        actor=actor,
        target=target,
        object=f"trafficflows {flow}",
        message=message,
    )


def test_packets_are_a_few_per_flow_per_frame_failures_first():
    events = [event(i, "a", ok=i % 10 != 0) for i in range(100)] + [
        event(200 + i, "b", ok=True) for i in range(50)
    ]
    shots = pick_shots(events)
    assert len(shots) == 2 * PACKETS_PER_FLOW
    a = shots[:PACKETS_PER_FLOW]
    assert [s.ok for s in a].count(False) == 2 and all(s.ok for s in shots[PACKETS_PER_FLOW:])
    assert a[0].source == "component-kube-proxy-worker-1" and a[0].source_node == "node-worker-1"
    assert (a[0].dest, a[0].dest_node) == ("pod-default-web-1", "node-worker-2")


def test_a_request_that_never_left_its_node_dies_there():
    rejected = shot(event(1, "a", ok=False, target="iptables/worker-1"))
    assert (rejected.dest, rejected.dest_node, rejected.ok) == ("", "", False)
    gone = shot(event(2, "a", ok=False, target="pod/worker-3/10.244.3.9:80"))
    assert (gone.dest, gone.dest_node) == ("", "node-worker-3")
    html = traffic_panel.shots_html([gone])
    assert html.startswith(
        '<div hx-swap-oob="beforeend:#traffic-shots"><i data-src="component-kube-proxy-worker-1"'
    )


def test_a_100_per_second_flow_at_speed_10_stays_a_few_packets_per_frame(cluster, feed):
    viewer = follow(feed, V)
    cluster.configure(speed=10)
    assert start(cluster, rate=100).ok
    frames = []
    for _ in range(10):
        cluster.advance(1.0)  # one tick at 10×
        feed.tick()
        frames += [text for _, text in viewer.frames]
        viewer.frames.clear()
    per_frame = [f.count("<i data-src=") for f in frames]
    assert max(per_frame) <= PACKETS_PER_FLOW and sum(per_frame) > 0
    assert all(len(f) < 20_000 for f in frames)


# -- event-log lines: one per flow per window ----------------------------------------------------------
def test_the_event_log_gets_one_line_per_flow_per_second_with_exact_counts(cluster, feed):
    assert start(cluster).ok
    mark = len(cluster.core.trace)
    run(cluster, feed, 5.05)
    requests = [e for e in list(cluster.core.trace)[mark:] if e.kind == KIND]
    rows = [r for r in feed.rows if r.component == "traffic"]
    assert 4 <= len(rows) <= 6
    counted = [
        tuple(map(int, re.search(r": (\d+) ok, (\d+) failed in 1s", r.message).groups())) for r in rows
    ]
    closed = [e for e in requests if e.t < int(cluster.now)]
    assert sum(ok + bad for ok, bad in counted) == len(closed)
    assert all(r.node == "worker-1" and r.subject == FLOW and r.reason == KIND for r in rows)
    assert rows[0].message.startswith("→ web (10.96.")


def test_the_log_window_grows_with_speed():
    log = RequestLog()
    assert [log.window(s) for s in (0.25, 1, 2, 10, 100)] == [1.0, 1.0, 2.0, 10.0, 100.0]
    events = [event(i, "a", ok=i != 5) for i in range(1, 300)]  # t from 0.01 to 2.99 s
    rows = log.rows(events, now=3.0, speed=1)
    assert [r.message.split(": ", 1)[1] for r in rows] == [
        "98 ok, 1 failed in 1s (last: connection refused)",
        "100 ok, 0 failed in 1s",
        "100 ok, 0 failed in 1s",
    ]
    assert [r.warning for r in rows] == [True, False, False]


# -- kube-proxy's rules in the inspector --------------------------------------------------------------
def test_clicking_a_kube_proxy_shows_its_nodes_iptables_rules_and_last_sync(cluster, feed):
    found = inspect("component-kube-proxy-worker-2", feed.current(), cluster, feed.rows)
    proxy = cluster.machines["worker-2"].kube_proxy
    assert found is not None and found.rules is not None
    assert found.rules["lines"] == "\n".join(proxy.iptables_lines())
    facts = dict(found.facts)
    assert facts["Last sync"].startswith("at ") and facts["Last sync"].endswith("s ago)")
    assert re.fullmatch(r"\d+ Services, \d+ endpoints", facts["Rules"])
    html = render_to_string(
        "clusterviz/diagram/inspector.html",
        {"found": found, "target": "component-kube-proxy-worker-2", "cluster_name": "demo"},
    )
    assert '<pre class="iptables" data-node="worker-2"' in html
    assert "-A KUBE-SERVICES -d 10.96." in html and "KUBE-SVC-" in html and "KUBE-SEP-" in html
    assert "jumps to its KUBE-SVC-… chain, which picks one KUBE-SEP-… endpoint chain at random" in html
    kubelet = inspect("component-kubelet-worker-2", feed.current(), cluster, feed.rows)
    assert kubelet is not None and kubelet.rules is None


def test_a_stopped_kube_proxys_rules_are_marked_stale(cluster, feed):
    cluster.machines["worker-1"].kube_proxy.stop()
    found = inspect("component-kube-proxy-worker-1", feed.current(), cluster, feed.rows)
    assert "go stale" in dict(found.facts)["Rules state"]


# -- the runtime of an added node -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("runtime", "binary", "shown"),
    [
        ("cri-o", "crio", "CRI-O"),
        ("docker", "cri-dockerd", "Docker Engine (cri-dockerd)"),
        ("containerd", "containerd", "containerd"),
    ],
)
def test_add_node_runs_the_chosen_runtime(cluster, feed, runtime, binary, shown):
    outcome = act(cluster, "add-node", runtime=runtime)
    assert outcome.ok and outcome.output == "node/worker-4 joined"
    assert cluster.machines["worker-4"].runtime.kind == runtime
    assert presenter_lines(cluster)[-1].endswith(f"(new machine worker-4, runtime {shown})")
    cluster.advance(5)
    worker = next(m for m in feed.builder.build().workers if m.node.name == "worker-4")
    assert binary in [agent.name for agent in worker.agents]  # the node box names its runtime


def test_add_node_without_a_runtime_uses_the_clusters_and_an_unknown_one_is_refused(cluster):
    assert act(cluster, "add-node").ok and cluster.machines["worker-4"].runtime.kind == "containerd"
    refused = act(cluster, "add-node", runtime="rkt")
    assert refused.status == 422 and 'unknown container runtime "rkt"' in refused.output
    assert "worker-5" not in cluster.machines
