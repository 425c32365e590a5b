"""The container runtime and its registry: references, pulls, processes, logs, power."""
from __future__ import annotations

from typing import Any

import pytest

from simulator.core import bootstrap_namespaces, build_core
from simulator.images import InvalidReference, PullError, go_duration, lookup, parse_reference
from simulator.runtime import ContainerRuntime
from simulator.runtime_shell import program_for
from tests.kubelet_helpers import advance


@pytest.mark.parametrize(("text", "name"), [
    ("nginx", "docker.io/library/nginx:latest"),
    ("nginx:1.27", "docker.io/library/nginx:1.27"),
    ("traefik/whoami", "docker.io/traefik/whoami:latest"),
    ("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"),
    ("registry.k8s.io/coredns/coredns:v1.11.3", "registry.k8s.io/coredns/coredns:v1.11.3"),
    ("localhost:5000/team/app:v2", "localhost:5000/team/app:v2"),
    ("nginx@sha256:" + "a" * 64, "docker.io/library/nginx@sha256:" + "a" * 64),
])
def test_references_are_qualified_as_containerd_does(text: str, name: str) -> None:
    assert parse_reference(text).name == name


@pytest.mark.parametrize("text", ["NGINX", "nginx:", "nginx@sha256:xyz", "", " nginx", "a//b"])
def test_malformed_references_are_invalid(text: str) -> None:
    with pytest.raises(InvalidReference):
        parse_reference(text)


def test_uppercase_is_explained_as_kubectl_shows_it() -> None:
    with pytest.raises(InvalidReference, match=r"repository name \(library/NGINX\) must be lowercase"):
        parse_reference("NGINX")


@pytest.mark.parametrize(("text", "size"), [
    ("nginx", 72_099_410), ("nginx:1.27-alpine", 20_525_148), ("busybox", 2_167_176),
    ("registry.k8s.io/pause:3.10", 320_368), ("registry.k8s.io/etcd:3.5.16-0", 57_680_541),
])
def test_catalogued_sizes(text: str, size: int) -> None:
    assert lookup(parse_reference(text)).size == size


def test_unknown_images_are_generic_and_digests_are_deterministic() -> None:
    one, again = lookup(parse_reference("example/app:1")), lookup(parse_reference("example/app:1"))
    assert 25_000_000 <= one.size <= 35_000_000 and one.program == "generic"
    assert one.digest == again.digest and one.digest.startswith("sha256:") and len(one.digest) == 71
    assert lookup(parse_reference("example/app:2")).digest != one.digest


@pytest.mark.parametrize("text", ["clusterviz/does-not-exist", "nginx:does-not-exist",
                                  "my/does-not-exist-either"])
def test_documented_failure_images_are_not_found(text: str) -> None:
    with pytest.raises(PullError, match="not found"):
        lookup(parse_reference(text))


@pytest.mark.parametrize(("seconds", "shown"), [(0.512, "512ms"), (2.0843, "2.084s"), (75.3, "1m15.3s"),
                                                (3725, "1h2m5s")])
def test_durations_print_like_go(seconds: float, shown: str) -> None:
    assert go_duration(seconds) == shown


# What a container runs, as data: (image program, command, args) → (exit after, exit code, first line).
PROGRAMS: list[tuple[str, tuple[str, ...], tuple[str, ...], float | None, int, str | None]] = [
    ("nginx", (), (), None, 0, "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to "
                              "perform configuration"),
    ("shell", (), (), 0.02, 0, None),                              # busybox: sh with no TTY exits at once
    ("shell", ("false",), (), 0.01, 1, None),
    ("shell", ("sh", "-c", "echo hi; exit 3"), (), 0.01, 3, "hi"),
    ("shell", (), ("sleep", "3600"), 3600.0, 0, None),
    ("shell", ("sh", "-c", "sleep 5 && exit 1"), (), 5.0, 1, None),
    ("shell", ("sh", "-c", "false || echo recovered"), (), 0.01, 0, "recovered"),
    ("shell", ("sh", "-c", "while true; do echo tick; sleep 2; done"), (), None, 0, "tick"),
    ("shell", ("sh", "-c", "nosuch"), (), 0.01, 127, "sh: nosuch: not found"),
    ("crash", (), (), 2.0, 1, "clusterviz/crash: starting up"),
    ("python", ("python", "-c", "print('hello')"), (), 0.06, 0, "hello"),
    ("python", ("python", "app.py"), (), 0.05, 2, "python3: can't open file '/app.py': [Errno 2] "
                                                  "No such file or directory"),
    ("nginx", ("sh", "-c", "echo warming up; exec nginx -g 'daemon off;'"), (), None, 0, "warming up"),
]


@pytest.mark.parametrize(("image", "command", "args", "exit_after", "code", "first"), PROGRAMS)
def test_programs(image: str, command: tuple[str, ...], args: tuple[str, ...], exit_after: float | None,
                  code: int, first: str | None) -> None:
    program = program_for(image, (), command, args, ())
    assert program.exit_after == exit_after and program.exit_code == code
    lines = [text for _, text in program.startup] + [text for _, text in program.repeated]
    assert (lines[0] if lines else None) == first


def test_a_shell_loop_repeats_its_body() -> None:
    program = program_for("shell", (), ("sh", "-c", "while true; do date; sleep 5; done"), (), ())
    assert program.every == 5.0 and program.repeated == ((0.0, "@date@"),)
    assert program.stop_seconds is None          # sh as PID 1 ignores SIGTERM


def test_a_trap_makes_a_shell_stop_promptly() -> None:
    program = program_for("shell", (), ("sh", "-c", "trap 'exit 0' TERM; sleep infinity"), (), ())
    assert program.exit_after is None and program.stop_seconds is not None


def test_databases_refuse_to_start_without_their_password() -> None:
    needs = ("POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD")
    assert program_for("postgres", needs, (), (), ()).exit_code == 1
    assert program_for("postgres", needs, (), (), (("POSTGRES_PASSWORD", "x"),)).exit_after is None


def runtime(**kw: Any) -> tuple[Any, ContainerRuntime]:
    core = build_core(seed=2)
    bootstrap_namespaces(core)
    rt = ContainerRuntime(core, node="worker-1", **kw)
    rt.update_runtime_config(pod_cidr="10.244.3.0/24", node_ip="10.0.0.13")
    return core, rt


def test_pulls_run_one_at_a_time_and_take_longer_for_bigger_images() -> None:
    core, rt = runtime()
    done: dict[str, float] = {}
    for text in ("python:3.13", "busybox", "nginx"):
        rt.pull_image(parse_reference(text), lambda outcome, t=text: done.setdefault(t, core.kernel.now))
    advance(core, 60)
    assert done["python:3.13"] < done["busybox"] < done["nginx"]
    assert 8.0 < done["python:3.13"] < 13.0          # ~400 MB at ~40 MB/s
    assert done["busybox"] - done["python:3.13"] < 1.0
    names = [n for item in rt.images() for n in item["names"]]
    assert "docker.io/library/python:3.13" in names and "registry.k8s.io/pause:3.10" in names
    sizes = [i["sizeBytes"] for i in rt.images()]
    assert sizes == sorted(sizes, reverse=True)


def test_two_requests_for_one_image_share_the_pull() -> None:
    core, rt = runtime()
    seen: list[Any] = []
    rt.pull_image(parse_reference("redis"), seen.append)
    rt.pull_image(parse_reference("redis"), seen.append)
    advance(core, 10)
    assert len(seen) == 2 and seen[0].image is seen[1].image
    assert len([e for e in core.trace if e.kind == "ImagePulled"]) == 1


def start_one(core: Any, rt: ContainerRuntime, image: str, *, command: tuple[str, ...] = ()) -> Any:
    box_holder: list[Any] = []
    rt.run_sandbox("uid-1", namespace="default", name="web", host_network=False, callback=box_holder.append)
    advance(core, 2)
    (box,) = box_holder
    img = lookup(parse_reference(image))
    made: list[Any] = []
    rt.create_container(box, name="c", image=img, program=program_for(img.program, (), command, (), ()),
                        attempt=0, probe_every=0.0, callback=lambda c: rt.start_container(c, made.append))
    advance(core, 2)
    return made[0]


def test_a_sandbox_gets_the_next_address_of_the_pod_cidr() -> None:
    core, rt = runtime()
    c = start_one(core, rt, "nginx")
    assert c.sandbox.ip == "10.244.3.2" and c.state == "running"
    assert c.id.startswith("containerd://") and len(c.id) == len("containerd://") + 64


def test_stop_waits_for_sigkill_when_the_process_ignores_sigterm() -> None:
    core, rt = runtime()
    c = start_one(core, rt, "busybox", command=("sleep", "3600"))
    stopped: list[Any] = []
    rt.stop_container(c, 10, stopped.append)
    advance(core, 9.9)
    assert not stopped
    advance(core, 0.2)
    assert stopped and c.exit_code == 137


def test_power_off_loses_containers_but_keeps_images() -> None:
    core, rt = runtime(kind="cri-o")
    rt.pull_image(parse_reference("nginx"), lambda outcome: None)
    c = start_one(core, rt, "nginx")
    rt.power_off()
    assert rt.running_containers() == [] and rt.sandbox("uid-1") is None and rt.container(c.id) is None
    assert rt.has_image(parse_reference("nginx"))
    boot = rt.boot_id
    rt.power_on()
    assert rt.boot_id != boot and rt.version == "cri-o://1.32.0"


def test_logs_are_rendered_with_the_time_they_were_printed() -> None:
    core, rt = runtime()
    c = start_one(core, rt, "busybox", command=("sh", "-c", "while true; do date; sleep 10; done"))
    advance(core, 25)
    lines = rt.logs(c.id)
    assert len(lines) == 3 and lines[0].startswith("Thu Jan  1 00:00:0") and lines[0].endswith("UTC 2026")
    assert rt.logs(c.id, tail=1) == lines[-1:]
    assert rt.logs(c.id, timestamps=True)[0].startswith("2026-01-01T00:00:0")
