from __future__ import annotations

from django.contrib import admin

from .models import ClusterDefinition


@admin.register(ClusterDefinition)
class ClusterDefinitionAdmin(admin.ModelAdmin):
    list_display = ["name", "workers", "control_planes", "timing", "speed", "seed", "created_at"]
