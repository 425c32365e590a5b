"""Who a person is to a cluster: its presenter or one of its viewers.

The creator of a cluster is its presenter, remembered in their session
(``role:<name>`` = ``presenter``); whoever opens the share link ``/join/<viewer
credential>/`` is a viewer; anyone else who finds the page watches as a viewer too.
Only a presenter may change the cluster, over HTTP or over the WebSocket.
"""

from __future__ import annotations

from collections.abc import Mapping
from http.cookies import CookieError, SimpleCookie
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest

PRESENTER = "presenter"
VIEWER = "viewer"
ROLES = (PRESENTER, VIEWER)


def session_key(cluster: str) -> str:
    return f"role:{cluster}"


def _role_of(value: Any) -> str:
    return PRESENTER if value == PRESENTER else VIEWER


async def role_for_request(request: HttpRequest, cluster: str) -> str:
    """The request's role for ``cluster``: presenter only if its session says so."""
    session = getattr(request, "session", None)
    if session is None:
        return VIEWER
    return _role_of(await session.aget(session_key(cluster)))


async def remember(request: HttpRequest, cluster: str, role: str) -> None:
    """Remember ``role`` for ``cluster`` in the session; a presenter never drops to viewer."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    key = session_key(cluster)
    if role == VIEWER and await request.session.aget(key) == PRESENTER:
        return
    await request.session.aset(key, role)


async def role_for_scope(scope: Mapping[str, Any], cluster: str) -> str:
    """A WebSocket's role for ``cluster``, from the same session cookie as its page.

    Uses ``scope["session"]`` when a session middleware put one there; otherwise reads the
    session cookie from the handshake's headers.
    """
    session = scope.get("session")
    if session is None:
        key = _session_cookie(scope)
        if not key:
            return VIEWER
        engine = import_module(settings.SESSION_ENGINE)
        session = engine.SessionStore(session_key=key)
    return _role_of(await session.aget(session_key(cluster)))


def _session_cookie(scope: Mapping[str, Any]) -> str | None:
    for name, value in scope.get("headers") or ():
        if name.lower() != b"cookie":
            continue
        try:
            cookie = SimpleCookie(value.decode("latin-1"))
        except CookieError:
            return None
        morsel = cookie.get(settings.SESSION_COOKIE_NAME)
        return morsel.value if morsel is not None else None
    return None
