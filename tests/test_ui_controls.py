"""A presenter drives a live cluster from the page (real Chromium, Daphne subprocess).

Each test starts from ``/`` and clicks "New cluster" (classroom timing), as a new user
does, and then clicks what a person clicks, found by role and accessible name.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp
from playwright.async_api import expect

CONNECTED = "#connection[data-state='open']"
WEB_PODS = ".group [id^='pod-default-web-']"
RUNNING_WEB = ".group [id^='pod-default-web-'][data-phase='Running'][data-terminating='false']"


async def new_cluster(page: Any, base: str, *, workers: int = 3) -> str:
    """The new-user flow: ``/`` → "New cluster" → the cluster page, connected, as its presenter."""
    await page.set_viewport_size({"width": 1280, "height": 720})
    await page.goto(f"{base}/")
    await page.get_by_label("Workers").fill(str(workers))
    await page.get_by_role("button", name="New cluster").click()
    await page.wait_for_url(re.compile(r".*/c/[a-z0-9-]+/$"))
    await page.wait_for_selector(CONNECTED)
    return page.url.rstrip("/").rsplit("/", 1)[1]


async def deploy(page: Any, name: str, image: str, replicas: int) -> None:
    form = page.get_by_role("form", name="Deploy")
    await form.get_by_label("Name", exact=True).fill(name)
    await form.get_by_label("Image", exact=True).fill(image)
    await form.get_by_label("Replicas", exact=True).fill(str(replicas))
    await form.get_by_role("button", name="Deploy").click()


async def set_speed(page: Any, speed: str) -> None:
    await page.get_by_label("Speed", exact=True).select_option(speed)
    await expect(page.locator("#sim-clock")).to_have_attribute("data-speed", speed)


async def web_pods_by_node(page: Any, selector: str = RUNNING_WEB) -> dict[str, int]:
    nodes = await page.eval_on_selector_all(selector, "els => els.map(e => e.closest('article').id)")
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node] = counts.get(node, 0) + 1
    return counts


async def log_reasons(page: Any) -> list[str]:
    return await page.eval_on_selector_all("#event-log .reason", "els => els.map(e => e.textContent.trim())")


def in_order(seen: list[str], wanted: list[str], *, start: int = 0) -> bool:
    """Each wanted reason appears after the previous one (other lines in between are fine)."""
    at = start
    for reason in wanted:
        try:
            at = seen.index(reason, at) + 1
        except ValueError:
            return False
    return True


async def test_a_new_user_creates_a_cluster_and_deploys_six_pods(page, live_server_url, console_errors):
    await new_cluster(page, live_server_url)
    await expect(page.locator(".role-badge")).to_have_text("Presenter")
    await expect(page.locator("article.machine.cp[data-state='Ready']")).to_have_count(1)
    await expect(page.locator("article.machine.worker[data-state='Ready']")).to_have_count(3, timeout=15_000)
    for component in ("kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager"):
        await expect(page.locator(f"#component-{component}")).to_have_attribute("data-running", "true")
    await deploy(page, "web", "nginx", 6)
    await expect(page.locator("#deploy-feedback")).to_have_text("deployment.apps/web created")
    await expect(page.locator(RUNNING_WEB)).to_have_count(6, timeout=30_000)
    assert (
        "kubectl create deployment web --image=nginx --replicas=6"
        in await page.locator("#event-log").inner_text()
    )
    assert console_errors == []


async def test_a_bad_deployment_shows_the_apiservers_message_naming_the_field(page, live_server_url):
    await new_cluster(page, live_server_url, workers=1)
    await deploy(page, "Web_1", "nginx", 2)
    feedback = page.locator("#deploy-feedback [data-outcome='error']")
    await expect(feedback).to_contain_text('Deployment.apps "Web_1" is invalid: metadata.name: Invalid value')
    await deploy(page, "web", "nginx", -1)
    await expect(feedback).to_contain_text("spec.replicas: Invalid value: -1")


async def test_fail_node_and_raise_speed_tells_the_whole_story(page, live_server_url, console_errors):
    await new_cluster(page, live_server_url)
    await deploy(page, "web", "nginx", 6)
    await expect(page.locator(RUNNING_WEB)).to_have_count(6, timeout=30_000)
    spread = await web_pods_by_node(page)
    victim = max(sorted(spread), key=lambda node: spread[node])
    node = page.locator(f"#{victim}")
    log_before = len(await log_reasons(page))

    await node.get_by_role("button", name="Fail node").click()
    await expect(node.get_by_role("button", name="Recover node")).to_be_visible()
    await expect(node).to_have_attribute("data-powered", "false")
    await set_speed(page, "10")
    await expect(node).to_have_attribute("data-state", "Unknown", timeout=20_000)
    await expect(node.locator(".pod[data-terminating='true']").first).to_be_visible(timeout=20_000)

    async def replaced() -> bool:
        counts = await web_pods_by_node(page)
        return sum(n for name, n in counts.items() if name != victim) == 6

    for _ in range(100):
        if await replaced():
            break
        await asyncio.sleep(0.2)
    assert await replaced(), await web_pods_by_node(page)
    story = ["NodeNotReady", "TaintManagerEviction", "SuccessfulCreate", "Scheduled", "Pulled", "Started"]
    reasons = await log_reasons(page)
    assert in_order(reasons, story, start=log_before), reasons[log_before:]
    log = await page.locator("#event-log").inner_text()
    assert f"kubectl apply -f fault-{victim.removeprefix('node-')}-down.yaml" in log
    assert 'kubectl patch simulation cluster --type=merge -p \'{"spec":{"speed":10}}\'' in log
    assert console_errors == []


async def test_a_stopped_scheduler_leaves_a_deployment_pending_until_started(page, live_server_url):
    await new_cluster(page, live_server_url, workers=2)
    scheduler = page.locator("#component-kube-scheduler")
    await scheduler.get_by_role("button", name="Stop").click()
    await expect(scheduler).to_have_attribute("data-running", "false")
    await expect(scheduler.get_by_role("button", name="Start")).to_be_visible()
    await set_speed(page, "5")
    await deploy(page, "api", "nginx", 2)
    queue = page.locator("#scheduler-queue .queued")
    await expect(queue).to_have_count(2, timeout=15_000)
    await asyncio.sleep(1.5)  # several simulated seconds: still nobody binds them
    await expect(queue).to_have_count(2)
    assert await page.locator(".group [id^='pod-default-api-']").count() == 0
    await scheduler.get_by_role("button", name="Start").click()
    await expect(queue).to_have_count(0, timeout=15_000)
    await expect(page.locator(".group [id^='pod-default-api-'][data-phase='Running']")).to_have_count(
        2, timeout=15_000
    )


async def test_a_pod_deleted_while_the_controller_manager_is_down_is_replaced_only_after_start(
    page, live_server_url
):
    await new_cluster(page, live_server_url, workers=2)
    await set_speed(page, "5")
    await deploy(page, "web", "nginx", 3)
    await expect(page.locator(RUNNING_WEB)).to_have_count(3, timeout=30_000)
    manager = page.locator("#component-kube-controller-manager")
    await manager.get_by_role("button", name="Stop").click()
    await expect(manager).to_have_attribute("data-running", "false")
    victim = page.locator(RUNNING_WEB).first
    victim_id = await victim.get_attribute("id")
    await victim.get_by_role("button", name="Delete pod").click()
    await expect(page.locator(f"#{victim_id}")).to_have_count(0, timeout=20_000)
    await asyncio.sleep(2)  # ten simulated seconds: no ReplicaSet controller, no replacement
    await expect(page.locator(WEB_PODS)).to_have_count(2)
    await manager.get_by_role("button", name="Start").click()
    await expect(page.locator(RUNNING_WEB)).to_have_count(3, timeout=20_000)


async def test_a_viewer_through_the_share_link_watches_but_cannot_act(browser, page, live_server_url):
    name = await new_cluster(page, live_server_url, workers=2)
    await page.get_by_role("button", name="Share").click()
    panel = page.get_by_role("dialog", name="Share this cluster")
    link = await panel.get_by_label("Join link").input_value()
    assert re.fullmatch(rf"{re.escape(live_server_url)}/join/[-\w]+/", link)
    await expect(panel.locator("svg")).to_be_visible()
    await expect(panel).to_contain_text(f"kubectl --kubeconfig clusterviz-{name}-viewer.yaml get nodes")
    await expect(panel).to_contain_text(f"kubectl --kubeconfig clusterviz-{name}.yaml get nodes")

    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        viewer = await context.new_page()
        await viewer.goto(link)
        await viewer.wait_for_url(f"{live_server_url}/c/{name}/")
        await viewer.wait_for_selector(CONNECTED)
        await expect(viewer.locator(".role-badge")).to_have_text("Viewer")
        for label in ("Fail node", "Cordon", "Stop", "Deploy", "Pause", "Share", "Add node"):
            await expect(viewer.get_by_role("button", name=label)).to_have_count(0)

        await page.locator("#node-worker-1").get_by_role("button", name="Cordon").click()
        await expect(viewer.locator("#node-worker-1")).to_have_attribute(
            "data-cordoned", "true", timeout=2_000
        )

        token = next(c["value"] for c in await context.cookies() if c["name"] == "csrftoken")
        refused = await viewer.request.post(
            f"{live_server_url}/c/{name}/control/uncordon/",
            form={"node": "worker-1"},
            headers={"X-CSRFToken": token},
        )
        assert refused.status == 403
        close_code = await viewer.evaluate(
            """url => new Promise(done => {
            const socket = new WebSocket(url);
            socket.onopen = () => socket.send(JSON.stringify({action: "uncordon", node: "worker-1"}));
            socket.onclose = event => done(event.code);
        })""",
            f"{live_server_url.replace('http', 'ws')}/ws/clusters/{name}/",
        )
        assert close_code == 4403
        await asyncio.sleep(0.5)
        await expect(page.locator("#node-worker-1")).to_have_attribute("data-cordoned", "true")
    finally:
        await context.close()


async def test_posts_without_the_csrf_token_are_refused(page, live_server_url):
    name = await new_cluster(page, live_server_url, workers=1)
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    async with aiohttp.ClientSession(cookies={"sessionid": cookies["sessionid"]}) as session:
        async with session.post(f"{live_server_url}/c/{name}/control/pause/", data={}) as response:
            assert response.status == 403
    await expect(page.locator("#sim-clock")).to_have_attribute("data-paused", "false")


async def test_time_controls_pause_step_and_play(page, live_server_url):
    await new_cluster(page, live_server_url, workers=1)
    clock = page.locator("#sim-clock")
    clock_controls = page.locator("#ctl-time")     # the components' Pause buttons are elsewhere
    await clock_controls.get_by_role("button", name="Pause").click()
    await expect(clock).to_have_attribute("data-paused", "true")
    await expect(clock_controls.get_by_role("button", name="Pause")).to_have_count(0)
    before = await clock.inner_text()
    await page.get_by_role("button", name="Step").click()
    await expect(clock).not_to_have_text(before)
    await page.get_by_role("radio", name="kubernetes").check()
    await expect(clock).to_contain_text("kubernetes")
    await clock_controls.get_by_role("button", name="Play").click()
    await expect(clock).to_have_attribute("data-paused", "false")
    await page.get_by_role("button", name="Add node").click()
    await expect(page.locator("#node-worker-2")).to_have_attribute("data-state", "Ready", timeout=15_000)
    await page.get_by_role("button", name="Remove node").click()
    await expect(page.locator("#node-worker-2")).to_have_count(0, timeout=10_000)
