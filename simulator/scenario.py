"""Scenario files: a cluster, timed steps (apply / delete), and how long to run.

```yaml
cluster: {workers: 3, timing: kubernetes, seed: 7}
steps:
  - at: 0
    apply: |
      <manifests>
  - at: 500
    delete: {apiVersion: sim.clusterviz.io/v1, kind: Fault, name: w1-down}
until: 900
```
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .apiserver.registry import resource_for
from .manifests import ManifestError, load_documents

CLUSTER_FIELDS = {"workers": int, "control_planes": int, "timing": str, "seed": int, "runtime": str}


class ScenarioError(ValueError):
    """A bad scenario file; the message names the step and field."""


@dataclass
class Step:
    at: float
    apply: list[dict[str, Any]] = field(default_factory=list)
    delete: dict[str, Any] | None = None


@dataclass
class Scenario:
    cluster: dict[str, Any]
    steps: list[Step]
    until: float


def parse(text: str) -> Scenario:
    try:
        docs = load_documents(text)
    except ManifestError as exc:
        raise ScenarioError(f"scenario: {exc}") from None
    if len(docs) != 1:
        raise ScenarioError("scenario: expected exactly one YAML document")
    doc = docs[0]
    unknown = set(doc) - {"cluster", "steps", "until"}
    if unknown:
        raise ScenarioError(f"scenario: unknown field {sorted(unknown)[0]!r} (expected cluster, steps, until)")
    cluster = _cluster(doc.get("cluster") or {})
    steps = [_step(i, raw) for i, raw in enumerate(_list(doc.get("steps", []), "steps"), start=1)]
    until = doc.get("until", max([s.at for s in steps], default=0.0))
    if not _number(until) or until < 0:
        raise ScenarioError(f"scenario: field 'until': must be a non-negative number of seconds, got {until!r}")
    return Scenario(cluster, sorted(steps, key=lambda s: s.at), float(until))


def _cluster(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ScenarioError("scenario: field 'cluster': must be a mapping")
    for name, value in raw.items():
        kind = CLUSTER_FIELDS.get(name)
        if kind is None:
            raise ScenarioError(f"cluster: unknown field {name!r} (expected {', '.join(CLUSTER_FIELDS)})")
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ScenarioError(f"cluster: field {name!r}: must be {kind.__name__}, got {value!r}")
    if raw.get("timing", "kubernetes") not in ("kubernetes", "classroom"):
        raise ScenarioError(f"cluster: field 'timing': must be kubernetes or classroom, got {raw['timing']!r}")
    if not 0 <= raw.get("workers", 3) <= 5000:
        raise ScenarioError("cluster: field 'workers': must be between 0 and 5000")
    return dict(raw)


def _step(index: int, raw: Any) -> Step:
    where = f"step {index}"
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: must be a mapping with 'at' and 'apply' or 'delete'")
    unknown = set(raw) - {"at", "apply", "delete"}
    if unknown:
        raise ScenarioError(f"{where}: unknown field {sorted(unknown)[0]!r} (expected at, apply, delete)")
    at = raw.get("at")
    if not _number(at) or at < 0:
        raise ScenarioError(f"{where}: field 'at': must be a non-negative number of seconds, got {at!r}")
    if ("apply" in raw) == ("delete" in raw):
        raise ScenarioError(f"{where}: needs exactly one of 'apply' or 'delete'")
    if "apply" in raw:
        return Step(float(at), apply=_manifests(where, raw["apply"]))
    return Step(float(at), delete=_delete(where, raw["delete"]))


def _manifests(where: str, raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, dict):
        docs = [raw]
    elif isinstance(raw, str):
        try:
            docs = load_documents(raw)
        except ManifestError as exc:
            raise ScenarioError(f"{where}: field 'apply': {exc}") from None
    else:
        raise ScenarioError(f"{where}: field 'apply': must be YAML text or a mapping")
    for i, doc in enumerate(docs, start=1):
        if resource_for(str(doc.get("apiVersion")), str(doc.get("kind"))) is None:
            raise ScenarioError(f"{where}: field 'apply': document {i}: unknown kind "
                                f"{doc.get('kind')!r} in apiVersion {doc.get('apiVersion')!r}")
    return docs


def _delete(where: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: field 'delete': must be a mapping with apiVersion, kind, name")
    for name in ("apiVersion", "kind", "name"):
        if not isinstance(raw.get(name), str) or not raw.get(name):
            raise ScenarioError(f"{where}: field 'delete.{name}': required")
    if resource_for(raw["apiVersion"], raw["kind"]) is None:
        raise ScenarioError(f"{where}: field 'delete.kind': unknown kind {raw['kind']!r} in {raw['apiVersion']!r}")
    return raw


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ScenarioError(f"scenario: field {name!r}: must be a list")
    return value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
