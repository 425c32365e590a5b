"""Services traffic in the browser (real Chromium, Daphne subprocess): the Traffic panel's
controls and live counts, packets, kube-proxy's rules in the inspector, a viewer's view."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from playwright.async_api import expect

from tests.test_ui_controls import CONNECTED, RUNNING_WEB, deploy, new_cluster, set_speed
from tests.test_ui_controls_console import console

FLOW = "web-80-worker-1"


COUNTS_JS = """li => {
    const keys = ["sent", "succeeded", "failed"];
    const text = keys.map(k => +li.querySelector(`[data-count="${k}"] b`).textContent);
    return [text, keys.map(k => +li.dataset[k])];
}"""


async def counts(page: Any) -> tuple[int, int, int]:
    """(sent, succeeded, failed) as the flow's item on the page shows them (text and attributes)."""
    shown, attrs = await page.locator(f"#tf-{FLOW}").evaluate(COUNTS_JS)
    assert shown == attrs, (shown, attrs)
    return shown[0], shown[1], shown[2]


async def until(check: Any, *, within: float = 15.0) -> Any:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = await check()
        if value or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.2)


async def test_traffic_counts_a_pod_deletion_and_match_the_flows_status(
    browser, page, live_server_url, console_errors
):
    name = await new_cluster(page, live_server_url, workers=3)
    await set_speed(page, "5")
    await deploy(page, "web", "nginx", 3)
    await expect(page.locator(RUNNING_WEB)).to_have_count(3, timeout=20_000)
    assert await console(page, "kubectl expose deployment web --port 80") == "service/web exposed"

    async def endpoints_ready() -> bool:
        out = await console(page, "kubectl get endpoints web")
        return len(re.findall(r"10\.244\.\d+\.\d+:80", out)) == 3

    assert await until(endpoints_ready), "the Service's three endpoints"

    form = page.get_by_role("form", name="Traffic")
    await form.get_by_label("Service").select_option("default/web:80")
    await form.get_by_label("From node").select_option("worker-1")
    await form.get_by_label("Rate").fill("20")
    await expect(form.get_by_label("Via NodePort")).to_be_disabled()  # a ClusterIP Service
    await form.get_by_role("button", name="Start traffic").click()
    await expect(page.locator("#traffic-feedback")).to_have_text(
        f"trafficflow.sim.clusterviz.io/{FLOW} created"
    )
    flow = page.locator(f"#tf-{FLOW}")
    await expect(flow).to_contain_text("default/web:80")
    await expect(flow).to_contain_text("from worker-1")

    # A viewer joins: the counts, never the controls; a direct POST is refused.
    await page.get_by_role("button", name="Share").click()
    link = await page.get_by_role("dialog", name="Share this cluster").get_by_label("Join link").input_value()
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        viewer = await context.new_page()
        viewer.on("pageerror", lambda exc: console_errors.append(f"viewer: {exc}"))
        await viewer.goto(link)
        await viewer.wait_for_selector(CONNECTED)
        await expect(viewer.locator(f"#tf-{FLOW}")).to_be_visible()
        for label in ("Start traffic", "Stop traffic"):
            await expect(viewer.get_by_role("button", name=label)).to_have_count(0)
        await expect(viewer.get_by_role("form", name="Traffic")).to_have_count(0)
        token = next(c["value"] for c in await context.cookies() if c["name"] == "csrftoken")
        refused = await viewer.request.post(
            f"{live_server_url}/c/{name}/control/start-traffic/",
            form={"service": "default/web:80", "fromNode": "worker-2", "rate": "5"},
            headers={"X-CSRFToken": token},
        )
        assert refused.status == 403

        # Steady traffic: every request answered; packets fly from worker-1 to the pods.
        assert await until(lambda: _grown(page, 60)), await counts(page)
        assert (await counts(page))[2] == 0
        await expect(page.locator("#diagram .traffic-layer .tpkt").first).to_be_attached()
        viewer_sent = int(await viewer.locator(f"#tf-{FLOW}").get_attribute("data-sent") or 0)
        assert viewer_sent > 0

        # kube-proxy on worker-1 has just synced (the Service changed) when a web pod is deleted:
        # its next sync may come no sooner than 1 s later, and until then about a third of the
        # requests still go to the pod that stopped listening. (Paused, so it is the same instant.)
        clock_controls = page.locator("#ctl-time")
        await clock_controls.get_by_role("button", name="Pause").click()
        await expect(page.locator("#sim-clock")).to_have_attribute("data-paused", "true")
        assert (
            await console(page, "kubectl annotate service web demo=rules-synced") == "service/web annotated"
        )
        victim = page.locator(RUNNING_WEB).first
        victim_id = await victim.get_attribute("id")
        await victim.get_by_role("button", name="Delete pod").click()
        await expect(page.locator(f"#{victim_id}")).to_have_attribute("data-terminating", "true")
        _, ok_before, _ = await counts(page)
        await clock_controls.get_by_role("button", name="Play").click()

        assert await until(lambda: _failing(page)), await counts(page)
        # ...then kube-proxy drops the endpoint: the failures stop, the successes go on.
        failed = await until(lambda: _settled(page), within=10)
        assert failed, await counts(page)
        _, ok_then, failed_then = await counts(page)
        await asyncio.sleep(1.0)
        _, ok_now, failed_now = await counts(page)
        assert failed_now == failed_then and ok_now > ok_then > ok_before
        log = await page.locator("#event-log").inner_text()
        assert f"kubectl apply -f trafficflow-{FLOW}.yaml (worker-1 → default/web:80 at 20/s)" in log
        assert re.search(r"→ web \(10\.96\.\d+\.\d+:80\): \d+ ok, [1-9]\d* failed in \d+s \(last: ", log), log

        # Frozen clock: the page, `kubectl get tf` and the stored status say the same.
        await clock_controls.get_by_role("button", name="Pause").click()
        await expect(page.locator("#sim-clock")).to_have_attribute("data-paused", "true")
        await asyncio.sleep(0.3)
        sent, ok, bad = await counts(page)
        stored = json.loads(await console(page, f"kubectl get tf {FLOW} -o json"))["status"]
        assert (sent, ok, bad) == (stored["sent"], stored["succeeded"], stored["failed"])
        assert bad > 0 and sent == ok + bad
        row = (await console(page, "kubectl get tf")).splitlines()[1].split()
        assert row[0] == FLOW and [int(x) for x in row[4:7]] == [sent, ok, bad]
        assert await viewer.locator(f"#tf-{FLOW}").get_attribute("data-failed") == str(bad)
        await expect(flow.locator(".tf-error")).to_contain_text("dial tcp 10.96.")

        # kube-proxy's rules on worker-1, in the inspector.
        await page.locator("#component-kube-proxy-worker-1").click()
        rules = page.locator("#inspector pre.iptables")
        await expect(rules).to_contain_text("-A KUBE-SERVICES -d 10.96.")
        await expect(rules).to_contain_text('--comment "default/web cluster IP"')
        await expect(page.locator("#inspector")).to_contain_text("Last sync")
        assert await rules.evaluate("el => getComputedStyle(el).overflow") == "auto"

        await form.get_by_role("button", name="Stop traffic").click()
        await expect(page.locator("#traffic-feedback")).to_have_text(
            f'trafficflow.sim.clusterviz.io "{FLOW}" deleted'
        )
        await expect(flow).to_have_count(0)
        await expect(viewer.locator(f"#tf-{FLOW}")).to_have_count(0)
    finally:
        await context.close()
    assert console_errors == []


async def _grown(page: Any, at_least: int) -> bool:
    return (await counts(page))[1] >= at_least


async def _failing(page: Any) -> bool:
    return (await counts(page))[2] > 0


async def _settled(page: Any) -> bool:
    """The failed count held still for a wall second (five simulated ones) while requests went on."""
    sent, _, failed = await counts(page)
    await asyncio.sleep(1.0)
    sent_now, _, failed_now = await counts(page)
    return failed_now == failed and sent_now > sent


async def test_bad_traffic_input_shows_the_apiservers_422_and_add_node_runs_the_chosen_runtime(
    page, live_server_url
):
    await new_cluster(page, live_server_url, workers=1)
    form = page.get_by_role("form", name="Traffic")
    await form.get_by_label("Service").select_option("default/kubernetes:443")
    await form.get_by_label("Rate").fill("500")
    await form.get_by_role("button", name="Start traffic").click()
    feedback = page.locator("#traffic-feedback [data-outcome='error']")
    await expect(feedback).to_contain_text(
        'TrafficFlow.sim.clusterviz.io "kubernetes-443-worker-1" is invalid: spec.rate: Invalid value: 500'
    )
    await expect(page.locator("#traffic-flows > li")).to_have_count(0)

    from_node = form.get_by_label("From node")
    await from_node.select_option("control-plane-1")
    await page.get_by_label("Runtime", exact=True).select_option("cri-o")
    await page.get_by_role("button", name="Add node").click()
    worker = page.locator("#node-worker-2")
    await expect(worker).to_have_attribute("data-state", "Ready", timeout=15_000)
    await expect(worker.locator("#component-crio-worker-2")).to_have_text("crio")
    # The menu gained the new node and kept the person's choice.
    await expect(from_node.locator("option[value='worker-2']")).to_have_count(1)
    await expect(from_node).to_have_value("control-plane-1")
    assert "(new machine worker-2, runtime CRI-O)" in await page.locator("#event-log").inner_text()
