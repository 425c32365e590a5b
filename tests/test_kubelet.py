"""The kubelet registers its node, heartbeats, and runs the pods bound to it."""
from __future__ import annotations

import pytest

from simulator.errors import ApiError
from tests.kubelet_helpers import (
    advance,
    cluster_of_one,
    condition,
    container_status,
    create,
    event_times,
    events,
    exists,
    get,
    pod,
    run_until,
    running_pods,
)


def test_registration_creates_a_ready_node_shaped_like_kubeadm_s() -> None:
    core, _ = cluster_of_one(cpu="2", memory="4Gi", labels={"topology.kubernetes.io/zone": "a"},
                             taints=[{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}])
    node = core.api.get("nodes", "worker-1")
    assert node["metadata"]["labels"]["kubernetes.io/hostname"] == "worker-1"
    assert node["metadata"]["labels"]["topology.kubernetes.io/zone"] == "a"
    assert node["spec"]["podCIDR"] == "10.244.1.0/24" and node["spec"]["taints"][0]["key"] == "dedicated"
    status = node["status"]
    assert status["capacity"]["cpu"] == "2" and status["capacity"]["pods"] == "110"
    assert status["capacity"]["memory"] == "4194304Ki" and status["allocatable"]["memory"] == "4091904Ki"
    info = status["nodeInfo"]
    assert info["kubeletVersion"] == "v1.32.4" and info["containerRuntimeVersion"] == "containerd://1.7.24"
    assert info["osImage"] == "Ubuntu 24.04.1 LTS" and len(info["machineID"]) == 32
    ready = next(c for c in status["conditions"] if c["type"] == "Ready")
    assert (ready["status"], ready["reason"], ready["message"]) == ("True", "KubeletReady",
                                                                    "kubelet is posting ready status")
    assert {"type": "InternalIP", "address": "10.0.0.11"} in status["addresses"]
    assert any("registry.k8s.io/pause:3.10" in i["names"] for i in status["images"])
    assert ("Normal", "NodeReady", "Node worker-1 status is now: NodeReady") in events(core, "worker-1")


@pytest.mark.parametrize(("kind", "version"), [("cri-o", "cri-o://1.32.0"), ("docker", "docker://27.4.1")])
def test_other_runtimes_report_their_version(kind: str, version: str) -> None:
    core, _ = cluster_of_one(kind=kind)
    assert core.api.get("nodes", "worker-1")["status"]["nodeInfo"]["containerRuntimeVersion"] == version


def test_the_lease_is_renewed_every_ten_seconds() -> None:
    core, _ = cluster_of_one()
    advance(core, 35)
    renewals = [e.t for e in core.trace
                if e.actor == "kubelet/worker-1" and e.kind in ("LeaseCreated", "LeaseUpdated")]
    assert renewals == [0.0, 10.0, 20.0, 30.0]
    lease = core.api.get("leases", "worker-1", namespace="kube-node-lease")
    assert lease["spec"] == {"holderIdentity": "worker-1", "leaseDurationSeconds": 40,
                             "renewTime": "2026-01-01T00:00:30.000000Z"}
    assert lease["metadata"]["ownerReferences"][0]["kind"] == "Node"


def test_an_idle_node_status_is_written_only_every_five_minutes() -> None:
    core, _ = cluster_of_one()
    advance(core, 610)
    writes = [e.t for e in core.trace if e.actor == "kubelet/worker-1" and e.kind == "NodePatched"]
    assert writes == [300.0, 600.0]


def test_a_bound_pod_runs_with_the_events_kubectl_describe_shows() -> None:
    core, _ = cluster_of_one()
    create(core, pod("web"))
    run_until(core, lambda: get(core, "web")["status"]["phase"] == "Running", limit=10)
    status = get(core, "web")["status"]
    assert status["podIP"] == "10.244.1.2" and status["hostIP"] == "10.0.0.11"
    assert [c["type"] for c in status["conditions"]] == ["PodReadyToStartContainers", "Initialized", "Ready",
                                                          "ContainersReady"]
    assert condition(get(core, "web"), "Ready") == "True"
    cs = container_status(get(core, "web"))
    assert cs["ready"] and cs["started"] and cs["restartCount"] == 0
    scheme, _, digits = cs["containerID"].partition("://")
    assert scheme == "containerd" and len(digits) == 64
    assert cs["image"] == "docker.io/library/nginx:latest"
    assert cs["imageID"].startswith("docker.io/library/nginx@sha256:")
    reasons = [(r, m) for _, r, m in events(core, "web")]
    assert reasons[0] == ("Pulling", 'Pulling image "nginx"')
    assert reasons[1][0] == "Pulled" and reasons[1][1].endswith("Image size: 72099410 bytes.")
    assert reasons[2:] == [("Created", "Created container: nginx"), ("Started", "Started container nginx")]


def test_a_pod_shows_container_creating_while_its_image_is_pulled() -> None:
    core, _ = cluster_of_one()
    create(core, pod("db", "postgres:17", env=[{"name": "POSTGRES_PASSWORD", "value": "x"}]))
    advance(core, 1.0)
    status = get(core, "db")["status"]
    assert status["phase"] == "Pending"
    assert container_status(get(core, "db"))["state"] == {"waiting": {"reason": "ContainerCreating"}}
    run_until(core, lambda: get(core, "db")["status"]["phase"] == "Running", limit=10)


def test_a_cached_image_is_not_pulled_again() -> None:
    core, _ = cluster_of_one()
    create(core, pod("a", "nginx:1.27"))
    run_until(core, lambda: get(core, "a")["status"]["phase"] == "Running", limit=10)
    create(core, pod("b", "nginx:1.27"))
    run_until(core, lambda: get(core, "b")["status"]["phase"] == "Running", limit=5)
    present = 'Container image "nginx:1.27" already present on machine'
    assert ("Normal", "Pulled", present) in events(core, "b")


def test_pulls_are_serialized_and_the_wait_is_reported() -> None:
    core, _ = cluster_of_one()
    create(core, pod("big", "python:3.13"))
    advance(core, 1.0)
    create(core, pod("small", "redis:7.4"))
    run_until(core, lambda: any(r == "Pulled" for _, r, _ in events(core, "small")), limit=30)
    pulled = next(m for _, r, m in events(core, "small") if r == "Pulled")
    took, waited = pulled.split(" in ")[1].split(" (")[0], pulled.split("(")[1].split(" including")[0]
    assert float(waited.rstrip("s")) > float(took.rstrip("s")) + 5   # it waited behind python's ~10 s pull


def test_readiness_probe_delays_ready() -> None:
    core, _ = cluster_of_one()
    create(core, pod("web", readinessProbe={"httpGet": {"path": "/", "port": 80}, "initialDelaySeconds": 5,
                                            "periodSeconds": 5}))
    started = run_until(core, lambda: get(core, "web")["status"]["phase"] == "Running", limit=10)
    assert condition(get(core, "web"), "Ready") == "False"
    ready = run_until(core, lambda: condition(get(core, "web"), "Ready") == "True", limit=10)
    assert 4.0 <= ready - started <= 6.0


def test_graceful_deletion_stops_the_container_then_deletes_with_grace_zero() -> None:
    core, k = cluster_of_one()
    create(core, pod("web"))
    run_until(core, lambda: get(core, "web")["status"]["phase"] == "Running", limit=10)
    uid = get(core, "web")["metadata"]["uid"]
    core.api.delete("pods", "web", namespace="default")
    assert get(core, "web")["metadata"]["deletionGracePeriodSeconds"] == 30
    gone = run_until(core, lambda: not exists(core, "web"), limit=5)
    assert ("Normal", "Killing", "Stopping container nginx") in events(core, "web")
    assert "web" not in running_pods(k) and k.runtime.sandbox(uid) is None
    stopped = [e for e in core.trace if e.kind == "ContainerStopped"]
    assert "exit code 0" in stopped[-1].message       # nginx shuts down gracefully on its stop signal
    deleted = [e for e in core.trace if e.actor == "kubelet/worker-1" and e.kind == "PodDeleted"]
    assert deleted and deleted[-1].t <= gone


def test_a_shell_that_ignores_sigterm_is_killed_when_the_grace_period_ends() -> None:
    core, k = cluster_of_one()
    create(core, pod("sleeper", "busybox", command=["sleep", "3600"], terminationGracePeriodSeconds=10))
    run_until(core, lambda: get(core, "sleeper")["status"]["phase"] == "Running", limit=10)
    asked = core.kernel.now
    core.api.delete("pods", "sleeper", namespace="default")
    advance(core, 5)
    assert "sleeper" in running_pods(k)       # PID 1 without a handler ignores SIGTERM
    gone = run_until(core, lambda: not exists(core, "sleeper"), limit=10)
    assert 10.0 <= gone - asked <= 12.0
    stopped = [e for e in core.trace if e.kind == "ContainerStopped"]
    assert "exit code 137" in stopped[-1].message


def test_a_completed_pod_with_restart_policy_never_succeeds() -> None:
    core, k = cluster_of_one()
    create(core, pod("job", "busybox", command=["sh", "-c", "echo done; sleep 2"], restartPolicy="Never"))
    run_until(core, lambda: get(core, "job")["status"]["phase"] == "Succeeded", limit=15)
    cs = container_status(get(core, "job"))
    assert cs["state"]["terminated"]["reason"] == "Completed" and cs["restartCount"] == 0
    assert condition(get(core, "job"), "Ready") == "False"
    advance(core, 1.0)
    assert not k.runtime.sandbox(get(core, "job")["metadata"]["uid"]).ready   # stopped: its IP is free again
    assert k.logs("default", "job") == ["done"]     # dead containers keep their logs


def test_a_failing_pod_with_restart_policy_never_fails() -> None:
    core, _ = cluster_of_one()
    create(core, pod("job", "busybox", command=["sh", "-c", "exit 3"], restartPolicy="Never"))
    run_until(core, lambda: get(core, "job")["status"]["phase"] == "Failed", limit=15)
    assert container_status(get(core, "job"))["state"]["terminated"]["exitCode"] == 3


def test_on_failure_restarts_until_success() -> None:
    core, _ = cluster_of_one()
    create(core, pod("job", "clusterviz/crash", restartPolicy="OnFailure"))
    run_until(core, lambda: container_status(get(core, "job")).get("restartCount", 0) >= 1, limit=20)
    assert get(core, "job")["status"]["phase"] == "Running"


def test_init_containers_run_first_and_in_order() -> None:
    core, _ = cluster_of_one()
    body = pod("app")
    body["spec"]["initContainers"] = [{"name": "wait", "image": "busybox", "command": ["sleep", "3"]},
                                      {"name": "setup", "image": "busybox", "command": ["echo", "ok"]}]
    create(core, body)
    run_until(core, lambda: get(core, "app")["status"].get("initContainerStatuses"), limit=5)
    assert get(core, "app")["status"]["phase"] == "Pending"
    assert condition(get(core, "app"), "Initialized") == "False"
    run_until(core, lambda: get(core, "app")["status"]["phase"] == "Running", limit=20)
    starts = event_times(core, "app", "Started")
    assert len(starts) == 3 and starts[1] - starts[0] >= 3.0


def test_logs_of_a_running_container() -> None:
    core, k = cluster_of_one()
    create(core, pod("cache", "redis:7.4"))
    run_until(core, lambda: get(core, "cache")["status"]["phase"] == "Running", limit=10)
    lines = k.logs("default", "cache")
    assert lines[-1].endswith("Ready to accept connections tcp")
    assert k.logs("default", "cache", tail=1) == lines[-1:]
    assert k.logs("default", "cache", timestamps=True)[0].startswith("2026-01-01T00:00:")


def test_logs_of_a_shell_loop_grow_with_time_but_stay_bounded() -> None:
    core, k = cluster_of_one()
    create(core, pod("ticker", "busybox", command=["sh", "-c", "while true; do echo tick; sleep 1; done"]))
    run_until(core, lambda: get(core, "ticker")["status"]["phase"] == "Running", limit=10)
    advance(core, 5)
    assert 5 <= len(k.logs("default", "ticker")) <= 7
    advance(core, 3000)
    assert len(k.logs("default", "ticker")) == 1000


def test_a_pod_that_does_not_fit_is_rejected_by_the_kubelet() -> None:
    core, _ = cluster_of_one(cpu="2")
    create(core, pod("huge", resources={"requests": {"cpu": "3"}}))
    run_until(core, lambda: get(core, "huge")["status"]["phase"] == "Failed", limit=5)
    status = get(core, "huge")["status"]
    assert status["reason"] == "OutOfcpu"
    assert status["message"] == ("Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, "
                                 "used: 0, capacity: 2000")


def test_a_failed_init_container_fails_a_pod_that_never_restarts() -> None:
    core, _ = cluster_of_one()
    body = pod("app", restartPolicy="Never")
    migrate = {"name": "migrate", "image": "busybox", "command": ["sh", "-c", "exit 2"]}
    body["spec"]["initContainers"] = [migrate]
    create(core, body)
    run_until(core, lambda: get(core, "app")["status"]["phase"] == "Failed", limit=15)
    init = get(core, "app")["status"]["initContainerStatuses"][0]
    assert init["state"]["terminated"]["exitCode"] == 2
    assert not event_times(core, "app", "Pulling")[1:]       # the app container never started


def test_logs_errors_read_like_kubectl_s() -> None:
    core, k = cluster_of_one()
    body = pod("two")
    body["spec"]["containers"].append({"name": "sidecar", "image": "busybox", "command": ["sleep", "3600"]})
    create(core, body)
    run_until(core, lambda: get(core, "two")["status"]["phase"] == "Running", limit=15)
    with pytest.raises(ApiError, match=r"a container name must be specified for pod two, choose one of: "
                                       r"\[nginx sidecar\]"):
        k.logs("default", "two")
    assert k.logs("default", "two", "sidecar") == []
    k.stop()
    with pytest.raises(ApiError, match="connect: connection refused"):
        k.logs("default", "two", "nginx")
