"""What a cluster is made of, stored; the running cluster itself lives in ``live``."""
from __future__ import annotations

from django.db import models


class Timing(models.TextChoices):
    # Real Kubernetes delays (40 s node-monitor grace, 5 min eviction) or shortened ones
    # that fit a lesson.
    KUBERNETES = "kubernetes", "Kubernetes"
    CLASSROOM = "classroom", "Classroom"


class ClusterDefinition(models.Model):
    """The recipe a live cluster is created from: same definition ⇒ same simulation."""

    name = models.SlugField(max_length=63, unique=True)
    workers = models.PositiveSmallIntegerField()
    control_planes = models.PositiveSmallIntegerField(default=1)
    timing = models.CharField(max_length=16, choices=Timing.choices, default=Timing.KUBERNETES)
    speed = models.FloatField(default=1.0)
    seed = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
