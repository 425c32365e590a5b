"""The container runtime on one machine (containerd / CRI-O / cri-dockerd), the CRI side.

It knows nothing of the API: the kubelet asks it to pull images, run pod sandboxes and
create/start/stop containers, and it calls back when each is done — or when a container
exits by itself. It runs on without its kubelet (KubeletDown) and without a network to
the control plane (NetworkPartition); only ``power_off`` ends its containers. Its image
store survives reboots, as /var/lib/containerd does.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .images import PAUSE_IMAGE, Image, ImageRef
from .objects import new_uid
from .runtime_images import ImageService, PullOutcome
from .runtime_model import STAGES, Container, HostLocalIPAM, Sandbox
from .runtime_programs import Program, fill, moment, render, timestamped

if TYPE_CHECKING:
    from .core import Core

__all__ = ["ContainerRuntime", "Container", "Sandbox", "PullOutcome", "KINDS"]

MAX_LOG_LINES = 1000          # what the runtime keeps of a container's log (a rotated file)
# name → (trace actor, node.status.nodeInfo.containerRuntimeVersion, containerID scheme)
KINDS = {"containerd": ("containerd", "containerd://1.7.24", "containerd"),
         "cri-o": ("crio", "cri-o://1.32.0", "cri-o"),
         "docker": ("cri-dockerd", "docker://27.4.1", "docker")}


class ContainerRuntime:
    def __init__(self, core: Core, *, node: str, kind: str = "containerd") -> None:
        if kind not in KINDS:
            supported = ", ".join(sorted(KINDS))
            raise ValueError(f'unknown container runtime "{kind}": supported values: {supported}')
        self.core, self.node, self.kind = core, node, kind
        name, self.version, self.scheme = KINDS[kind]
        self.actor, self.caller = f"{name}/{node}", f"kubelet/{node}"
        self.up = True
        self.boot_id = new_uid(core.kernel.rng)
        self.node_ip = ""
        self.on_exit: Callable[[Container], None] | None = None   # the kubelet's PLEG
        self.image_service = ImageService(core, emit=self._emit)
        self.ipam = HostLocalIPAM()
        self._sandboxes: dict[str, Sandbox] = {}
        self._containers: dict[str, Container] = {}
        self._signalled: dict[str, float] = {}   # container id → when it got a stop signal it handles
        self._epoch = 0
        self.image_service.preload([PAUSE_IMAGE])

    def update_runtime_config(self, *, pod_cidr: str, node_ip: str) -> None:
        """CRI UpdateRuntimeConfig: the kubelet hands the node's pod CIDR to the CNI plugin."""
        self.ipam.configure(pod_cidr)
        self.node_ip = node_ip

    # -- images (CRI ImageService) ---------------------------------------------------------
    @property
    def images_version(self) -> int:
        """Bumped on every pull, power-off and boot: the kubelet's cheap "did my status change?"."""
        return self.image_service.version

    def preload(self, references: list[str]) -> None:
        self.image_service.preload(references)

    def has_image(self, ref: ImageRef) -> bool:
        return self.image_service.has(ref)

    def image(self, ref: ImageRef) -> Image | None:
        return self.image_service.get(ref)

    def images(self) -> list[dict[str, Any]]:
        return self.image_service.listing()

    def pull_image(self, ref: ImageRef, callback: Callable[[PullOutcome], None]) -> None:
        self.image_service.pull(ref, callback)

    # -- sandboxes -------------------------------------------------------------------------
    def sandbox(self, uid: str) -> Sandbox | None:
        return self._sandboxes.get(uid)

    def sandboxes(self) -> list[Sandbox]:
        return list(self._sandboxes.values())

    def run_sandbox(self, uid: str, *, namespace: str, name: str, host_network: bool,
                    callback: Callable[[Sandbox], None]) -> None:
        """RunPodSandbox: the pause container and, through CNI, the pod's IP."""
        def done() -> None:
            box = self._sandboxes.get(uid)
            if box is None:
                ip = self.node_ip if host_network else self.ipam.allocate()
                box = self._sandboxes[uid] = Sandbox(uid, namespace, name, ip, host_network)
            self._emit("run", f"pod {namespace}/{name}", f"run pod sandbox {namespace}/{name} ({box.ip})",
                       STAGES["sandbox"].kind)
            callback(box)
        self._after("sandbox", done)

    def stop_sandbox(self, uid: str, callback: Callable[[], None] | None = None) -> None:
        """StopPodSandbox: what still runs is killed, the IP goes back; dead containers (and logs) stay."""
        def done() -> None:
            box = self._sandboxes.get(uid)
            if box is not None and box.ready:
                self._kill_all(box)
                box.ready = False
                self._emit("stop", f"pod {box.namespace}/{box.name}",
                           f"stop pod sandbox {box.namespace}/{box.name}", STAGES["stop"].kind)
            if callback is not None:
                callback()
        self._after("stop", done)

    def remove_sandbox(self, uid: str, callback: Callable[[], None] | None = None) -> None:
        """StopPodSandbox + RemovePodSandbox: the pod's containers and their logs are gone."""
        def done() -> None:
            box = self._sandboxes.pop(uid, None)
            if box is not None:
                self._kill_all(box)
                for c in box.containers:
                    self._containers.pop(c.id, None)
                self._emit("remove", f"pod {box.namespace}/{box.name}",
                           f"stop and remove pod sandbox {box.namespace}/{box.name}", STAGES["remove"].kind)
            if callback is not None:
                callback()
        self._after("remove", done)

    def _kill_all(self, box: Sandbox) -> None:
        for c in box.containers:
            if c.state == "running":
                if c.timer is not None:
                    c.timer.cancel()
                self._finish(c, 137, "Error", notify=False)
            elif c.state == "created":
                c.state = "exited"
        if not box.host_network:
            self.ipam.release(box.ip)

    # -- containers ------------------------------------------------------------------------
    def running_containers(self) -> list[Container]:
        return [c for c in self._containers.values() if c.state == "running"]

    def container(self, cid: str) -> Container | None:
        return self._containers.get(cid)

    def create_container(self, box: Sandbox, *, name: str, image: Image, program: Program, attempt: int,
                         probe_every: float, callback: Callable[[Container], None]) -> None:
        def done() -> None:
            if self._sandboxes.get(box.uid) is not box:
                return
            cid = f"{self.scheme}://{self.core.kernel.rng.getrandbits(256):064x}"
            c = Container(cid, box, name, image, program, attempt, self.core.kernel.now, probe_every)
            # Mirrors the kubelet's container GC: one dead container per name is kept (for --previous).
            dead = [old for old in box.containers if old.name == name and old.state == "exited"]
            for old in dead[:-1]:
                box.containers.remove(old)
                self._containers.pop(old.id, None)
            box.containers.append(c)
            self._containers[cid] = c
            self._emit("create", c.label, f"create container {name} in pod {box.namespace}/{box.name}",
                       STAGES["create"].kind)
            callback(c)
        self._after("create", done)

    def start_container(self, c: Container, callback: Callable[[Container], None]) -> None:
        def done() -> None:
            if self._containers.get(c.id) is not c or c.state != "created":
                return
            c.state, c.started_at = "running", self.core.kernel.now
            self._emit("start", c.label, f"start container {c.name} in pod {c.pod_namespace}/{c.pod_name}",
                       STAGES["start"].kind)
            program = c.program
            if program.exit_after is not None:
                reason = program.exit_reason or ("Completed" if program.exit_code == 0 else "Error")
                c.timer = self.core.kernel.call_later(program.exit_after, self._exit, c, program.exit_code,
                                                      reason, self._epoch)
            callback(c)
        self._after("start", done)

    def stop_container(self, c: Container, grace: float,
                       callback: Callable[[Container], None] | None) -> None:
        """The image's stop signal (SIGTERM; SIGQUIT for nginx), then SIGKILL when the grace period ends."""
        if c.state != "running":
            c.state = "exited" if c.state == "created" else c.state
            if callback is not None:
                self.core.kernel.call_later(0.0, callback, c)
            return
        graceful = c.program.stop_seconds
        if graceful is not None and graceful <= grace:
            seconds, code = graceful, 0
        else:
            seconds, code = max(grace, 0.0), 137
        c.waiter = callback
        if c.timer is not None and c.timer.time <= self.core.kernel.now + seconds:
            return      # it exits (by itself, or from an earlier signal) before this one would act
        if c.timer is not None:
            c.timer.cancel()
        if code == 0 and c.program.stop_lines:
            self._append(c, [(self.core.kernel.now + seconds, line) for line in c.program.stop_lines])
        if graceful is not None:
            self._signalled.setdefault(c.id, self.core.kernel.now)
        reason = "Completed" if code == 0 else "Error"
        c.timer = self.core.kernel.call_later(seconds, self._exit, c, code, reason, self._epoch, True)

    def kill(self, c: Container, *, exit_code: int = 1, reason: str = "Error") -> None:
        """The process died on its own (a crash injected from outside)."""
        if c.state == "running":
            if c.timer is not None:
                c.timer.cancel()
            self._exit(c, exit_code, reason, self._epoch)

    def _exit(self, c: Container, code: int, reason: str, epoch: int, stopped: bool = False) -> None:
        if epoch == self._epoch and c.state == "running":
            self._finish(c, code, reason, notify=not stopped)

    def accepting(self, c: Container) -> bool:
        """Does the process still accept new connections? Not once it has exited, nor once it
        got a stop signal it handles: a graceful shutdown starts by closing the listening
        sockets (nginx on SIGQUIT, most servers on SIGTERM). One that ignores SIGTERM (a shell
        as PID 1) serves on until the SIGKILL."""
        return c.state == "running" and c.id not in self._signalled

    def _finish(self, c: Container, code: int, reason: str, *, notify: bool) -> None:
        self._signalled.pop(c.id, None)
        c.state, c.exit_code, c.reason = "exited", code, reason
        c.finished_at, c.timer = self.core.kernel.now, None
        where = f"{c.name} of pod {c.pod_namespace}/{c.pod_name}"
        if notify:
            self.core.trace.emit(self.actor, self.caller, "exit", c.label,
                                 f"container {where} exited with code {code}", kind="ContainerExited")
        else:
            self._emit("stop", c.label, f"stop container {where} (exit code {code})", "ContainerStopped")
        waiter, c.waiter = c.waiter, None
        if waiter is not None:
            waiter(c)
        elif notify and self.on_exit is not None:
            self.on_exit(c)

    # -- logs ------------------------------------------------------------------------------
    def logs(self, cid: str, *, tail: int | None = None, timestamps: bool = False) -> list[str]:
        """The container's log: the program's lines up to now (or its exit), the last 1,000 at most."""
        c = self._containers.get(cid)
        if c is None or c.started_at is None or tail == 0:
            return []
        end = c.finished_at if c.finished_at is not None else self.core.kernel.now
        lines = render(c.program, started=c.started_at, end=end, limit=MAX_LOG_LINES,
                       probe_every=c.probe_every)
        if c.extra:
            lines = sorted(lines + [item for item in c.extra if item[0] <= end], key=lambda item: item[0])
        lines = lines[-min(tail or MAX_LOG_LINES, MAX_LOG_LINES):]
        context = {"ip": c.sandbox.ip, "host": c.sandbox.name, "gw": self.ipam.gateway,
                   "node_ip": self.node_ip}
        out = []
        for at, template in lines:
            when = moment(self.core.clock.epoch, at)
            text = fill(template, when, context)
            out.append(timestamped(when, text) if timestamps else text)
        return out

    def append_log(self, c: Container, text: str) -> None:
        """A line the process prints now (e.g. an access log line for a routed request)."""
        self._append(c, [(self.core.kernel.now, text)])

    def _append(self, c: Container, items: list[tuple[float, str]]) -> None:
        if c.extra is None:
            c.extra = deque(maxlen=MAX_LOG_LINES)
        c.extra.extend(items)

    # -- the machine -----------------------------------------------------------------------
    def power_off(self) -> None:
        """The machine is gone: every sandbox and container with it; the image store stays on disk."""
        self._epoch += 1
        self.up = False
        for c in self._containers.values():
            if c.timer is not None:
                c.timer.cancel()
        self._containers.clear()
        self._signalled.clear()
        self._sandboxes.clear()
        self.ipam.reset()
        self.image_service.abandon()
        self.core.trace.emit(self.actor, self.actor, "stop", f"node {self.node}",
                             f"{self.actor} stopped: the machine powered off", kind="RuntimeStopped")

    def power_on(self) -> None:
        if not self.up:
            self.up = True
            self.boot_id = new_uid(self.core.kernel.rng)
            self.image_service.version += 1

    # -- helpers ---------------------------------------------------------------------------
    def _after(self, stage: str, fn: Callable[[], None]) -> None:
        spec, timing = STAGES[stage], self.core.timing
        seconds = getattr(timing, spec.timing) / timing.runtime_speed
        seconds *= 1 + spec.jitter * (2 * self.core.kernel.rng.random() - 1)
        self.core.kernel.call_later(seconds, self._guarded, fn, self._epoch)

    def _guarded(self, fn: Callable[[], None], epoch: int) -> None:
        if epoch == self._epoch:
            fn()

    def _emit(self, verb: str, obj: str, message: str, kind: str) -> None:
        self.core.trace.emit(self.caller, self.actor, verb, obj, message, kind=kind)
