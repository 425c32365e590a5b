"""The presenter's time controls follow the clock, whoever changed it (real Chromium, Daphne).

Speed, timing and Pause/Play are server-rendered (``#ctl-time``, swapped with the "sync"
style in the frame that carries the change): another presenter tab, the real kubectl and
the in-browser console all move every open page's controls within a tick or two.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from typing import Any

from playwright.async_api import expect

from tests.kubectl_helpers import kubectl_binary
from tests.test_ui_controls import CONNECTED, new_cluster
from tests.test_ui_controls_console import console

SOON = 1_500  # ms: a tick is 100 ms; the rest is the browser and a busy test machine


async def shows(page: Any, *, speed: str, timing: str, paused: bool) -> None:
    await expect(page.get_by_label("Speed", exact=True)).to_have_value(speed, timeout=SOON)
    await expect(page.get_by_role("radio", name=timing)).to_be_checked(timeout=SOON)
    visible, hidden = ("Play", "Pause") if paused else ("Pause", "Play")
    clock = page.locator("#ctl-time")      # kube-scheduler and kube-controller-manager have a Pause too
    await expect(clock.get_by_role("button", name=visible, exact=True)).to_be_visible(timeout=SOON)
    await expect(clock.get_by_role("button", name=hidden, exact=True)).to_have_count(0, timeout=SOON)


async def test_time_controls_follow_other_tabs_kubectl_and_the_console(page, live_server_url, tmp_path):
    name = await new_cluster(page, live_server_url, workers=1)
    other = await page.context.new_page()                # the same presenter, a second tab
    await other.set_viewport_size({"width": 1280, "height": 720})
    await other.goto(page.url)
    await other.wait_for_selector(CONNECTED)
    await shows(other, speed="1", timing="classroom", paused=False)

    # Another tab.
    await page.get_by_label("Speed", exact=True).select_option("5")
    await page.get_by_role("radio", name="kubernetes").check()
    await page.locator("#ctl-time").get_by_role("button", name="Pause", exact=True).click()
    await shows(other, speed="5", timing="kubernetes", paused=True)

    # The real kubectl, with the presenter's kubeconfig.
    download = await page.request.get(f"{live_server_url}/c/{name}/kubeconfig/presenter/")
    config = tmp_path / "presenter.yaml"
    config.write_bytes(await download.body())
    env = {**os.environ, "KUBECACHEDIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    patch = '{"spec":{"timing":"classroom","speed":2,"paused":false}}'
    done = await asyncio.to_thread(
        subprocess.run,
        [kubectl_binary("kubectl-1.32"), "--kubeconfig", str(config), "patch", "simulation", "cluster",
         "--type", "merge", "-p", patch],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.stdout == "simulation.sim.clusterviz.io/cluster patched\n", done.stderr
    patched = time.monotonic()
    for tab in (page, other):
        await shows(tab, speed="2", timing="classroom", paused=False)
    assert time.monotonic() - patched < 2.0

    # The in-browser console; a speed that is not on the menu gets its own choice.
    line = "kubectl patch simulation cluster --type merge -p '{\"spec\":{\"speed\":4}}'"
    assert await console(page, line) == "simulation.sim.clusterviz.io/cluster patched"
    await shows(other, speed="4", timing="classroom", paused=False)
    await expect(other.locator("#sim-clock")).to_have_attribute("data-speed", "4")

    # A menu the person is using is left alone, then catches up once they let go of it.
    menu = other.get_by_label("Speed", exact=True)
    await menu.focus()
    await menu.press("Shift")
    await page.get_by_label("Speed", exact=True).select_option("20")
    await expect(other.locator("#sim-clock")).to_have_attribute("data-speed", "20", timeout=SOON)
    assert await menu.input_value() == "4"
    await expect(menu).to_have_value("20", timeout=6_000)
    await other.close()
