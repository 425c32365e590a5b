"""The in-browser kubectl console in real Chromium, checked against the real kubectl."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from typing import Any

from playwright.async_api import expect

from tests.kubectl_helpers import kubectl_binary
from tests.test_ui_controls import new_cluster


async def console(page: Any, line: str) -> str:
    """Type a command into the textbox labelled "kubectl", press Enter, return what it printed."""
    entries = page.locator("#console-output .kconsole-entry")
    before = await entries.count()
    box = page.get_by_role("textbox", name="kubectl")
    await box.fill(line)
    await box.press("Enter")
    await expect(entries).to_have_count(before + 1)
    await expect(box).to_have_value("")
    out = entries.nth(before).locator(".kconsole-out")
    return (await out.inner_text()).rstrip("\n") if await out.count() else ""


async def test_console_get_nodes_prints_what_the_real_kubectl_prints(page, live_server_url, tmp_path):
    name = await new_cluster(page, live_server_url, workers=3)
    await expect(page.locator("article.machine.worker[data-state='Ready']")).to_have_count(3, timeout=15_000)
    # A paused clock: both print the same AGE too, so the whole text can be compared.
    await page.locator("#ctl-time").get_by_role("button", name="Pause").click()
    await expect(page.locator("#sim-clock")).to_have_attribute("data-paused", "true")

    download = await page.request.get(f"{live_server_url}/c/{name}/kubeconfig/presenter/")
    assert download.ok
    config = tmp_path / f"clusterviz-{name}.yaml"
    config.write_bytes(await download.body())
    env = {**os.environ, "KUBECACHEDIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    real = await asyncio.to_thread(
        subprocess.run,
        [kubectl_binary("kubectl-1.32"), "--kubeconfig", str(config), "get", "nodes"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert real.returncode == 0, real.stderr

    printed = await console(page, "kubectl get nodes")
    assert printed.rstrip("\n") == real.stdout.rstrip("\n")
    assert re.match(r"NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n", printed)
    await expect(page.locator("#node-worker-2")).to_have_class(re.compile(r"\bcv-touched\b"))


async def test_console_run_creates_a_pod_that_appears_in_the_diagram(page, live_server_url, console_errors):
    await new_cluster(page, live_server_url, workers=2)
    assert await console(page, "kubectl run hello --image=nginx") == "pod/hello created"
    await expect(page.locator(".group #pod-default-hello[data-phase='Running']")).to_be_visible(
        timeout=20_000
    )
    assert "hello" in await console(page, "kubectl get pods")
    described = await console(page, "kubectl describe pod hello")
    assert described.startswith("Name:             hello\nNamespace:        default\n")
    assert await console(page, "kubectl get nope") == 'error: the server doesn\'t have a resource type "nope"'
    yaml_pod = (
        "kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pasted\nspec:\n  containers:\n"
        "  - name: c\n    image: busybox\n"
    )
    assert await console(page, yaml_pod) == "pod/pasted created"
    await expect(page.locator("#pod-default-pasted")).to_be_visible(timeout=20_000)
    assert "kubectl run hello --image=nginx" in await page.locator("#event-log").inner_text()
    assert console_errors == []


async def test_a_viewer_gets_a_read_only_console_refused_as_the_real_kubectl_is(
    browser, page, live_server_url, tmp_path, console_errors
):
    name = await new_cluster(page, live_server_url, workers=2)
    assert await console(page, "kubectl run hello --image=nginx") == "pod/hello created"
    hello = page.locator("#pod-default-hello[data-phase='Running']")
    await expect(hello).to_be_visible(timeout=20_000)
    await page.get_by_role("button", name="Share").click()
    link = await page.get_by_role("dialog", name="Share this cluster").get_by_label("Join link").input_value()

    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        viewer = await context.new_page()
        viewer.on("pageerror", lambda exc: console_errors.append(f"viewer: {exc}"))
        await viewer.goto(link)
        await viewer.wait_for_selector("#connection[data-state='open']")
        await expect(viewer.locator(".role-badge")).to_have_text("Viewer")
        await expect(viewer.locator("#console")).to_contain_text("viewers' read-only")

        nodes = await console(viewer, "kubectl get nodes")
        assert re.match(r"NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n", nodes) and "worker-2" in nodes

        # What the real kubectl prints with the viewers' kubeconfig, refused by the HTTP API.
        download = await viewer.request.get(f"{live_server_url}/c/{name}/kubeconfig/viewer/")
        config = tmp_path / "viewer.yaml"
        config.write_bytes(await download.body())
        env = {**os.environ, "KUBECACHEDIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}

        async def real(*args: str) -> str:
            done = await asyncio.to_thread(
                subprocess.run, [kubectl_binary("kubectl-1.32"), "--kubeconfig", str(config), *args],
                capture_output=True, text=True, env=env, timeout=60,
            )
            assert done.returncode == 1
            return done.stderr.rstrip("\n")

        refused = await console(viewer, "kubectl delete pod x")
        assert refused == (
            'Error from server (Forbidden): pods "x" is forbidden: User "viewer" cannot delete resource '
            '"pods" in API group "" in the namespace "default": the viewer credential is read-only'
        )
        assert refused == await real("delete", "pod", "x")
        assert await console(viewer, "kubectl delete pod hello") == await real("delete", "pod", "hello")
        entry = viewer.locator("#console-output .kconsole-entry").last
        await expect(entry).to_have_attribute("data-exit", "1")
        # Refused on the server: the pod lives on, in both pages and in the API.
        await asyncio.sleep(1.0)
        await expect(hello).to_be_visible()
        await expect(viewer.locator("#pod-default-hello[data-phase='Running']")).to_be_visible()
        assert "hello" in await console(viewer, "kubectl get pods")
    finally:
        await context.close()
    assert console_errors == []
