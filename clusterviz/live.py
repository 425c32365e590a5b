"""The live cluster owner: one per cluster, on the server's asyncio event loop.

A cluster is mutated only here, synchronously, between awaits: the pacing task advances
simulated time and async views read it on the same loop. No thread, sync view or second
process ever touches a live cluster; only the ORM read of its definition leaves the loop.
"""
from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Callable
from typing import Any, Protocol

from channels.db import database_sync_to_async

from .models import ClusterDefinition, Timing

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.1
DEFAULT_CLUSTER = "demo"
DEFAULT_DEFINITION: dict[str, Any] = {
    "workers": 3,
    "control_planes": 1,
    "timing": Timing.KUBERNETES,
    "seed": 1,
}


class SimulatedCluster(Protocol):
    """The part of ``simulator.Cluster`` the web shell relies on."""

    now: float
    speed: float
    paused: bool

    def advance(self, seconds: float) -> None: ...

    def objects(self, kind: str) -> list[dict[str, Any]]: ...


ClusterFactory = Callable[[ClusterDefinition], SimulatedCluster]


def create_cluster(definition: ClusterDefinition) -> SimulatedCluster:
    """Build the simulation a definition describes; the same definition gives the same run."""
    # Imported on use so the web shell loads (and its tests with fake clusters run)
    # independently of the core's import cost and state.
    from simulator.scenario import build_cluster

    cluster = build_cluster(
        seed=definition.seed,
        workers=definition.workers,
        control_planes=definition.control_planes,
        timing=definition.timing,
        epoch=definition.created_at,
        runtime=definition.runtime,
        runtimes=definition.runtimes,
    )
    if definition.speed != 1.0:
        cluster.configure(speed=definition.speed)
    return cluster


def load_definition(name: str) -> ClusterDefinition:
    """The stored definition; ``demo`` is created with its defaults the first time it is asked for."""
    if name == DEFAULT_CLUSTER:
        ClusterDefinition.objects.get_or_create(name=DEFAULT_CLUSTER, defaults=DEFAULT_DEFINITION)
    return ClusterDefinition.objects.get(name=name)


class LiveCluster:
    """A simulation plus the task that paces it against the wall clock."""

    def __init__(self, name: str, cluster: SimulatedCluster, *, tick: float = TICK_SECONDS) -> None:
        self.name = name
        self.cluster = cluster
        self.tick = tick
        self.failures = 0
        self._task: asyncio.Task[None] | None = None
        # Called after every tick, paused or not (clusterviz.stream sends its frame here),
        # and once when the cluster stops.
        self._tick_listeners: list[Callable[[], None]] = []
        self._stop_listeners: list[Callable[[], None]] = []
        self.listener_failed = False

    def add_tick_listener(self, listener: Callable[[], None]) -> None:
        self._tick_listeners.append(listener)

    def add_stop_listener(self, listener: Callable[[], None]) -> None:
        self._stop_listeners.append(listener)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._pace(), name=f"pace:{self.name}")

    async def stop(self) -> None:
        for listener in self._stop_listeners:
            listener()
        self._stop_listeners.clear()
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    def step(self) -> None:
        """One tick: advance simulated time by tick × speed, unless the simulation is paused."""
        if self.cluster.paused:
            return
        self.cluster.advance(self.tick * self.cluster.speed)

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time()
        while True:
            deadline += self.tick
            await asyncio.sleep(max(0.0, deadline - loop.time()))
            self._step_logged()
            self._notify()
            # Fallen behind by more than a tick (slow advance, busy loop): skip the missed
            # ticks instead of bursting to catch up; simulated time then runs a bit slow.
            if loop.time() - deadline > self.tick:
                deadline = loop.time()

    def _step_logged(self) -> None:
        try:
            self.step()
        except Exception:
            # Keep pacing: one bad event must not freeze the cluster for every viewer.
            # Log the first failure of a run of failures, not ten tracebacks a second.
            if self.failures == 0:
                logger.exception("cluster %s: advance failed", self.name)
            self.failures += 1
        else:
            self.failures = 0

    def _notify(self) -> None:
        for listener in self._tick_listeners:
            try:
                listener()
            except Exception:
                # A failing render must never stop the simulation; log once per run of failures.
                if not self.listener_failed:
                    logger.exception("cluster %s: tick listener failed", self.name)
                self.listener_failed = True
            else:
                self.listener_failed = False


class Registry:
    """Process-local: cluster name → its one LiveCluster, all owned by one event loop."""

    def __init__(self, *, factory: ClusterFactory = create_cluster, tick: float = TICK_SECONDS) -> None:
        self.factory = factory
        self.tick = tick
        self._live: dict[str, LiveCluster] = {}
        self._starting: dict[str, asyncio.Future[LiveCluster]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self, name: str) -> LiveCluster | None:
        return self._live.get(name)

    async def get_or_start(self, name: str) -> LiveCluster:
        """The running cluster ``name``; created from its definition on first use."""
        self._claim_loop()
        live = self._live.get(name)
        if live is not None:
            return live
        starting = self._starting.get(name)
        if starting is None:
            starting = asyncio.ensure_future(self._start(name))
            self._starting[name] = starting
        # Shielded: a viewer who disconnects mid-start must not cancel it for the others.
        return await asyncio.shield(starting)

    async def stop_all(self) -> None:
        live, self._live = list(self._live.values()), {}
        for cluster in live:
            await cluster.stop()

    async def _start(self, name: str) -> LiveCluster:
        try:
            definition = await database_sync_to_async(load_definition)(name)
            live = LiveCluster(name, self.factory(definition), tick=self.tick)
            # A built cluster is tens of thousands of long-lived objects: move them out of the
            # collector's sight, or every full collection stalls the loop (and every viewer's
            # frame) for 100 ms and more.
            gc.freeze()
            live.start()
            self._live[name] = live
            logger.info("cluster %s: started (seed %s)", name, definition.seed)
            return live
        finally:
            del self._starting[name]

    def _claim_loop(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is loop:
            return
        if self._loop is not None and not self._loop.is_closed():
            raise RuntimeError("live clusters belong to another running event loop")
        # First use, or the previous owner loop is gone (e.g. between tests).
        self._loop, self._live, self._starting = loop, {}, {}


registry = Registry()
