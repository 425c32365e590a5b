"""The runtime's data: sandboxes, containers, the CNI's address pool, and how long each CRI call takes."""
from __future__ import annotations

import ipaddress
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .images import Image
from .runtime_programs import Program


@dataclass(frozen=True, slots=True)
class Stage:
    """One CRI call's duration: a Timing attribute ÷ runtime_speed, ± jitter from the seeded rng."""

    timing: str
    jitter: float
    verb: str
    kind: str


STAGES = {
    "sandbox": Stage("sandbox_seconds", 0.3, "run pod sandbox", "PodSandboxStarted"),
    "create": Stage("container_create_seconds", 0.3, "create container", "ContainerCreated"),
    "start": Stage("container_start_seconds", 0.3, "start container", "ContainerStarted"),
    "stop": Stage("container_start_seconds", 0.3, "stop pod sandbox", "PodSandboxStopped"),
    "remove": Stage("container_start_seconds", 0.3, "remove pod sandbox", "PodSandboxRemoved"),
}


class Sandbox:
    """A pod's sandbox: its network namespace (and IP), held open by the pause container."""

    __slots__ = ("uid", "namespace", "name", "ip", "host_network", "containers", "ready")

    def __init__(self, uid: str, namespace: str, name: str, ip: str, host_network: bool) -> None:
        self.uid, self.namespace, self.name = uid, namespace, name
        self.ip, self.host_network = ip, host_network
        self.containers: list[Container] = []
        self.ready = True


class Container:
    __slots__ = ("id", "sandbox", "name", "image", "program", "attempt", "state", "created_at", "started_at",
                 "finished_at", "exit_code", "reason", "probe_every", "extra", "timer", "waiter")

    def __init__(self, cid: str, sandbox: Sandbox, name: str, image: Image, program: Program, attempt: int,
                 now: float, probe_every: float) -> None:
        self.id, self.sandbox, self.name = cid, sandbox, name
        self.image, self.program, self.attempt = image, program, attempt
        self.state = "created"            # created → running → exited
        self.created_at = now
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.exit_code = 0
        self.reason = ""
        self.probe_every = probe_every
        self.extra: deque[tuple[float, str]] | None = None   # lines printed on events (stop, requests)
        self.timer: Any = None
        self.waiter: Callable[[Container], None] | None = None

    @property
    def pod_name(self) -> str:
        return self.sandbox.name

    @property
    def pod_namespace(self) -> str:
        return self.sandbox.namespace

    @property
    def pod_uid(self) -> str:
        return self.sandbox.uid

    @property
    def label(self) -> str:
        return f"container {self.sandbox.namespace}/{self.sandbox.name}/{self.name}"


class HostLocalIPAM:
    """Mirrors the host-local IPAM plugin: the next free address after the last one given."""

    def __init__(self) -> None:
        self._net: tuple[int, int] | None = None    # (first address, size) of the pod CIDR
        self._next = 2                               # .1 is the bridge (cni0), the pods' gateway
        self._used: set[str] = set()

    def configure(self, cidr: str) -> None:
        net = ipaddress.ip_network(cidr, strict=False)
        self._net = (int(net.network_address), net.num_addresses)

    @property
    def gateway(self) -> str:
        return str(ipaddress.ip_address(self._net[0] + 1)) if self._net else ""

    def allocate(self) -> str:
        if self._net is None:
            raise RuntimeError("the pod CIDR is not configured (UpdateRuntimeConfig)")
        base, size = self._net
        for _ in range(size):
            offset = self._next
            self._next = offset + 1 if offset + 1 < size - 1 else 2
            ip = str(ipaddress.ip_address(base + offset))
            if ip not in self._used:
                self._used.add(ip)
                return ip
        raise RuntimeError("no IP addresses available in range set")

    def release(self, ip: str) -> None:
        self._used.discard(ip)

    def reset(self) -> None:
        self._used.clear()
        self._next = 2
