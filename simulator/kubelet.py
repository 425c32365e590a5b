"""kubelet: registers its Node, heartbeats through a Lease, and runs the pods bound to it.

Heartbeats, as KubeletConfiguration defaults them: the Lease is renewed every
``lease_renew_interval`` (a failed renew retries from ``lease_retry_min`` doubling to
``lease_retry_max``); the node status is computed every ``node_status_update_frequency``
and written only when it changed or ``node_status_report_frequency`` has passed. An idle
kubelet therefore costs one Lease update per interval and an integer comparison.

``stop()`` is the kubelet process dying: timers and caches go, the runtime's containers
keep running. ``start()`` again adopts them, relists, and catches up with what changed.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import errors
from .kubelet_logs import container_logs
from .kubelet_node import (
    EVICTION_MEMORY,
    LEASE_NAMESPACE,
    MAX_PODS,
    READY,
    capacity,
    conditions,
    lease_object,
    micro_time,
    node_annotations,
    node_info,
    node_labels,
    node_object,
    node_ref,
    renewed,
)
from .kubelet_pods import PodManager
from .objects import Obj, new_uid, parse_memory
from .runtime import ContainerRuntime

if TYPE_CHECKING:
    from .core import Core

REGISTER_RETRY_MAX = 7.0   # the kubelet's registration back-off: 100 ms doubling to 7 s
CONDITION_EVENTS = ("NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID")


class Kubelet:
    def __init__(self, core: Core, *, node: str, runtime: ContainerRuntime, role: str = "worker",
                 cpu: str = "4", memory: str = "8Gi", pod_cidr: str, internal_ip: str,
                 labels: dict[str, str] | None = None,
                 taints: list[Obj] | None = None, static_pods: list[Obj] | None = None,
                 static_health: Callable[[str], bool] | None = None, max_pods: int = MAX_PODS) -> None:
        self.core, self.node, self.runtime, self.role = core, node, runtime, role
        self.cpu, self.memory, self.max_pods = str(cpu), str(memory), max_pods
        self.pod_cidr, self.internal_ip = pod_cidr, internal_ip
        self.labels = node_labels(node, role, labels or {})
        self.taints = list(taints or [])
        self.static_pods = list(static_pods or [])
        self.static_health = static_health
        self.actor = f"kubelet/{node}"
        self._renew_summary = f"renew Lease {LEASE_NAMESPACE}/{node}"
        self.client = core.client(self.actor, node=node)
        self.machine_id = f"{core.kernel.rng.getrandbits(128):032x}"
        self.system_uuid = new_uid(core.kernel.rng)
        self.running = False
        self.node_uid: str | None = None
        self.pods = PodManager(self)
        self._timers: dict[str, Any] = {}
        self._lease: Obj | None = None
        self._lease_delay = 0.0
        self._lease_due = self._status_due = 0.0
        self._register_delay = 0.1
        self._signature = -1            # runtime.images_version at the last write: pulls, boots
        self._reported_at = -1e18
        self._stale = True              # a heartbeat failed, or we just started: report in full
        self._since: dict[str, str] = {}
        if self.static_pods:
            # kubeadm's preflight pulled the control-plane images before the kubelet started.
            runtime.preload(sorted({c.get("image", "") for p in self.static_pods
                                    for c in (p.get("spec") or {}).get("containers") or []} - {""}))

    @property
    def allocatable_memory(self) -> int:
        return parse_memory(self.memory) - EVICTION_MEMORY

    # -- the process -------------------------------------------------------------------------
    def start(self) -> None:
        if self.running:
            return
        self.runtime.power_on()       # a kubelet starting on a machine that was off: it has booted
        self.running = True
        self.runtime.update_runtime_config(pod_cidr=self.pod_cidr, node_ip=self.internal_ip)
        self.runtime.on_exit = self.pods.on_container_exit
        self._stale = True
        self.core.trace.emit(self.actor, self.actor, "start", f"node {self.node}",
                             f"kubelet on {self.node} started", kind="KubeletStarted")
        self._register()
        now = self.core.kernel.now
        self._lease_due, self._status_due = now, now + self.core.timing.node_status_update_frequency
        self._heartbeat()
        self.pods.start()

    def stop(self) -> None:
        """The kubelet process dies; its containers run on in the runtime."""
        if not self.running:
            return
        self.running = False
        self.runtime.on_exit = None
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self.pods.stop()
        self._lease = None
        self.core.trace.emit(self.actor, self.actor, "stop", f"node {self.node}",
                             f"kubelet on {self.node} stopped", kind="KubeletStopped")

    def _heartbeat(self) -> None:
        """One timer drives the lease and node-status loops (they usually share the 10 s period)."""
        now = self.core.kernel.now
        if now >= self._lease_due:
            self._renew_lease()
        if now >= self._status_due:
            self._status_tick()
        due = min(self._lease_due, self._status_due)
        self._timers["heartbeat"] = self.core.kernel.call_at(due, self._heartbeat)

    def _later(self, name: str, delay: float, fn: Callable[[], None]) -> None:
        old = self._timers.get(name)
        if old is not None:
            old.cancel()
        self._timers[name] = self.core.kernel.call_later(delay, fn)

    # -- registration ------------------------------------------------------------------------
    def _register(self) -> None:
        """Create the Node, or adopt it when it exists (a restart, or a machine that came back)."""
        self._timers.pop("register", None)
        try:
            try:
                node = self.client.create("nodes", self._node_object(), summary=f"register node {self.node}")
                fresh = True
            except errors.ApiError as exc:
                if exc.code != 409:
                    raise
                node, fresh = self.client.get("nodes", self.node), False
        except errors.ApiError:
            self._later("register", self._register_delay, self._register)
            self._register_delay = min(self._register_delay * 2, REGISTER_RETRY_MAX)
            return
        self._register_delay = 0.1
        self.node_uid = node["metadata"]["uid"]
        self._registered_events(node, fresh)
        if fresh:
            self._signature = self.runtime.images_version
            self._reported_at, self._stale = self.core.kernel.now, False
        else:
            self._write_status(node)

    def _node_object(self) -> Obj:
        now = self.core.clock.now()
        self._since = {c: now for c in ("MemoryPressure", "DiskPressure", "PIDPressure", "Ready")}
        return node_object(node=self.node, labels=self.labels,
                           annotations=node_annotations(self.runtime.kind), taints=self.taints,
                           pod_cidr=self.pod_cidr, internal_ip=self.internal_ip, status=self._status(now))

    def _registered_events(self, node: Obj, fresh: bool) -> None:
        self.event("Starting", "Starting kubelet.")
        self.event("NodeAllocatableEnforced", "Updated Node Allocatable limit across pods")
        previous_boot = ((node.get("status") or {}).get("nodeInfo") or {}).get("bootID", "")
        if not fresh and previous_boot and previous_boot != self.runtime.boot_id:
            self.event("Rebooted", f"Node {self.node} has been rebooted, boot id: {self.runtime.boot_id}",
                       warning=True)
        if fresh:
            for reason in CONDITION_EVENTS + ("NodeReady",):
                self.event(reason, f"Node {self.node} status is now: {reason}")

    # -- node status -------------------------------------------------------------------------
    def _ready(self) -> tuple[bool, tuple[str, str]]:
        if not self.runtime.up:
            return False, ("KubeletNotReady", "container runtime is down")
        return True, READY

    def _status(self, now: str) -> Obj:
        ready, reason = self._ready()
        cap, alloc = capacity(self.cpu, self.memory, self.max_pods)
        return {"capacity": cap, "allocatable": alloc,
                "conditions": conditions(now=now, since=self._since, ready=ready, ready_reason=reason),
                "nodeInfo": node_info(machine_id=self.machine_id, system_uuid=self.system_uuid,
                                      boot_id=self.runtime.boot_id, runtime_version=self.runtime.version),
                "images": self.runtime.images()}

    def _status_tick(self) -> None:
        """Every node_status_update_frequency: write only on a change or when a report is due."""
        timing, now = self.core.timing, self.core.kernel.now
        self._status_due = now + timing.node_status_update_frequency
        if self.node_uid is None or (not self._stale and self.runtime.images_version == self._signature
                                     and now - self._reported_at < timing.node_status_report_frequency):
            return
        node = None
        if self._stale:
            # After an outage, read what the API holds: the node controller may have marked us Unknown.
            try:
                node = self.client.get("nodes", self.node)
            except errors.ApiError:
                return
        self._write_status(node)

    def _write_status(self, node: Obj | None) -> None:
        now = self.core.clock.now()
        ready, _ = self._ready()
        if node is not None:
            self._merge_transitions(node, ready, now)
        status = self._status(now)
        try:
            self.client.patch_status("nodes", "", self.node, status,
                                     summary=f"update node {self.node} status (Ready={ready})")
        except errors.ApiError:
            self._stale = True
            return
        self._signature = self.runtime.images_version
        self._reported_at, self._stale = self.core.kernel.now, False

    def _merge_transitions(self, node: Obj, ready: bool, now: str) -> None:
        """Keep each condition's lastTransitionTime unless its status changes now (and say so)."""
        for cond in (node.get("status") or {}).get("conditions") or []:
            kind = cond.get("type")
            want = ("True" if ready else "False") if kind == "Ready" else "False"
            if cond.get("status") == want and cond.get("lastTransitionTime"):
                self._since[kind] = cond["lastTransitionTime"]
            else:
                self._since[kind] = now
                if kind == "Ready" and ready:
                    self.event("NodeReady", f"Node {self.node} status is now: NodeReady")

    # -- the node lease ----------------------------------------------------------------------
    def _renew_lease(self) -> None:
        timing, seconds = self.core.timing, self.core.kernel.now
        now = micro_time(self.core.clock.epoch, seconds)
        try:
            self._lease = self._update_lease(now) if self._lease is not None else self._ensure_lease(now)
        except errors.ApiError:
            self._lease = None          # read it again next time (it may have changed or gone)
            self._stale = True
            self._lease_delay = min(self._lease_delay * 2, timing.lease_retry_max) if self._lease_delay \
                else timing.lease_retry_min
            self._lease_due = seconds + self._lease_delay
            return
        self._lease_delay = 0.0
        self._lease_due = seconds + timing.lease_renew_interval

    def _update_lease(self, now: str) -> Obj:
        body = renewed(self._lease or {}, node=self.node, node_uid=self.node_uid,
                       duration=self.core.timing.lease_duration, renew_time=now)
        return self.client.update("leases", body, summary=self._renew_summary)

    def _ensure_lease(self, now: str) -> Obj:
        try:
            self._lease = self.client.get("leases", self.node, namespace=LEASE_NAMESPACE)
        except errors.ApiError as exc:
            if exc.code != 404:
                raise
            body = lease_object(node=self.node, node_uid=self.node_uid,
                                duration=self.core.timing.lease_duration, renew_time=now)
            return self.client.create("leases", body, namespace=LEASE_NAMESPACE,
                                      summary=f"create Lease {LEASE_NAMESPACE}/{self.node}")
        return self._update_lease(now)

    # -- reporting ---------------------------------------------------------------------------
    def event(self, reason: str, message: str, *, warning: bool = False) -> None:
        self.client.record_event(node_ref(self.node), reason=reason, message=message,
                                 type="Warning" if warning else "Normal")

    def logs(self, namespace: str, pod: str, container: str | None = None, tail: int | None = None, *,
             previous: bool = False, timestamps: bool = False) -> list[str]:
        """GET /containerLogs/{namespace}/{pod}/{container}, as the apiserver proxies it here."""
        return container_logs(self, namespace, pod, container, tail=tail, previous=previous,
                              timestamps=timestamps)
