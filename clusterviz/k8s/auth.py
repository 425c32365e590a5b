"""Path credentials → the cluster and role they grant.

kubectl sends no bearer token over plain http (it drops a kubeconfig token there), so a
role's credential is part of the server URL. Each cluster has two random credentials:
the presenter's reads and writes, the viewer's only reads. A credential only ever opens
its own cluster: an unknown one is 401, whatever cluster name it comes with.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from channels.db import database_sync_to_async

from clusterviz.models import ClusterDefinition

PRESENTER = "presenter"
VIEWER = "viewer"
READ_METHODS = frozenset({"GET", "HEAD"})
POSITIVE_TTL = 60.0
NEGATIVE_TTL = 2.0


@dataclass(frozen=True)
class Grant:
    cluster: str
    role: str

    @property
    def can_write(self) -> bool:
        return self.role == PRESENTER


def _lookup(cluster: str, credential: str) -> Grant | None:
    row = (
        ClusterDefinition.objects.filter(name=cluster)
        .values_list("presenter_credential", "viewer_credential")
        .first()
    )
    if row is None:
        return None
    presenter, viewer = row
    # Both compared, in constant time: no timing hint about which role (if any) matched.
    is_presenter = secrets.compare_digest(credential, presenter or "")
    is_viewer = secrets.compare_digest(credential, viewer or "")
    if is_presenter:
        return Grant(cluster, PRESENTER)
    if is_viewer:
        return Grant(cluster, VIEWER)
    return None


class Credentials:
    """A small process-local cache in front of the database (one ORM hop per miss)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[Grant | None, float]] = {}

    async def grant(self, cluster: str, credential: str) -> Grant | None:
        key = (cluster, credential)
        hit = self._cache.get(key)
        now = time.monotonic()
        if hit is not None and hit[1] > now:
            return hit[0]
        found = await database_sync_to_async(_lookup)(cluster, credential)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = (found, now + (POSITIVE_TTL if found else NEGATIVE_TTL))
        return found

    def clear(self) -> None:
        self._cache.clear()


credentials = Credentials()
