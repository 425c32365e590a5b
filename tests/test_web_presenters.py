"""kubectl-like rows from Kubernetes-shaped dicts."""
from __future__ import annotations

import copy

import pytest

from clusterviz.presenters import dom_id, format_sim_time, node_row, pod_row


def make_node(name, *, ready="True", labels=None, version="v1.32.0"):
    conditions = [{"type": "MemoryPressure", "status": "False"}]
    if ready is not None:
        conditions.append({"type": "Ready", "status": ready})
    return {
        "metadata": {"name": name, "labels": labels or {}},
        "status": {"conditions": conditions, "nodeInfo": {"kubeletVersion": version}},
    }


@pytest.mark.parametrize(
    "ready, expected",
    [("True", "Ready"), ("False", "NotReady"), ("Unknown", "Unknown"), (None, "Unknown")],
)
def test_node_status_comes_from_the_ready_condition(ready, expected):
    assert node_row(make_node("worker-1", ready=ready)).status == expected


@pytest.mark.parametrize(
    "labels, expected",
    [
        ({"node-role.kubernetes.io/control-plane": ""}, "control-plane"),
        ({"node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/infra": "true"}, "infra,worker"),
        ({"kubernetes.io/hostname": "worker-1"}, "<none>"),
    ],
)
def test_node_roles_come_from_node_role_labels(labels, expected):
    assert node_row(make_node("n", labels=labels)).roles == expected


def test_node_row_reads_kubelet_version_and_does_not_mutate_the_object():
    node = make_node("control-plane-1", version="v1.32.4")
    before = copy.deepcopy(node)
    row = node_row(node)
    assert (row.name, row.version, row.dom_id) == ("control-plane-1", "v1.32.4", "node-control-plane-1")
    assert node == before


def test_pod_row_sums_container_restarts_and_prints_none_for_unscheduled():
    pod = {
        "metadata": {"namespace": "kube-system", "name": "coredns-1"},
        "spec": {},
        "status": {"phase": "Running", "containerStatuses": [{"restartCount": 2}, {"restartCount": 1}]},
    }
    row = pod_row(pod)
    assert (row.namespace, row.name, row.node, row.phase, row.restarts) == (
        "kube-system", "coredns-1", "<none>", "Running", 3,
    )
    assert row.dom_id == "pod-kube-system-coredns-1"


def test_pod_without_status_reads_as_pending():
    assert pod_row({"metadata": {"namespace": "default", "name": "web"}}).phase == "Pending"


@pytest.mark.parametrize(
    "seconds, expected", [(0, "0s"), (59.9, "59s"), (743, "12m 23s"), (3723, "1h 02m 03s")]
)
def test_format_sim_time(seconds, expected):
    assert format_sim_time(seconds) == expected


def test_dom_id_without_namespace():
    assert dom_id("node", "worker-2") == "node-worker-2"
