"""The status page against a fake cluster: full page, htmx partial, escaping."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def pod(namespace, name, *, node="worker-1", phase="Running"):
    return {
        "metadata": {"namespace": namespace, "name": name},
        "spec": {"nodeName": node},
        "status": {"phase": phase, "containerStatuses": [{"restartCount": 0}]},
    }


NODE = {
    "metadata": {"name": "worker-1", "labels": {}},
    "status": {
        "conditions": [{"type": "Ready", "status": "True"}],
        "nodeInfo": {"kubeletVersion": "v1.32.0"},
    },
}


async def test_full_page_loads_vendored_htmx_and_polls_the_partial(async_client, fake_registry):
    fake_registry.factory.nodes.append(NODE)
    response = await async_client.get("/status/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'rel="icon"' in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert 'hx-trigger="every 1s"' in html
    assert 'id="node-worker-1"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


async def test_htmx_request_gets_only_the_status_partial(async_client, fake_registry):
    response = await async_client.get("/status/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="cluster-status"')
    assert "<html" not in html


async def test_names_from_the_cluster_are_escaped(async_client, fake_registry):
    fake_registry.factory.pods.append(pod("default", '<img src=x onerror="alert(1)">'))
    html = (await async_client.get("/status/")).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


async def test_simulated_time_is_shown(async_client, fake_registry):
    await async_client.get("/status/")
    fake_registry.get("demo").cluster.now = 743.25
    html = (await async_client.get("/status/", headers={"HX-Request": "true"})).content.decode()
    assert 'data-sim-now="743.250"' in html and "t = 12m 23s" in html


async def test_favicon_and_stylesheet_are_served(async_client):
    for url in ["/static/favicon.svg", "/static/clusterviz/app.css"]:
        response = await async_client.get(url)
        assert response.status_code == 200, url


async def test_healthz(async_client):
    response = await async_client.get("/healthz")
    assert response.content == b"ok"
