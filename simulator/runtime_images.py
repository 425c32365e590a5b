"""The runtime's CRI ImageService: the node's image store and its pulls.

Pulls run one at a time, as the kubelet's default ``serializeImagePulls: true`` makes
them; a pull's duration grows with the image's size (~40 MB/s ÷ ``runtime_speed``, a
little seeded jitter). The store is on disk: it survives a reboot.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .images import Image, ImageRef, PullError, go_duration, lookup, parse_reference

if TYPE_CHECKING:
    from .core import Core

NODE_STATUS_MAX_IMAGES = 50   # kubelet --node-status-max-images
PULL_BYTES_PER_SECOND = 40e6  # a registry pull over a good link, before runtime_speed
MANIFEST_SECONDS = 0.3        # resolving the reference: all an up-to-date image costs
FAILED_PULL_SECONDS = 0.6


@dataclass(frozen=True, slots=True)
class PullOutcome:
    image: Image | None
    error: str
    pull_seconds: float       # the pull itself
    total_seconds: float      # including the wait behind other pulls (serializeImagePulls)


class _PullJob:
    __slots__ = ("ref", "waiters", "cached")

    def __init__(self, ref: ImageRef, cached: bool) -> None:
        self.ref = ref
        self.cached = cached
        self.waiters: list[tuple[float, Callable[[PullOutcome], None]]] = []


class ImageService:
    def __init__(self, core: Core, *, emit: Callable[[str, str, str, str], None]) -> None:
        self.core = core
        self._emit = emit
        self.version = 0              # bumped on every change a node status would show
        self._images: dict[str, Image] = {}
        self._listing: list[dict[str, Any]] | None = None
        self._queue: deque[_PullJob] = deque()
        self._jobs: dict[str, _PullJob] = {}
        self._epoch = 0

    def preload(self, references: list[str]) -> None:
        """Images already on the machine (baked into the node image, or kubeadm's preflight pull)."""
        for text in references:
            self._store(lookup(parse_reference(text)))

    def has(self, ref: ImageRef) -> bool:
        return ref.name in self._images

    def get(self, ref: ImageRef) -> Image | None:
        return self._images.get(ref.name)

    def listing(self) -> list[dict[str, Any]]:
        """``node.status.images``: largest first, at most 50, as the kubelet reports them."""
        if self._listing is None:
            ordered = sorted(self._images.values(), key=lambda i: (-i.size, i.ref.name))
            self._listing = [i.status_entry() for i in ordered[:NODE_STATUS_MAX_IMAGES]]
        return self._listing

    def pull(self, ref: ImageRef, callback: Callable[[PullOutcome], None]) -> None:
        """Queue a pull; a second request for an image being pulled waits for the same pull."""
        job = self._jobs.get(ref.name)
        if job is None:
            job = self._jobs[ref.name] = _PullJob(ref, self.has(ref))
            self._queue.append(job)
            if len(self._queue) == 1:
                self._begin()
        job.waiters.append((self.core.kernel.now, callback))

    def abandon(self) -> None:
        """The machine went down: pulls in flight are lost (the store stays)."""
        self._epoch += 1
        self._queue.clear()
        self._jobs.clear()
        self.version += 1

    def _begin(self) -> None:
        job = self._queue[0]
        try:
            size = lookup(job.ref).size
            seconds = MANIFEST_SECONDS if job.cached else MANIFEST_SECONDS + size / PULL_BYTES_PER_SECOND
        except PullError:
            seconds = FAILED_PULL_SECONDS
        jitter = 1 + 0.1 * (2 * self.core.kernel.rng.random() - 1)
        seconds = seconds / self.core.timing.runtime_speed * jitter
        self.core.kernel.call_later(seconds, self._end, job, seconds, self._epoch)

    def _end(self, job: _PullJob, seconds: float, epoch: int) -> None:
        if epoch != self._epoch:
            return
        self._queue.popleft()
        del self._jobs[job.ref.name]
        name = job.ref.name
        try:
            image: Image | None = lookup(job.ref)
            error = ""
        except PullError as exc:
            image, error = None, str(exc)
        if image is not None:
            self._store(image)
            self._emit("pull", f"image {name}", f"pull image {name} ({image.size / 1e6:.1f} MB in "
                       f"{go_duration(seconds)})", "ImagePulled")
        else:
            self._emit("pull", f"image {name}", f"pull image {name} failed: not found", "ImagePullFailed")
        now = self.core.kernel.now
        if self._queue:
            self._begin()
        for requested, callback in job.waiters:
            callback(PullOutcome(image, error, seconds, now - requested))

    def _store(self, image: Image) -> None:
        self._images[image.ref.name] = image
        self.version += 1
        self._listing = None
