"""``manage.py createcluster`` and ``manage.py kubeconfig``."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from clusterviz.models import ClusterDefinition

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_createcluster_stores_a_definition_with_two_distinct_credentials() -> None:
    out = run(
        "createcluster", "lesson", "--workers", "4", "--timing", "classroom", "--speed", "5", "--seed", "9"
    )
    assert 'cluster "lesson" created (1 control plane, 4 workers, classroom timing, speed 5, seed 9)' in out
    definition = ClusterDefinition.objects.get(name="lesson")
    assert (definition.workers, definition.timing, definition.speed, definition.seed) == (
        4,
        "classroom",
        5.0,
        9,
    )
    assert len({definition.presenter_credential, definition.viewer_credential}) == 2
    assert len(definition.presenter_credential) >= 20


@pytest.mark.parametrize("args", [("Bad_Name",), ("-x",), ("ok", "--workers", "-1"), ("ok", "--speed", "0"),
                                  ("ok", "--control-planes", "0"), ("ok", "--control-planes", "9")])
def test_createcluster_refuses_bad_arguments(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        run("createcluster", *args)


def test_createcluster_stores_a_highly_available_control_plane() -> None:
    out = run("createcluster", "ha", "--control-planes", "3")
    assert 'cluster "ha" created (3 control planes, 3 workers' in out
    assert ClusterDefinition.objects.get(name="ha").control_planes == 3


def test_createcluster_refuses_an_existing_name() -> None:
    run("createcluster", "twice")
    with pytest.raises(CommandError, match='cluster "twice" already exists'):
        run("createcluster", "twice")


def test_kubeconfig_carries_the_role_credential_in_the_server_url() -> None:
    run("createcluster", "demo2")
    definition = ClusterDefinition.objects.get(name="demo2")
    presenter = yaml.safe_load(run("kubeconfig", "demo2"))
    assert (
        presenter["clusters"][0]["cluster"]["server"]
        == f"http://127.0.0.1:8000/k8s/demo2/{definition.presenter_credential}"
    )
    assert presenter["current-context"] == "demo2"
    assert presenter["contexts"][0]["context"] == {
        "cluster": "demo2",
        "user": "demo2-presenter",
        "namespace": "default",
    }
    viewer = yaml.safe_load(
        run("kubeconfig", "demo2", "--role", "viewer", "--server", "http://10.1.2.3:9000/")
    )
    assert (
        viewer["clusters"][0]["cluster"]["server"]
        == f"http://10.1.2.3:9000/k8s/demo2/{definition.viewer_credential}"
    )
    assert viewer["current-context"] == "demo2-viewer"


def test_kubeconfig_of_an_unknown_cluster_is_an_error() -> None:
    with pytest.raises(CommandError, match='cluster "nope" does not exist'):
        run("kubeconfig", "nope")


def test_createcluster_stores_the_container_runtimes() -> None:
    out = run(
        "createcluster", "mixed", "--workers", "3", "--runtime", "cri-o", "--runtimes", "containerd,docker"
    )
    assert "container runtime: worker-1 containerd, worker-2 docker, the other nodes cri-o" in out
    definition = ClusterDefinition.objects.get(name="mixed")
    assert (definition.runtime, definition.runtimes) == ("cri-o", ["containerd", "docker"])
    assert "container runtime: containerd\n" in run("createcluster", "plain")
    assert ClusterDefinition.objects.get(name="plain").runtimes == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--runtime", "rkt"), "invalid choice"),
        (("--runtimes", "containerd,rkt"), '--runtimes: unknown container runtime "rkt"'),
        (("--workers", "1", "--runtimes", "cri-o,docker"), "--runtimes lists 2 runtimes for 1 workers"),
    ],
)
def test_createcluster_refuses_unknown_runtimes(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("createcluster", "rt", *args)
