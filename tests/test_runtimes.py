"""Container runtimes per node: containerd, CRI-O, Docker Engine via cri-dockerd."""
from __future__ import annotations

import io
import json
import re

import pytest

from simulator.__main__ import execute
from simulator.runtime import KINDS
from simulator.scenario import ScenarioError, build_cluster, parse


def test_runtime_versions_are_ones_kubernetes_1_32_runs_on() -> None:
    versions = {kind: version for kind, (_, version, _) in KINDS.items()}
    assert re.fullmatch(r"containerd://(1\.7|2\.0)\.\d+", versions["containerd"])
    assert re.fullmatch(r"cri-o://1\.32\.\d+", versions["cri-o"])    # CRI-O follows k8s minors
    assert re.fullmatch(r"docker://2[78]\.\d+\.\d+", versions["docker"])    # the Engine (cri-dockerd)
    assert {kind: actor for kind, (actor, _, _) in KINDS.items()} == {
        "containerd": "containerd", "cri-o": "crio", "docker": "cri-dockerd"}


def test_a_mixed_cluster_runs_each_workers_own_runtime() -> None:
    cluster = build_cluster(seed=3, workers=4, timing="classroom", runtime="cri-o",
                            runtimes=["containerd", "docker", "cri-o"])
    assert cluster.ready()
    reported = {n["metadata"]["name"]: n["status"]["nodeInfo"]["containerRuntimeVersion"]
                for n in cluster.objects("nodes")}
    assert reported == {"control-plane-1": KINDS["cri-o"][1], "worker-1": KINDS["containerd"][1],
                        "worker-2": KINDS["docker"][1], "worker-3": KINDS["cri-o"][1],
                        "worker-4": KINDS["cri-o"][1]}
    # The trace names each node's runtime as its daemon is called, and container IDs carry its scheme.
    actors = {e.target for e in cluster.core.trace if e.kind == "ContainerStarted"}
    assert {"containerd/worker-1", "cri-dockerd/worker-2", "crio/worker-3", "crio/control-plane-1"} <= actors
    for pod in cluster.objects("pods", namespace="kube-system"):
        node = pod["spec"].get("nodeName")
        scheme = {"worker-1": "containerd", "worker-2": "docker"}.get(node, "cri-o")
        for status in pod["status"].get("containerStatuses") or []:
            assert status["containerID"].startswith(f"{scheme}://")
    assert hasattr(cluster, "traffic")       # the simulation's add-ons come with it


def test_build_cluster_refuses_bad_runtimes() -> None:
    with pytest.raises(ValueError, match="unknown container runtime 'rkt'"):
        build_cluster(workers=1, runtimes=["rkt"], settle=False)
    with pytest.raises(ValueError, match="lists 2 runtimes for 1 workers"):
        build_cluster(workers=1, runtimes=["cri-o", "docker"], settle=False)


def test_a_scenario_sets_runtimes_per_cluster_per_worker_and_per_added_node() -> None:
    scenario = parse("""
cluster: {workers: 2, timing: classroom, seed: 2, runtime: docker, runtimes: [cri-o]}
steps:
  - at: 5
    add_node: {runtime: containerd}
  - at: 6
    add_node: {}
until: 60
""")
    assert scenario.cluster["runtimes"] == ["cri-o"]
    assert [s.add_node for s in scenario.steps] == [{"runtime": "containerd"}, {}]
    out = io.StringIO()
    assert execute(scenario, out=out) == 0
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    registered = {e["actor"].partition("/")[2]: e for e in events if e["kind"] == "NodeCreated"}
    assert set(registered) >= {"worker-1", "worker-2", "worker-3", "worker-4"}
    started = {e["target"] for e in events if e["kind"] == "ContainerStarted"}
    assert {"crio/worker-1", "cri-dockerd/worker-2", "containerd/worker-3", "cri-dockerd/worker-4"} <= started


@pytest.mark.parametrize(("text", "expected"), [
    ("cluster: {runtime: rkt}\n", "cluster: field 'runtime': unknown container runtime 'rkt'"),
    ("cluster: {workers: 1, runtimes: [cri-o, docker]}\n", "cluster: field 'runtimes': lists 2 runtimes"),
    ("cluster: {runtimes: cri-o}\n", "cluster: field 'runtimes': must be list"),
    ("steps:\n  - at: 1\n    add_node: {runtime: podman}\n", "step 1: field 'add_node.runtime': unknown"),
    ("steps:\n  - at: 1\n    add_node: {cpu: 8}\n", "step 1: field 'add_node': must be a mapping"),
    ("steps:\n  - at: 1\n    add_node: {}\n    apply: {}\n", "step 1: needs exactly one of"),
])
def test_bad_runtime_settings_in_a_scenario_are_named(text: str, expected: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse(text)
    assert expected in str(caught.value)
