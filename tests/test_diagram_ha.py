"""The diagram of a highly available control plane: masters, the load balancer, who leads.

View models, frames and the inspector read from a real simulated cluster with three
control-plane nodes (classroom timing); the single-master page keeps its shape.
"""
from __future__ import annotations

import re

import pytest

from clusterviz import controls
from clusterviz.diagram import render
from clusterviz.diagram.build import Builder
from clusterviz.diagram.diff import diff, replace
from clusterviz.diagram.events import log_row, packet
from clusterviz.diagram.inspect import inspect
from simulator import Cluster, topology
from simulator.trace import TraceEvent
from tests.simhelpers import run_until
from tests.test_diagram import deployment, fault

MASTERS = ("control-plane-1", "control-plane-2", "control-plane-3")


@pytest.fixture
def cluster() -> Cluster:
    return Cluster.create(seed=1, workers=3, control_planes=3, timing="classroom")


def by_id(diagram) -> dict:
    return {c.dom_id: c for c in diagram.components}


def leaders(diagram, name: str) -> list[str]:
    return [c.node for c in diagram.components if c.name == name and c.state == "leader"]


def event(actor: str, target: str, kind: str = "PodPatched", verb: str = "patch") -> TraceEvent:
    return TraceEvent(1, 0.0, actor, target, verb, "pods default/x", "m", kind)


# -- the picture ----------------------------------------------------------------------------
def test_three_masters_each_with_its_own_control_plane_behind_a_load_balancer(cluster):
    d = Builder("ha", cluster).build()
    assert d.ha and [m.node.name for m in d.control_plane] == list(MASTERS)
    for machine, components in d.masters:
        node = machine.node.name
        assert [(c.name, c.dom_id) for c in components] == [
            ("etcd", f"component-etcd-{node}"), ("kube-scheduler", f"component-kube-scheduler-{node}"),
            ("kube-controller-manager", f"component-kube-controller-manager-{node}"),
            ("kube-apiserver", f"component-kube-apiserver-{node}")]
        assert machine.node.controls                      # Fail node / Cut network on masters too
    assert d.lb is not None and d.lb.dom_id == "component-load-balancer"
    assert (d.lb.endpoint, d.lb.state, d.lb.text) == (
        "10.0.0.10:6443", "ok", "3 of 3 apiservers in rotation · checks GET /healthz")
    assert d.etcd_problem == ""


def test_one_etcd_leader_with_its_term_and_one_leader_per_lease(cluster):
    d = Builder("ha", cluster).build()
    etcd = [c for c in d.components if c.name == "etcd"]
    assert sorted(c.mark for c in etcd) == ["follower", "follower", "leader"]
    term = cluster.core.raft.members[cluster.core.raft.leader].term
    for member in etcd:
        assert re.fullmatch(rf"term {term} · rev \d+", d.detail(member.key)), d.detail(member.key)
    assert len(leaders(d, "kube-scheduler")) == 1 and len(leaders(d, "kube-controller-manager")) == 1
    standby = [c for c in d.components if c.name in ("kube-scheduler", "kube-controller-manager")
               and c.state != "leader"]
    assert {c.mark for c in standby} == {"standby"} and len(standby) == 4
    assert {c.mark for c in d.components if c.name == "kube-apiserver"} == {"in rotation"}
    # the pending-pod queue sits at the leading scheduler
    assert d.queue_at == f"component-kube-scheduler-{leaders(d, 'kube-scheduler')[0]}"


def test_wires_go_through_the_load_balancer_and_etcd_members_are_raft_peers(cluster):
    edges = {e.dom_id: e for e in Builder("ha", cluster).build().edges}
    assert "edge-kubectl--load-balancer" in edges
    for node in MASTERS:
        assert f"edge-load-balancer--kube-apiserver-{node}" in edges
        assert f"edge-kube-apiserver-{node}--etcd-{node}" in edges
        # a master's own kubelet reaches the load balancer too, but its wire is not drawn
        assert f"edge-kubelet-{node}--load-balancer" not in edges
    assert "edge-kubelet-worker-2--load-balancer" in edges
    arcs = {k: e.arc for k, e in edges.items() if e.arc}
    assert arcs == {"edge-etcd-control-plane-1--etcd-control-plane-2": 1,
                    "edge-etcd-control-plane-1--etcd-control-plane-3": 2,
                    "edge-etcd-control-plane-2--etcd-control-plane-3": 1}
    captions = {k: e.label for k, e in edges.items() if e.label}
    assert captions == {
        "edge-etcd-control-plane-1--etcd-control-plane-3": "Raft: elect a leader · a majority commits",
        "edge-kubelet-worker-1--load-balancer": "watch pods · status · heartbeat"}


def test_stopping_the_leading_scheduler_hands_the_lease_and_the_queue_to_another_master(cluster):
    builder = Builder("ha", cluster)
    before = builder.build()
    old = leaders(before, "kube-scheduler")[0]
    cluster.apply(fault("s", type="ComponentDown", component="kube-scheduler", node=old))
    others = [s for name, s in cluster.components.items()
              if name.startswith("kube-scheduler@") and not name.endswith(old)]
    run_until(cluster, lambda: any(s.is_leader for s in others), limit=30)
    after = builder.build()
    new = leaders(after, "kube-scheduler")
    assert len(new) == 1 and new[0] != old
    assert by_id(after)[f"component-kube-scheduler-{old}"].state == "stopped"
    assert after.queue_at == f"component-kube-scheduler-{new[0]}"
    ops = {(op.kind, op.target) for op in diff(before, after)}
    assert ("replace", f"component-kube-scheduler-{old}") in ops       # the queue leaves its box
    assert ("replace", f"component-kube-scheduler-{new[0]}") in ops    # and joins the new leader's
    # pods created now wait in the new leader's queue and get scheduled by it
    cluster.apply(deployment("web", 2))
    run_until(cluster, lambda: all(p["spec"].get("nodeName") for p in cluster.objects("pods")
                                   if p["metadata"]["name"].startswith("web-")), limit=20)


def test_no_quorum_says_so_and_every_apiserver_says_why_it_cannot_serve(cluster):
    builder = Builder("ha", cluster)
    for node in MASTERS[:2]:
        cluster.apply(fault(f"e-{node}", type="ComponentDown", component="etcd", node=node))
    cluster.advance(3)
    d = builder.build()
    assert d.etcd_problem == "etcd has no quorum (1 of 3 members reachable)"
    members = {c.node: c for c in d.components if c.name == "etcd"}
    assert members["control-plane-1"].state == members["control-plane-2"].state == "down"
    assert members["control-plane-3"].state in ("candidate", "follower")
    apiservers = {c.node: c for c in d.components if c.name == "kube-apiserver"}
    assert {c.state for c in apiservers.values()} == {"no-etcd"}
    assert {c.mark for c in apiservers.values()} == {"unhealthy"}     # the balancer still tries them all
    assert d.detail(apiservers["control-plane-3"].key) == (
        "etcd cannot answer: etcd has no quorum (1 of 3 members reachable)")
    assert d.detail(apiservers["control-plane-1"].key) == "etcd cannot answer: member is down"
    assert (d.lb.state, d.lb.text) == ("fallback", "no apiserver passes GET /healthz: tries all 3")
    html = render.render_op(replace("etcd-quorum", "quorum.html"), d, presenter=False)
    assert "etcd has no quorum (1 of 3 members reachable)" in html and " hidden" not in html
    for node in MASTERS[:2]:
        cluster.delete("faults", f"e-{node}")
    run_until(cluster, lambda: cluster.core.raft.quorum(), limit=10)
    healed = builder.build()
    assert healed.etcd_problem == "" and healed.lb.state == "ok"
    assert ("replace", "etcd-quorum") in {(op.kind, op.target) for op in diff(d, healed)}


def test_a_master_cut_off_leaves_the_rotation_and_its_member_loses_its_peers(cluster):
    cluster.apply(fault("cut", type="NetworkPartition", nodes=["control-plane-2"]))
    cluster.advance(3)
    d = Builder("ha", cluster).build()
    apiserver = by_id(d)["component-kube-apiserver-control-plane-2"]
    assert (apiserver.state, apiserver.mark) == ("cut-off", "out of rotation")
    assert d.detail(apiserver.key) == "cut off: the load balancer cannot reach it"
    member = by_id(d)["component-etcd-control-plane-2"]
    assert d.detail(member.key).startswith("cut off · term ")
    assert d.lb.state == "degraded" and d.lb.text.startswith("2 of 3 apiservers in rotation")
    assert d.etcd_problem == ""                                        # two of three still agree
    machine = next(m for m in d.control_plane if m.node.name == "control-plane-2")
    assert machine.node.partitioned and machine.node.problem == "network cut"


def test_a_paused_leader_shows_paused_and_gets_a_resume_button(cluster):
    d = Builder("ha", cluster).build()
    node = leaders(d, "kube-controller-manager")[0]
    outcome = controls.perform(cluster, "pause-component", {"component": "kube-controller-manager",
                                                            "node": node}, role="presenter")
    assert outcome.ok and outcome.touched == (f"component-kube-controller-manager-{node}",)
    assert f"fault-kube-controller-manager-{node}-paused" in {f["metadata"]["name"]
                                                               for f in cluster.objects("faults")}
    paused = Builder("ha", cluster).build()
    component = by_id(paused)[f"component-kube-controller-manager-{node}"]
    assert (component.state, component.mark, component.pausable) == ("paused", "paused", True)
    html = render.render_op(next(op for op in diff(d, paused) if op.target == f"controls-{component.dom_id}"),
                            paused, presenter=True)
    assert ">Resume</button>" in html and ">Pause</button>" not in html
    assert controls.perform(cluster, "resume-component", {"component": "kube-controller-manager",
                                                          "node": node}, role="presenter").ok
    assert not cluster.objects("faults")
    refused = controls.perform(cluster, "pause-component", {"component": "etcd", "node": node},
                               role="presenter")
    assert (refused.ok, refused.status) == (False, 422)


def test_stop_and_start_act_on_one_master_and_name_its_box(cluster):
    outcome = controls.perform(cluster, "stop-component", {"component": "kube-apiserver",
                                                           "node": "control-plane-2"}, role="presenter")
    assert outcome.ok and outcome.touched == ("component-kube-apiserver-control-plane-2",)
    d = Builder("ha", cluster).build()
    stopped = [c.node for c in d.components if c.name == "kube-apiserver" and not c.running]
    assert stopped == ["control-plane-2"]
    assert by_id(d)["component-kube-apiserver-control-plane-2"].mark == "out of rotation"
    assert d.lb.text.startswith("2 of 3")
    assert controls.perform(cluster, "start-component", {"component": "kube-apiserver",
                                                         "node": "control-plane-2"}, role="presenter").ok
    assert controls.perform(cluster, "fail-node", {"node": "control-plane-3"}, role="presenter").ok
    down = Builder("ha", cluster).build()
    assert {c.running for c in down.components if c.node == "control-plane-3"} == {False}


# -- frames ---------------------------------------------------------------------------------
def test_the_snapshot_draws_masters_the_load_balancer_and_presenter_controls_only_for_the_presenter(cluster):
    d = Builder("ha", cluster).build()
    presenter = render.snapshot(d, [], 7, presenter=True)[0]
    viewer = render.snapshot(d, [], 7, presenter=False)[0]
    for html in (presenter, viewer):
        assert html.count('class="machine cp master"') == 3
        assert 'id="component-load-balancer"' in html and 'id="component-kubectl"' in html
        assert '<p id="etcd-quorum" class="quorum" role="alert" hidden>' in html
        assert html.count('id="scheduler-queue"') == 1
        assert 'data-arc="2"' in html
    assert presenter.count("/control/pause-component/") == 6
    assert presenter.count(">Cut network</button>") == 6            # three masters and three workers
    assert "<button" not in viewer


def test_a_message_between_components_without_a_wire_travels_every_hop(cluster):
    graph = topology.from_cluster(cluster)
    beat = packet(graph, event("kubelet/worker-1", "kube-apiserver@control-plane-2", kind="LeaseUpdated"))
    assert beat is not None and (beat.edge, beat.kind) == ("edge-kubelet-worker-1--load-balancer", "beat")
    assert beat.hops == (("edge-load-balancer--kube-apiserver-control-plane-2", False),)
    watch = packet(graph, event("kube-apiserver@control-plane-3", "kube-proxy/worker-2",
                                kind="WatchEventDelivered", verb="watch"))
    assert watch is not None and (watch.edge, watch.backwards) == (
        "edge-load-balancer--kube-apiserver-control-plane-3", True)
    assert watch.hops == (("edge-kube-proxy-worker-2--load-balancer", True),)
    store = packet(graph, event("kube-apiserver@control-plane-2", "etcd@control-plane-2", kind="KeyWritten",
                                verb="put"))
    assert store is not None and (store.kind, store.hops) == ("store", ())
    vote = packet(graph, event("etcd@control-plane-3", "etcd@control-plane-1", kind="EtcdElection",
                               verb="vote"))
    assert vote is not None and (vote.edge, vote.backwards, vote.kind) == (
        "edge-etcd-control-plane-1--etcd-control-plane-3", True, "raft")
    html = render.packets([beat, watch])
    assert 'data-hops="edge-load-balancer--kube-apiserver-control-plane-2"' in html
    assert 'data-hops="-edge-kube-proxy-worker-2--load-balancer"' in html


def test_leadership_lines_in_the_event_log_name_the_master():
    elected = log_row(TraceEvent(5, 7.7, "kube-scheduler@control-plane-3", "kube-apiserver@control-plane-3",
                                 "elect", "leases kube-system/kube-scheduler",
                                 "kube-scheduler@control-plane-3 became leader", "LeaderElected"))
    assert elected is not None
    assert (elected.component, elected.node, elected.reason, elected.warning) == (
        "kube-scheduler", "control-plane-3", "LeaderElected", False)
    lost = log_row(TraceEvent(6, 9.0, "etcd@control-plane-1", "etcd@control-plane-1", "stop", "raft term 2",
                              "etcd@control-plane-1 stopped: leader lost at term 2", "EtcdLeaderLost"))
    assert lost is not None and (lost.component, lost.node, lost.warning) == ("etcd", "control-plane-1", True)
    assert log_row(TraceEvent(7, 9.0, "etcd@control-plane-3", "etcd@control-plane-2", "vote", "raft term 3",
                              "vote", "EtcdElection")) is None          # election messages are packets


# -- the inspector ----------------------------------------------------------------------------
def test_the_inspector_shows_the_lease_the_raft_state_and_the_load_balancer(cluster):
    d = Builder("ha", cluster).build()
    node = leaders(d, "kube-scheduler")[0]
    found = inspect(f"component-kube-scheduler-{node}", d, cluster, [])
    facts = dict(found.facts)
    assert facts["State"] == "leader" and facts["Lease"] == "kube-system/kube-scheduler"
    assert facts["Holder"].startswith(f"{node}_") and facts["Holder"].endswith("(this copy)")
    assert facts["Transitions"] == "0" and facts["Renewed"].startswith("t=")
    assert "Only one copy of kube-scheduler works at a time: the leader." in found.explanation
    standby = next(c for c in d.components if c.name == "kube-scheduler" and c.state == "standby")
    assert dict(inspect(standby.dom_id, d, cluster, []).facts)["Queue"] == "none (standby)"

    member = next(c for c in d.components if c.name == "etcd" and c.state == "leader")
    facts = dict(inspect(member.dom_id, d, cluster, []).facts)
    assert facts["Raft role"] == "leader" and facts["Quorum"] == "2 of 3 members; 3 connected now"
    assert int(facts["Commit index"]) > 0
    assert facts["Term"] == str(cluster.core.raft.members[member.talker].term)
    assert "the quorum" in inspect(member.dom_id, d, cluster, []).explanation

    lb = inspect("component-load-balancer", d, cluster, [])
    assert lb is not None and lb.title == "load balancer"
    assert dict(lb.facts)["control-plane-2"] == "in rotation"


# -- one master: the page as it was, plus who leads --------------------------------------------
def test_a_single_master_keeps_its_boxes_and_ids_and_marks_its_leaders():
    cluster = Cluster.create(seed=1, workers=2, timing="classroom")
    d = Builder("demo", cluster).build()
    assert not d.ha and d.lb is None and d.etcd_problem == ""
    assert [(c.dom_id, c.state) for c in d.components] == [
        ("component-etcd", ""), ("component-kube-apiserver", ""),
        ("component-kube-scheduler", "leader"), ("component-kube-controller-manager", "leader")]
    assert d.queue_at == "component-kube-scheduler"
    assert d.detail("etcd").startswith("rev ") and d.detail("kube-apiserver").endswith("in the last second")
    assert not d.control_plane[0].node.controls
    html = render.snapshot(d, [], 1, presenter=True)[0]
    assert 'class="machine cp"' in html and "master" not in html and "load-balancer" not in html
    assert html.count("/control/pause-component/") == 2
    cluster.apply(fault("p", type="ComponentPaused", component="kube-scheduler", node="control-plane-1"))
    assert Builder("demo", cluster).build().component("kube-scheduler").mark == "paused"
