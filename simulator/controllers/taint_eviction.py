"""The taint eviction controller (tainteviction, once NoExecuteTaintManager).

A pod on a node with NoExecute taints it does not tolerate is deleted at once; if every
such taint is tolerated, after the smallest ``tolerationSeconds`` counted from when this
controller first saw the taint (upstream's timed worker starts at observation); a
toleration without seconds tolerates forever. Removing the taint before the time runs
out cancels the deletion.
"""
from __future__ import annotations

from ..objects import Obj, deep_copy, deleting, spec
from ..objects import key as obj_key
from .base import Controller, Delete, RecordEvent, Result, UpdateStatus
from .podutil import tolerates
from .view import NODE, View, by_node

REASON = "TaintManagerEviction"


def no_execute_taints(node: Obj | None) -> list[Obj]:
    return [t for t in spec(node or {}).get("taints") or () if t.get("effect") == "NoExecute"]


def matching_tolerations(taints: list[Obj], tolerations: list[Obj]) -> tuple[bool, list[Obj]]:
    """getMatchingTolerations: (all tolerated, the first toleration matching each taint)."""
    used: list[Obj] = []
    for taint in taints:
        match = next((t for t in tolerations if tolerates(t, taint)), None)
        if match is None:
            return False, []
        used.append(match)
    return True, used


def min_toleration_seconds(tolerations: list[Obj]) -> float:
    """getMinTolerationTime: -1 means forever; 0 or less means at once."""
    best: float | None = None
    if not tolerations:
        return 0.0
    for t in tolerations:
        seconds = t.get("tolerationSeconds")
        if seconds is None:
            continue
        if seconds <= 0:
            return 0.0
        best = seconds if best is None else min(best, seconds)
    return -1.0 if best is None else float(best)


class TaintEvictionController(Controller):
    name = "taint-eviction-controller"
    component = "taint-eviction-controller"

    def setup(self) -> None:
        view = self.view
        self.nodes = view.informer("nodes")
        self.pods_on = view.index("pods", NODE, by_node)
        self.scheduled: dict[str, tuple[float, float]] = {}  # pod key → (created, fire at)
        self.nodes.add_handler(on_add=self._node_changed, on_update=self._node_updated,
                               on_delete=self._node_changed)
        view.informer("pods").add_handler(on_add=self._pod_changed, on_update=self._pod_updated,
                                          on_delete=self._pod_deleted)

    def _node_updated(self, old: Obj, new: Obj) -> None:
        if _keys(no_execute_taints(old)) != _keys(no_execute_taints(new)):
            self._node_changed(new)

    def _node_changed(self, node: Obj) -> None:
        for pod in self.pods_on.get(node["metadata"]["name"]):
            self.queue.add(obj_key(pod))

    def _pod_changed(self, pod: Obj) -> None:
        node_name = spec(pod).get("nodeName")
        if node_name and (no_execute_taints(self.nodes.get(node_name)) or obj_key(pod) in self.scheduled):
            self.queue.add(obj_key(pod))

    def _pod_updated(self, old: Obj, new: Obj) -> None:
        if spec(old).get("nodeName") != spec(new).get("nodeName") or \
                spec(old).get("tolerations") != spec(new).get("tolerations"):
            self._pod_changed(new)

    def _pod_deleted(self, pod: Obj) -> None:
        self.scheduled.pop(obj_key(pod), None)

    def reconcile(self, key: str, view: View) -> Result:
        pod = view.get("pods", key)
        node_name = spec(pod).get("nodeName") if pod else None
        if pod is None or not node_name or deleting(pod):
            self.scheduled.pop(key, None)
            return Result()
        taints = no_execute_taints(self.nodes.get(node_name))
        if not taints:
            return Result(actions=self._cancel(key, pod))
        tolerated, used = matching_tolerations(taints, spec(pod).get("tolerations") or [])
        if not tolerated:
            return Result(actions=self._evict(key, pod, view))
        seconds = min_toleration_seconds(used)
        if seconds < 0:
            return Result(actions=self._cancel(key, pod))
        now = view.now
        existing = self.scheduled.get(key)
        # processPodOnNode: work scheduled earlier keeps its time; only work created in
        # this same instant is replaced.
        if existing is None or not existing[0] < now:
            existing = self.scheduled[key] = (existing[0] if existing else now, now + seconds)
        fire_at = existing[1]
        if now >= fire_at:
            return Result(actions=self._evict(key, pod, view))
        return Result(requeue_after=fire_at - now)

    def _cancel(self, key: str, pod: Obj) -> list:
        if self.scheduled.pop(key, None) is None:
            return []
        return [RecordEvent(involved=pod, reason=REASON, message=f"Cancelling deletion of Pod {key}")]

    def _evict(self, key: str, pod: Obj, view: View) -> list:
        """addConditionAndDeletePod: a DisruptionTarget condition, then a normal delete."""
        self.scheduled.pop(key, None)
        updated = deep_copy(pod)
        conditions = [c for c in updated.setdefault("status", {}).get("conditions") or ()
                      if c.get("type") != "DisruptionTarget"]
        conditions.append({"type": "DisruptionTarget", "status": "True", "reason": "DeletionByTaintManager",
                           "message": "Taint manager: deleting due to NoExecute taint",
                           "lastTransitionTime": view.clock.now()})
        updated["status"]["conditions"] = conditions
        meta = pod["metadata"]
        return [
            RecordEvent(involved=pod, reason=REASON, message=f"Marking for deletion Pod {key}"),
            UpdateStatus(resource="pods", obj=updated, tolerate=(404, 409)),
            Delete(resource="pods", name=meta["name"], namespace=meta["namespace"],
                   preconditions={"uid": meta.get("uid", "")}, summary=f"evict pod {key} (NoExecute taint)"),
        ]


def _keys(taints: list[Obj]) -> list[tuple]:
    return sorted((t.get("key", ""), t.get("value", ""), t.get("effect", "")) for t in taints)
