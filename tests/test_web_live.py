"""The live cluster owner: pacing on the event loop, one cluster per name."""
from __future__ import annotations

import asyncio

import pytest

from clusterviz import live
from clusterviz.models import ClusterDefinition

pytestmark = pytest.mark.django_db(transaction=True)


async def test_step_advances_by_tick_times_speed(fake_cluster):
    cluster = fake_cluster
    cluster.speed = 10.0
    running = live.LiveCluster("demo", cluster)
    running.step()
    assert cluster.advances == [pytest.approx(1.0)]


async def test_paused_cluster_does_not_advance(fake_cluster):
    cluster = fake_cluster
    cluster.paused = True
    live.LiveCluster("demo", cluster).step()
    assert cluster.advances == []


async def test_pacing_task_advances_about_every_tick_until_stopped(fake_cluster):
    cluster = fake_cluster
    running = live.LiveCluster("demo", cluster, tick=0.02)
    running.start()
    await asyncio.sleep(0.25)
    await running.stop()
    ticks = len(cluster.advances)
    assert 6 <= ticks <= 14
    assert set(cluster.advances) == {0.02}
    await asyncio.sleep(0.05)
    assert len(cluster.advances) == ticks and not running.running


async def test_pacing_survives_a_failing_advance(fake_cluster, monkeypatch):
    cluster, advance = fake_cluster, fake_cluster.advance

    def flaky_advance(seconds):
        advance(seconds)
        if len(cluster.advances) == 1:
            raise RuntimeError("boom")

    monkeypatch.setattr(cluster, "advance", flaky_advance)
    running = live.LiveCluster("demo", cluster, tick=0.01)
    running.start()
    await asyncio.sleep(0.1)
    await running.stop()
    assert len(cluster.advances) > 2


async def test_first_start_creates_the_default_demo_definition(fake_registry):
    running = await fake_registry.get_or_start("demo")
    assert running.running
    definition = await ClusterDefinition.objects.aget(name="demo")
    assert (definition.workers, definition.control_planes, definition.timing, definition.seed) == (
        3, 1, "kubernetes", 1,
    )
    assert fake_registry.factory.definitions == [definition]


async def test_concurrent_first_requests_share_one_cluster(fake_registry):
    first, second = await asyncio.gather(
        fake_registry.get_or_start("demo"), fake_registry.get_or_start("demo")
    )
    assert first is second
    assert len(fake_registry.factory.clusters) == 1


async def test_unknown_cluster_is_not_created(fake_registry):
    await ClusterDefinition.objects.acreate(name="other", workers=1, seed=7)
    with pytest.raises(ClusterDefinition.DoesNotExist):
        await fake_registry.get_or_start("missing")
    assert fake_registry.get("missing") is None
    assert not await ClusterDefinition.objects.filter(name="demo").aexists()


async def test_cluster_is_built_from_its_stored_definition(fake_registry):
    await ClusterDefinition.objects.acreate(
        name="lab", workers=5, control_planes=3, timing="classroom", seed=42
    )
    await fake_registry.get_or_start("lab")
    (definition,) = fake_registry.factory.definitions
    assert (definition.workers, definition.control_planes, definition.timing, definition.seed) == (
        5, 3, "classroom", 42,
    )
