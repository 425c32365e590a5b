"""WhiteNoise, made async-capable.

WhiteNoise 6 ships a sync-only middleware. In an ASGI stack Django adapts that with a
thread hop (sync_to_async) and a hop back (async_to_sync) on *every* request, static or
not. This subclass keeps non-static requests on the event loop and only moves the file
serving itself to a worker thread.
"""
from __future__ import annotations

from typing import Any

from asgiref.sync import markcoroutinefunction, sync_to_async
from whitenoise.middleware import WhiteNoiseMiddleware


class AsyncWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Any, *args: Any, **kwargs: Any) -> None:
        # Django hands an async get_response to a middleware that is only async-capable.
        super().__init__(get_response, *args, **kwargs)
        markcoroutinefunction(self)

    async def __call__(self, request: Any) -> Any:  # type: ignore[override]
        if self.autorefresh:
            static_file = await sync_to_async(self.find_file, thread_sensitive=False)(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is not None:
            return await sync_to_async(self.serve, thread_sensitive=False)(static_file, request)
        return await self.get_response(request)
