"""WebSocket routes (none yet: the status page polls over HTTP)."""
from __future__ import annotations

from typing import Any

websocket_urlpatterns: list[Any] = []
