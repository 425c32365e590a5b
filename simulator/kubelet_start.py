"""How a pod worker starts containers: sandbox → [pull image] → create → start, one CRI call at a time.

Mirrors kuberuntime's SyncPod start path and its events (Pulling, Pulled, Created,
Started; Failed + BackOff for pulls that fail, the image back-off doubling). Each step
is a function of the worker; the runtime calls the next one back when its call is done.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .apiserver.defaults import image_pull_policy
from .images import Image, InvalidReference, go_duration, parse_reference
from .kubelet_status import NEVER, Slot, http_probe_period, readiness_delay
from .runtime import Container, PullOutcome, Sandbox
from .runtime_shell import program_for

if TYPE_CHECKING:
    from .kubelet_worker import PodWorker


def run_sandbox(w: PodWorker) -> None:
    w.busy = True
    host = bool((w.pod.get("spec") or {}).get("hostNetwork"))
    w.m.runtime.run_sandbox(w.uid, namespace=w.namespace, name=w.name, host_network=host,
                            callback=partial(_sandbox_ready, w))


def _sandbox_ready(w: PodWorker, box: Sandbox) -> None:
    if w.gone:
        return
    # No status write here: the kubelet syncs on through the pull; the IP shows with the next change.
    w.box, w.ip, w.busy = box, box.ip, False
    w.step()


def launch(w: PodWorker, slot: Slot) -> None:
    """Start (or restart) one container: its image first, as imagePullPolicy says."""
    text = slot.spec.get("image", "")
    try:
        ref = parse_reference(text)
    except InvalidReference as exc:
        message = f'Failed to apply default image tag "{text}": {exc}'
        slot.waiting("InvalidImageName", message)
        slot.retry_at = NEVER      # nothing changes until the spec does
        w.event("InspectFailed", message, warning=True)
        w.event("Failed", "Error: InvalidImageName", warning=True)
        w.m.mark_dirty(w)
        return
    runtime = w.m.runtime
    policy = slot.spec.get("imagePullPolicy") or image_pull_policy(text)
    present = runtime.image(ref)
    w.busy = True
    if policy == "Never" and present is None:
        message = f'Container image "{text}" is not present with pull policy of Never'
        _pull_failed(w, slot, "ErrImageNeverPull", message)
    elif present is not None and policy != "Always":
        w.event("Pulled", f'Container image "{text}" already present on machine')
        _create(w, slot, present)
    else:
        w.event("Pulling", f'Pulling image "{text}"')
        runtime.pull_image(ref, partial(_pulled, w, slot))


def _pulled(w: PodWorker, slot: Slot, outcome: PullOutcome) -> None:
    if w.gone:
        return
    text = slot.spec.get("image", "")
    if outcome.image is None:
        w.event("Failed", f'Failed to pull image "{text}": {outcome.error}', warning=True)
        _pull_failed(w, slot, "ErrImagePull", outcome.error)
        return
    slot.pull_backoff = 0.0
    w.event("Pulled", f'Successfully pulled image "{text}" in {go_duration(outcome.pull_seconds)} '
            f"({go_duration(outcome.total_seconds)} including waiting). "
            f"Image size: {outcome.image.size} bytes.")
    if w.terminating:
        w.busy = False
        w.step()
        return
    _create(w, slot, outcome.image)


def _pull_failed(w: PodWorker, slot: Slot, reason: str, message: str) -> None:
    timing = w.m.timing
    if slot.pull_backoff:
        slot.pull_backoff = min(slot.pull_backoff * 2, timing.image_pull_backoff_max)
    else:
        slot.pull_backoff = timing.image_pull_backoff_initial
    slot.waiting(reason, message)
    slot.errored_at, slot.retry_at = w.m.now, w.m.now + slot.pull_backoff
    w.event("Failed", f"Error: {reason}", warning=True)
    w.busy = False
    w.m.mark_dirty(w)
    w.step()


def _create(w: PodWorker, slot: Slot, image: Image) -> None:
    spec = slot.spec
    env = tuple((e.get("name", ""), str(e.get("value", "")))
                for e in spec.get("env") or [] if isinstance(e, dict))
    program = program_for(image.program, image.needs_env, tuple(spec.get("command") or ()),
                          tuple(spec.get("args") or ()), env)
    attempt = slot.restarts + 1 if slot.ever_ran else 0
    assert w.box is not None
    w.m.runtime.create_container(w.box, name=slot.name, image=image, program=program, attempt=attempt,
                                 probe_every=http_probe_period(spec), callback=partial(_created, w, slot))


def _created(w: PodWorker, slot: Slot, c: Container) -> None:
    if w.gone:
        return
    w.event("Created", f"Created container: {slot.name}")
    if w.terminating:
        w.m.runtime.stop_container(c, 0, None)
        w.busy = False
        w.step()
        return
    w.m.runtime.start_container(c, partial(_started, w, slot))


def _started(w: PodWorker, slot: Slot, c: Container) -> None:
    if w.gone:
        return
    timing = w.m.timing
    if slot.state == "terminated" and slot.cid:
        slot.remember_last()
    if slot.ever_ran:
        # A restart: the next crash waits twice as long (10 s, 20 s ... capped at 5 min).
        slot.restarts += 1
        slot.backoff = min(slot.backoff * 2, timing.crash_backoff_max) if slot.backoff \
            else timing.crash_backoff_initial
    slot.ever_ran, slot.cid, slot.state, slot.reason, slot.message = True, c.id, "running", "", ""
    slot.started_at, slot.image_name, slot.image_id = c.started_at, c.image.ref.name, c.image.id
    delay = readiness_delay(slot.spec)
    slot.ready_at, slot.ready = w.m.now + delay, delay == 0
    w.event("Started", f"Started container {slot.name}")
    w.busy = False
    w.m.mark_dirty(w)
    w.step()
