"""kube-controller-manager: the control loops, their work queues and their API client.

One process: shared informers (watch-fed caches), one rate-limited work queue per
controller, and one ApiClient through which every action goes — so the trace shows
``kube-controller-manager → kube-apiserver`` for each write, as on a real cluster.
``stop()`` is the process dying (caches, queues, timers and in-memory state such as
expectations are gone); ``start()`` is a fresh process. With leader election (the default,
``--leader-elect=true``) it first campaigns for the ``kube-system/kube-controller-manager``
Lease: the informers and controllers start only when it leads, a standby only retries the
lock, and a lost lease stops everything (upstream the process exits; the kubelet restarts it).
``pause()``/``resume()`` freeze and thaw the process (leader_election.Process).
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from . import errors
from .client import InformerFactory
from .controllers.base import (
    Action,
    Controller,
    Create,
    Delete,
    Patch,
    RecordEvent,
    Result,
    SlowStart,
    Update,
)
from .controllers.daemonset import DaemonSetController
from .controllers.deployment import DeploymentController
from .controllers.endpoints import EndpointsController
from .controllers.endpointslice import EndpointSliceController
from .controllers.garbage_collector import GarbageCollector
from .controllers.namespace import NamespaceController
from .controllers.node_lifecycle import NodeLifecycleController
from .controllers.podgc import PodGCController
from .controllers.replicaset import ReplicaSetController
from .controllers.taint_eviction import TaintEvictionController
from .controllers.view import View
from .controllers.workqueue import WorkQueue
from .kernel import Timer
from .leader_election import ElectedProcess, LeaderElector, Process, holder_identity

# Keyed by the names kube-controller-manager's --controllers flag takes.
CONTROLLERS: dict[str, type[Controller]] = {
    c.name: c
    for c in (
        NodeLifecycleController,
        TaintEvictionController,
        ReplicaSetController,
        DeploymentController,
        DaemonSetController,
        EndpointsController,
        EndpointSliceController,
        GarbageCollector,
        NamespaceController,
        PodGCController,
    )
}
CACHE_SYNC_RETRY = 0.1
LOCK_NAME = "kube-controller-manager"


class KubeControllerManager(ElectedProcess):
    def __init__(
        self, core: Any, *, name: str = "kube-controller-manager", controllers: Iterable[str] | None = None,
        leader_elect: bool = True, identity_host: str = "control-plane-1",
    ) -> None:
        self.core = core
        self.name = name
        self.enabled = tuple(controllers) if controllers is not None else tuple(CONTROLLERS)
        unknown = [c for c in self.enabled if c not in CONTROLLERS]
        if unknown:
            raise ValueError(f"unknown controllers: {', '.join(unknown)}")
        self.leader_elect = leader_elect
        self.identity_host = identity_host
        # Every timer and watch event of this process goes through it (a pause freezes them).
        self.process = Process(core.kernel)
        self.elector: LeaderElector | None = None
        self._restart: Timer | None = None
        self._factory: InformerFactory | None = None
        self._view: View | None = None
        self._controllers: dict[str, Controller] = {}
        self._queues: dict[str, WorkQueue] = {}


    @property
    def working(self) -> bool:
        """The informers and controllers run: the leader's work."""
        return self._factory is not None

    @property
    def is_leader(self) -> bool:
        """Whether this process believes it leads (and so works)."""
        return self._factory is not None

    @property
    def paused(self) -> bool:
        return self.process.paused

    def _new_elector(self) -> LeaderElector:
        core = self.core
        return LeaderElector(
            self.process.late, core.client(self.name), lock_name=LOCK_NAME,
            identity=holder_identity(self.identity_host, core.kernel.rng), timing=core.timing,
            trace=core.trace, api=core.api, on_started_leading=self._start_work,
            on_stopped_leading=self._leadership_lost)

    def _start_work(self) -> None:
        """New caches, queues and controllers; informers list and watch."""
        if self._factory is not None:
            return
        factory = self._factory = self.core.informers(self.name)
        factory.client = self.process.client(factory.client)
        view = self._view = View(self.core, factory)
        for cname in self.enabled:
            queue = WorkQueue(self.process, self.core.timing, partial(self._process, cname), name=cname)
            controller = CONTROLLERS[cname](view, queue)
            self._queues[cname] = queue
            self._controllers[cname] = controller
            controller.setup()
        factory.start()

    def _stop_work(self) -> None:
        if self._factory is None:
            return
        for queue in self._queues.values():
            queue.shutdown()
        self._factory.stop()
        self._factory = None
        self._view = None
        self._queues = {}
        self._controllers = {}
        self.process.drop_backlog()

    def controller(self, name: str) -> Controller:
        """The running instance of a controller (for tests and the UI's inspectors)."""
        return self._controllers[name]

    def queue(self, name: str) -> WorkQueue:
        return self._queues[name]

    # -- the worker ------------------------------------------------------------
    def _process(self, cname: str, key: str) -> None:
        controller, queue, view = self._controllers.get(cname), self._queues.get(cname), self._view
        if controller is None or queue is None or view is None:
            return
        if not view.synced():
            queue.add_after(key, CACHE_SYNC_RETRY)  # WaitForCacheSync before any reconcile
            return
        try:
            result = controller.reconcile(key, view)
        except errors.ApiError:
            queue.add_rate_limited(key)
            return
        ok = self._send_all(controller, result.actions)
        if not self.working:
            return
        if not ok or result.requeue:
            queue.add_rate_limited(key)
            return
        queue.forget(key)
        if result.requeue_after is not None:
            queue.add_after(key, result.requeue_after)

    def _send_all(self, controller: Controller, actions: Iterable[Action] | None) -> bool:
        ok = True
        for action in actions or ():
            if not self.working:
                return False
            ok = self._send(controller, action) and ok
        return ok

    def _send(self, controller: Controller, action: Action) -> bool:
        if isinstance(action, SlowStart):
            return self._slow_start(controller, action)
        assert self._factory is not None
        client = self._factory.client
        try:
            answer = self._call(client, controller, action)
        except errors.ApiError as err:
            follow = action.failed(err) if action.failed else None
            return self._send_all(controller, follow) and err.code in action.tolerate
        follow = action.then(answer) if action.then else None
        return self._send_all(controller, follow)

    @staticmethod
    def _call(client: Any, controller: Controller, action: Action) -> Any:
        if isinstance(action, RecordEvent):
            client.record_event(
                action.involved,
                reason=action.reason,
                message=action.message,
                type=action.type,
                component=controller.component,
            )
            return action.involved
        if isinstance(action, Create):
            return client.create(
                action.resource, action.obj, namespace=action.namespace, summary=action.summary
            )
        if isinstance(action, Update):
            return client.update(
                action.resource, action.obj, subresource=action.subresource, summary=action.summary
            )
        if isinstance(action, Patch):
            return client.patch(
                action.resource,
                action.name,
                action.patch,
                namespace=action.namespace,
                patch_type=action.patch_type,
                subresource=action.subresource,
                summary=action.summary,
            )
        if isinstance(action, Delete):
            return client.delete(
                action.resource,
                action.name,
                namespace=action.namespace,
                propagation_policy=action.propagation_policy,
                grace_period_seconds=action.grace_period_seconds,
                preconditions=action.preconditions,
                summary=action.summary,
            )
        raise TypeError(f"unknown action {action!r}")

    def _slow_start(self, controller: Controller, batch: SlowStart) -> bool:
        """slowStartBatch: 1, 2, 4, ... calls; stop after a batch with a failure."""
        done, size, succeeded, ok = 0, 1, 0, True
        actions = batch.actions
        while done < len(actions) and ok and self.working:
            for action in actions[done : done + size]:
                if self._send(controller, action):
                    succeeded += 1
                else:
                    ok = False
            done += size
            size *= 2
        if batch.finished is not None:
            batch.finished(succeeded)
        return ok


__all__ = ["CONTROLLERS", "KubeControllerManager", "Result"]
