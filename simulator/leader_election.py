"""Leader election through a Lease, as client-go's ``tools/leaderelection`` does it, and the
process a leader-elected component runs in (which a long pause can freeze).

kube-scheduler and kube-controller-manager run on every control-plane node, but only the
holder of a ``coordination.k8s.io/v1`` Lease in ``kube-system`` works; the others retry the
lock. Kept from client-go (leaderelection.go, resourcelock/leaselock.go):

- the identity is ``<hostname>_<uuid>``, new for every process start;
- a candidate tries at once, then every RetryPeriod with JitterFactor 1.2 (``wait.JitterUntil``);
- a lock is expired when LeaseDuration has passed since this candidate *observed* the record
  change (its own clock), never by comparing renewTime with its clock;
- every write is an update with the resourceVersion last read (optimistic concurrency), so two
  candidates can never both take the lock; leaseTransitions counts changes of holder;
- the leader renews every RetryPeriod (``wait.Until``), each renewal a poll retried every
  RetryPeriod until RenewDeadline: when that passes without success, leadership is lost and the
  component exits (upstream ``klog.Fatal("leaderelection lost")``; the kubelet restarts it);
- a killed process cannot release its lock: the next holder waits for it to expire.

The apiserver fences writes (``ApiServer.fences``): a leader registers ``Fence(namespace, name,
identity, leaseTransitions)`` when it acquires, and every non-lease write of its actor commits
only while the Lease still says so — a paused old leader that wakes up is refused (409).
"""
from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

from . import errors
from .apiserver.server import Fence
from .kernel import Kernel, Timer
from .kubelet_node import micro_time
from .objects import Obj, new_uid

LEASE_NAMESPACE = "kube-system"
JITTER_FACTOR = 1.2            # client-go leaderelection.JitterFactor
RESTART_DELAY = 1.0            # the kubelet restarting a component that exited on a lost lease
_EPSILON = 1e-9

LEADING, STANDBY, STOPPED = "leading", "standby", "stopped"


def holder_identity(host: str, rng: Any) -> str:
    """``<hostname>_<uuid>``: kube-scheduler's and kube-controller-manager's lock identity."""
    return f"{host}_{new_uid(rng)}"


class LeaderElector:
    """client-go's LeaderElector with a LeaseLock; ``start()`` runs it, ``stop()`` kills it."""

    def __init__(self, kernel: Any, client: Any, *, lock_name: str, identity: str, timing: Any, trace: Any,
                 on_started_leading: Callable[[], None], on_stopped_leading: Callable[[], None], api: Any,
                 namespace: str = LEASE_NAMESPACE, name: str | None = None,
                 event_component: str | None = None) -> None:
        self.kernel = kernel
        self.client = client
        self.lock_name = lock_name
        self.namespace = namespace
        self.identity = identity
        self.timing = timing
        self.trace = trace
        self.api = api
        self.actor: str = client.actor
        # What the trace calls this candidate: kube-scheduler@control-plane-2.
        self.name = name or f"{self.actor.split('@')[0]}@{identity.rpartition('_')[0]}"
        self.event_component = event_component or self.actor.split("@")[0]
        self.on_started_leading = on_started_leading
        self.on_stopped_leading = on_stopped_leading
        self.state = STOPPED
        self.observed: Obj | None = None      # the last record seen or written (a Lease spec)
        self.observed_time = float("-inf")    # local time it was seen: expiry is judged from it
        self.acquired_at: float | None = None
        self.renewed_at: float | None = None  # last successful write of the lock
        self.lost_reason = ""
        self._lease: Obj | None = None        # the Lease as last read or written (its resourceVersion)
        self._timer: Timer | None = None
        self._poll_start = 0.0

    # -- what the UI shows -----------------------------------------------------------------
    @property
    def holder(self) -> str | None:
        """The holder identity this candidate last observed."""
        return (self.observed or {}).get("holderIdentity") or None

    @property
    def transitions(self) -> int:
        return int((self.observed or {}).get("leaseTransitions") or 0)

    @property
    def is_leader(self) -> bool:
        return self.state == LEADING

    @property
    def lock(self) -> str:
        return f"{self.namespace}/{self.lock_name}"

    def describe(self) -> dict[str, Any]:
        return {"identity": self.identity, "state": self.state, "holder": self.holder, "lease": self.lock,
                "transitions": self.transitions, "observedTime": self.observed_time,
                "renewedAt": self.renewed_at, "lostReason": self.lost_reason}

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Run: try the lock now, then every RetryPeriod (jittered) until acquired."""
        if self.state != STOPPED:
            return
        self.state = STANDBY
        self._acquire()

    def stop(self) -> None:
        """The process is killed: timers die, the fence goes, the lock is NOT released."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.state = STOPPED
        self._unfence()

    # -- the acquire loop (wait.JitterUntil) -------------------------------------------------
    def _acquire(self) -> None:
        self._timer = None
        if self.state != STANDBY:
            return
        if not self._try_acquire_or_renew():
            period = float(self.timing.leader_retry_period)
            delay = period * (1 + self.kernel.rng.random() * JITTER_FACTOR)    # wait.Jitter
            self._timer = self.kernel.call_later(delay, self._acquire)
            return
        self.state = LEADING
        self.acquired_at = self.renewed_at = self.kernel.now
        self.api.fences[self.actor] = Fence(self.namespace, self.lock_name, self.identity, self.transitions)
        self.trace.emit(self.actor, self._apiserver(), "elect", f"leases {self.lock}",
                        f"{self.name} became leader (lease {self.lock}, transition {self.transitions})",
                        kind="LeaderElected")
        self._record_event("became leader")
        # Mirrors Run: OnStartedLeading starts, and renew()'s first poll runs at once.
        self._timer = self.kernel.call_later(0.0, self._renew)
        self.on_started_leading()

    # -- the renew loop (wait.Until + PollUntilContextTimeout) ---------------------------------
    def _renew(self) -> None:
        self._timer = None
        if self.state != LEADING:
            return
        self._poll_start = self.kernel.now
        self._renew_attempt()

    def _renew_attempt(self) -> None:
        self._timer = None
        if self.state != LEADING:
            return
        now, period = self.kernel.now, float(self.timing.leader_retry_period)
        if self._try_acquire_or_renew():
            self.renewed_at = now
            self._timer = self.kernel.call_later(period, self._renew)
            return
        deadline = self._poll_start + float(self.timing.leader_renew_deadline)
        if now + period < deadline - _EPSILON:
            self._timer = self.kernel.call_later(period, self._renew_attempt)
        else:
            self._timer = self.kernel.call_at(deadline, self._lose)

    def _lose(self) -> None:
        self._timer = None
        if self.state != LEADING:
            return
        self.state = STOPPED
        self._unfence()
        holder = self.holder
        why = (f"the lease is held by {holder}" if holder and holder != self.identity
               else f"failed to renew it within {_seconds(self.timing.leader_renew_deadline)}")
        self.lost_reason = why
        self.trace.emit(self.actor, self._apiserver(), "step down", f"leases {self.lock}",
                        f"{self.name} lost the lease {self.lock}: {why} (leaderelection lost)",
                        kind="LeaderLost")
        self._record_event("stopped leading")
        self.on_stopped_leading()

    # -- tryAcquireOrRenew ---------------------------------------------------------------
    def _try_acquire_or_renew(self) -> bool:
        now = self.kernel.now
        stamp = micro_time(self.api.clock.epoch, now)
        record: Obj = {"holderIdentity": self.identity,
                       "leaseDurationSeconds": int(self.timing.leader_lease_duration),
                       "acquireTime": stamp, "renewTime": stamp, "leaseTransitions": 0}
        # 1. fast path: the leader updates optimistically with the Lease it wrote last.
        if self._holds_lock() and self._lease_valid(now) and self._lease is not None:
            record["acquireTime"] = (self.observed or {}).get("acquireTime", stamp)
            record["leaseTransitions"] = self.transitions
            try:
                self._update(record)
                return True
            except errors.ApiError:
                pass        # Mirrors client-go: fall back to the slow path.
        # 2. obtain or create the record.
        try:
            lease = self.client.get("leases", self.lock_name, namespace=self.namespace)
        except errors.ApiError as err:
            if err.code != 404:
                return False
            body = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": {"name": self.lock_name, "namespace": self.namespace}, "spec": record}
            try:
                self._lease = self.client.create("leases", body, namespace=self.namespace,
                                                 summary=f"create Lease {self.lock} held by {self.identity}")
            except errors.ApiError:
                return False
            self._observe(record)
            return True
        # 3. record obtained: check the identity and the time it was observed.
        self._lease = lease
        spec = dict(lease.get("spec") or {})
        if spec != self.observed:
            self._observe(spec)
        if spec.get("holderIdentity") and self._lease_valid(now) and not self._holds_lock():
            return False        # held by another and not expired (an empty holder: released)
        # 4. take it over (or renew through the slow path).
        if self._holds_lock():
            record["acquireTime"] = spec.get("acquireTime", stamp)
            record["leaseTransitions"] = int(spec.get("leaseTransitions") or 0)
        else:
            record["leaseTransitions"] = int(spec.get("leaseTransitions") or 0) + 1
        try:
            self._update(record)
        except errors.ApiError:
            return False
        return True

    def _update(self, record: Obj) -> None:
        assert self._lease is not None
        body = {**self._lease, "spec": record}     # its resourceVersion: optimistic concurrency
        verb = "renew" if self._holds_lock() else "acquire"
        self._lease = self.client.update("leases", body,
                                         summary=f"{verb} Lease {self.lock} for {self.identity}")
        self._observe(record)

    def _observe(self, record: Obj) -> None:
        self.observed = record
        self.observed_time = self.kernel.now

    def _holds_lock(self) -> bool:
        """client-go's IsLeader: the last observed record names this candidate."""
        return self.observed is not None and self.observed.get("holderIdentity") == self.identity

    def _lease_valid(self, now: float) -> bool:
        duration = int((self.observed or {}).get("leaseDurationSeconds") or 0)
        return self.observed_time + duration > now

    # -- reporting -----------------------------------------------------------------------
    def _record_event(self, what: str) -> None:
        """Mirrors LeaseLock.RecordEvent: a LeaderElection Event about the Lease."""
        lease = self._lease or {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                                "metadata": {"name": self.lock_name, "namespace": self.namespace}}
        subject = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                   "metadata": lease.get("metadata", {})}
        self.client.record_event(subject, reason="LeaderElection", message=f"{self.identity} {what}",
                                 component=self.event_component)

    def _unfence(self) -> None:
        fence = self.api.fences.get(self.actor)
        if fence is not None and fence.identity == self.identity:
            del self.api.fences[self.actor]

    def _apiserver(self) -> str:
        routing = getattr(self.api, "routing", None)
        pinned = routing.pins.get(self.actor) if routing is not None else None
        return pinned.name if pinned is not None else self.api.name


def _seconds(value: float) -> str:
    return f"{value:g}s"


# -- the process ----------------------------------------------------------------------------

class Process:
    """One OS process of a component: its timers and watch streams, which a pause freezes.

    A component schedules through it as through the kernel (``now``, ``rng``, ``call_later``,
    ``call_at``). While paused (a long GC or VM stop) the timers that come due and the watch
    events that arrive queue up, in the order they came. ``resume()`` carries on where it was:
    the backlog is worked off one item per kernel step — so the work each causes (a scheduling
    cycle, a reconcile) interleaves with the rest, as goroutines do — and only then do the
    leader elector's ticks (its ``late`` lane) run: a process that wakes up acts on what it
    believed before it looks at the lock again.
    """

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel
        self.paused = False
        self.late = _Lane(self, late=True)
        self._backlog: deque[tuple[Callable[..., Any], tuple[Any, ...]]] = deque()
        self._held_late: list[tuple[Timer, Callable[..., Any], tuple[Any, ...]]] = []
        self._draining: Timer | None = None
        self._generation = 0

    @property
    def now(self) -> float:
        return self.kernel.now

    @property
    def rng(self) -> Any:
        return self.kernel.rng

    def call_later(self, delay: float, fn: Callable[..., Any], *args: Any, priority: int = 0) -> Timer:
        return self._at(self.kernel.now + max(0.0, delay), fn, args, False, priority)

    def call_at(self, time: float, fn: Callable[..., Any], *args: Any, priority: int = 0) -> Timer:
        return self._at(time, fn, args, False, priority)

    def _at(self, time: float, fn: Callable[..., Any], args: tuple[Any, ...], late: bool,
            priority: int) -> Timer:
        timer = self.kernel.call_at(time, self._fire, priority=priority)
        # A weak reference: a timer holding itself would be a reference cycle, one per timer of
        # the component, left for the cyclic GC to find.
        timer.args = (weakref.ref(timer), fn, args, late)
        return timer

    def _fire(self, ref: Callable[[], Timer | None], fn: Callable[..., Any], args: tuple[Any, ...],
              late: bool) -> None:
        timer = ref()
        if timer is not None:
            self._dispatch(timer, fn, args, late)

    def _dispatch(self, timer: Timer, fn: Callable[..., Any], args: tuple[Any, ...], late: bool) -> None:
        if late:
            if self.paused or self._backlog:
                self._held_late.append((timer, fn, args))
                return
        elif self.paused:
            self._backlog.append((_run_timer, (timer, fn, args)))
            return
        fn(*args)

    # -- watch streams ---------------------------------------------------------------------
    def gate(self, handler: Callable[[str, Obj], None]) -> Callable[[str, Obj], None]:
        """A watch handler as the process receives it: queued while paused or while a backlog drains.
        (On every watch event of the component: kept to one check when running.)"""
        backlog = self._backlog     # never replaced, only cleared

        def gated(kind: str, obj: Obj) -> None:
            if self.paused or backlog:
                backlog.append((handler, (kind, obj)))
                return
            handler(kind, obj)
        return gated

    def client(self, client: Any) -> Any:
        """The component's API client as its informers use it: watch events and relist retries
        go through this process."""
        return client if isinstance(client, ProcessClient) else ProcessClient(client, self)

    # -- pause -----------------------------------------------------------------------------
    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        if not self.paused:
            return
        self.paused = False
        if self._backlog:
            self._drain_soon(self._generation)
        else:
            self._release_late(self._generation)

    def _drain_soon(self, generation: int) -> None:
        if self._draining is None:
            self._draining = self.kernel.call_later(0.0, self._drain_one, generation)

    def _drain_one(self, generation: int) -> None:
        self._draining = None
        if generation != self._generation or self.paused:
            return
        if self._backlog:
            fn, args = self._backlog.popleft()
            fn(*args)
            if generation != self._generation or self.paused:
                return
        if self._backlog:
            self._drain_soon(generation)
        else:
            self._release_late(generation)

    def _release_late(self, generation: int) -> None:
        held, self._held_late = self._held_late, []
        for timer, fn, args in held:
            self.kernel.call_later(0.0, self._refire_late, generation, timer, fn, args)

    def _refire_late(self, generation: int, timer: Timer, fn: Callable[..., Any],
                     args: tuple[Any, ...]) -> None:
        if generation == self._generation and not timer.cancelled:
            self._dispatch(timer, fn, args, True)

    def drop_backlog(self) -> None:
        """The work stopped (its informers with it): what it had queued has nobody to go to."""
        self._backlog.clear()
        if not self.paused:
            self._release_late(self._generation)

    def reset(self) -> None:
        """A new process: nothing held, nothing queued, not paused."""
        self._generation += 1
        self.paused = False
        self._held_late.clear()
        self._backlog.clear()
        if self._draining is not None:
            self._draining.cancel()
            self._draining = None


def _run_timer(timer: Timer, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    if not timer.cancelled:
        fn(*args)


class _Lane:
    """Timers of the process that resume only after its backlog (the leader elector's)."""

    def __init__(self, process: Process, *, late: bool) -> None:
        self.process = process
        self.is_late = late

    @property
    def now(self) -> float:
        return self.process.kernel.now

    @property
    def rng(self) -> Any:
        return self.process.kernel.rng

    def call_later(self, delay: float, fn: Callable[..., Any], *args: Any, priority: int = 0) -> Timer:
        p = self.process
        return p._at(p.kernel.now + max(0.0, delay), fn, args, self.is_late, priority)

    def call_at(self, time: float, fn: Callable[..., Any], *args: Any, priority: int = 0) -> Timer:
        return self.process._at(time, fn, args, self.is_late, priority)


class ProcessClient:
    """An ApiClient seen from inside a process: watch events are gated by the process, and
    timers (an informer's relist back-off) go through it. Everything else is the client's."""

    def __init__(self, client: Any, process: Process) -> None:
        self._client = client
        self._process = process

    @property
    def kernel(self) -> Process:
        return self._process

    @property
    def inner(self) -> Any:
        return self._client

    def watch(self, resource: str, handler: Callable[[str, Obj], None], **kwargs: Any) -> Any:
        return self._client.watch(resource, self._process.gate(handler), **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


class ElectedProcess:
    """The lifecycle kube-scheduler and kube-controller-manager share: a process that campaigns
    for its lock and works only while it leads (``--leader-elect``, on by default).

    Subclasses set ``process``, ``elector`` (None), ``leader_elect`` and ``_restart`` (None),
    and provide ``_new_elector()``, ``_start_work()`` and ``_stop_work()``.
    """

    process: Process
    elector: LeaderElector | None
    leader_elect: bool
    _restart: Any
    _alive: bool = False

    @property
    def running(self) -> bool:
        """The process runs (leading or standby)."""
        return self._alive

    def start(self) -> None:
        """A fresh process: it campaigns for the lock (or, without leader election, works)."""
        if self._alive:
            return
        self._alive = True
        self.process.reset()
        if self.leader_elect:
            self._campaign()
        else:
            self._start_work()

    def stop(self) -> None:
        """The process is killed: its timers and memory die with it. A killed process cannot
        release its lock: the next leader waits for it to expire."""
        if not self._alive:
            return
        self._alive = False
        if self._restart is not None:
            self._restart.cancel()
            self._restart = None
        if self.elector is not None:
            self.elector.stop()
        self._stop_work()
        self.process.reset()

    def pause(self) -> None:
        """The process freezes (a long GC or VM pause): no timer fires, watch events queue up."""
        if self._alive:
            self.process.pause()

    def resume(self) -> None:
        """It carries on with what it believed: queued work first, then its elector's tick."""
        self.process.resume()

    def _campaign(self) -> None:
        self._restart = None
        if not self._alive:
            return
        self.elector = self._new_elector()
        self.elector.start()

    def _leadership_lost(self) -> None:
        """Upstream the process exits ("leaderelection lost"); the kubelet starts it again."""
        self._stop_work()
        if self._alive and self._restart is None:
            self._restart = self.process.call_later(RESTART_DELAY, self._campaign)

    def _new_elector(self) -> LeaderElector:
        raise NotImplementedError

    def _start_work(self) -> None:
        raise NotImplementedError

    def _stop_work(self) -> None:
        raise NotImplementedError
