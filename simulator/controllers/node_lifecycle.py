"""The node lifecycle controller: heartbeats → Ready Unknown → taints (nodelifecycle).

Every ``node_monitor_period`` one pass over all nodes (O(nodes), a few comparisons each):
a node not heard from (Lease renewal or Ready heartbeat, see node_health) for
``node_monitor_grace_period`` gets every condition set to Unknown, a NodeNotReady event
and its pods marked not Ready. From the *next* pass the NoExecute taint follows the
observed Ready status (unreachable for Unknown, not-ready for False) through the zone's
rate-limited queue; a Ready node loses both. NoSchedule taints mirror the conditions at
once on every node update. Deleting pods is the taint eviction controller's job.
"""
from __future__ import annotations

from ..objects import Obj, meta, spec
from ..objects import name as obj_name
from .base import Controller, RecordEvent, Result, Update, UpdateStatus
from .node_health import HealthTracker
from .node_taints import (
    NO_EXECUTE,
    mark_pods_not_ready,
    no_execute_for,
    no_schedule_changes,
    swap_taints,
    taint_inputs,
)
from .node_zones import Zones
from .podutil import condition, is_ready, node_zone, taint_key
from .view import NODE, View, by_node

NODE_LEASE_NAMESPACE = "kube-node-lease"
MONITOR_KEY = "monitor-node-health"
TAINT_KEY = "no-execute-tainting"
NOT_READY_RETRY = 0.05


class NodeLifecycleController(Controller):
    name = "nodelifecycle"
    component = "node-controller"

    def setup(self) -> None:
        view = self.view
        self.health = HealthTracker(view.clock)
        self.zones = Zones(view.timing)
        self.known: dict[str, Obj] = {}
        self._fact_cache: dict[str, tuple] = {}
        self.nodes = view.informer("nodes")
        self.pods_on = view.index("pods", NODE, by_node)
        self.nodes.add_handler(on_add=self._node_added, on_update=self._node_updated,
                               on_delete=lambda n: self.queue.add(MONITOR_KEY))
        leases = view.informer("leases", namespace=NODE_LEASE_NAMESPACE)
        leases.add_handler(on_add=self._lease_seen, on_update=lambda _o, n: self._lease_seen(n))
        view.informer("pods").add_handler(
            on_add=self._pod_changed, on_update=lambda _o, n: self._pod_changed(n)
        )
        self.queue.add(MONITOR_KEY)

    # -- handlers --------------------------------------------------------------
    def _node_added(self, node: Obj) -> None:
        self.health.node_seen(node, self.view.now)
        self.queue.add("noschedule/" + obj_name(node))

    def _node_updated(self, old: Obj, new: Obj) -> None:
        self.health.node_seen(new, self.view.now)
        if taint_inputs(old) != taint_inputs(new):
            self.queue.add("noschedule/" + obj_name(new))

    def _lease_seen(self, lease: Obj) -> None:
        self.health.lease_seen(lease, self.view.now)

    def _pod_changed(self, pod: Obj) -> None:
        # processPod: a pod that is Ready on a node that is not gets marked not Ready.
        node_name = spec(pod).get("nodeName")
        if not node_name or not is_ready(pod):
            return
        node = self.nodes.get(node_name)
        ready = condition(node, "Ready") if node else None
        if ready is not None and ready.get("status") != "True":
            self.queue.add("pod/" + pod["metadata"]["namespace"] + "/" + obj_name(pod))

    # -- reconcile -------------------------------------------------------------
    def reconcile(self, key: str, view: View) -> Result:
        if key == MONITOR_KEY:
            return self._monitor(view)
        if key == TAINT_KEY:
            return self._no_execute_tainting(view)
        kind, _, rest = key.partition("/")
        if kind == "noschedule":
            return self._no_schedule_tainting(rest, view)
        pod = view.get("pods", rest)
        if pod is None:
            return Result()
        return Result(actions=self._mark_pods_not_ready([pod], view))

    def _facts(self, node: Obj) -> tuple[str, frozenset]:
        """(zone, taint keys) of a node, recomputed only when the node object changes."""
        m = node["metadata"]
        cached = self._fact_cache.get(m["name"])
        if cached is None or cached[0] != m.get("resourceVersion"):
            keys = frozenset(taint_key(t) for t in spec(node).get("taints") or ())
            cached = self._fact_cache[m["name"]] = (m.get("resourceVersion"), node_zone(node), keys)
        return cached[1], cached[2]

    def _monitor(self, view: View) -> Result:
        """monitorNodeHealth: O(nodes), a few dictionary lookups per healthy node."""
        now, timing = view.now, view.timing
        grace, startup = float(timing.node_monitor_grace_period), float(timing.node_startup_grace_period)
        nodes = self.nodes.list()
        actions = self._classify(nodes, view)
        zone_ready: dict[str, list[str | None]] = {}
        for node in nodes:
            observed, current, updated = self.health.check(node, now, grace, startup)
            if updated is not None:
                actions.append(
                    UpdateStatus(
                        resource="nodes", obj=updated, summary=f"mark node {obj_name(node)} Ready=Unknown"
                    )
                )
            zone, keys = self._facts(node)
            bucket = zone_ready.get(zone)
            if bucket is None:
                bucket = zone_ready[zone] = []
            bucket.append(current.get("status") if current else None)
            if current is None:
                continue
            if observed == "True" and updated is None and not keys & NO_EXECUTE:
                tainter = self.zones.tainters.get(zone)
                if tainter is not None:
                    tainter.remove(node["metadata"]["name"])
                continue  # the common case: healthy and untainted
            actions += self._taint_based_eviction(node, observed, view)
            if current.get("status") != "True" and observed == "True":
                actions.append(
                    RecordEvent(
                        involved=node,
                        reason="NodeNotReady",
                        message=f"Node {obj_name(node)} status is now: NodeNotReady",
                    )
                )
                actions += self._mark_pods_not_ready(self.pods_on.get(obj_name(node)), view)
        mode = self.zones.handle_disruption(zone_ready, now)
        if mode == "enter-full":
            for node in nodes:
                actions += self._mark_reachable(node, view)
        elif mode == "exit-full":
            self.health.reset_all(now)
        if self.zones.waiting():
            self.queue.add(TAINT_KEY)
        return Result(actions=actions, requeue_after=float(timing.node_monitor_period))

    def _classify(self, nodes: list[Obj], view: View) -> list:
        actions: list = []
        seen = set()
        for node in nodes:
            name = obj_name(node)
            seen.add(name)
            if name in self.known:
                continue
            self.known[name] = {
                "kind": "Node",
                "apiVersion": "v1",
                "metadata": {"name": name, "uid": meta(node).get("uid")},
            }
            actions.append(
                RecordEvent(
                    involved=node,
                    reason="RegisteredNode",
                    message=f"Node {name} event: Registered Node {name} in Controller",
                )
            )
            self.zones.ensure(node_zone(node), view.now)
            actions += self._mark_reachable(node, view)
        for name in [n for n in self.known if n not in seen]:
            actions.append(
                RecordEvent(
                    involved=self.known.pop(name),
                    reason="RemovingNode",
                    message=f"Node {name} event: Removing Node {name} from Controller",
                )
            )
            self.health.forget(name)
            self._fact_cache.pop(name, None)
        return actions

    def _taint_based_eviction(self, node: Obj, observed: str, view: View) -> list:
        """processTaintBaseEviction: swap at once, or queue the node for its NoExecute taint."""
        keys = {taint_key(t) for t in spec(node).get("taints") or ()}
        tainter = self.zones.ensure(node_zone(node), view.now)
        if observed in ("False", "Unknown"):
            want, other = no_execute_for(observed)
            if other in keys:
                return [self._swap(node, add=[want], remove=[other], view=view)]
            if want not in keys:
                tainter.set_remove(obj_name(node))
            tainter.add(obj_name(node), view.now)
            return []
        if observed == "True":
            return self._mark_reachable(node, view)
        return []

    def _mark_reachable(self, node: Obj, view: View) -> list:
        self.zones.ensure(node_zone(node), view.now).remove(obj_name(node))
        keys = {taint_key(t) for t in spec(node).get("taints") or ()}
        present = sorted(k for k in NO_EXECUTE if k in keys)
        return [self._swap(node, add=[], remove=present, view=view)] if present else []

    def _swap(self, node: Obj, *, add: list[tuple[str, str]], remove: list[tuple[str, str]],
              view: View) -> Update:
        return swap_taints(node, add=add, remove=remove, stamp=view.clock.now())

    def _no_execute_tainting(self, view: View) -> Result:
        """doNoExecuteTaintingPass: each zone's queue, under its token bucket."""
        actions: list = []
        now = view.now
        for zone, tainter in self.zones.tainters.items():

            def taint(name: str, zone: str = zone) -> tuple[bool, float]:
                node = self.nodes.get(name)
                if node is None:
                    return True, 0.0
                ready = condition(node, "Ready")
                if ready is None:
                    return False, NOT_READY_RETRY
                status = ready.get("status")
                if status not in ("False", "Unknown"):
                    return True, 0.0  # Ready again: no taint needed.
                want, other = no_execute_for(status)
                swap = self._swap(node, add=[want], remove=[other], view=view)
                swap.failed = lambda _err, n=name, z=zone: self._retaint(z, n)
                actions.append(swap)
                return True, 0.0

            tainter.try_process(now, taint)
        waits = [w for w in (q.next_wake(now) for q in self.zones.tainters.values()) if w is not None]
        return Result(actions=actions, requeue_after=max(min(waits), 0.1) if waits else None)

    def _retaint(self, zone: str, name: str) -> None:
        tainter = self.zones.tainters.get(zone)
        if tainter is not None:
            tainter.set_remove(name)
            tainter.add(name, self.view.now)

    def _no_schedule_tainting(self, name: str, view: View) -> Result:
        """doNoScheduleTaintingPass: NoSchedule taints follow conditions and spec.unschedulable."""
        node = self.nodes.get(name)
        if node is None:
            return Result()
        add, remove = no_schedule_changes(node)
        if not add and not remove:
            return Result()
        return Result(actions=[self._swap(node, add=add, remove=remove, view=view)])

    def _mark_pods_not_ready(self, pods: list[Obj], view: View) -> list:
        return mark_pods_not_ready(pods, view.clock.now())
