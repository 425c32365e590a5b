"""The control, console, share and kubeconfig endpoints over HTTP, on a real live cluster."""

from __future__ import annotations

import json

import pytest
import yaml
from django.test import AsyncClient

from clusterviz import live
from clusterviz.models import ClusterDefinition

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def registry(monkeypatch):
    """A real registry of live clusters (real simulator.Cluster), stopped after the test."""
    real = live.Registry()
    monkeypatch.setattr(live, "registry", real)
    yield real
    await real.stop_all()


@pytest.fixture
async def lesson(registry):
    definition = await ClusterDefinition.objects.acreate(name="lesson", workers=2, timing="classroom", seed=4)
    return definition


async def as_role(definition: ClusterDefinition, role: str, **kwargs) -> AsyncClient:
    client = AsyncClient(**kwargs)
    credential = definition.presenter_credential if role == "presenter" else definition.viewer_credential
    await client.get(f"/join/{credential}/")
    return client


async def cluster_of(registry):
    return (await registry.get_or_start("lesson")).cluster


async def test_the_presenter_cordons_a_node_and_sees_what_kubectl_would_print(lesson, registry):
    presenter = await as_role(lesson, "presenter")
    response = await presenter.post("/c/lesson/control/cordon/", {"node": "worker-1"})
    assert response.status_code == 200
    assert (
        'data-outcome="ok"' in response.content.decode()
        and "node/worker-1 cordoned" in response.content.decode()
    )
    assert json.loads(response["HX-Trigger"]) == {"clusterviz:touched": {"ids": ["node-worker-1"]}}
    cluster = await cluster_of(registry)
    assert cluster.core.api.get("nodes", "worker-1")["spec"]["unschedulable"] is True


async def test_a_viewer_gets_403_and_the_cluster_does_not_change(lesson, registry):
    for client in (await as_role(lesson, "viewer"), AsyncClient()):
        response = await client.post("/c/lesson/control/fail-node/", {"node": "worker-1"})
        assert response.status_code == 403
    cluster = await cluster_of(registry)
    assert cluster.objects("faults") == [] and cluster.machines["worker-1"].powered


async def test_control_posts_need_the_csrf_token(lesson, registry):
    presenter = await as_role(lesson, "presenter", enforce_csrf_checks=True)
    response = await presenter.post("/c/lesson/control/pause/")
    assert response.status_code == 403
    assert not (await cluster_of(registry)).paused
    await presenter.get("/")  # any page with a form sets the CSRF cookie
    token = presenter.cookies["csrftoken"].value
    response = await presenter.post("/c/lesson/control/pause/", headers={"X-CSRFToken": token})
    assert response.status_code == 200 and (await cluster_of(registry)).paused


async def test_controls_are_post_only_and_unknown_ones_are_404(lesson, registry):
    presenter = await as_role(lesson, "presenter")
    assert (await presenter.get("/c/lesson/control/pause/")).status_code == 405
    assert (await presenter.post("/c/lesson/control/explode/")).status_code == 404
    assert (await presenter.post("/c/nowhere/control/pause/")).status_code == 403  # nobody presents it


async def test_a_bad_deploy_answers_422_with_the_field(lesson, registry):
    presenter = await as_role(lesson, "presenter")
    response = await presenter.post(
        "/c/lesson/control/deploy/", {"name": "Web!", "image": "nginx", "replicas": "3"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-outcome="error"' in html and "metadata.name: Invalid value" in html


async def test_console_runs_kubectl_for_everyone_but_writes_only_for_the_presenter(lesson, registry):
    presenter, viewer = await as_role(lesson, "presenter"), await as_role(lesson, "viewer")
    response = await viewer.post("/c/lesson/console/", {"command": "kubectl get nodes"})
    html = response.content.decode()
    assert response.status_code == 200 and "NAME" in html and "worker-2" in html and 'data-exit="0"' in html
    assert "node-worker-2" in json.loads(response["HX-Trigger"])["clusterviz:touched"]["ids"]
    refused = (
        await viewer.post("/c/lesson/console/", {"command": "kubectl run x --image=nginx"})
    ).content.decode()
    assert "Error from server (Forbidden)" in refused and 'data-exit="1"' in refused
    created = (
        await presenter.post("/c/lesson/console/", {"command": "kubectl run x --image=nginx"})
    ).content.decode()
    assert "pod/x created" in created
    info = (await viewer.post("/c/lesson/console/", {"command": "cluster-info"})).content.decode()
    assert f"/k8s/lesson/{lesson.viewer_credential}" in info and lesson.presenter_credential not in info


async def test_console_output_is_escaped(lesson, registry):
    presenter = await as_role(lesson, "presenter")
    html = (
        await presenter.post("/c/lesson/console/", {"command": "get <script>alert(1)</script>"})
    ).content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html


async def test_share_panel_has_the_join_link_a_qr_code_and_the_kubeconfigs(lesson, registry):
    presenter, viewer = await as_role(lesson, "presenter"), await as_role(lesson, "viewer")
    html = (await presenter.get("/c/lesson/share/")).content.decode()
    assert f"http://testserver/join/{lesson.viewer_credential}/" in html
    assert "<svg" in html and "QR code of the join link" in html
    assert "kubectl --kubeconfig clusterviz-lesson-viewer.yaml get nodes" in html
    assert "kubectl --kubeconfig clusterviz-lesson.yaml get nodes" in html
    seen_by_viewer = (await viewer.get("/c/lesson/share/")).content.decode()
    assert (
        "clusterviz-lesson-viewer.yaml" in seen_by_viewer and "clusterviz-lesson.yaml" not in seen_by_viewer
    )


async def test_kubeconfig_downloads(lesson, registry):
    presenter, viewer = await as_role(lesson, "presenter"), await as_role(lesson, "viewer")
    response = await viewer.get("/c/lesson/kubeconfig/viewer/")
    assert response["Content-Disposition"] == 'attachment; filename="clusterviz-lesson-viewer.yaml"'
    config = yaml.safe_load(response.content)
    assert (
        config["clusters"][0]["cluster"]["server"]
        == f"http://testserver/k8s/lesson/{lesson.viewer_credential}"
    )
    assert (await viewer.get("/c/lesson/kubeconfig/presenter/")).status_code == 403
    mine = yaml.safe_load((await presenter.get("/c/lesson/kubeconfig/presenter/")).content)
    assert mine["clusters"][0]["cluster"]["server"].endswith(lesson.presenter_credential)
    assert (await presenter.get("/c/lesson/kubeconfig/admin/")).status_code == 404
