"""Bad input gets a clear error naming the field, nothing is stored, the simulation runs on."""
from __future__ import annotations

import pytest

from simulator import errors
from simulator.cluster import Cluster
from simulator.manifests import ManifestError
from tests.simhelpers import deployment, healthy, run_until


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster.create(seed=2, workers=2, timing="classroom")


def rejected(cluster: Cluster, manifest: object) -> Exception:
    revision = cluster.core.etcd.revision
    with pytest.raises((errors.ApiError, ManifestError)) as caught:
        cluster.apply(manifest)  # type: ignore[arg-type]
    assert cluster.core.etcd.revision == revision, "nothing half-written may be stored"
    return caught.value


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d["metadata"].update(name="Web_App"), "metadata.name"),
    (lambda d: d["spec"]["template"]["spec"].update(containers=[]), "spec.template.spec.containers"),
    (lambda d: d["spec"].update(replicas=-1), "spec.replicas"),
    (lambda d: d["spec"].update(replicas="three"), "spec.replicas"),
    (lambda d: d["spec"]["template"]["spec"]["containers"][0].pop("image"),
     "spec.template.spec.containers[0].image"),
])
def test_invalid_deployments_are_refused_naming_the_field(cluster: Cluster, mutate, field: str) -> None:
    manifest = deployment("web", 2)
    mutate(manifest)
    error = rejected(cluster, manifest)
    assert isinstance(error, errors.ApiError) and error.code == 422
    assert field in {c["field"] for c in error.details["causes"]}, error.details


@pytest.mark.parametrize(("text", "needle"), [
    ("apiVersion: v1\nkind: Widget\nmetadata: {name: x}\n", "Widget"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n", "document 1"),
    ("!!python/object/apply:os.system ['echo pwned']\n", "python"),
    ("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
     "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
     "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
     "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n", "alias"),
])
def test_malformed_or_hostile_yaml_is_refused(cluster: Cluster, text: str, needle: str) -> None:
    error = rejected(cluster, text)
    assert needle.lower() in str(error).lower()


def test_the_simulation_keeps_running_after_bad_input(cluster: Cluster) -> None:
    before = cluster.now
    cluster.apply(deployment("after", 1))
    run_until(cluster, lambda: len(healthy(cluster, "after")) == 1, limit=60)
    assert cluster.now > before
