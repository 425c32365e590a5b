"""The new-cluster form's control planes and container runtime (Django's async client)."""

from __future__ import annotations

import re

import pytest

from clusterviz.models import ClusterDefinition

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_form_offers_one_three_or_five_control_planes_and_three_runtimes(async_client):
    html = (await async_client.get("/")).content.decode()
    assert re.search(r'<select id="control_planes" name="control_planes"', html)
    assert re.findall(r'<option value="(\d)"', html) == ["1", "3", "5"]
    assert '<option value="1" selected>1</option>' in html
    runtimes = re.findall(r'<option value="([a-z-]+)"( selected)?>([^<]+)</option>', html)
    assert runtimes == [("containerd", " selected", "containerd"), ("cri-o", "", "CRI-O"),
                        ("docker", "", "Docker Engine (cri-dockerd)")]


async def test_a_new_cluster_keeps_its_control_planes_and_runtime(async_client):
    response = await async_client.post(
        "/clusters/new/", {"workers": "2", "timing": "classroom", "control_planes": "3", "runtime": "cri-o"})
    assert response.status_code == 303
    name = re.fullmatch(r"/c/([a-z0-9-]+)/", response["Location"]).group(1)
    definition = await ClusterDefinition.objects.aget(name=name)
    assert (definition.control_planes, definition.runtime, definition.workers) == (3, "cri-o", 2)
    assert "3 control planes · 2 workers" in (await async_client.get("/")).content.decode()


async def test_without_the_new_fields_a_cluster_has_one_master_and_containerd(async_client):
    await async_client.post("/clusters/new/", {"workers": "1", "timing": "classroom"})
    definition = await ClusterDefinition.objects.aget()
    assert (definition.control_planes, definition.runtime) == (1, "containerd")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("control_planes", "2", "Control planes must be one of: 1, 3, 5."),
    ("control_planes", "seven", "Control planes must be one of: 1, 3, 5."),
    ("runtime", "rkt", "Runtime must be one of: containerd, cri-o, docker."),
])
async def test_other_values_are_refused_with_a_message(async_client, field, value, message):
    form = {"workers": "3", "timing": "classroom", field: value}
    response = await async_client.post("/clusters/new/", form)
    assert response.status_code == 400 and message in response.content.decode()
    assert await ClusterDefinition.objects.acount() == 0
