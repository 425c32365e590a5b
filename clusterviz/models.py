"""What a cluster is made of, stored; the running cluster itself lives in ``live``."""
from __future__ import annotations

import secrets

from django.db import models


def new_credential() -> str:
    """A random path credential (kubectl sends no token over plain http: it travels in the URL)."""
    return secrets.token_urlsafe(18)


class Timing(models.TextChoices):
    # Real Kubernetes delays (40 s node-monitor grace, 5 min eviction) or shortened ones
    # that fit a lesson.
    KUBERNETES = "kubernetes", "Kubernetes"
    CLASSROOM = "classroom", "Classroom"


class Runtime(models.TextChoices):
    # The node's container runtime, as status.nodeInfo.containerRuntimeVersion names it.
    CONTAINERD = "containerd", "containerd"
    CRIO = "cri-o", "CRI-O"
    DOCKER = "docker", "Docker Engine (cri-dockerd)"


class ClusterDefinition(models.Model):
    """The recipe a live cluster is created from: same definition ⇒ same simulation."""

    name = models.SlugField(max_length=63, unique=True)
    workers = models.PositiveSmallIntegerField()
    control_planes = models.PositiveSmallIntegerField(default=1)
    timing = models.CharField(max_length=16, choices=Timing.choices, default=Timing.KUBERNETES)
    speed = models.FloatField(default=1.0)
    seed = models.BigIntegerField()
    # Every node's container runtime; ``worker_runtimes`` (comma-separated) overrides it for
    # worker-1, worker-2 ... in order.
    runtime = models.CharField(max_length=16, choices=Runtime.choices, default=Runtime.CONTAINERD)
    worker_runtimes = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Kubernetes API credentials, carried in the server URL /k8s/<name>/<credential>:
    # the presenter's may read and write, the viewer's may only read.
    presenter_credential = models.CharField(max_length=64, unique=True, default=new_credential)
    viewer_credential = models.CharField(max_length=64, unique=True, default=new_credential)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def runtimes(self) -> list[str]:
        """The per-worker runtimes, in worker order (may be shorter than ``workers``)."""
        return [name for name in self.worker_runtimes.split(",") if name]
