"""CrashLoopBackOff and ImagePullBackOff: the kubelet's two back-offs, 10 s doubling to 5 min."""
from __future__ import annotations

from tests.kubelet_helpers import (
    advance,
    cluster_of_one,
    container_status,
    create,
    event_times,
    events,
    get,
    pod,
    run_until,
    waiting_reason,
)


def gaps(times: list[float]) -> list[float]:
    return [round(b - a) for a, b in zip(times, times[1:], strict=False)]


def restart_delays(core, pod_name: str) -> list[float]:  # noqa: ANN001
    """Seconds from each exit of the pod's container to the next start."""
    exits = [e.t for e in core.trace if e.kind == "ContainerExited" and f"/{pod_name}/" in e.object]
    starts = event_times(core, pod_name, "Started")
    return [next(s for s in starts if s > t) - t for t in exits if any(s > t for s in starts)]


def matches(delays: list[float], back_offs: list[float]) -> bool:
    # After the back-off: the PLEG notices (≤1 s), then pull (:latest), create, start (~1 s).
    pairs = zip(delays, back_offs, strict=False)
    return len(delays) >= len(back_offs) and all(b <= d <= b + 3.0 for d, b in pairs)


def test_a_crashing_container_restarts_with_a_doubling_back_off_capped_at_five_minutes() -> None:
    core, _ = cluster_of_one()
    create(core, pod("crash", "clusterviz/crash"))
    advance(core, 1500)
    # Mirrors kubelet: the first restart is immediate, then 10 s, 20 s ... capped at 300 s.
    delays = restart_delays(core, "crash")
    assert matches(delays, [0, 10, 20, 40, 80, 160, 300, 300]), delays
    starts = event_times(core, "crash", "Started")
    cs = container_status(get(core, "crash"))
    assert cs["restartCount"] == len(starts) - 1
    last = cs["lastState"]["terminated"]
    assert last["exitCode"] == 1 and last["reason"] == "Error"


def test_crash_loop_back_off_is_shown_while_waiting() -> None:
    core, _ = cluster_of_one()
    create(core, pod("crash", "clusterviz/crash"))
    run_until(core, lambda: waiting_reason(get(core, "crash")) == "CrashLoopBackOff", limit=30)
    cs = container_status(get(core, "crash"))
    uid = get(core, "crash")["metadata"]["uid"]
    assert cs["state"]["waiting"]["message"] == (f"back-off 10s restarting failed container=crash "
                                                 f"pod=crash_default({uid})")
    assert get(core, "crash")["status"]["phase"] == "Running"
    assert ("Warning", "BackOff", f"Back-off restarting failed container crash in pod crash_default({uid})") \
        in events(core, "crash")


def test_the_error_is_visible_before_the_back_off() -> None:
    core, _ = cluster_of_one()
    create(core, pod("fail", "busybox", command=["false"]))
    run_until(core, lambda: container_status(get(core, "fail")).get("state", {}).get("terminated"), limit=10)
    assert container_status(get(core, "fail"))["state"]["terminated"]["reason"] == "Error"


def test_a_completed_container_under_restart_always_also_crash_loops() -> None:
    core, _ = cluster_of_one()
    create(core, pod("shell", "ubuntu"))   # bash with no TTY exits 0 at once
    run_until(core, lambda: waiting_reason(get(core, "shell")) == "CrashLoopBackOff", limit=60)
    assert container_status(get(core, "shell"))["lastState"]["terminated"]["reason"] == "Completed"


def test_a_missing_image_goes_err_image_pull_then_image_pull_back_off() -> None:
    core, _ = cluster_of_one()
    create(core, pod("ghost", "clusterviz/does-not-exist"))
    run_until(core, lambda: waiting_reason(get(core, "ghost")) == "ErrImagePull", limit=10)
    message = container_status(get(core, "ghost"))["state"]["waiting"]["message"]
    assert "failed to pull and unpack image" in message and message.endswith("not found")
    run_until(core, lambda: waiting_reason(get(core, "ghost")) == "ImagePullBackOff", limit=5)
    assert get(core, "ghost")["status"]["phase"] == "Pending"
    reasons = [(t, r) for t, r, _ in events(core, "ghost")]
    assert reasons[:5] == [("Normal", "Pulling"), ("Warning", "Failed"), ("Warning", "Failed"),
                           ("Normal", "BackOff"), ("Warning", "Failed")]
    failed = [m for _, r, m in events(core, "ghost") if r == "Failed"]
    assert failed[0].startswith('Failed to pull image "clusterviz/does-not-exist": '
                                "rpc error: code = NotFound")
    assert failed[1:3] == ["Error: ErrImagePull", "Error: ImagePullBackOff"]


def test_image_pull_retries_double_up_to_five_minutes() -> None:
    core, _ = cluster_of_one()
    create(core, pod("ghost", "clusterviz/does-not-exist"))
    advance(core, 1500)
    pulls = event_times(core, "ghost", "Pulling")
    # Each gap is the back-off plus the ~0.6 s the failed pull itself takes.
    assert gaps(pulls)[:7] == [11, 21, 41, 81, 161, 301, 301], gaps(pulls)


def test_an_invalid_image_name_is_reported_and_not_pulled() -> None:
    core, _ = cluster_of_one()
    create(core, pod("bad", "NGINX", container_name="web"))
    run_until(core, lambda: waiting_reason(get(core, "bad")) == "InvalidImageName", limit=5)
    assert not event_times(core, "bad", "Pulling")


def test_postgres_without_a_password_refuses_to_start() -> None:
    core, k = cluster_of_one()
    create(core, pod("db", "postgres:17"))
    run_until(core, lambda: container_status(get(core, "db")).get("restartCount", 0) >= 1, limit=60)
    advance(core, 1)
    logs = k.logs("default", "db", previous=True)
    assert logs[0] == "Error: Database is uninitialized and superuser password is not specified."


def test_classroom_timing_keeps_the_same_steps_with_shorter_back_offs() -> None:
    core, _ = cluster_of_one(timing="classroom")
    create(core, pod("crash", "clusterviz/crash"))
    advance(core, 120)
    delays = restart_delays(core, "crash")
    assert matches(delays, [0, 2, 4, 8, 16, 32]), delays
