"""WebSocket routes: one live diagram stream per cluster."""
from __future__ import annotations

from django.urls import re_path

from .consumers import ClusterConsumer

websocket_urlpatterns = [
    re_path(r"^ws/clusters/(?P<name>[-a-zA-Z0-9_]{1,63})/$", ClusterConsumer.as_asgi()),
]
