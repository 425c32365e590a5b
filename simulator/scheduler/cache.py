"""The scheduler Cache (pkg/scheduler/backend/cache) and the snapshot each cycle reads.

Incremental: informer events and the scheduler's own assume/forget adjust per-node sums
and the indexes PodTopologySpread and InterPodAffinity count from. Views memoised per pod
shape (framework) are told which node changed, so they refresh one entry, not all.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Any

from ..objects import Obj, key, name, spec
from .node_info import UNKNOWN, AffinityGroup, NodeInfo, PodState, static_fields
from .node_tree import NodeTree
from .pod_info import PodInfo, is_terminal
from .selectors import LabelSelector

_FOOTPRINT_SPEC = ("containers", "initContainers", "overhead", "affinity", "priority")


def same_footprint(old: Obj, new: Obj) -> bool:
    """Whether two versions of a pod weigh the same on its node: requests, ports, labels,
    affinity terms, termination. Status-only updates keep the cache entry as it is."""
    if (old.get("metadata") or {}).get("labels") != (new.get("metadata") or {}).get("labels"):
        return False
    if bool((old.get("metadata") or {}).get("deletionTimestamp")) != bool((new.get("metadata") or {}).get(
            "deletionTimestamp")):
        return False
    old_spec, new_spec = spec(old), spec(new)
    return all(old_spec.get(k) == new_spec.get(k) for k in _FOOTPRINT_SPEC)


class Cache:
    """kube-scheduler's cache plus the snapshot it hands each scheduling cycle."""

    def __init__(self) -> None:
        self.infos: dict[str, NodeInfo] = {}
        self._tree = NodeTree()
        self._order: list[NodeInfo] | None = None
        self._names: tuple[str, ...] = ()
        self._pos: dict[str, int] = {}
        self.pods: dict[str, PodState] = {}
        self.by_label: dict[tuple[str, str], dict[str, PodState]] = {}
        self.owner_nodes: dict[str, dict[str, int]] = {}
        self.affinity_groups: dict[tuple[str, str], AffinityGroup] = {}
        self.image_nodes: dict[str, int] = {}
        self.prefer_taint_nodes = 0
        self._topology: dict[str, dict[str, str]] = {}
        self._topology_arrays: dict[str, list[str | None]] = {}
        # Memoised per pod shape by the framework (index-aligned with node_list()).
        self.static_views: dict[str, list[Any]] = {}
        self.shape_views: dict[Any, Any] = {}
        self.owner_arrays: dict[str, array] = {}
        self.next_start_index = 0

    # -- nodes -------------------------------------------------------------------------
    def add_node(self, node: Obj) -> None:
        ni = self.infos.get(name(node))
        if ni is not None and ni.node is not None:
            self.update_node(ni.node, node)
            return
        if ni is None:
            ni = self.infos[name(node)] = NodeInfo(name(node))
        ni.set_node(node)
        self._count_node(ni, 1)
        self._tree.add(ni.name, ni.labels)
        self._order_changed()

    def update_node(self, old: Obj | None, new: Obj) -> bool:
        """Apply a node update; True when a field the scheduler reads changed."""
        ni = self.infos.get(name(new))
        if ni is None or ni.node is None:
            self.add_node(new)
            return True
        if static_fields(ni.node) == static_fields(new):
            ni.node = new       # e.g. a heartbeat: nothing to recompute
            return False
        self._count_node(ni, -1)
        ni.set_node(new)
        self._count_node(ni, 1)
        if self._tree.update(ni.name, ni.labels):
            self._order_changed()
        else:
            self._node_changed(ni.name, static=True)
        return True

    def remove_node(self, node: Obj) -> None:
        ni = self.infos.get(name(node))
        if ni is None or ni.node is None:
            return
        self._count_node(ni, -1)
        self._tree.remove(ni.name)
        if ni.pods:
            ni.set_node(None)   # Mirrors cache.RemoveNode: pods keep a node-less NodeInfo until deleted.
        else:
            del self.infos[ni.name]
        self._order_changed()

    def _count_node(self, ni: NodeInfo, sign: int) -> None:
        self.prefer_taint_nodes += sign if ni.prefer_taints else 0
        self._topology.clear()
        self._topology_arrays.clear()
        for img in ni.images:
            left = self.image_nodes.get(img, 0) + sign
            if left > 0:
                self.image_nodes[img] = left
            else:
                self.image_nodes.pop(img, None)

    def _order_changed(self) -> None:
        self._order = None
        self.static_views.clear()
        self.shape_views.clear()
        self.owner_arrays.clear()

    def _node_changed(self, node_name: str, *, static: bool = False) -> None:
        """Invalidate one node's entries in the memoised views."""
        if self._order is None:
            return
        idx = self._pos.get(node_name)
        if idx is None:
            return
        if static:
            for view in self.static_views.values():
                view[idx] = UNKNOWN
        for shape in self.shape_views.values():
            shape.dirty.add(idx)

    # -- snapshot ----------------------------------------------------------------------
    def node_list(self) -> list[NodeInfo]:
        """Nodes in node-tree order (the snapshot's nodeInfoList)."""
        if self._order is None:
            self._order = [self.infos[n] for n in self._tree.list()]
            self._names = tuple(ni.name for ni in self._order)
            self._pos = {n: i for i, n in enumerate(self._names)}
        return self._order

    def node_names(self) -> tuple[str, ...]:
        self.node_list()
        return self._names

    def position(self, node_name: str) -> int | None:
        self.node_list()
        return self._pos.get(node_name)

    def get(self, node_name: str) -> NodeInfo | None:
        ni = self.infos.get(node_name)
        return ni if ni is not None and ni.node is not None else None

    def topology_values(self, topology_key: str) -> dict[str, str]:
        """Node name → value of ``topology_key`` for nodes carrying that label (memoised)."""
        values = self._topology.get(topology_key)
        if values is None:
            values = self._topology[topology_key] = {
                ni.name: ni.labels[topology_key] for ni in self.node_list() if topology_key in ni.labels}
        return values

    def topology_array(self, topology_key: str) -> list[str | None]:
        """Per node position, the node's value of ``topology_key`` (None without the label)."""
        values = self._topology_arrays.get(topology_key)
        if values is None:
            values = [ni.labels.get(topology_key) for ni in self.node_list()]
            self._topology_arrays[topology_key] = values
        return values

    def owner_array(self, owner: str) -> array:
        """Per node position, the owner's non-terminating pods there (kept up to date)."""
        arr = self.owner_arrays.get(owner)
        if arr is None:
            arr = array("i", [0]) * len(self.node_list())
            for node_name, n in self.owner_nodes.get(owner, {}).items():
                idx = self._pos.get(node_name)
                if idx is not None:
                    arr[idx] = n
            self.owner_arrays[owner] = arr
        return arr

    def candidates(self, selector: LabelSelector) -> Iterable[PodState]:
        """Pods that may match ``selector``: from the label index when it names a pair."""
        pairs = selector.index_pairs()
        if pairs is None:
            return self.pods.values()
        if len(pairs) == 1:
            return self.by_label.get(pairs[0], {}).values()
        return [st for p in pairs for st in self.by_label.get(p, {}).values()]

    # -- pods --------------------------------------------------------------------------
    def add_pod(self, pod: Obj) -> bool:
        """A bound pod seen by the informer; confirms an assumed pod (cache.AddPod).
        Returns whether what the scheduler accounts for it changed."""
        node_name = spec(pod).get("nodeName")
        if not node_name:
            return False
        if is_terminal(pod):
            return self._remove_key(key(pod))
        st = self.pods.get(key(pod))
        if st is not None and st.node_name == node_name and same_footprint(st.info.pod, pod):
            st.info.pod = pod       # e.g. a status update from the kubelet, or our own bind landing
            changed = st.assumed
            st.assumed = False
            return changed
        info = PodInfo(pod)
        self._remove_key(info.key)
        self._insert(PodState(info, node_name, False))
        return True

    def update_pod(self, old: Obj | None, new: Obj) -> bool:
        return self.add_pod(new)

    def remove_pod(self, pod: Obj | str) -> None:
        self._remove_key(pod if isinstance(pod, str) else key(pod))

    def assume_pod(self, pod: Obj, node_name: str, info: PodInfo | None = None) -> None:
        """Account a pod on its chosen node before the bind lands (cache.AssumePod)."""
        info = info or PodInfo(pod)
        if info.key in self.pods:
            raise ValueError(f"pod {info.key} is in the cache, so can't be assumed")
        self._insert(PodState(info, node_name, True))

    def forget_pod(self, pod: Obj | str) -> None:
        """Undo assume_pod after a failed bind (cache.ForgetPod)."""
        pod_key = pod if isinstance(pod, str) else key(pod)
        state = self.pods.get(pod_key)
        if state is not None and state.assumed:
            self._remove_key(pod_key)

    def is_assumed(self, pod_key: str) -> bool:
        state = self.pods.get(pod_key)
        return state is not None and state.assumed

    def _insert(self, st: PodState) -> None:
        pi = st.info
        self.pods[pi.key] = st
        ni = self.infos.get(st.node_name)
        if ni is None:
            ni = self.infos[st.node_name] = NodeInfo(st.node_name)
        ni.add_pod(pi)
        self._node_changed(st.node_name)
        for pair in pi.labels.items():
            bucket = self.by_label.get(pair)
            if bucket is None:
                bucket = self.by_label[pair] = {}
            bucket[pi.key] = st
        if pi.owner and not pi.terminating:
            self._count_owner(pi.owner, st.node_name, 1)
        if pi.affinity_group is not None:
            group = self.affinity_groups.get(pi.affinity_group)
            if group is None:
                group = self.affinity_groups[pi.affinity_group] = AffinityGroup(pi)
            group.nodes[st.node_name] = group.nodes.get(st.node_name, 0) + 1

    def _remove_key(self, pod_key: str) -> bool:
        st = self.pods.pop(pod_key, None)
        if st is None:
            return False
        pi = st.info
        ni = self.infos.get(st.node_name)
        if ni is not None:
            ni.remove_pod(pi)
            self._node_changed(st.node_name)
            if ni.node is None and not ni.pods:
                del self.infos[ni.name]
        for pair in pi.labels.items():
            bucket = self.by_label.get(pair)
            if bucket is not None:
                bucket.pop(pod_key, None)
                if not bucket:
                    del self.by_label[pair]
        if pi.owner and not pi.terminating:
            self._count_owner(pi.owner, st.node_name, -1)
        if pi.affinity_group is not None:
            self._ungroup(pi.affinity_group, st.node_name)
        return True

    def _ungroup(self, group_key: tuple[str, str], node_name: str) -> None:
        group = self.affinity_groups.get(group_key)
        if group is None:
            return
        left = group.nodes.get(node_name, 0) - 1
        if left > 0:
            group.nodes[node_name] = left
        else:
            group.nodes.pop(node_name, None)
            if not group.nodes:
                del self.affinity_groups[group_key]

    def _count_owner(self, owner: str, node_name: str, sign: int) -> None:
        counts = self.owner_nodes.get(owner)
        if counts is None:
            counts = self.owner_nodes[owner] = {}
        left = counts.get(node_name, 0) + sign
        if left > 0:
            counts[node_name] = left
        else:
            counts.pop(node_name, None)
        arr = self.owner_arrays.get(owner)
        if arr is not None:
            idx = self._pos.get(node_name) if self._order is not None else None
            if idx is not None:
                arr[idx] = max(left, 0)
        if not counts:
            del self.owner_nodes[owner]
            self.owner_arrays.pop(owner, None)
