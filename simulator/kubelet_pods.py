"""The kubelet's pod side: config sources, pod workers, the PLEG and the status manager.

Pods come from an informer on ``spec.nodeName=<node>`` (the API source) and from the
static manifests (the file source). Each pod gets a PodWorker. Container exits reach
the workers through the PLEG, at its next relist (every ``pod_resync`` seconds). The
status manager writes each worker's status once per change, coalescing changes made
in the same instant, and retries writes the API refused.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import errors
from .kubelet_node import admit, requests_of
from .kubelet_static import create_mirror, is_mirror, static_pod
from .kubelet_worker import PodWorker
from .objects import Obj, deleting, meta, parse_cpu
from .runtime import Container

if TYPE_CHECKING:
    from .kubelet import Kubelet

MIN_KILL_GRACE = 1.0     # kubelet's minimumGracePeriodInSeconds for pods gone from the API


class PodManager:
    def __init__(self, kubelet: Kubelet) -> None:
        self.k = kubelet
        self.kernel, self.clock, self.runtime = kubelet.core.kernel, kubelet.core.clock, kubelet.runtime
        self.workers: dict[str, PodWorker] = {}     # by pod UID (static pods by config hash)
        self.by_key: dict[str, PodWorker] = {}      # by namespace/name, for logs
        self._dirty: list[PodWorker] = []
        self._timers: dict[str, Any] = {}
        self._exits: list[Container] = []
        self._factory: Any = None
        self._informer: Any = None

    @property
    def now(self) -> float:
        return self.kernel.now

    @property
    def timing(self) -> Any:
        return self.k.core.timing

    @property
    def node_ip(self) -> str:
        return self.k.internal_ip

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        self._factory = self.k.core.informers(self.k.actor, node=self.k.node)
        self._informer = self._factory.informer("pods", field_selector=f"spec.nodeName={self.k.node}")
        self._informer.add_handler(on_add=self.on_add, on_update=self.on_update, on_delete=self.on_delete)
        for manifest in self.k.static_pods:
            # Static pods run from the files at once, whether or not the API is there.
            pod = static_pod(manifest, node=self.k.node, seen=self.clock.now())
            worker = PodWorker(self, pod, static=True)
            self._add(worker)
            worker.begin()
        self._factory.start()
        self._await_sync()
        if any(w.static for w in self.workers.values()):
            self._later("health", self.timing.pod_resync, self._poll_health)

    def stop(self) -> None:
        for worker in list(self.workers.values()):
            worker.retire()
        self.workers.clear()
        self.by_key.clear()
        self._dirty.clear()
        self._exits.clear()
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        if self._factory is not None:
            self._factory.stop()
        self._factory = self._informer = None

    def _later(self, name: str, delay: float, fn: Any) -> None:
        if name not in self._timers:
            self._timers[name] = self.kernel.call_later(delay, self._fire, name, fn)

    def _fire(self, name: str, fn: Any) -> None:
        self._timers.pop(name, None)
        fn()

    def _await_sync(self) -> None:
        """After the first full list: kill what the runtime runs for pods no longer bound here."""
        if not self._informer.synced:
            self._later("sync", self.timing.pod_resync, self._await_sync)
            return
        for box in self.runtime.sandboxes():
            if box.uid not in self.workers:
                self.runtime.remove_sandbox(box.uid)

    # -- the API source --------------------------------------------------------------------
    def on_add(self, pod: Obj) -> None:
        if is_mirror(pod):
            self._mirror_seen(pod)
            return
        existing = self.workers.get(meta(pod).get("uid", ""))
        if existing is not None:
            self.on_update(existing.pod, pod)
            return
        worker = PodWorker(self, pod)
        worker.requests = requests_of(pod)
        status = pod.get("status") or {}
        fresh = not status.get("containerStatuses") and self.runtime.sandbox(worker.uid) is None
        self._add(worker)
        if deleting(pod):
            worker.terminating = True
            worker.grace = float(meta(pod).get("deletionGracePeriodSeconds") or 0)
        elif fresh and status.get("phase", "Pending") == "Pending":
            worker.reject = self._admit(worker)
            if worker.reject is not None:
                worker.finished = True
                worker.event(worker.reject[0], worker.reject[1].removeprefix("Pod was rejected: "),
                             warning=True)
                self.mark_dirty(worker)
                return
        worker.begin()

    def on_update(self, old: Obj, new: Obj) -> None:
        if is_mirror(new):
            self._mirror_seen(new)
            return
        worker = self.workers.get(meta(new).get("uid", ""))
        if worker is None:
            self.on_add(new)
            return
        worker.pod = new
        if deleting(new):
            grace = float(meta(new).get("deletionGracePeriodSeconds") or 0)
            if not worker.terminating or grace < worker.grace:
                worker.terminate(grace)
            elif worker.finished:
                self.mark_dirty(worker)
            return
        containers = (new.get("spec") or {}).get("containers") or []
        for slot, spec in zip(worker.apps, containers, strict=False):
            if spec.get("image") != slot.spec.get("image"):
                worker.respec(slot, spec)

    def on_delete(self, pod: Obj) -> None:
        if is_mirror(pod):
            worker = self.by_key.get(f"{meta(pod).get('namespace')}/{meta(pod).get('name')}")
            if worker is not None and worker.static and worker.mirror is not None \
                    and meta(worker.mirror).get("uid") == meta(pod).get("uid"):
                worker.mirror = None
                self.mark_dirty(worker)     # the kubelet recreates a deleted mirror pod
            return
        worker = self.workers.get(meta(pod).get("uid", ""))
        if worker is None:
            return
        if worker.finished and worker.box is None:
            self._retire(worker)
            return
        spec_grace = (pod.get("spec") or {}).get("terminationGracePeriodSeconds", 30)
        grace = meta(pod).get("deletionGracePeriodSeconds", spec_grace)
        worker.terminate(max(MIN_KILL_GRACE, float(grace or 0)), removed=True)

    def _mirror_seen(self, pod: Obj) -> None:
        worker = self.by_key.get(f"{meta(pod).get('namespace')}/{meta(pod).get('name')}")
        if worker is None or not worker.static:
            self._delete(pod, "delete orphaned mirror pod")   # its manifest is gone
            return
        worker.mirror = pod
        if deleting(pod):
            # A mirror pod cannot be deleted away: the kubelet removes it and makes a new one.
            self._delete(pod, "delete mirror pod (it is recreated)")

    def _delete(self, pod: Obj, summary: str) -> bool:
        m = meta(pod)
        try:
            self.k.client.delete("pods", m["name"], namespace=m.get("namespace", ""), grace_period_seconds=0,
                                 preconditions={"uid": m.get("uid", "")},
                                 summary=f"{summary} {m.get('namespace')}/{m['name']}")
        except errors.ApiError as exc:
            return exc.code in (404, 409)
        return True

    def _admit(self, worker: PodWorker) -> tuple[str, str] | None:
        active = [w.requests for w in self.workers.values()
                  if w is not worker and not w.finished and not w.reject]
        return admit(worker.requests, active, max_pods=self.k.max_pods, cpu=parse_cpu(self.k.cpu),
                     memory=self.k.allocatable_memory)

    def _add(self, worker: PodWorker) -> None:
        self.workers[worker.uid] = worker
        self.by_key[worker.key] = worker

    def _retire(self, worker: PodWorker) -> None:
        worker.retire()
        if self.workers.get(worker.uid) is worker:
            del self.workers[worker.uid]
        if self.by_key.get(worker.key) is worker:
            del self.by_key[worker.key]

    # -- the PLEG --------------------------------------------------------------------------
    def on_container_exit(self, c: Container) -> None:
        """The runtime reports an exit; the PLEG notices it at its next relist."""
        self._exits.append(c)
        period = self.timing.pod_resync
        self._later("pleg", period - (self.now % period) or period, self._relist)

    def _relist(self) -> None:
        exits, self._exits = self._exits, []
        for c in exits:
            worker = self.workers.get(c.pod_uid)
            if worker is not None:
                worker.container_exited(c)

    def _poll_health(self) -> None:
        """Static pods' liveness: a stopped component's container dies, a healthy one starts again."""
        for worker in [w for w in self.workers.values() if w.static]:
            for slot in worker.apps:
                healthy = self.static_healthy(slot.name)
                c = worker.container(slot)
                if slot.state == "running" and not healthy and c is not None:
                    self.runtime.kill(c, exit_code=1)
                elif slot.state != "running" and healthy and not worker.busy:
                    worker.step()
        self._later("health", self.timing.pod_resync, self._poll_health)

    def static_healthy(self, container: str) -> bool:
        return self.k.static_health is None or bool(self.k.static_health(container))

    # -- the status manager ----------------------------------------------------------------
    def mark_dirty(self, worker: PodWorker) -> None:
        if not worker.dirty:
            worker.dirty = True
            self._dirty.append(worker)
        self._later("flush", 0.0, self._flush)

    def _flush(self) -> None:
        batch, self._dirty = self._dirty, []
        for worker in batch:
            worker.dirty = False
            if not worker.gone and not self._sync(worker):
                worker.dirty = True
                self._dirty.append(worker)
        if self._dirty:
            self._later("retry", self.timing.node_status_update_frequency, self._flush)

    def _sync(self, worker: PodWorker) -> bool:
        """Write one pod's status (and finish a deleted pod); False to retry later."""
        if worker.removed:
            if worker.finished:
                self._retire(worker)
            return True
        try:
            if worker.static:
                return self._sync_mirror(worker)
            self._patch(worker, worker.pod)
            if worker.finished and worker.terminating:
                if self._delete(worker.pod, "delete pod"):
                    self._retire(worker)
                else:
                    return False
        except errors.ApiError as exc:
            if exc.code == 404:
                self._retire(worker)
                return True
            return False
        return True

    def _patch(self, worker: PodWorker, current: Obj) -> Obj:
        status = worker.build_status()
        known = current.get("status") or {}
        if all(known.get(k) == v for k, v in status.items()):
            return current
        ready = sum(1 for s in worker.apps if s.ready)
        return self.k.client.patch_status("pods", worker.namespace, worker.name, status,
                                          summary=f"update status of pod {worker.key}: {status['phase']} "
                                                  f"({ready}/{len(worker.apps)} ready)")

    def _sync_mirror(self, worker: PodWorker) -> bool:
        if worker.mirror is None:
            if not self.k.node_uid:
                return False     # mirror pods are owned by the Node: wait for its registration
            worker.mirror = create_mirror(self.k.client, worker.pod, node=self.k.node,
                                          node_uid=self.k.node_uid)
            if worker.mirror is None:
                return False
        try:
            worker.mirror = self._patch(worker, worker.mirror)
        except errors.ApiError as exc:
            if exc.code == 404:
                worker.mirror = None
            return False
        return True

    def worker_finished(self, worker: PodWorker) -> None:
        if worker.removed:
            self._retire(worker)
        else:
            self.mark_dirty(worker)
