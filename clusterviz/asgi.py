"""ASGI entry point: ``daphne clusterviz.asgi:application``."""
from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterviz.settings")
# Set up Django (apps, models) before anything below imports consumers or models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from clusterviz.k8s.app import application as kubernetes_api  # noqa: E402
from clusterviz.routing import websocket_urlpatterns  # noqa: E402

K8S_PREFIX = "/k8s/"


async def http_app(scope, receive, send):
    """``/k8s/...`` is the Kubernetes API (a plain ASGI app on this loop); the rest is Django."""
    if scope["path"].startswith(K8S_PREFIX):
        await kubernetes_api(scope, receive, send)
    else:
        await django_asgi_app(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": http_app,
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)
