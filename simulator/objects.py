"""Small typed accessors over Kubernetes-shaped dicts.

Objects stay plain JSON-like dicts so every submitted field survives a round trip; the
simulation reads what it needs through these helpers. Objects handed out by the
apiserver and informers are shared: never mutate them, copy first (``deep_copy``).
"""
from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

Obj = dict[str, Any]


def meta(obj: Obj) -> Obj:
    return obj.get("metadata") or {}


def name(obj: Obj) -> str:
    return meta(obj).get("name", "")


def namespace(obj: Obj) -> str:
    return meta(obj).get("namespace", "")


def labels(obj: Obj) -> dict[str, str]:
    return meta(obj).get("labels") or {}


def annotations(obj: Obj) -> dict[str, str]:
    return meta(obj).get("annotations") or {}


def uid(obj: Obj) -> str:
    return meta(obj).get("uid", "")


def key(obj: Obj) -> str:
    """``namespace/name`` (or ``name`` for cluster-scoped objects), as client-go keys."""
    ns = namespace(obj)
    return f"{ns}/{name(obj)}" if ns else name(obj)


def resource_version(obj: Obj) -> int:
    return int(meta(obj).get("resourceVersion") or 0)


def deleting(obj: Obj) -> bool:
    return bool(meta(obj).get("deletionTimestamp"))


def owner_refs(obj: Obj) -> list[Obj]:
    return meta(obj).get("ownerReferences") or []


def controller_of(obj: Obj) -> Obj | None:
    """The ownerReference with ``controller: true``, if any."""
    for ref in owner_refs(obj):
        if ref.get("controller"):
            return ref
    return None


def spec(obj: Obj) -> Obj:
    return obj.get("spec") or {}


def status(obj: Obj) -> Obj:
    return obj.get("status") or {}


_ATOMIC = frozenset({str, int, float, bool, type(None)})


def deep_copy(obj: Any) -> Any:
    """Fast deep copy of JSON-shaped data (dicts, lists, scalars).

    On the hot path of every write: leaves are shared without a call per value.
    """
    kind = type(obj)
    if kind is dict:
        return {k: v if type(v) in _ATOMIC else deep_copy(v) for k, v in obj.items()}
    if kind is list:
        return [v if type(v) in _ATOMIC else deep_copy(v) for v in obj]
    if isinstance(obj, dict):
        return {k: deep_copy(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [deep_copy(v) for v in obj]
    return obj


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


def new_uid(rng: Any) -> str:
    """A UUIDv4 drawn from the seeded rng (never uuid4(): determinism)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# Mirrors k8s.io/apimachinery/pkg/util/rand: consonants and digits that never spell words.
_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"


def random_suffix(rng: Any, length: int = 5) -> str:
    return "".join(_ALPHANUMS[rng.randrange(len(_ALPHANUMS))] for _ in range(length))


def safe_encode(value: int) -> str:
    """rand.SafeEncodeString of a number, as pod-template-hash is written."""
    text = str(value)
    return "".join(_ALPHANUMS[ord(c) % len(_ALPHANUMS)] for c in text)


def fnv32a(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def template_hash(template: Obj, collision_count: int = 0) -> str:
    """pod-template-hash: FNV-32a of the template, safe-encoded (controller.ComputeHash)."""
    data = canonical_json(template).encode()
    if collision_count:
        data += str(collision_count).encode()
    return safe_encode(fnv32a(data))


class Clock:
    """Turns simulated seconds into RFC 3339 timestamps from a fixed epoch."""

    def __init__(self, kernel: Any, *, epoch: datetime) -> None:
        self._kernel = kernel
        self.epoch = epoch

    def at(self, seconds: float) -> str:
        moment = self.epoch + timedelta(seconds=int(seconds))
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def now(self) -> str:
        return self.at(self._kernel.now)

    def seconds(self, stamp: str) -> float:
        """Simulated seconds for an RFC 3339 timestamp written by ``at``."""
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return (moment - self.epoch).total_seconds()


DEFAULT_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def parse_cpu(value: Any) -> int:
    """CPU quantity → millicores."""
    if value is None:
        return 0
    text = str(value)
    if text.endswith("m"):
        return int(float(text[:-1]))
    return int(round(float(text) * 1000))


_MEM_SUFFIX = {
    "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "Ti": 1024**4, "Pi": 1024**5, "Ei": 1024**6,
    "k": 1000, "K": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4, "P": 1000**5, "E": 1000**6,
}


def parse_memory(value: Any) -> int:
    """Memory quantity → bytes."""
    if value is None:
        return 0
    text = str(value)
    for suffix in ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "K", "M", "G", "T", "P", "E"):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * _MEM_SUFFIX[suffix])
    if text.endswith("m"):
        return int(float(text[:-1]) / 1000)
    return int(float(text))
