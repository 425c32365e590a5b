"""The pod garbage collector (pkg/controller/podgc), every 20 s.

Pods bound to a Node that no longer exists (checked again after a 40 s quarantine, by a
live read) are marked Failed with a DisruptionTarget condition and force-deleted; so are
unscheduled pods stuck terminating; finished pods beyond 12,500 go oldest first.
"""
from __future__ import annotations

from ..errors import ApiError
from ..objects import Obj, deep_copy, deleting, meta, namespace, spec
from ..objects import name as obj_name
from .base import Action, Controller, Delete, Result, UpdateStatus, chain
from .podutil import is_terminal
from .view import NODE, View, by_node

GC_KEY = "gc"
GC_CHECK_PERIOD = 20.0
QUARANTINE = 40.0
TERMINATED_THRESHOLD = 12500


class PodGCController(Controller):
    name = "podgc"
    component = "pod-garbage-collector"
    terminated_threshold = TERMINATED_THRESHOLD

    def setup(self) -> None:
        view = self.view
        self.nodes = view.informer("nodes")
        self.pods_on = view.index("pods", NODE, by_node)
        self.terminated = view.index(
            "pods", "terminated", lambda p: ("terminated",) if is_terminal(p) else ()
        )
        self.unscheduled_terminating = view.index(
            "pods",
            "unscheduled-terminating",
            lambda p: ("yes",) if deleting(p) and not spec(p).get("nodeName") else (),
        )
        self.missing_since: dict[str, float] = {}
        self.queue.add(GC_KEY)

    def reconcile(self, key: str, view: View) -> Result:
        actions = self._terminated(view) + self._orphaned(view)
        for pod in self.unscheduled_terminating.get("yes"):
            actions.append(self._force_delete(pod))
        return Result(actions=actions, requeue_after=GC_CHECK_PERIOD)

    def _terminated(self, view: View) -> list[Action]:
        pods = self.terminated.get("terminated")
        excess = len(pods) - self.terminated_threshold
        if excess <= 0:
            return []
        pods.sort(key=lambda p: (meta(p).get("creationTimestamp") or "", obj_name(p)))
        return [self._force_delete(p) for p in pods[:excess]]

    def _orphaned(self, view: View) -> list[Action]:
        now = view.now
        actions: list[Action] = []
        for node_name in sorted(self.pods_on.buckets):
            if self.nodes.get(node_name) is not None:
                self.missing_since.pop(node_name, None)
                continue
            since = self.missing_since.setdefault(node_name, now)
            if now - since < QUARANTINE or self._node_exists(node_name, view):
                continue
            for pod in self.pods_on.get(node_name):
                actions += self._fail_and_delete(pod, view)
        for gone in [n for n in self.missing_since if n not in self.pods_on.buckets]:
            del self.missing_since[gone]
        return actions

    @staticmethod
    def _node_exists(node_name: str, view: View) -> bool:
        try:
            view.client.get("nodes", node_name)
        except ApiError as err:
            if err.code == 404:
                return False
            raise
        return True

    def _fail_and_delete(self, pod: Obj, view: View) -> list[Action]:
        """markFailedAndDeletePodWithCondition: Failed + DisruptionTarget, then delete with grace 0."""
        if is_terminal(pod):
            return [self._force_delete(pod)]
        updated = deep_copy(pod)
        st = updated.setdefault("status", {})
        st["phase"] = "Failed"
        conditions = [c for c in st.get("conditions") or () if c.get("type") != "DisruptionTarget"]
        conditions.append(
            {
                "type": "DisruptionTarget",
                "status": "True",
                "reason": "DeletionByPodGC",
                "message": "PodGC: node no longer exists",
                "lastTransitionTime": view.clock.now(),
            }
        )
        st["conditions"] = conditions
        return chain([UpdateStatus(resource="pods", obj=updated, tolerate=(404,)), self._force_delete(pod)])

    @staticmethod
    def _force_delete(pod: Obj) -> Delete:
        return Delete(
            resource="pods",
            name=obj_name(pod),
            namespace=namespace(pod),
            grace_period_seconds=0,
            summary=f"delete pod {namespace(pod)}/{obj_name(pod)} (pod garbage collection)",
        )
