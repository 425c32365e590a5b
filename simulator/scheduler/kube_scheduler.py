"""kube-scheduler, the component: informers feed its cache and queue; a loop of kernel
events pops pods, runs the framework, assumes, binds through the apiserver and reports.

stop() is the process being killed (timers, queue, cache and records gone); start() is a
fresh process. With leader election (the default, ``--leader-elect=true``) the process first
campaigns for the ``kube-system/kube-scheduler`` Lease and only its leader schedules: the
informers, queue and loop start when it acquires the lock; a standby only retries the lock.
A lost lease stops the work (upstream the process exits and the kubelet restarts it) and the
process campaigns again after RESTART_DELAY. pause()/resume() freeze and thaw the process
(leader_election.Process). Its writes (bind, Events, PodScheduled conditions) go through the
client, so the apiserver traces them with the client's actor and fences a deposed leader.
"""
from __future__ import annotations

from typing import Any

from ..client import InformerFactory
from ..errors import ApiError
from ..kernel import Kernel, Timer
from ..leader_election import ElectedProcess, LeaderElector, Process, holder_identity
from ..objects import DEFAULT_EPOCH, Clock, Obj, deleting, key, name, namespace, spec, status
from .cache import Cache
from .framework import DEFAULT, Profile, schedule_one
from .pod_info import PodInfo, is_terminal
from .queue import UNSCHEDULABLE_FLUSH_PERIOD, QueuedPodInfo, SchedulingQueue
from .result import ScheduleResult

ACTOR = "kube-scheduler"
DEFAULT_SCHEDULER_NAME = "default-scheduler"
MAX_PODS_PER_BATCH = 64         # pods handled per kernel event when a backlog exists
DECISIONS_KEPT = 5_000


def assigned(pod: Obj) -> bool:
    return bool(spec(pod).get("nodeName"))


class KubeScheduler(ElectedProcess):
    def __init__(self, *, kernel: Kernel, client: Any, informers: Any, trace: Any, timing: Any,
                 profile: Profile = DEFAULT, clock: Clock | None = None, leader_elect: bool = True,
                 identity_host: str = "control-plane-1") -> None:
        # Every timer of this process goes through it, so that a pause can freeze them.
        self.process = Process(kernel)
        self.kernel: Any = self.process
        self.client, self.informers = client, informers
        if isinstance(informers, InformerFactory):      # its watch events reach a paused process late
            informers.client = self.process.client(informers.client)
        self.trace, self.timing = trace, timing
        self.profile = profile
        self.clock = clock or Clock(kernel, epoch=DEFAULT_EPOCH)
        self.leader_elect = leader_elect
        self.identity_host = identity_host
        self.elector: LeaderElector | None = None
        self._working = False           # the informers, queue and loop run (the leader's work)
        self._restart: Timer | None = None
        self._generation = 0
        self._timers: dict[str, Timer] = {}
        self._busy_until = 0.0
        self._reset()

    def _reset(self) -> None:
        self.cache = Cache()
        self.queue = SchedulingQueue(lambda: self.kernel.now)
        self.decisions: dict[str, ScheduleResult] = {}

    @property
    def actor(self) -> str:
        return str(getattr(self.client, "actor", ACTOR))

    @property
    def is_leader(self) -> bool:
        """Whether this process believes it leads (and so works)."""
        return self._working

    @property
    def paused(self) -> bool:
        return self.process.paused

    # -- lifecycle ---------------------------------------------------------------------
    def _new_elector(self) -> LeaderElector:
        return LeaderElector(
            self.process.late, self.client, lock_name=ACTOR,
            identity=holder_identity(self.identity_host, self.kernel.rng), timing=self.timing,
            trace=self.trace, api=self.client.api, on_started_leading=self._start_work,
            on_stopped_leading=self._leadership_lost,
            # Mirrors kube-scheduler: leader election is recorded as the first profile's schedulerName.
            event_component=self.profile.name)

    def _start_work(self) -> None:
        """The leader's work: list nodes and pods from the informers, then follow their events."""
        if self._working:
            return
        self._working = True
        self._generation += 1
        self._reset()
        self._register(self._generation)
        for node in self.informers.nodes.list():     # informers already running: take their caches
            self.cache.add_node(node)
        for pod in self.informers.pods.list():
            self._on_pod_add(pod)
        if hasattr(self.informers, "start") and not self.informers.pods.synced:
            self.informers.start()      # our own process's informers: list (firing adds), then watch
        self._arm()

    def _stop_work(self) -> None:
        self._working = False
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        if hasattr(self.informers, "stop"):
            self.informers.stop()
        self.process.drop_backlog()
        self._reset()

    def _register(self, generation: int) -> None:
        def live(fn: Any) -> Any:
            # Handlers cannot be removed from an informer: a stale process's ones stay mute.
            return lambda *args: fn(*args) if self._working and self._generation == generation else None
        self.informers.pods.add_handler(on_add=live(self._on_pod_add), on_update=live(self._on_pod_update),
                                        on_delete=live(self._on_pod_delete))
        self.informers.nodes.add_handler(on_add=live(self._on_node_add), on_update=live(self._on_node_update),
                                         on_delete=live(self._on_node_delete))

    # -- informer events ---------------------------------------------------------------
    def responsible(self, pod: Obj) -> bool:
        return spec(pod).get("schedulerName", DEFAULT_SCHEDULER_NAME) == self.profile.name

    def _on_pod_add(self, pod: Obj) -> None:
        if assigned(pod):
            if not is_terminal(pod) and self.cache.add_pod(pod):
                self._move("AssignedPodAdd")
        elif self.responsible(pod) and not deleting(pod):
            self.queue.add(pod)
            self._arm()

    def _on_pod_update(self, old: Obj, new: Obj) -> None:
        if assigned(new):
            self.queue.delete(new)      # bound: no longer pending (it may have been bound by others)
            if is_terminal(new):        # Mirrors the informer's phase filter: terminal pods leave the cache.
                if key(new) in self.cache.pods:
                    self.cache.remove_pod(new)
                    self._move("AssignedPodDelete")
                return
            if self.cache.update_pod(old, new):     # Mirrors queueing hints: only a changed footprint
                self._move("AssignedPodAdd" if not assigned(old) else "AssignedPodUpdate")
        elif deleting(new) or not self.responsible(new):
            self.queue.delete(new)
        else:
            self.queue.update(old, new)
            self._arm()

    def _on_pod_delete(self, pod: Obj) -> None:
        self.queue.delete(pod)
        if key(pod) in self.cache.pods:
            self.cache.remove_pod(pod)
            self._move("AssignedPodDelete")

    def _on_node_add(self, node: Obj) -> None:
        self.cache.add_node(node)
        self._move("NodeAdd")

    def _on_node_update(self, old: Obj, new: Obj) -> None:
        if self.cache.update_node(old, new):
            self._move("NodeUpdate")

    def _on_node_delete(self, node: Obj) -> None:
        self.cache.remove_node(node)
        self._move("NodeDelete")

    def _move(self, event: str) -> None:
        if self.queue.move_all_to_active_or_backoff(event):
            self._arm()

    # -- timers ------------------------------------------------------------------------
    def _arm(self) -> None:
        """Keep one timer per duty: the scheduling loop, the backoff flush, the leftover flush."""
        if not self._working:
            return
        if self.queue.has_active() and "loop" not in self._timers:
            start = max(self._busy_until, self.kernel.now)
            self._timers["loop"] = self.kernel.call_at(start, self._run_batch)
        expiry = self.queue.next_backoff_expiry()
        timer = self._timers.get("backoff")
        if expiry is not None and (timer is None or timer.time > expiry):
            if timer is not None:
                timer.cancel()
            self._timers["backoff"] = self.kernel.call_at(expiry, self._flush_backoff)
        if self.queue.has_unschedulable() and "leftover" not in self._timers:
            self._timers["leftover"] = self.kernel.call_later(UNSCHEDULABLE_FLUSH_PERIOD,
                                                              self._flush_leftover)

    def _flush_backoff(self) -> None:
        self._timers.pop("backoff", None)
        self.queue.flush_backoff_completed()
        self._arm()

    def _flush_leftover(self) -> None:
        self._timers.pop("leftover", None)
        self.queue.flush_unschedulable_leftover()
        self._arm()

    # -- the scheduling loop -----------------------------------------------------------
    def _run_batch(self) -> None:
        """Up to MAX_PODS_PER_BATCH scheduling cycles; the next batch waits out their time."""
        self._timers.pop("loop", None)
        done = 0
        while done < MAX_PODS_PER_BATCH and self._working:
            qpi = self.queue.pop()
            if qpi is None:
                break
            self.schedule_pod(qpi)
            done += 1
        self._busy_until = self.kernel.now + done * self.timing.scheduling_cycle
        self._arm()

    def schedule_pod(self, qpi: QueuedPodInfo) -> ScheduleResult | None:
        """scheduleOne for one popped pod."""
        pod, cycle = qpi.pod, self.queue.scheduling_cycle
        if deleting(pod) or assigned(pod) or qpi.key in self.cache.pods:     # Mirrors skipPodSchedule
            self.queue.done(qpi.key)
            return None
        info = PodInfo(pod)
        result = schedule_one(pod, self.cache, rng=self.kernel.rng, plugins=self.profile, info=info)
        self._remember(result)
        if result.node is None:
            self._failed(qpi, cycle, result.message, {st.plugin for st in result.statuses.values()})
        else:
            self.cache.assume_pod(pod, result.node, info)
            self._bind(qpi, cycle, result.node)
        return result

    def _bind(self, qpi: QueuedPodInfo, cycle: int, node_name: str) -> None:
        pod = qpi.pod
        try:
            self.client.bind(namespace(pod), name(pod), node_name)
        except ApiError as err:
            # Mirrors handleBindingCycleError: forget the assumed pod, report the error as is,
            # and retry after backoff.
            self.cache.forget_pod(qpi.key)
            self._failed(qpi, cycle, err.message, set())
            return
        self.queue.done(qpi.key)
        self._event(pod, "Normal", "Scheduled",
                    f"Successfully assigned {namespace(pod)}/{name(pod)} to {node_name}")

    def _failed(self, qpi: QueuedPodInfo, cycle: int, message: str, rejectors: set[str]) -> None:
        """handleSchedulingFailure: requeue (unless bound or gone), event, PodScheduled=False."""
        current = self.informers.pods.get(qpi.key)
        if current is None or assigned(current) or deleting(current):
            self.queue.done(qpi.key)
            return
        qpi.pod = current
        self.queue.add_unschedulable(qpi, rejectors, cycle)
        self._arm()
        self._event(current, "Warning", "FailedScheduling", message)
        # Mirrors the scheduler: Unschedulable for a FitError, SchedulerError for anything else.
        self._set_condition(current, "Unschedulable" if rejectors else "SchedulerError", message)

    def _event(self, pod: Obj, type_: str, reason: str, message: str) -> None:
        # Mirrors the scheduler's recorder: events come "From" the profile's schedulerName.
        self.client.record_event(pod, reason=reason, message=message, type=type_, component=self.profile.name)

    def _set_condition(self, pod: Obj, reason: str, message: str) -> None:
        conditions = status(pod).get("conditions") or []
        old = next((c for c in conditions if c.get("type") == "PodScheduled"), None)
        if old and (old.get("status"), old.get("reason"), old.get("message")) == ("False", reason, message):
            return      # Mirrors updatePod: no API call when the condition is unchanged
        since = old.get("lastTransitionTime") if old and old.get("status") == "False" else self.clock.now()
        cond = {"type": "PodScheduled", "status": "False", "lastProbeTime": None, "lastTransitionTime": since,
                "reason": reason, "message": message}
        patch = {"conditions": [c for c in conditions if c.get("type") != "PodScheduled"] + [cond]}
        try:
            self.client.patch_status("pods", namespace(pod), name(pod), patch)
        except ApiError:
            pass        # the next attempt will try again

    def _remember(self, result: ScheduleResult) -> None:
        self.decisions.pop(result.pod, None)
        self.decisions[result.pod] = result
        if len(self.decisions) > DECISIONS_KEPT:
            del self.decisions[next(iter(self.decisions))]

    # -- for the UI --------------------------------------------------------------------
    def pending(self) -> list[tuple[str, str]]:
        """(pod key, queue name) of every pod waiting: active, backoff or unschedulable."""
        return self.queue.pending()

    def decision(self, pod_key: str) -> ScheduleResult | None:
        return self.decisions.get(pod_key)

    def assumed(self, pod_key: str) -> bool:
        return self.cache.is_assumed(pod_key)

