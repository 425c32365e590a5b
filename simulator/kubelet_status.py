"""What the kubelet tracks per container, and the pod status it derives from that.

Mirrors kubelet's generateAPIPodStatus / getPhase / the status manager's conditions:
the API status is *computed* from these slots at write time, never kept as a dict.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .objects import Obj

if TYPE_CHECKING:
    from .kubelet_worker import PodWorker

NEVER = float("inf")
CONDITIONS = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady")
# restartPolicy × (exit code == 0) → does the kubelet start the container again?
RESTARTS = {("Always", True): True, ("Always", False): True, ("OnFailure", True): False,
            ("OnFailure", False): True, ("Never", True): False, ("Never", False): False}


class Slot:
    """One container of a pod between CRI calls (its runtime container is ``cid``)."""

    __slots__ = ("name", "spec", "init", "sidecar", "cid", "state", "reason", "message", "started_at",
                 "finished_at", "exit_code", "restarts", "last", "ready", "ready_at", "backoff", "retry_at",
                 "pull_backoff", "image_name", "image_id", "ever_ran", "errored_at")

    def __init__(self, spec: Obj, *, init: bool = False, reason: str = "ContainerCreating") -> None:
        self.name: str = spec.get("name", "")
        self.spec = spec
        self.init = init
        # A restartable init container (KEP-753 sidecar) counts as done once it has started.
        self.sidecar = init and spec.get("restartPolicy") == "Always"
        self.cid: str | None = None
        self.state = "waiting"            # waiting | running | terminated
        self.reason = reason
        self.message = ""
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.exit_code = 0
        self.restarts = 0
        # The previous run, for lastState: (exitCode, reason, startedAt, finishedAt, containerID).
        self.last: tuple[int, str, float, float, str] | None = None
        self.ready = False
        self.ready_at: float | None = None
        self.backoff = 0.0                # crash back-off for the next restart (0: restart at once)
        self.retry_at = 0.0               # no start before this (crash or image-pull back-off)
        self.pull_backoff = 0.0
        self.image_name: str = spec.get("image", "")
        self.image_id = ""
        self.ever_ran = False
        self.errored_at = 0.0

    @property
    def done(self) -> bool:
        """For an init container: finished successfully (or a sidecar that started)."""
        if self.sidecar:
            return self.state == "running" or self.ever_ran
        return self.state == "terminated" and self.exit_code == 0

    def exited(self, code: int, reason: str, at: float) -> None:
        self.state, self.exit_code, self.reason, self.message = "terminated", code, reason, ""
        self.finished_at, self.ready, self.ready_at = at, False, None

    def waiting(self, reason: str, message: str = "") -> None:
        if self.state == "terminated" and self.cid:
            self.remember_last()
            self.cid = None
        self.state, self.reason, self.message = "waiting", reason, message

    def remember_last(self) -> None:
        """This run, as lastState.terminated once the container starts again."""
        self.last = (self.exit_code, self.reason, self.started_at or 0.0, self.finished_at or 0.0,
                     self.cid or "")


def readiness_delay(spec: Obj) -> float:
    """Seconds from start until the first successful readiness (and startup) probe.

    Mirrors the prober: it probes every periodSeconds from the start, ignores results
    before initialDelaySeconds, and needs successThreshold successes in a row.
    """
    total = 0.0
    for key in ("startupProbe", "readinessProbe"):
        probe = spec.get(key)
        if isinstance(probe, dict):
            period = float(probe.get("periodSeconds") or 10)
            delay = float(probe.get("initialDelaySeconds") or 0)
            ticks = -(-delay // period)
            total += ticks * period + (int(probe.get("successThreshold") or 1) - 1) * period
    return total


def http_probe_period(spec: Obj) -> float:
    """The period of the kubelet's HTTP probes of this container (they show in its access log)."""
    periods = [float(p.get("periodSeconds") or 10) for k in ("livenessProbe", "readinessProbe")
               if isinstance(p := spec.get(k), dict) and "httpGet" in p]
    return min(periods) if periods else 0.0


def container_status(slot: Slot, at: Callable[[float], str]) -> Obj:
    """One entry of status.containerStatuses / initContainerStatuses."""
    if slot.state == "running":
        state: Obj = {"running": {"startedAt": at(slot.started_at or 0.0)}}
    elif slot.state == "terminated":
        state = {"terminated": _terminated(slot.exit_code, slot.reason, slot.started_at, slot.finished_at,
                                           slot.cid, at)}
    else:
        state = {"waiting": {"reason": slot.reason, "message": slot.message} if slot.message
                 else {"reason": slot.reason}}
    last: Obj = {}
    if slot.last is not None:
        code, reason, started, finished, cid = slot.last
        last = {"terminated": _terminated(code, reason, started, finished, cid, at)}
    out: Obj = {"name": slot.name, "state": state, "lastState": last, "ready": slot.ready,
                "restartCount": slot.restarts, "image": slot.image_name, "imageID": slot.image_id,
                "started": slot.state == "running"}
    if slot.cid:
        out["containerID"] = slot.cid
    return out


def _terminated(code: int, reason: str, started: float | None, finished: float | None, cid: str | None,
                at: Callable[[float], str]) -> Obj:
    out: Obj = {"exitCode": code, "reason": reason, "startedAt": at(started or 0.0),
                "finishedAt": at(finished or 0.0)}
    if cid:
        out["containerID"] = cid
    return out


def phase(slots: list[Slot], restart_policy: str, *, initialized: bool, terminal: bool = False) -> str:
    """kubelet's getPhase over the app containers; ``terminal``: the pod was shut down."""
    if terminal:
        # Mirrors kubelet ≥1.27: a pod that was shut down ends Succeeded or Failed.
        ok = all(s.state == "terminated" and s.exit_code == 0 for s in slots)
        return "Succeeded" if ok and initialized else "Failed"
    if not initialized:
        return "Pending"
    running = waiting = stopped = succeeded = 0
    for slot in slots:
        if slot.state == "running":
            running += 1
        elif slot.state == "terminated":
            stopped += 1
            succeeded += slot.exit_code == 0
        elif slot.last is not None:
            stopped += 1
        else:
            waiting += 1
    if waiting:
        return "Pending"
    if running:
        return "Running"
    if restart_policy == "Always":
        return "Running"
    if stopped == succeeded:
        return "Succeeded"
    return "Failed" if restart_policy == "Never" else "Running"


def condition_values(slots: list[Slot], inits: list[Slot], *, sandbox: bool,
                     pod_phase: str) -> tuple[Any, ...]:
    """(status, reason, message) for each of CONDITIONS, in order."""
    pending_init = [s.name for s in inits if not s.done]
    unready = [s.name for s in slots if not s.ready]
    ready_to_start = (sandbox, "", "")
    initialized: tuple[bool, str, str] = (True, "", "")
    if pending_init:
        initialized = (False, "ContainersNotInitialized",
                       f"containers with incomplete status: [{' '.join(pending_init)}]")
    if pod_phase == "Succeeded":
        ready = (False, "PodCompleted", "")
    elif unready:
        ready = (False, "ContainersNotReady", f"containers with unready status: [{' '.join(unready)}]")
    else:
        ready = (True, "", "")
    return ready_to_start, initialized, ready, ready


def condition_list(values: tuple[Any, ...], since: list[float], scheduled: Obj | None,
                   at: Callable[[float], str]) -> list[Obj]:
    out = []
    for kind, (ok, reason, message), t in zip(CONDITIONS, values, since, strict=True):
        cond: Obj = {"type": kind, "status": "True" if ok else "False", "lastProbeTime": None,
                     "lastTransitionTime": at(t)}
        if reason:
            cond["reason"] = reason
        if message:
            cond["message"] = message
        out.append(cond)
    if scheduled is not None:
        out.append(scheduled)
    return out


def pod_status(w: PodWorker) -> Obj:
    """The pod status the kubelet reports now (generateAPIPodStatus)."""
    at, now = w.m.clock.at, w.m.now
    if w.reject is not None:
        return {"phase": "Failed", "reason": w.reject[0], "message": w.reject[1],
                "startTime": at(w.start_time)}
    initialized = all(s.done for s in w.inits)
    pod_phase = phase(w.apps, w.restart_policy, initialized=initialized,
                      terminal=w.finished and w.terminating)
    if w.finished and not initialized and w.restart_policy == "Never":
        pod_phase = "Failed"     # an init container failed for good
    sandbox = w.box is not None and w.box.ready and not w.finished
    values = condition_values(w.apps, w.inits, sandbox=sandbox, pod_phase=pod_phase)
    for i, value in enumerate(values):
        if value[0] != w.cond[i]:
            w.cond[i], w.since[i] = value[0], now
    status: Obj = {"phase": pod_phase, "conditions": condition_list(values, w.since, _scheduled(w), at),
                   "hostIP": w.m.node_ip, "hostIPs": [{"ip": w.m.node_ip}], "startTime": at(w.start_time)}
    if w.ip:
        status["podIP"], status["podIPs"] = w.ip, [{"ip": w.ip}]
    if w.inits:
        status["initContainerStatuses"] = [container_status(s, at) for s in w.inits]
    status["containerStatuses"] = sorted((container_status(s, at) for s in w.apps), key=lambda s: s["name"])
    return status


def _scheduled(w: PodWorker) -> Obj | None:
    """The scheduler's PodScheduled condition, carried over (a status patch replaces the list)."""
    for cond in (w.pod.get("status") or {}).get("conditions") or []:
        if cond.get("type") == "PodScheduled":
            return cond
    if w.static:
        return {"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                "lastTransitionTime": w.m.clock.at(w.start_time)}
    return None
