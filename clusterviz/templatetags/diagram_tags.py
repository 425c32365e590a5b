"""``{% pod_chip pod %}``: the pod partial, in Python because a big cluster draws thousands."""
from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..diagram.render import pod_chip as render_pod_chip

register = template.Library()


@register.simple_tag(takes_context=True)
def pod_chip(context: Any, pod: Any) -> SafeString:
    cluster = context.get("cluster_name") or getattr(context.get("d"), "cluster", "")
    return mark_safe(render_pod_chip(pod, presenter=bool(context.get("is_presenter")), cluster=cluster))  # noqa: S308
