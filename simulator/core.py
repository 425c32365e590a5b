"""The shared pieces every component is built from: clock, trace, etcd, apiserver, network."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .apiserver.defaults import DefaultSettings
from .apiserver.server import ApiServer, ApiSettings
from .client import ApiClient, InformerFactory, Network
from .etcd import Etcd
from .kernel import Kernel
from .objects import DEFAULT_EPOCH, Clock
from .profiles import Timing
from .profiles import timing as timing_named
from .sim_store import SimStore
from .trace import Trace


class LiveTiming:
    """The cluster's current timing profile; components read it at each use, so a switch
    between ``kubernetes`` and ``classroom`` takes effect at the next step."""

    def __init__(self, profile: Timing) -> None:
        self.current = profile

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current, name)


@dataclass
class Core:
    kernel: Kernel
    clock: Clock
    trace: Trace
    etcd: Etcd
    sim: SimStore
    api: ApiServer
    network: Network
    timing: LiveTiming
    raft: Any = None        # etcd_raft.RaftGroup when there are several control-plane nodes

    def client(self, actor: str, *, node: str | None = None) -> ApiClient:
        return ApiClient(self.api, self.network, actor=actor, node=node)

    def informers(self, actor: str, *, node: str | None = None) -> InformerFactory:
        return InformerFactory(self.client(actor, node=node))


def build_core(*, seed: int = 0, timing: str = "kubernetes", epoch: datetime = DEFAULT_EPOCH,
               trace_keep: int = 100_000) -> Core:
    kernel = Kernel(seed=seed)
    clock = Clock(kernel, epoch=epoch)
    trace = Trace(lambda: kernel.now, keep=trace_keep)
    profile = timing_named(timing)
    etcd = Etcd(kernel, name="etcd")
    sim = SimStore(kernel, clock, trace)
    settings = ApiSettings(
        defaults=DefaultSettings(not_ready_toleration_seconds=profile.default_toleration_seconds,
                                 unreachable_toleration_seconds=profile.default_toleration_seconds),
        watch_latency=profile.watch_latency,
    )
    api = ApiServer(kernel=kernel, etcd=etcd, trace=trace, clock=clock, settings=settings, sim_store=sim)
    return Core(kernel, clock, trace, etcd, sim, api, Network(), LiveTiming(profile))


def bootstrap_namespaces(core: Core) -> None:
    """What kube-apiserver's system namespaces controller creates at start-up."""
    for ns in ("default", "kube-system", "kube-public", "kube-node-lease"):
        core.api.create("namespaces", {"metadata": {"name": ns}}, actor="kube-apiserver",
                        summary=f"create system namespace {ns}")
