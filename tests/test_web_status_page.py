"""A person opens ClusterViz and watches the demo cluster run (real server, real browser)."""
from __future__ import annotations

from playwright.async_api import expect

NODE_NAMES = ["control-plane-1", "worker-1", "worker-2", "worker-3"]


async def swaps_seen(page) -> int:
    return await page.evaluate("window.__swaps")


async def test_status_page_shows_the_demo_cluster_running_live(page, console_errors, live_server_url):
    await page.goto(f"{live_server_url}/status/")
    await page.evaluate(
        "window.__swaps = 0; document.body.addEventListener('htmx:afterSwap', () => window.__swaps++)"
    )

    nodes = page.get_by_role("table", name="Nodes")
    for name in NODE_NAMES:
        await expect(nodes.get_by_role("rowheader", name=name, exact=True)).to_be_visible()

    pods = page.get_by_role("table", name="Pods")
    running_system_pods = pods.locator('tr[data-namespace="kube-system"][data-phase="Running"]')
    await expect(running_system_pods.first).to_be_visible(timeout=60_000)

    clock = page.locator("#sim-clock")
    before = float(await clock.get_attribute("data-sim-now"))
    swaps = await swaps_seen(page)
    await page.wait_for_function(f"window.__swaps >= {swaps + 2}", timeout=5_000)
    after = float(await clock.get_attribute("data-sim-now"))
    assert after > before

    scripts = await page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert scripts and all(src.startswith(live_server_url) for src in scripts)
    assert console_errors == []
