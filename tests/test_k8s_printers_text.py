"""``kubectl get`` text from a Table: the layout kubectl v1.32 prints (tabwriter, -A, -o wide, --show-labels).

The expected outputs are what the real kubectl 1.32.4 printed when served the same Tables.
"""
from __future__ import annotations

from textwrap import dedent
from typing import Any

import pytest

from clusterviz.k8s.printers import no_resources_message, render, tabulate, text
from simulator.apiserver.registry import BY_PLURAL
from tests.test_k8s_printers_pod import CLOCK, NOW, READY, RUNNING, cs, pod, waiting

Obj = dict[str, Any]


def named(name: str, namespace: str, labels: dict[str, str] | None, **kwargs: Any) -> Obj:
    obj = pod(**kwargs)
    obj["metadata"].update(name=name, namespace=namespace)
    if labels:
        obj["metadata"]["labels"] = labels
    return obj


PODS = [
    named("web-7c9f-abcde", "default", {"app": "web", "pod-template-hash": "7c9f"},
          statuses=[cs(ready=True, state=RUNNING)], conditions=[READY]),
    named("crash", "default", None,
          statuses=[cs(state=waiting("CrashLoopBackOff"), restarts=5, last_finished=3300)]),
    named("coredns-54db69589b-75zvc", "kube-system", {"k8s-app": "kube-dns"}, phase="Pending", ip="", node="",
          statuses=[]),
]


def lines(block: str) -> str:
    return dedent(block).lstrip("\n")


@pytest.mark.parametrize("flags, expected", [
    ({}, """
        NAME                       READY   STATUS             RESTARTS     AGE
        web-7c9f-abcde             1/1     Running            0            60m
        crash                      0/1     CrashLoopBackOff   5 (5m ago)   60m
        coredns-54db69589b-75zvc   0/1     Pending            0            60m
        """),
    ({"wide": True}, """
        NAME                       READY   STATUS             RESTARTS     AGE   IP           NODE       NOMINATED NODE   READINESS GATES
        web-7c9f-abcde             1/1     Running            0            60m   10.244.1.5   worker-1   <none>           <none>
        crash                      0/1     CrashLoopBackOff   5 (5m ago)   60m   10.244.1.5   worker-1   <none>           <none>
        coredns-54db69589b-75zvc   0/1     Pending            0            60m   <none>       <none>     <none>           <none>
        """),  # noqa: E501
    ({"all_namespaces": True}, """
        NAMESPACE     NAME                       READY   STATUS             RESTARTS     AGE
        default       web-7c9f-abcde             1/1     Running            0            60m
        default       crash                      0/1     CrashLoopBackOff   5 (5m ago)   60m
        kube-system   coredns-54db69589b-75zvc   0/1     Pending            0            60m
        """),
    ({"show_labels": True}, """
        NAME                       READY   STATUS             RESTARTS     AGE   LABELS
        web-7c9f-abcde             1/1     Running            0            60m   app=web,pod-template-hash=7c9f
        crash                      0/1     CrashLoopBackOff   5 (5m ago)   60m   <none>
        coredns-54db69589b-75zvc   0/1     Pending            0            60m   k8s-app=kube-dns
        """),  # noqa: E501
    ({"all_namespaces": True, "wide": True, "show_labels": True}, """
        NAMESPACE     NAME                       READY   STATUS             RESTARTS     AGE   IP           NODE       NOMINATED NODE   READINESS GATES   LABELS
        default       web-7c9f-abcde             1/1     Running            0            60m   10.244.1.5   worker-1   <none>           <none>            app=web,pod-template-hash=7c9f
        default       crash                      0/1     CrashLoopBackOff   5 (5m ago)   60m   10.244.1.5   worker-1   <none>           <none>            <none>
        kube-system   coredns-54db69589b-75zvc   0/1     Pending            0            60m   <none>       <none>     <none>           <none>            k8s-app=kube-dns
        """),  # noqa: E501
], ids=["plain", "wide", "all-namespaces", "show-labels", "everything"])
def test_get_pods(flags: dict[str, bool], expected: str):
    assert text(BY_PLURAL["pods"], PODS, now=NOW, clock=CLOCK, **flags) == lines(expected)


def test_cluster_scoped_kinds_get_no_namespace_column():
    nodes = [{"metadata": {"name": "control-plane-1", "creationTimestamp": CLOCK.at(0),
                           "labels": {"node-role.kubernetes.io/control-plane": ""}},
              "spec": {"unschedulable": True},
              "status": {"conditions": [{"type": "Ready", "status": "True"}],
                         "nodeInfo": {"kubeletVersion": "v1.32.4"}}}]
    assert text(BY_PLURAL["nodes"], nodes, now=NOW, clock=CLOCK, all_namespaces=True) == lines("""
        NAME              STATUS                     ROLES           AGE   VERSION
        control-plane-1   Ready,SchedulingDisabled   control-plane   60m   v1.32.4
        """)


def test_numbers_and_booleans_print_as_kubectl_prints_json_values():
    sims = [{"metadata": {"name": "cluster", "creationTimestamp": CLOCK.at(0)},
             "status": {"time": 3725.5, "speed": 0.5, "paused": True, "timing": "classroom"}},
            {"metadata": {"name": "b", "creationTimestamp": CLOCK.at(0)},
             "status": {"time": 4, "speed": 2.0, "paused": False, "timing": "kubernetes"}}]
    assert text(BY_PLURAL["simulations"], sims, now=NOW, clock=CLOCK) == lines("""
        NAME      TIME     SPEED   PAUSED   TIMING
        cluster   1h2m5s   0.5     true     classroom
        b         4s       2       false    kubernetes
        """)


def test_no_items_print_nothing():
    assert text(BY_PLURAL["pods"], [], now=NOW, clock=CLOCK) == ""


@pytest.mark.parametrize("namespace, all_namespaces, message", [
    ("default", False, "No resources found in default namespace."),
    ("team-a", False, "No resources found in team-a namespace."),
    ("default", True, "No resources found"),
    (None, False, "No resources found"),
])
def test_no_resources_message(namespace: str | None, all_namespaces: bool, message: str):
    assert no_resources_message(namespace, all_namespaces=all_namespaces) == message


def table_of(names: list[str], *rows: list[Any], priorities: list[int] | None = None) -> Obj:
    priorities = priorities or [0] * len(names)
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": "1"},
            "columnDefinitions": [{"name": n, "type": "string", "format": "", "description": "",
                                   "priority": p} for n, p in zip(names, priorities, strict=True)],
            "rows": [{"cells": list(r)} for r in rows]}


def test_tabwriter_pads_three_spaces_with_a_minimum_width_of_six():
    # "A"/"x" would be 1 + 3 wide: the minimum cell width of 6 wins; the last cell is not padded.
    rendered = render(table_of(["A", "Long-Header", "C"], ["x", "y", "z"]))
    assert rendered == "A     LONG-HEADER   C\nx     y             z\n"


def test_an_empty_last_cell_leaves_the_padding():
    rendered = render(table_of(["Name", "Message"], ["a", ""], ["b", "hi"]))
    assert rendered == "NAME   MESSAGE\na      \nb      hi\n"


def test_cells_stop_at_the_first_line_break_and_escape_terminal_codes():
    built = table_of(["Name", "Message"], ["a", "first\nsecond"], ["b", "\x1b[31mred"], ["c", "x\ry"])
    rendered = render(built)
    assert rendered == "NAME   MESSAGE\na      first...\nb      ^[[31mred\nc      x...\n"


def test_priority_one_columns_only_when_wide():
    built = table_of(["Name", "Extra", "Age"], ["a", "e", "1s"], priorities=[0, 1, 0])
    assert render(built) == "NAME   AGE\na      1s\n"
    assert render(built, wide=True) == "NAME   EXTRA   AGE\na      e       1s\n"


def test_rows_without_objects_leave_namespace_and_labels_empty():
    assert render(table_of(["Name"], ["a"]), with_namespace=True, show_labels=True) == \
        "NAMESPACE   NAME   LABELS\n            a      \n"


def test_missing_and_null_cells_print_empty():
    assert render(table_of(["Name", "Count", "Ready"], ["a", None, False], ["b", 3])) == \
        "NAME   COUNT   READY\na              false\nb      3       \n"


def test_tabulate_counts_characters_not_bytes():
    assert tabulate([["NAME", "AGE"], ["ünïcode", "1s"]]) == "NAME      AGE\nünïcode   1s\n"
