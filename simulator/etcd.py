"""etcd: a revisioned key-value store with watch history, compaction and leases.

resourceVersion in the API is the key's modification revision. History is kept for a
compaction window (the apiserver compacts every 5 minutes); a watch from an older
revision gets ``410 Gone``. This is the committed state machine; with several control-plane
nodes, ``etcd_raft.RaftGroup`` decides whether a write can commit (a leader with a quorum)
and replicates each committed change to the members' logs.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from . import errors
from .kernel import Kernel

COMPACTION_WINDOW = 300.0


@dataclass(slots=True)
class KeyValue:
    key: str
    value: Any
    create_revision: int
    mod_revision: int
    version: int
    lease: int = 0


@dataclass(frozen=True, slots=True)
class Change:
    revision: int
    time: float
    type: str  # "PUT" or "DELETE"
    key: str
    value: Any
    prev: Any


class Etcd:
    """A single etcd member's store (the quorum is modelled on top of this)."""

    def __init__(self, kernel: Kernel, *, compaction_window: float = COMPACTION_WINDOW,
                 name: str = "etcd") -> None:
        self.kernel = kernel
        self.name = name
        self.revision = 1
        self.compacted = 0
        self.up = True
        self._window = compaction_window
        self._buckets: dict[str, dict[str, KeyValue]] = {}
        self._history: deque[Change] = deque()
        self._leases: dict[int, tuple[float, set[str]]] = {}
        self._lease_ids = 0
        # A Raft group (etcd_raft.py) replicates each committed change; None = one member.
        self.on_commit: Any = None
        self.writable: Any = None

    # -- reads -----------------------------------------------------------------
    def get(self, key: str) -> KeyValue | None:
        self._check()
        return self._bucket(key).get(key)

    def range(self, prefix: str) -> list[KeyValue]:
        """Every live key under ``/registry/<resource>/[<namespace>/]``, in key order."""
        self._check()
        bucket = self._bucket(prefix)
        if prefix.count("/") <= 3:
            return [bucket[k] for k in sorted(bucket)]
        return [bucket[k] for k in sorted(bucket) if k.startswith(prefix)]

    def count(self, prefix: str) -> int:
        return len(self._bucket(prefix))

    def changes_since(self, revision: int) -> list[Change]:
        """Changes after ``revision``; Gone if it was compacted away."""
        self._check()
        if revision < self.compacted:
            raise errors.gone(f"too old resource version: {revision} ({self.compacted})")
        return [c for c in self._history if c.revision > revision]

    # -- writes ----------------------------------------------------------------
    def put(self, key: str, value: Any, *, expect_mod_revision: int | None = None,
            lease: int = 0) -> KeyValue:
        """Store ``value``; with ``expect_mod_revision`` it is a compare-and-swap txn."""
        self._check()
        bucket = self._bucket(key)
        prev = bucket.get(key)
        if expect_mod_revision is not None and (prev.mod_revision if prev else 0) != expect_mod_revision:
            raise CompareFailed(key)
        self.revision += 1
        rev = self.revision
        kv = KeyValue(key, value, prev.create_revision if prev else rev, rev,
                      prev.version + 1 if prev else 1, lease)
        bucket[key] = kv
        if lease:
            self._leases[lease][1].add(key)
        self._record(Change(rev, self.kernel.now, "PUT", key, value, prev.value if prev else None))
        if self.on_commit is not None:
            self.on_commit()
        return kv

    def delete(self, key: str, *, expect_mod_revision: int | None = None) -> KeyValue | None:
        self._check()
        bucket = self._bucket(key)
        prev = bucket.get(key)
        if prev is None:
            return None
        if expect_mod_revision is not None and prev.mod_revision != expect_mod_revision:
            raise CompareFailed(key)
        del bucket[key]
        self.revision += 1
        self._record(Change(self.revision, self.kernel.now, "DELETE", key, None, prev.value))
        if self.on_commit is not None:
            self.on_commit()
        return prev

    # -- leases ----------------------------------------------------------------
    def grant(self, ttl: float) -> int:
        """A lease that deletes its keys when it expires (Events live 1 h this way)."""
        self._lease_ids += 1
        lease_id = self._lease_ids
        self._leases[lease_id] = (self.kernel.now + ttl, set())
        self.kernel.call_later(ttl, self._expire, lease_id)
        return lease_id

    def _expire(self, lease_id: int) -> None:
        entry = self._leases.pop(lease_id, None)
        if entry is None:
            return
        if not self.up or (self.writable is not None and not self.writable()):
            # Only a leader with a quorum expires leases; retry once there is one.
            self._leases[lease_id] = entry
            self.kernel.call_later(1.0, self._expire, lease_id)
            return
        for key in sorted(entry[1]):
            kv = self._bucket(key).get(key)
            if kv is not None and kv.lease == lease_id:
                self.delete(key)

    # -- internals -------------------------------------------------------------
    def _check(self) -> None:
        if not self.up:
            raise errors.etcd_unavailable()

    def _bucket(self, key: str) -> dict[str, KeyValue]:
        resource = key.split("/", 3)[2]
        bucket = self._buckets.get(resource)
        if bucket is None:
            bucket = self._buckets[resource] = {}
        return bucket

    def _record(self, change: Change) -> None:
        history = self._history
        history.append(change)
        horizon = change.time - self._window
        while history and history[0].time < horizon:
            self.compacted = history.popleft().revision


class CompareFailed(Exception):
    """The txn's mod_revision comparison failed (the apiserver turns it into 409)."""
