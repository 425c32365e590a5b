from __future__ import annotations

from django.apps import AppConfig


class ClusterVizConfig(AppConfig):
    name = "clusterviz"
    verbose_name = "ClusterViz"
    default_auto_field = "django.db.models.BigAutoField"
