"""One pod's worker in the kubelet: level-based, one CRI call in flight at a time.

Mirrors kubelet's SyncPod (kuberuntime_manager.go): every wake-up looks at what runs and
what the spec wants, and takes the next step of the pod's lifecycle:

    sandbox → init containers, one by one, to completion → containers in order:
    [pull image] → create → start → (readiness probe) ready

Crashes restart per restartPolicy with the crash back-off; failed pulls retry with the
image back-off. Deletion stops every container within the grace period, removes the
sandbox, reports the final status and deletes the pod with grace 0.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import kubelet_start, kubelet_stop
from .images import go_duration
from .kubelet_status import CONDITIONS, NEVER, RESTARTS, Slot, phase, pod_status, readiness_delay
from .objects import Obj
from .runtime import Container, Sandbox

if TYPE_CHECKING:
    from .kubelet_pods import PodManager


class PodWorker:
    __slots__ = ("m", "uid", "namespace", "name", "pod", "static", "inits", "apps", "restart_policy", "box",
                 "ip", "busy", "timer", "terminating", "killing", "removed", "grace", "finished", "gone",
                 "dirty", "start_time", "cond", "since", "reject", "mirror", "requests")

    def __init__(self, manager: PodManager, pod: Obj, *, static: bool = False) -> None:
        meta, spec = pod["metadata"], pod.get("spec") or {}
        self.m = manager
        self.uid: str = meta["uid"]
        self.namespace: str = meta.get("namespace") or "default"
        self.name: str = meta["name"]
        self.pod = pod
        self.static = static
        self.inits = [Slot(c, init=True, reason="PodInitializing") for c in spec.get("initContainers") or []]
        first = "PodInitializing" if self.inits else "ContainerCreating"
        self.apps = [Slot(c, reason=first) for c in spec.get("containers") or []]
        self.restart_policy: str = spec.get("restartPolicy") or "Always"
        self.box: Sandbox | None = None
        self.ip = ""
        self.busy = self.terminating = self.killing = self.removed = self.finished = self.gone = False
        self.dirty = False
        self.timer: Any = None
        self.grace = 30.0
        self.start_time = manager.now
        self.cond: list[bool | None] = [None] * 4
        self.since = [manager.now] * 4
        self.reject: tuple[str, str] | None = None
        self.mirror: Obj | None = None
        self.requests = (0, 0)

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"

    @property
    def slots(self) -> list[Slot]:
        return self.inits + self.apps

    # -- start-up: adopt what the runtime still runs -----------------------------------------
    def begin(self) -> None:
        status = self.pod.get("status") or {}
        if status.get("startTime"):
            self.start_time = self.m.clock.seconds(status["startTime"])
        for cond in status.get("conditions") or []:
            if cond.get("type") in CONDITIONS and cond.get("lastTransitionTime"):
                i = CONDITIONS.index(cond["type"])
                self.cond[i] = cond.get("status") == "True"
                self.since[i] = self.m.clock.seconds(cond["lastTransitionTime"])
        box = self.m.runtime.sandbox(self.uid)
        if box is not None:
            self._adopt(box)
        elif status.get("phase") in ("Succeeded", "Failed") and not self.static:
            self.finished = True
        elif any(s.get("containerID") for s in status.get("containerStatuses") or []):
            self._after_reboot(status)
        self.m.mark_dirty(self)
        self.step()

    def _adopt(self, box: Sandbox) -> None:
        self.box, self.ip = box, box.ip
        for slot in self.slots:
            mine = [c for c in box.containers if c.name == slot.name and c.state != "created"]
            if not mine:
                continue
            for c in mine[:-1]:
                slot.last = (c.exit_code, c.reason, c.started_at or 0.0, c.finished_at or 0.0, c.id)
            c = mine[-1]
            slot.cid, slot.restarts, slot.ever_ran = c.id, c.attempt, True
            slot.started_at, slot.image_name, slot.image_id = c.started_at, c.image.ref.name, c.image.id
            if c.state == "running":
                slot.state, slot.reason = "running", ""
                slot.ready_at = (c.started_at or 0.0) + readiness_delay(slot.spec)
                slot.ready = slot.ready_at <= self.m.now
            else:
                slot.exited(c.exit_code, c.reason, c.finished_at or self.m.now)

    def _after_reboot(self, status: Obj) -> None:
        """The machine restarted: the old containers are gone; they start again, counted as restarts."""
        previous = {s.get("name"): s for s in (status.get("containerStatuses") or [])
                    + (status.get("initContainerStatuses") or [])}
        for slot in self.slots:
            old = previous.get(slot.name) or {}
            if old.get("containerID"):
                slot.restarts, slot.ever_ran = int(old.get("restartCount") or 0), True
                started = ((old.get("state") or {}).get("running") or {}).get("startedAt")
                slot.last = (255, "Unknown", self.m.clock.seconds(started) if started else 0.0, self.m.now,
                             old["containerID"])
        self.event("SandboxChanged", "Pod sandbox changed, it will be killed and re-created.")

    # -- the loop ------------------------------------------------------------------------------
    def step(self) -> None:
        if self.gone or self.busy:
            return
        if self.terminating:
            kubelet_stop.kill(self)
            return
        if self.finished:
            return
        now = self.m.now
        self._refresh_readiness(now)
        if self.box is None:
            kubelet_start.run_sandbox(self)
            return
        if self._step_inits(now):
            self._step_apps(now)
        if self.busy:
            return
        self._check_terminal()
        self._schedule_wake(now)

    def _step_inits(self, now: float) -> bool:
        """True when all init containers are done; starts the next one otherwise."""
        for slot in self.inits:
            if slot.done:
                continue
            if slot.state == "terminated" and self.restart_policy == "Never":
                return False        # a failed init container fails the pod (see _check_terminal)
            if slot.state != "running":
                self._start_if_due(slot, now)
            return False
        return True

    def _step_apps(self, now: float) -> bool:
        """True when an operation was started (the worker is now busy)."""
        for slot in self.apps:
            if slot.state == "running":
                continue
            if slot.state == "terminated" and not RESTARTS[(self.restart_policy, slot.exit_code == 0)]:
                continue
            if self._start_if_due(slot, now):
                return True
        return False

    def _start_if_due(self, slot: Slot, now: float) -> bool:
        if self.static and not self.m.static_healthy(slot.name):
            return False   # the component is stopped (a fault): nothing to start until it is healthy
        if now < slot.retry_at:
            self._show_backoff(slot, now)
            return False
        kubelet_start.launch(self, slot)
        return True

    def _show_backoff(self, slot: Slot, now: float) -> None:
        """A moment after a crash or failed pull the status shows the back-off (next sync)."""
        resync = self.m.timing.pod_resync
        if slot.state == "terminated" and now >= (slot.finished_at or 0.0) + resync:
            wait = int(round(slot.retry_at - (slot.finished_at or 0.0)))
            slot.waiting("CrashLoopBackOff", f"back-off {go_duration(wait)} restarting failed container="
                         f"{slot.name} pod={self.name}_{self.namespace}({self.uid})")
            self.event("BackOff", f"Back-off restarting failed container {slot.name} in pod "
                       f"{self.name}_{self.namespace}({self.uid})", warning=True)
            self.m.mark_dirty(self)
        elif slot.reason == "ErrImagePull" and now >= slot.errored_at + resync:
            image = slot.spec.get("image", "")
            slot.waiting("ImagePullBackOff",
                         f'Back-off pulling image "{image}": ErrImagePull: {slot.message}')
            self.event("BackOff", f'Back-off pulling image "{image}"')
            self.event("Failed", "Error: ImagePullBackOff", warning=True)
            self.m.mark_dirty(self)

    def _schedule_wake(self, now: float) -> None:
        resync = self.m.timing.pod_resync
        times = []
        for slot in self.slots:
            if slot.state == "running" and not slot.ready and slot.ready_at is not None:
                times.append(slot.ready_at)
            elif slot.retry_at > now and slot.retry_at != NEVER:
                times.append(slot.retry_at)
                times.append((slot.finished_at or 0.0) + resync if slot.state == "terminated"
                             else slot.errored_at + resync)
        due = [t for t in times if t > now]
        if not due:
            return
        at = min(due)
        if self.timer is not None:
            if self.timer.time <= at and not self.timer.cancelled:
                return
            self.timer.cancel()
        self.timer = self.m.kernel.call_at(at, self._wake)

    def _wake(self) -> None:
        self.timer = None
        self.step()

    def _refresh_readiness(self, now: float) -> None:
        for slot in self.slots:
            due = slot.ready_at is not None and slot.ready_at <= now
            if slot.state == "running" and not slot.ready and due:
                slot.ready = True
                self.m.mark_dirty(self)

    def _check_terminal(self) -> None:
        failed_init = any(s.state == "terminated" and s.exit_code != 0 for s in self.inits)
        if self.restart_policy == "Never" and failed_init:
            self._finish_run()
            return
        if not all(s.done for s in self.inits) or any(s.state != "terminated" for s in self.apps):
            return
        if phase(self.apps, self.restart_policy, initialized=True) in ("Succeeded", "Failed"):
            self._finish_run()

    def _finish_run(self) -> None:
        """Every container is done for good: the sandbox goes, the IP stays in the status."""
        self.finished = True
        if self.box is not None and self.box.ready:
            self.m.runtime.stop_sandbox(self.uid)
        self.m.mark_dirty(self)


    def container_exited(self, c: Container) -> None:
        """The PLEG saw a container exit by itself."""
        slot = next((s for s in self.slots if s.cid == c.id), None)
        if slot is None or slot.state != "running" or self.gone:
            return
        slot.exited(c.exit_code, c.reason, c.finished_at or self.m.now)
        if (slot.finished_at or 0.0) - (slot.started_at or 0.0) >= 2 * self.m.timing.crash_backoff_max:
            slot.backoff = 0.0   # ran long enough: the back-off entry was garbage-collected
        slot.retry_at = (slot.finished_at or 0.0) + (0.0 if self.static else slot.backoff)
        self.m.mark_dirty(self)
        self.step()

    def terminate(self, grace: float, *, removed: bool = False) -> None:
        kubelet_stop.terminate(self, grace, removed=removed)

    def respec(self, slot: Slot, spec: Obj) -> None:
        kubelet_stop.respec(self, slot, spec)

    def container(self, slot: Slot) -> Container | None:
        return self.m.runtime.container(slot.cid) if slot.cid else None

    # -- reporting ---------------------------------------------------------------------------
    def event(self, reason: str, message: str, *, warning: bool = False) -> None:
        """An Event about this pod (a static pod's events point at its mirror's name and static UID)."""
        involved = self.pod if not self.static else {
            "kind": "Pod", "apiVersion": "v1", "metadata": {"name": self.name, "namespace": self.namespace,
                                                            "uid": self.uid}}
        self.m.k.client.record_event(involved, reason=reason, message=message,
                                     type="Warning" if warning else "Normal")

    def build_status(self) -> Obj:
        return pod_status(self)

    def retire(self) -> None:
        self.gone = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
