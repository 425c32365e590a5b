"""The landing page, new clusters, roles in the session and the share link (Django's async client)."""

from __future__ import annotations

import re

import pytest
from django.test import AsyncClient

from clusterviz import roles
from clusterviz.models import ClusterDefinition

pytestmark = pytest.mark.django_db(transaction=True)


async def test_home_offers_a_one_click_new_cluster_with_sensible_defaults(async_client):
    html = (await async_client.get("/")).content.decode()
    assert 'aria-label="New cluster"' in html and ">New cluster</button>" in html
    assert re.search(r'name="workers" type="number" min="1" max="10" value="3"', html)
    assert re.search(r'value="classroom"[^>]*checked', html)
    assert "None yet" in html


async def test_new_cluster_makes_the_creator_its_presenter_and_opens_it(async_client):
    response = await async_client.post("/clusters/new/", {"workers": "2", "timing": "kubernetes"})
    assert response.status_code == 303
    name = re.fullmatch(r"/c/([a-z0-9-]+)/", response["Location"]).group(1)
    definition = await ClusterDefinition.objects.aget(name=name)
    assert (definition.workers, definition.timing) == (2, "kubernetes")
    assert async_client.session[f"role:{name}"] == "presenter"
    other = await ClusterDefinition.objects.acreate(name="someone-elses", workers=1, seed=1)
    page = (await async_client.get("/")).content.decode()
    assert f'href="/c/{name}/"' in page and 'href="/c/someone-elses/"' in page
    assert page.count("you present") == 1
    assert other.seed == 1


async def test_every_new_cluster_gets_its_own_name_and_seed(async_client):
    for _ in range(3):
        await async_client.post("/clusters/new/", {"workers": "1", "timing": "classroom"})
    rows = [d async for d in ClusterDefinition.objects.all()]
    assert len({d.name for d in rows}) == 3 and len({d.seed for d in rows}) == 3


@pytest.mark.parametrize("workers", ["0", "11", "three", ""])
async def test_out_of_range_workers_are_refused_with_a_message(async_client, workers):
    response = await async_client.post("/clusters/new/", {"workers": workers, "timing": "classroom"})
    assert response.status_code == 400
    assert "Workers must be a whole number from 1 to 10." in response.content.decode()
    assert await ClusterDefinition.objects.acount() == 0


async def test_unknown_timing_is_refused(async_client):
    response = await async_client.post("/clusters/new/", {"workers": "3", "timing": "turbo"})
    assert response.status_code == 400 and "Timing must be one of" in response.content.decode()


async def test_a_post_without_the_csrf_token_is_refused():
    client = AsyncClient(enforce_csrf_checks=True)
    response = await client.post("/clusters/new/", {"workers": "3", "timing": "classroom"})
    assert response.status_code == 403
    assert await ClusterDefinition.objects.acount() == 0


async def test_the_form_carries_a_csrf_token_that_works():
    client = AsyncClient(enforce_csrf_checks=True)
    html = (await client.get("/")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert re.search(
        r"hx-headers='\{&quot;X-CSRFToken&quot;: &quot;[^&]+&quot;\}'|hx-headers='\{\"X-CSRFToken\"", html
    )
    response = await client.post(
        "/clusters/new/", {"workers": "3", "timing": "classroom", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 303


async def test_the_share_link_makes_a_viewer_and_opens_the_cluster(async_client):
    definition = await ClusterDefinition.objects.acreate(name="lesson", workers=1, seed=1)
    response = await async_client.get(f"/join/{definition.viewer_credential}/")
    assert (response.status_code, response["Location"]) == (303, "/c/lesson/")
    assert async_client.session["role:lesson"] == "viewer"
    assert (await async_client.get("/join/not-a-credential/")).status_code == 404


async def test_a_presenter_stays_presenter_when_opening_their_own_share_link(async_client):
    response = await async_client.post("/clusters/new/", {"workers": "1", "timing": "classroom"})
    name = response["Location"].split("/")[2]
    definition = await ClusterDefinition.objects.aget(name=name)
    await async_client.get(f"/join/{definition.viewer_credential}/")
    assert async_client.session[f"role:{name}"] == "presenter"


async def test_the_presenter_credential_hands_the_controls_to_another_device():
    definition = await ClusterDefinition.objects.acreate(name="handover", workers=1, seed=1)
    phone = AsyncClient()
    await phone.get(f"/join/{definition.presenter_credential}/")
    assert phone.session["role:handover"] == "presenter"


async def test_a_websocket_scope_has_the_role_of_its_session_cookie(async_client):
    definition = await ClusterDefinition.objects.acreate(name="ws-role", workers=1, seed=1)
    await async_client.get(f"/join/{definition.presenter_credential}/")
    cookie = async_client.cookies["sessionid"].value
    scope = {"headers": [(b"cookie", f"other=1; sessionid={cookie}".encode())]}
    assert await roles.role_for_scope(scope, "ws-role") == "presenter"
    assert await roles.role_for_scope(scope, "another-cluster") == "viewer"
    assert await roles.role_for_scope({"headers": []}, "ws-role") == "viewer"
    forged = {"headers": [(b"cookie", b"sessionid=eyJyb2xlOndzLXJvbGUiOiJwcmVzZW50ZXIifQ:forged:sig")]}
    assert await roles.role_for_scope(forged, "ws-role") == "viewer"


async def test_healthz_still_answers(async_client):
    assert (await async_client.get("/healthz")).content == b"ok"
