"""The fan-out: coalesced, numbered frames per tick; snapshots for new, lagging or gapped viewers."""
from __future__ import annotations

import asyncio
import re

import pytest

from clusterviz import stream
from clusterviz.diagram import render
from clusterviz.diagram.build import Builder
from clusterviz.diagram.diff import diff
from clusterviz.live import LiveCluster
from simulator import Cluster
from tests.test_diagram import deployment, fault

SEQ = re.compile(r'<div id="cv-frame" hx-swap-oob="attrs" data-seq="(\d+)"')


@pytest.fixture
def cluster() -> Cluster:
    return Cluster.create(seed=1, workers=3, timing="classroom")


@pytest.fixture
def feed(cluster):
    running = LiveCluster("demo", cluster)
    feed = stream.for_live(running)
    yield feed
    stream._forget(running)


def drain(subscription: stream.Subscription) -> list[str]:
    frames = [text for _, text in subscription.frames]
    subscription.frames.clear()
    return frames


def current(subscription: stream.Subscription) -> stream.Subscription:
    """A subscription that has had its first snapshot."""
    subscription.stream.snapshot(subscription.role)
    subscription.needs_snapshot = False
    return subscription


def run(cluster: Cluster, feed: stream.Stream, seconds: float, *, tick: float = 0.1) -> None:
    for _ in range(round(seconds / tick)):
        cluster.advance(tick)
        feed.tick()


def watch(cluster: Cluster, feed: stream.Stream, viewer: stream.Subscription, seconds: float) -> list[str]:
    """Run and collect the viewer's frames as its socket would take them, tick by tick."""
    frames = []
    for _ in range(round(seconds / 0.1)):
        run(cluster, feed, 0.1)
        frames += drain(viewer)
    return frames


# -- diffs: the smallest update that says what changed ---------------------------------------
def test_a_pod_turning_running_is_an_attribute_update(cluster):
    cluster.apply(deployment("web", 3))
    builder = Builder("demo", cluster)
    for _ in range(40):
        before = builder.build()
        cluster.advance(0.05)
        after = builder.build()
        ops = [op for op in diff(before, after) if op.target.startswith("pod-")]
        if any(op.kind == "attrs" and ("data-phase", "Running") in op.attrs for op in ops):
            assert all(op.kind == "attrs" for op in ops)
            return
    pytest.fail("no pod turned Running as an attribute update")


def test_a_new_pod_on_a_node_replaces_only_its_group_or_pod_area(cluster):
    builder = Builder("demo", cluster)
    before = builder.build()
    cluster.apply(deployment("web", 3))
    cluster.advance(3)
    ops = diff(before, builder.build())
    replaced = [op.target for op in ops if op.kind == "replace"]
    assert all(not t.startswith("node-") for t in replaced)           # never the whole node box
    assert any(t.startswith(("pods-", "group-")) for t in replaced)
    assert "workloads" in replaced
    assert [op.rank for op in ops] == sorted(op.rank for op in ops)   # attribute updates first


def test_a_failing_node_changes_attributes_and_its_controls(cluster):
    builder = Builder("demo", cluster)
    before = builder.build()
    cluster.apply(fault("down", type="NodeDown", node="worker-2"))
    cluster.advance(0.2)
    ops = {(op.kind, op.target): op for op in diff(before, builder.build())}
    node = ops[("attrs", "node-worker-2")]
    assert ("data-powered", "false") in node.attrs and ("data-kubelet", "false") in node.attrs
    assert ops[("replace", "controls-node-worker-2")].presenter_only
    assert ("replace", "status-worker-2") in ops
    assert ("attrs", "component-kubelet-worker-2") in ops


def scale(cluster: Cluster, replicas: int) -> None:
    cluster.core.api.patch("deployments", "web", {"spec": {"replicas": replicas}}, namespace="default",
                           actor="kubectl")


def test_pods_joining_a_group_are_appended_and_leaving_ones_deleted(cluster):
    cluster.apply(deployment("web", 6))
    cluster.advance(5)
    builder = Builder("demo", cluster)
    before = builder.build()
    scale(cluster, 9)
    cluster.advance(3)
    grown = builder.build()
    ops = diff(before, grown)
    appended = [op for op in ops if op.kind == "append"]
    assert len(appended) == 3 and all(op.target.endswith("-pods") for op in appended)
    assert not [op for op in ops if op.kind == "replace" and op.target.startswith(("group-", "pods-"))]
    scale(cluster, 4)
    cluster.advance(10)
    shrunk = builder.build()
    ops = diff(grown, shrunk)
    before_pods = {p.dom_id: m.node.name for m in grown.workers for g in m.groups for p in g.pods}
    still = {p.dom_id for m in shrunk.workers for g in m.groups for p in g.pods}
    gone = {pod: node for pod, node in before_pods.items() if pod not in still}
    deleted = {op.target for op in ops if op.kind == "delete"}
    redrawn = {op.target for op in ops if op.kind == "replace"}
    assert len(gone) == 5
    assert all(pod in deleted or f"pods-{node}" in redrawn for pod, node in gone.items())


# -- frames ----------------------------------------------------------------------------------
def test_one_numbered_frame_per_tick_however_many_events(cluster, feed):
    viewer = current(feed.subscribe("viewer"))
    cluster.apply(deployment("web", 6))
    cluster.advance(2)                          # hundreds of trace events in one tick
    feed.tick()
    frames = drain(viewer)
    assert len(frames) == 1
    frames += watch(cluster, feed, viewer, 1)
    numbers = [int(SEQ.match(text).group(1)) for text in frames]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_packets_are_coalesced_per_edge_and_capped(cluster, feed):
    viewer = current(feed.subscribe("viewer"))
    cluster.apply(deployment("web", 30))
    cluster.advance(3)
    feed.tick()
    (frame,) = drain(viewer)
    packets = re.findall(r'<circle class="pkt (\w+)( back)?" r="5" style="offset-path: url\(#([^)]+)\)',
                         frame)
    assert 0 < len(packets) <= render.PACKETS_PER_FRAME
    assert len(set(packets)) == len(packets)


def test_heartbeats_pulse_the_kubelet(cluster, feed):
    viewer = current(feed.subscribe("viewer"))
    text = "".join(watch(cluster, feed, viewer, 3))
    assert re.search(r'<div id="component-kubelet-worker-1" hx-swap-oob="attrs" data-beat="[01]">', text)


def test_viewers_never_get_the_presenters_controls(cluster, feed):
    viewer, presenter = current(feed.subscribe("viewer")), current(feed.subscribe("presenter"))
    cluster.apply(fault("down", type="NodeDown", node="worker-2"))
    cluster.advance(0.1)
    feed.tick()
    assert 'id="controls-node-worker-2"' in drain(presenter)[0]
    assert 'controls-' not in drain(viewer)[0]
    assert 'id="controls-' not in "".join(feed.snapshot("viewer")[1])
    assert 'id="controls-node-worker-1"' in "".join(feed.snapshot("presenter")[1])


def test_the_event_log_gets_the_story_in_order(cluster, feed):
    viewer = current(feed.subscribe("viewer"))
    cluster.apply(deployment("web", 2))
    text = "".join(watch(cluster, feed, viewer, 4))
    reasons = re.findall(r'<b class="reason">(\w+)</b>', text)
    story = [r for r in reasons if r in ("ScalingReplicaSet", "SuccessfulCreate", "Scheduled", "Started")]
    assert story[0] == "ScalingReplicaSet" and "Scheduled" in story
    assert story.index("SuccessfulCreate") < story.index("Scheduled") < story.index("Started")


def test_markup_in_images_and_messages_is_escaped(cluster, feed):
    viewer = current(feed.subscribe("viewer"))
    cluster.apply({"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": "x", "annotations": {"note": "<img src=x onerror=alert(1)>"}},
                   "spec": {"containers": [{"name": "c", "image": "nginx<script>alert(1)</script>"}]}})
    run(cluster, feed, 3)
    text = "".join(drain(viewer)) + "".join(feed.snapshot("viewer")[1])
    assert "<script>" not in text and "nginx&lt;script&gt;" in text


# -- subscriptions ----------------------------------------------------------------------------
async def test_a_new_viewer_starts_with_a_snapshot_then_follows(cluster, feed):
    subscription = feed.subscribe("viewer")
    frames = aiter(subscription)
    first = await anext(frames)
    assert 'data-snapshot="true"' in first and 'id="diagram"' in first and 'id="event-log"' in first
    run(cluster, feed, 0.3)
    second = await anext(frames)
    assert int(SEQ.match(second).group(1)) == int(SEQ.match(first).group(1)) + 1


def test_a_page_rendered_at_the_current_number_needs_no_snapshot(feed):
    feed.current()
    assert not feed.subscribe("viewer", since=feed.seq).needs_snapshot
    assert feed.subscribe("viewer", since=feed.seq - 1).needs_snapshot


def test_a_viewer_that_falls_behind_is_resynced_not_flooded(cluster, feed):
    slow = current(feed.subscribe("viewer"))
    run(cluster, feed, (stream.QUEUE_LIMIT + 5) * 0.1)
    assert slow.needs_snapshot and not slow.frames


async def test_resync_sends_a_snapshot_and_skips_frames_it_covers(cluster, feed):
    subscription = current(feed.subscribe("viewer"))
    run(cluster, feed, 0.3)
    subscription.resync()
    run(cluster, feed, 0.2)
    frames = aiter(subscription)
    snapshot = await anext(frames)
    assert 'data-snapshot="true"' in snapshot
    assert not subscription.frames        # everything before the snapshot's number was dropped


def test_a_snapshot_too_big_for_one_message_comes_in_parts(cluster, feed):
    cluster.apply(deployment("web", 30))
    cluster.advance(5)
    whole = render.snapshot(feed.current(), feed.rows, feed.seq, presenter=False)
    parts = render.snapshot(feed.current(), feed.rows, feed.seq, presenter=False, limit=6000)
    assert len(whole) == 1 and len(parts) > 2
    assert all(len(part) <= 6000 for part in parts[1:])
    assert 'data-snapshot="true"' in parts[0] and 'id="node-worker-1"' not in parts[0]
    assert all(part.startswith('<div id="cv-part"') for part in parts[1:])
    for worker in ("worker-1", "worker-2", "worker-3"):
        assert sum(f'id="node-{worker}"' in part for part in parts) == 1


def test_a_frame_too_big_for_one_message_becomes_a_resync(cluster, feed, monkeypatch):
    viewer = current(feed.subscribe("viewer"))
    monkeypatch.setattr(render, "MESSAGE_LIMIT", 200)
    cluster.apply(deployment("web", 3))
    run(cluster, feed, 0.3)
    assert viewer.needs_snapshot and not viewer.frames


def test_closing_a_subscription_unsubscribes_it(feed):
    subscription = feed.subscribe("viewer")
    subscription.close()
    assert subscription not in feed.subscribers


def test_nobody_watching_costs_no_rendering(cluster, feed):
    cluster.apply(deployment("web", 1))
    run(cluster, feed, 0.5)
    assert feed.state is None
    assert len(feed.rows) > 0                # the log keeps its history for the next viewer


async def _collect(subscription: stream.Subscription, out: list[str]) -> None:
    async for text in subscription:
        out.append(text)


async def test_an_acknowledging_viewer_has_a_window_in_flight_then_a_snapshot(cluster, feed):
    viewer = current(feed.subscribe("viewer"))
    sent: list[str] = []
    writer = asyncio.ensure_future(_collect(viewer, sent))
    try:
        run(cluster, feed, 0.1)
        await asyncio.sleep(0)
        viewer.ack(int(SEQ.match(sent[-1]).group(1)))   # from now on it acknowledges
        for _ in range(stream.WINDOW + stream.QUEUE_LIMIT + 5):      # and then stops
            run(cluster, feed, 0.1)
            await asyncio.sleep(0)
            assert len(viewer.frames) <= stream.QUEUE_LIMIT
        assert len(sent) == 1 + stream.WINDOW and len(viewer.unacked) == stream.WINDOW
        assert viewer.needs_snapshot and viewer.overflows >= 1 and feed.overflows >= 1
        assert feed.peak_queued == stream.QUEUE_LIMIT
        numbers = [int(SEQ.match(text).group(1)) for text in sent]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        viewer.ack(numbers[-1])
        await asyncio.sleep(0)
        assert 'data-snapshot="true"' in sent[-1] and not viewer.needs_snapshot
        run(cluster, feed, 0.1)
        await asyncio.sleep(0)
        assert int(SEQ.match(sent[-1]).group(1)) == feed.seq and 'data-snapshot' not in sent[-1]
    finally:
        writer.cancel()


async def test_a_connection_that_does_not_drain_holds_back_a_viewer_that_never_acks(cluster, feed):
    viewer = current(feed.subscribe("viewer"))
    unsent = [0]
    viewer.backlog = lambda: unsent[0]
    sent: list[str] = []
    writer = asyncio.ensure_future(_collect(viewer, sent))
    try:
        run(cluster, feed, 0.1)
        await asyncio.sleep(0)
        assert len(sent) == 1
        unsent[0] = stream.BACKLOG_LIMIT + 1
        for _ in range(stream.QUEUE_LIMIT + 2):
            run(cluster, feed, 0.1)
            await asyncio.sleep(0)
        assert len(sent) == 1 and viewer.needs_snapshot and viewer.overflows == 1
        unsent[0] = 0
        await asyncio.sleep(stream.BACKLOG_POLL * 2)
        assert 'data-snapshot="true"' in sent[-1]
    finally:
        writer.cancel()


def test_a_big_clusters_dots_flash_now_and_then_not_every_frame():
    big = Cluster.create(seed=1, workers=30, timing="classroom")
    running = LiveCluster("big", big)
    feed = stream.for_live(running)
    try:
        assert feed.current().density == "compact"
        viewer = current(feed.subscribe("viewer"))
        big.configure(speed=10)
        flash = re.compile(r'<div id="component-([^"]+)" hx-swap-oob="attrs" data-beat=')
        frames = [flash.findall(text) for text in watch(big, feed, viewer, 4.5)]
        assert not [c for found in frames for c in found if c.startswith("kube-proxy-")]   # not drawn here
        kubelets = [[c for c in found if c.startswith("kubelet-")] for found in frames]
        # 31 kubelets beat every simulated second (10 times a second at 10×); each dot flashes
        # every 1.5 s, spread out rather than all at once.
        assert max(len(found) for found in kubelets) <= 10
        assert 31 <= sum(len(found) for found in kubelets) <= 31 * 3 + 31
    finally:
        stream._forget(running)
