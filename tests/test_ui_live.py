"""The live cluster page in real Chromium against a Daphne subprocess, driven by real kubectl.

One cluster for the module (classroom timing, speed 4); each test uses its own objects.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
from playwright.async_api import expect

from tests.conftest import ServerProcess
from tests.kubectl_helpers import ClusterInfo, Kubectl, create_cluster, kubectl_binary

CONNECTED = "#connection[data-state='open']"
XSS_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: markup
  annotations:
    note: "<img src=x onerror=window.__xss=1>"
spec:
  containers:
  - name: c
    image: "nginx<script>window.__xss=2</script>"
"""


@pytest.fixture(scope="module")
def cluster(daphne_server: ServerProcess) -> ClusterInfo:
    return create_cluster(daphne_server, "ui", workers=3, speed=4, timing="classroom")


@pytest.fixture(scope="module")
def kubectl(cluster: ClusterInfo, tmp_path_factory: pytest.TempPathFactory) -> Kubectl:
    return Kubectl(kubectl_binary("kubectl-1.32"), tmp_path_factory.mktemp("kubectl"), cluster)


@pytest.fixture
def url(cluster: ClusterInfo, live_server_url: str) -> Iterator[str]:
    yield f"{live_server_url}/c/{cluster.name}/"


async def run(kubectl: Kubectl, *args: str, stdin: str | None = None) -> str:
    return (await asyncio.to_thread(kubectl.run, *args, stdin=stdin)).stdout


async def open_page(page: Any, url: str) -> Any:
    await page.set_viewport_size({"width": 1280, "height": 720})
    await page.goto(url)
    await page.wait_for_selector(CONNECTED)
    return page


async def server_pods(kubectl: Kubectl, selector: str) -> set[str]:
    listing = json.loads(await run(kubectl, "get", "pods", "-l", selector, "-o", "json"))
    return {f"pod-default-{p['metadata']['name']}" for p in listing["items"]}


async def page_pods(page: Any, prefix: str) -> set[str]:
    return set(await page.eval_on_selector_all(f".group [id^='{prefix}']", "els => els.map(e => e.id)"))


async def converges(page: Any, kubectl: Kubectl, app: str, *, within: float = 20) -> set[str]:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        want, have = await server_pods(kubectl, f"app={app}"), await page_pods(page, f"pod-default-{app}-")
        if want == have and want:
            return have
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"diagram {sorted(have)} never matched the server's {sorted(want)}")
        await asyncio.sleep(0.3)


async def test_the_page_shows_the_architecture_and_a_deployment_coming_up(page, url, kubectl, console_errors):
    await open_page(page, url)
    await expect(page.locator(".machine.cp[data-state='Ready']")).to_have_count(1)
    await expect(page.locator(".machine.worker[data-state='Ready']")).to_have_count(3)
    for name in ("kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager"):
        await expect(page.locator(f"#component-{name}[data-running='true']")).to_be_visible()
    for node in ("worker-1", "worker-2", "worker-3"):
        for agent in ("kubelet", "kube-proxy", "containerd"):
            await expect(page.locator(f"#component-{agent}-{node}")).to_be_visible()
    await expect(page.locator(".group .pod").first).to_be_visible()           # coredns
    assert await page.get_attribute("#edge-kubelet-worker-1--kube-apiserver", "d") != "M0 0"
    # The wires' captions sit on their wires, inside the diagram, none over another (1280×720).
    boxes = await page.eval_on_selector_all(".edge-label", """els => els.map(e => {
        const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.top, r.right, r.bottom]; })""")
    assert {b[0] for b in boxes} >= {"only the apiserver talks to etcd", "watch pods · bind"}
    diagram = await page.locator("#diagram").bounding_box()
    for i, (text, left, top, right, bottom) in enumerate(boxes):
        assert diagram["x"] <= left and right <= diagram["x"] + diagram["width"] and top > diagram["y"], text
        for other, o_left, o_top, o_right, o_bottom in boxes[i + 1:]:
            assert right <= o_left or o_right <= left or bottom <= o_top or o_bottom <= top, (text, other)

    await run(kubectl, "create", "deployment", "web", "--image=nginx", "--replicas=6")
    running = page.locator(".group [id^='pod-default-web-'][data-phase='Running'][data-ready='true']")
    await expect(running).to_have_count(6, timeout=20_000)
    await expect(page.locator("#workloads")).to_contain_text("web 6/6 ready")
    await expect(page.locator("#event-log")).to_contain_text("Scheduled")
    await converges(page, kubectl, "web")
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280                                                   # nothing overflows the projector
    assert console_errors == []


async def test_a_second_viewer_sees_the_same_update_within_a_tick(browser, url, kubectl):
    pages = []
    for _ in range(2):
        context = await browser.new_context()
        pages.append(await open_page(await context.new_page(), url))
    watch = """() => new Promise(resolve => {
        const seen = () => document.querySelector(".group [id^='pod-default-twin-']");
        new MutationObserver((_, observer) => { if (seen()) { observer.disconnect(); resolve(Date.now()); } })
          .observe(document.getElementById("diagram").parentElement, {childList: true, subtree: true});
    })"""
    arrivals = [asyncio.ensure_future(p.evaluate(watch)) for p in pages]
    await asyncio.sleep(0.2)
    await run(kubectl, "create", "deployment", "twin", "--image=nginx", "--replicas=2")
    first, second = await asyncio.wait_for(asyncio.gather(*arrivals), timeout=20)
    assert abs(first - second) <= 150, f"second viewer {abs(first - second)} ms behind"
    assert await page_pods(pages[0], "pod-default-twin-") == await page_pods(pages[1], "pod-default-twin-")
    for p in pages:
        await p.context.close()


async def test_a_dropped_socket_reconnects_and_converges(page, url, kubectl, console_errors):
    await open_page(page, url)
    await run(kubectl, "create", "deployment", "drop", "--image=nginx", "--replicas=2")
    await converges(page, kubectl, "drop")
    await page.evaluate("ClusterViz.socket().close()")
    await expect(page.locator("#connection")).not_to_have_attribute("data-state", "open")
    await run(kubectl, "scale", "deployment", "drop", "--replicas=5")      # while nobody listens
    await page.wait_for_selector(CONNECTED, timeout=10_000)
    assert len(await converges(page, kubectl, "drop")) == 5
    assert console_errors == []


async def test_a_gap_in_frame_numbers_fetches_a_snapshot(page, url, kubectl):
    await open_page(page, url)
    await page.evaluate("""() => {
        window.__snapshots = 0;
        const socket = document.getElementById("cluster-page");
        const drop = e => { if (e.detail.message.startsWith('<div id="cv-frame"')) {
            e.preventDefault(); socket.removeEventListener("htmx:wsBeforeMessage", drop); } };
        socket.addEventListener("htmx:wsBeforeMessage", drop);
        document.addEventListener("htmx:wsAfterMessage", e => {
            if (e.detail.message.includes('data-snapshot="true"')) window.__snapshots += 1; });
    }""")
    await page.wait_for_function("window.__snapshots >= 1", timeout=10_000)
    await run(kubectl, "create", "deployment", "gap", "--image=nginx", "--replicas=3")
    await converges(page, kubectl, "gap")


async def test_markup_in_annotations_and_images_shows_as_text(page, url, kubectl, console_errors):
    await open_page(page, url)
    await run(kubectl, "apply", "-f", "-", stdin=XSS_POD)
    chip = page.locator("#pod-default-markup")
    await expect(chip).to_be_visible(timeout=15_000)
    assert "nginx<script>window.__xss=2</script>" in (await chip.get_attribute("title") or "")
    await chip.click()
    inspector = page.locator("#inspector")
    await expect(inspector.locator(".metadata")).to_be_attached()
    await inspector.locator(".metadata summary").click()
    await expect(inspector).to_contain_text("<img src=x onerror=window.__xss=1>")
    await expect(inspector).to_contain_text("nginx<script>window.__xss=2</script>")
    assert await page.evaluate("window.__xss") is None
    assert await page.locator("img[src='x']").count() == 0
    await run(kubectl, "delete", "pod", "markup", "--wait=false")
    assert [e for e in console_errors if "__xss" in e] == []


async def test_the_inspector_explains_and_shows_the_schedulers_table(page, url, kubectl):
    await open_page(page, url)
    await page.click("#component-kube-scheduler")
    await expect(page.locator("#inspector")).to_contain_text("assigns each one to a node")
    await run(kubectl, "create", "deployment", "peek", "--image=nginx", "--replicas=1")
    pod = page.locator(".group [id^='pod-default-peek-']")
    await expect(pod).to_have_count(1, timeout=15_000)
    await pod.click()
    table = page.locator("#inspector .decision-table")
    await expect(table).to_be_visible()
    await expect(table.locator("tbody tr")).to_have_count(4)              # every node was evaluated
    await expect(table.locator("tr[data-passed='false']")).to_contain_text("control-plane-1")
    await expect(page.locator("#inspector")).to_contain_text("Scheduler: placed on worker-")


async def test_the_event_log_filters_by_component(page, url, kubectl):
    await open_page(page, url)
    await run(kubectl, "create", "deployment", "filter", "--image=nginx", "--replicas=1")
    await expect(page.locator("#event-log li[data-component='kubelet']").first).to_be_attached(timeout=15_000)
    await page.select_option("#event-filter", "kube-scheduler")
    visible = await page.eval_on_selector_all(
        "#event-log li", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.component)")
    assert visible and set(visible) == {"kube-scheduler"}


async def test_a_websocket_from_a_foreign_origin_is_refused(cluster, live_server_url):
    ws_url = live_server_url.replace("http", "ws") + f"/ws/clusters/{cluster.name}/"
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(ws_url, origin="http://evil.example")
        async with session.ws_connect(ws_url, origin=live_server_url) as ws:
            message = await ws.receive(timeout=10)
            assert 'data-snapshot="true"' in message.data
