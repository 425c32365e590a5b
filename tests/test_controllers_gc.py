"""Garbage collector, namespace and pod GC scenarios."""
from __future__ import annotations

import pytest
from test_controllers_support import (
    FakeKubelets,
    FakeScheduler,
    cluster,
    deployment,
    pod,
    pods,
    replicaset,
    run_until,
)

from simulator import errors
from simulator.objects import owner_refs


def gone(client, resource: str, name: str, namespace: str = "default") -> bool:
    try:
        client.get(resource, name, namespace=namespace)
    except errors.ApiError as err:
        return err.code == 404
    return False


def world():
    core, client, kcm = cluster()
    kubelets = FakeKubelets(core, stop_delay=5.0)
    for name in ("worker-1", "worker-2"):
        kubelets.register(name)
    FakeScheduler(core, lambda: sorted(kubelets.alive))
    kcm.start()
    return core, client, kcm, kubelets


def test_background_deletion_removes_dependents_after_the_owner() -> None:
    core, client, kcm, _ = world()
    client.create("deployments", deployment("web", 3))
    run_until(core, lambda: len(pods(client, app="web")) == 3, limit=30)
    client.delete("deployments", "web", namespace="default")
    assert gone(client, "deployments", "web")
    run_until(core, lambda: not pods(client, app="web"), limit=60)
    items, _ = client.list("replicasets", namespace="default")
    assert items == []


def test_foreground_deletion_waits_for_dependents_before_the_owner_goes() -> None:
    core, client, kcm, _ = world()
    client.create("replicasets", replicaset("web", 2))
    run_until(core, lambda: len(pods(client, app="web")) == 2, limit=30)
    run_until(core, lambda: all(p["spec"].get("nodeName") for p in pods(client, app="web")), limit=10)
    client.delete("replicasets", "web", namespace="default", propagation_policy="Foreground")
    rs = client.get("replicasets", "web", namespace="default")
    assert "foregroundDeletion" in rs["metadata"]["finalizers"] and rs["metadata"]["deletionTimestamp"]
    core.kernel.run(until=core.kernel.now + 2)
    assert all(p["metadata"].get("deletionTimestamp") for p in pods(client, app="web"))
    assert not gone(client, "replicasets", "web")  # its pods are still terminating
    run_until(core, lambda: gone(client, "replicasets", "web"), limit=30)
    assert pods(client, app="web") == []


def test_orphan_deletion_keeps_dependents_and_drops_their_owner_reference() -> None:
    core, client, kcm, _ = world()
    client.create("replicasets", replicaset("web", 2))
    run_until(core, lambda: len(pods(client, app="web")) == 2, limit=30)
    client.delete("replicasets", "web", namespace="default", propagation_policy="Orphan")
    run_until(core, lambda: gone(client, "replicasets", "web"), limit=10)
    left = pods(client, app="web")
    assert len(left) == 2 and all(
        not owner_refs(p) and not p["metadata"].get("deletionTimestamp") for p in left
    )


def test_a_dependent_created_with_a_missing_owner_is_collected() -> None:
    core, client, kcm, _ = world()
    body = pod("stray", pod_labels={"app": "stray"})
    body["metadata"]["ownerReferences"] = [
        {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "name": "ghost",
            "uid": "00000000-0000-4000-8000-000000000000",
            "controller": True,
        }
    ]
    client.create("pods", body)
    run_until(
        core,
        lambda: (
            gone(client, "pods", "stray")
            or bool(client.get("pods", "stray", namespace="default")["metadata"].get("deletionTimestamp"))
        ),
        limit=10,
    )


def test_a_node_lease_goes_with_its_node() -> None:
    core, client, kcm, _ = world()
    node = client.get("nodes", "worker-2")
    client.patch(
        "leases",
        "worker-2",
        {
            "metadata": {
                "ownerReferences": [
                    {"apiVersion": "v1", "kind": "Node", "name": "worker-2", "uid": node["metadata"]["uid"]}
                ]
            }
        },
        namespace="kube-node-lease",
    )
    client.delete("nodes", "worker-2")
    run_until(core, lambda: gone(client, "leases", "worker-2", "kube-node-lease"), limit=10)


def test_deleting_a_namespace_deletes_its_content_then_the_namespace() -> None:
    core, client, kcm, _ = world()
    client.create("namespaces", {"metadata": {"name": "shop"}})
    body = deployment("web", 2)
    body["metadata"]["namespace"] = "shop"
    client.create("deployments", body)
    client.create("configmaps", {"metadata": {"name": "settings", "namespace": "shop"}, "data": {"a": "1"}})
    run_until(
        core,
        lambda: (
            len(
                [
                    p
                    for p in pods(client, app="web", namespace="shop")
                    if p.get("status", {}).get("phase") == "Running"
                ]
            )
            == 2
        ),
        limit=30,
    )
    client.delete("namespaces", "shop")
    core.kernel.run(until=core.kernel.now + 1)
    ns = client.get("namespaces", "shop")
    assert ns["status"]["phase"] == "Terminating"
    remaining = next(c for c in ns["status"]["conditions"] if c["type"] == "NamespaceContentRemaining")
    assert remaining["status"] == "True" and "pods has 2 resource instances" in remaining["message"]
    run_until(core, lambda: gone(client, "namespaces", "shop"), limit=120)
    for resource in ("pods", "replicasets", "deployments", "configmaps"):
        items, _ = client.list(resource, namespace="shop")
        assert items == [], resource


def test_pods_of_a_deleted_node_are_force_deleted_after_the_quarantine() -> None:
    core, client, kcm, kubelets = world()
    client.create("pods", pod("orphan", pod_labels={"app": "x"}, node_name="worker-2"))
    core.kernel.run(until=core.kernel.now + 5)
    kubelets.stop("worker-2")
    client.delete("nodes", "worker-2")
    removed_node_at = core.kernel.now
    done = run_until(core, lambda: gone(client, "pods", "orphan"), limit=120, step=0.5)
    assert 40.0 <= done - removed_node_at <= 61.0


@pytest.mark.parametrize("excess", [3])
def test_finished_pods_beyond_the_threshold_are_deleted_oldest_first(excess: int) -> None:
    core, client, kcm = cluster(controllers=["podgc"])
    kcm.start()
    kcm.controller("podgc").terminated_threshold = 5
    for i in range(5 + excess):
        created = client.create("pods", pod(f"job-{i}", pod_labels={"app": "job"}))
        client.patch_status("pods", "default", created["metadata"]["name"], {"phase": "Succeeded"})
        core.kernel.run(until=core.kernel.now + 1.0)
    core.kernel.run(until=core.kernel.now + 25)
    assert sorted(p["metadata"]["name"] for p in pods(client, app="job")) == [
        f"job-{i}" for i in range(excess, 5 + excess)
    ]


def test_an_owner_recreated_under_the_same_name_while_the_watch_was_broken_is_not_mistaken_for_the_old() -> (
    None
):
    core, client, kcm, _ = world()
    client.create("deployments", deployment("web", 1))
    run_until(core, lambda: len(pods(client, app="web")) == 1, limit=30)
    core.api.stop()  # every watch breaks; informers relist later
    core.api.start()
    client.delete("deployments", "web", namespace="default")
    client.create("deployments", deployment("web", 0))
    run_until(core, lambda: not pods(client, app="web"), limit=60)
