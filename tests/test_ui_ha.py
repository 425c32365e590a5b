"""A presenter breaks a highly available control plane from the page (real Chromium, Daphne).

The class creates a cluster with three control planes from ``/`` (classroom timing), sees
the masters behind their load balancer and who leads, stops the leading scheduler and
watches another master take the Lease over, then takes etcd's quorum away and back.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import expect

from tests.test_ui_controls import CONNECTED, deploy, set_speed

LEADER = "[data-state='leader']"
SCHEDULERS = ".component[data-component='kube-scheduler']"
MANAGERS = ".component[data-component='kube-controller-manager']"


async def new_ha_cluster(page: Any, base: str, *, control_planes: str = "3", workers: int = 2) -> str:
    await page.set_viewport_size({"width": 1280, "height": 720})
    await page.goto(f"{base}/")
    await page.get_by_label("Workers").fill(str(workers))
    await page.get_by_label("Control planes").select_option(control_planes)
    await page.get_by_role("button", name="New cluster").click()
    await page.wait_for_url(re.compile(r".*/c/[a-z0-9-]+/$"))
    await page.wait_for_selector(CONNECTED)
    return page.url.rstrip("/").rsplit("/", 1)[1]


async def test_three_masters_their_load_balancer_and_who_leads(page, live_server_url, console_errors):
    await new_ha_cluster(page, live_server_url)
    masters = page.locator("article.machine.cp.master")
    await expect(masters).to_have_count(3)
    await expect(page.locator("#component-load-balancer")).to_contain_text("3 of 3 apiservers in rotation")
    etcd_leader = page.locator(f".component[data-component='etcd']{LEADER}")
    await expect(etcd_leader).to_have_count(1)
    await expect(etcd_leader.locator(".mark")).to_have_text("leader")
    await expect(etcd_leader.locator(".detail")).to_have_text(re.compile(r"^term \d+ · rev \d+"))
    await expect(page.locator(f"{SCHEDULERS}{LEADER}")).to_have_count(1)
    await expect(page.locator(f"{MANAGERS}{LEADER}")).to_have_count(1)
    await expect(page.locator(f"{SCHEDULERS}[data-state='standby'] .mark")).to_have_text(["standby"] * 2)
    await expect(page.locator("#etcd-quorum")).to_be_hidden()

    # Stop the leading scheduler: another master's takes the Lease over.
    await set_speed(page, "5")
    old = await page.locator(f"{SCHEDULERS}{LEADER}").get_attribute("id")
    await page.locator(f"#{old}").get_by_role("button", name="Stop").click()
    await expect(page.locator(f"#{old}")).to_have_attribute("data-state", "stopped")
    new = page.locator(f"{SCHEDULERS}{LEADER}")
    await expect(new).to_have_count(1, timeout=15_000)
    node = (await new.get_attribute("id")).removeprefix("component-kube-scheduler-")
    assert f"component-kube-scheduler-{node}" != old
    await expect(new.locator("#scheduler-queue")).to_have_count(1)      # the queue follows the leader
    log = page.locator("#event-log")
    story = f"kube-scheduler@{node} became leader (lease kube-system/kube-scheduler, transition 1)"
    await expect(log).to_contain_text(story)
    await expect(log.locator(".reason", has_text="LeaderElected")).not_to_have_count(0)
    assert console_errors == []


async def test_etcd_without_quorum_refuses_a_deployment_until_its_members_are_back(page, live_server_url):
    await new_ha_cluster(page, live_server_url, workers=1)
    await set_speed(page, "5")
    for node in ("control-plane-1", "control-plane-2"):
        member = page.locator(f"#component-etcd-{node}")
        await member.get_by_role("button", name="Stop").click()
        await expect(member).to_have_attribute("data-state", "down")
    banner = page.locator("#etcd-quorum")
    await expect(banner).to_be_visible(timeout=10_000)
    await expect(banner).to_contain_text("etcd has no quorum (1 of 3 members reachable)")
    await expect(page.locator("#component-kube-apiserver-control-plane-3 .detail")).to_have_text(
        "etcd cannot answer: etcd has no quorum (1 of 3 members reachable)")
    await deploy(page, "web", "nginx", 2)
    await expect(page.locator("#deploy-feedback [data-outcome='error']")).to_contain_text(
        "etcdserver: request timed out")

    for node in ("control-plane-1", "control-plane-2"):
        await page.locator(f"#component-etcd-{node}").get_by_role("button", name="Start").click()
    await expect(banner).to_be_hidden(timeout=15_000)
    await expect(page.locator(f".component[data-component='etcd']{LEADER}")).to_have_count(1)
    await expect(page.locator("#component-load-balancer")).to_contain_text("3 of 3 apiservers in rotation")
