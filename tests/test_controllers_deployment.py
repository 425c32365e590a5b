"""Deployment controller scenarios: rolling update bounds, Recreate, rollback, pause, history."""
from __future__ import annotations

from test_controllers_support import FakeKubelets, FakeScheduler, cluster, deployment, events, pods, run_until

from simulator.objects import controller_of

REVISION = "deployment.kubernetes.io/revision"


def world(seed: int = 1):
    core, client, kcm = cluster(seed=seed)
    kubelets = FakeKubelets(core, start_delay=2.0, stop_delay=1.0)
    for name in ("worker-1", "worker-2", "worker-3"):
        kubelets.register(name)
    FakeScheduler(core, lambda: sorted(kubelets.alive))
    kcm.start()
    return core, client, kcm


def replica_sets(client) -> list[dict]:
    items, _ = client.list("replicasets", namespace="default")
    return sorted(items, key=lambda rs: rs["metadata"]["creationTimestamp"] + rs["metadata"]["name"])


def is_ready(p: dict) -> bool:
    return any(
        c["type"] == "Ready" and c["status"] == "True" for c in p.get("status", {}).get("conditions", [])
    )


def live(client, app: str = "web") -> list[dict]:
    return [p for p in pods(client, app=app) if not p["metadata"].get("deletionTimestamp")]


def complete(client, name: str = "web", replicas: int = 4, image: str | None = None) -> bool:
    d = client.get("deployments", name, namespace="default")
    st = d.get("status", {})
    images_ok = image is None or all(p["spec"]["containers"][0]["image"] == image for p in live(client, name))
    return (
        st.get("observedGeneration", 0) >= d["metadata"]["generation"]
        and st.get("updatedReplicas") == replicas
        and st.get("availableReplicas") == replicas
        and st.get("replicas") == replicas
        and images_ok
        and len(live(client, name)) == replicas
    )


def test_first_rollout_creates_a_hashed_replicaset_and_reports_progress() -> None:
    core, client, kcm = world()
    client.create("deployments", deployment("web", 4))
    run_until(core, lambda: complete(client), limit=60)
    (rs,) = replica_sets(client)
    h = rs["metadata"]["labels"]["pod-template-hash"]
    assert (
        rs["metadata"]["name"] == f"web-{h}"
        and rs["spec"]["selector"]["matchLabels"]["pod-template-hash"] == h
    )
    assert rs["metadata"]["annotations"][REVISION] == "1"
    assert controller_of(rs)["kind"] == "Deployment"
    d = client.get("deployments", "web", namespace="default")
    assert d["metadata"]["annotations"][REVISION] == "1"
    conditions = {c["type"]: c for c in d["status"]["conditions"]}
    assert conditions["Available"]["reason"] == "MinimumReplicasAvailable"
    assert conditions["Progressing"]["reason"] == "NewReplicaSetAvailable"
    assert conditions["Progressing"]["message"] == f'ReplicaSet "web-{h}" has successfully progressed.'
    assert [e["message"] for e in events(client, "ScalingReplicaSet")] == [
        f"Scaled up replica set web-{h} to 4"
    ]


def test_rolling_update_stays_within_max_surge_and_max_unavailable_at_every_step() -> None:
    core, client, kcm = world()
    client.create(
        "deployments",
        deployment(
            "web",
            4,
            strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}},
        ),
    )
    run_until(core, lambda: complete(client), limit=60)
    client.patch(
        "deployments",
        "web",
        {
            "spec": {
                "template": {
                    "spec": {
                        "containers": [
                            {
                                "name": "app",
                                "image": "nginx:1.28",
                                "ports": [{"name": "http", "containerPort": 80}],
                            }
                        ]
                    }
                }
            }
        },
        namespace="default",
    )
    most, fewest_ready = 0, 4
    while not complete(client, image="nginx:1.28") and core.kernel.now < 200:
        core.kernel.step()
        current = live(client)
        most = max(most, len(current))
        fewest_ready = min(fewest_ready, len([p for p in current if is_ready(p)]))
    assert complete(client, image="nginx:1.28")
    assert most <= 5 and fewest_ready >= 3
    assert most == 5  # it did use the surge
    old, new = replica_sets(client)
    assert old["spec"]["replicas"] == 0 and new["spec"]["replicas"] == 4
    assert new["metadata"]["annotations"][REVISION] == "2"
    scaled = [e["message"] for e in events(client, "ScalingReplicaSet")]
    assert f"Scaled up replica set {new['metadata']['name']} to 1" in scaled
    assert any(
        m.startswith(f"Scaled down replica set {old['metadata']['name']} to ") and m.endswith(" from 4")
        for m in scaled
    )


def test_percentages_round_surge_up_and_unavailable_down() -> None:
    core, client, kcm = world()
    client.create(
        "deployments",
        deployment(
            "web",
            3,
            strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
        ),
    )
    run_until(core, lambda: complete(client, replicas=3), limit=60)
    client.patch(
        "deployments",
        "web",
        {"spec": {"template": {"metadata": {"labels": {"app": "web", "v": "2"}}}}},
        namespace="default",
    )
    most, fewest_ready = 0, 3
    while not complete(client, replicas=3) or len(replica_sets(client)) < 2:
        core.kernel.step()
        current = live(client)
        most = max(most, len(current))
        fewest_ready = min(fewest_ready, len([p for p in current if is_ready(p)]))
    assert most == 4 and fewest_ready == 3  # surge ceil(0.75)=1, unavailable floor(0.75)=0


def test_recreate_removes_every_old_pod_before_creating_new_ones() -> None:
    core, client, kcm = world()
    client.create("deployments", deployment("web", 3, strategy={"type": "Recreate"}))
    run_until(core, lambda: complete(client, replicas=3), limit=60)
    old_names = {p["metadata"]["name"] for p in pods(client, app="web")}
    client.patch(
        "deployments",
        "web",
        {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx:1.28"}]}}}},
        namespace="default",
    )
    while not complete(client, replicas=3, image="nginx:1.28") and core.kernel.now < 200:
        core.kernel.step()
        names = {p["metadata"]["name"] for p in pods(client, app="web")}
        if names & old_names:
            assert names <= old_names, "a new pod appeared while an old one still existed"
    assert complete(client, replicas=3, image="nginx:1.28")


def test_rollback_scales_the_old_replicaset_up_with_a_new_revision() -> None:
    core, client, kcm = world()
    client.create("deployments", deployment("web", 2))
    run_until(core, lambda: complete(client, replicas=2), limit=60)
    first = replica_sets(client)[0]["metadata"]["name"]
    original = client.get("deployments", "web", namespace="default")["spec"]["template"]
    client.patch(
        "deployments",
        "web",
        {
            "spec": {
                "template": {
                    "spec": {
                        "containers": [
                            {
                                "name": "app",
                                "image": "nginx:1.28",
                                "ports": [{"name": "http", "containerPort": 80}],
                            }
                        ]
                    }
                }
            }
        },
        namespace="default",
    )
    run_until(core, lambda: complete(client, replicas=2, image="nginx:1.28"), limit=120)
    d = client.get("deployments", "web", namespace="default")
    d["spec"]["template"] = original  # kubectl rollout undo
    client.update("deployments", d)
    run_until(core, lambda: complete(client, replicas=2, image="nginx:1.27"), limit=120)
    rss = {rs["metadata"]["name"]: rs for rs in replica_sets(client)}
    assert len(rss) == 2 and rss[first]["spec"]["replicas"] == 2
    assert rss[first]["metadata"]["annotations"][REVISION] == "3"
    assert rss[first]["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"] == "1"
    assert client.get("deployments", "web", namespace="default")["metadata"]["annotations"][REVISION] == "3"


def test_a_paused_deployment_does_not_roll_out_until_resumed() -> None:
    core, client, kcm = world()
    client.create("deployments", deployment("web", 2))
    run_until(core, lambda: complete(client, replicas=2), limit=60)
    client.patch("deployments", "web", {"spec": {"paused": True}}, namespace="default")
    client.patch(
        "deployments",
        "web",
        {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx:1.28"}]}}}},
        namespace="default",
    )
    core.kernel.run(until=core.kernel.now + 30)
    assert len(replica_sets(client)) == 1
    progressing = next(
        c
        for c in client.get("deployments", "web", namespace="default")["status"]["conditions"]
        if c["type"] == "Progressing"
    )
    assert (progressing["status"], progressing["reason"]) == ("Unknown", "DeploymentPaused")
    client.patch("deployments", "web", {"spec": {"paused": False}}, namespace="default")
    run_until(core, lambda: complete(client, replicas=2, image="nginx:1.28"), limit=120)


def test_scaling_a_paused_deployment_still_scales() -> None:
    core, client, kcm = world()
    client.create("deployments", deployment("web", 2, paused=True))
    core.kernel.run(until=5)
    assert replica_sets(client) == []  # paused before its first rollout: nothing yet
    client.patch("deployments", "web", {"spec": {"paused": False}}, namespace="default")
    run_until(core, lambda: complete(client, replicas=2), limit=60)
    client.patch("deployments", "web", {"spec": {"paused": True, "replicas": 5}}, namespace="default")
    run_until(core, lambda: complete(client, replicas=5), limit=60)


def test_revision_history_limit_deletes_the_oldest_replicasets() -> None:
    core, client, kcm = world()
    client.create("deployments", deployment("web", 1, revisionHistoryLimit=1))
    run_until(core, lambda: complete(client, replicas=1), limit=60)
    for image in ("nginx:1.28", "nginx:1.29", "nginx:1.30"):
        client.patch(
            "deployments",
            "web",
            {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": image}]}}}},
            namespace="default",
        )
        run_until(core, lambda image=image: complete(client, replicas=1, image=image), limit=120)
    core.kernel.run(until=core.kernel.now + 5)
    revisions = sorted(int(rs["metadata"]["annotations"][REVISION]) for rs in replica_sets(client))
    assert revisions == [3, 4]


def test_scaling_up_during_a_rollout_is_proportional() -> None:
    core, client, kcm = world()
    client.create(
        "deployments",
        deployment(
            "web",
            10,
            strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}},
        ),
    )
    run_until(core, lambda: complete(client, replicas=10), limit=60)
    client.patch(
        "deployments",
        "web",
        {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "does-not-exist"}]}}}},
        namespace="default",
    )
    run_until(
        core,
        lambda: (
            len(replica_sets(client)) == 2 and sum(r["spec"]["replicas"] for r in replica_sets(client)) == 13
        ),
        limit=10,
    )
    client.patch("deployments", "web", {"spec": {"replicas": 20}}, namespace="default")
    run_until(core, lambda: sum(r["spec"]["replicas"] for r in replica_sets(client)) == 23, limit=10)
    old, new = replica_sets(client)
    assert old["spec"]["replicas"] > new["spec"]["replicas"] > 0
