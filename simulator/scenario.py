"""Scenario files: a cluster, timed steps (apply / delete / add_node), and how long to run.

```yaml
cluster: {workers: 3, timing: kubernetes, seed: 7, runtime: containerd, runtimes: [cri-o, docker]}
steps:
  - at: 0
    apply: |
      <manifests>
  - at: 300
    add_node: {runtime: cri-o}     # kubeadm join of one more worker (runtime optional)
  - at: 500
    delete: {apiVersion: sim.clusterviz.io/v1, kind: Fault, name: w1-down}
until: 900
```

``runtime`` is every node's container runtime (containerd, cri-o or docker — Docker
Engine through cri-dockerd); ``runtimes`` overrides it for the workers in order (worker-1
gets the first), the rest keep ``runtime``. ``build_cluster`` makes such a mixed cluster.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .apiserver.registry import resource_for
from .manifests import ManifestError, load_documents

if TYPE_CHECKING:
    from .cluster import Cluster

CLUSTER_FIELDS = {"workers": int, "control_planes": int, "timing": str, "seed": int, "runtime": str,
                  "runtimes": list}
RUNTIMES = ("containerd", "cri-o", "docker")      # cri-o is CRI-O; docker is Docker Engine via cri-dockerd


class ScenarioError(ValueError):
    """A bad scenario file; the message names the step and field."""


@dataclass
class Step:
    at: float
    apply: list[dict[str, Any]] = field(default_factory=list)
    delete: dict[str, Any] | None = None
    add_node: dict[str, Any] | None = None


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
        raise ScenarioError(f"scenario: unknown field {sorted(unknown)[0]!r} "
                            "(expected cluster, steps, until)")
    cluster = _cluster(doc.get("cluster") or {})
    steps = [_step(i, raw) for i, raw in enumerate(_list(doc.get("steps", []), "steps"), start=1)]
    until = doc.get("until", max([s.at for s in steps], default=0.0))
    if not _number(until) or until < 0:
        raise ScenarioError("scenario: field 'until': must be a non-negative number of seconds, "
                            f"got {until!r}")
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
        raise ScenarioError("cluster: field 'timing': must be kubernetes or classroom, "
                            f"got {raw['timing']!r}")
    if not 0 <= raw.get("workers", 3) <= 5000:
        raise ScenarioError("cluster: field 'workers': must be between 0 and 5000")
    problem = runtime_problem(raw.get("runtime", "containerd"))
    if problem:
        raise ScenarioError(f"cluster: field 'runtime': {problem}")
    problem = runtimes_problem(raw.get("runtimes") or [], raw.get("workers", 3))
    if problem:
        raise ScenarioError(f"cluster: field 'runtimes': {problem}")
    return dict(raw)


def runtime_problem(name: Any) -> str:
    """Why ``name`` is no container runtime ("" when it is one)."""
    if name in RUNTIMES:
        return ""
    return f"unknown container runtime {name!r}: supported values: {', '.join(RUNTIMES)}"


def runtimes_problem(names: Sequence[Any], workers: int) -> str:
    """Why a per-worker runtime list cannot apply ("" when it can)."""
    if len(names) > workers:
        return f"lists {len(names)} runtimes for {workers} workers"
    return next((runtime_problem(name) for name in names if runtime_problem(name)), "")


def build_cluster(*, workers: int = 3, runtime: str = "containerd", runtimes: Sequence[str] = (),
                  settle: bool = True, **options: Any) -> Cluster:
    """``Cluster.create`` with a per-worker runtime mix: worker-i runs ``runtimes[i-1]`` (the
    rest, and the control plane, run ``runtime``)."""
    from .cluster import Cluster

    problem = runtime_problem(runtime) or runtimes_problem(runtimes, workers)
    if problem:
        raise ValueError(problem)
    return Cluster.create(workers=workers, runtime=runtime, runtimes=runtimes, settle=settle, **options)


def _step(index: int, raw: Any) -> Step:
    where = f"step {index}"
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: must be a mapping with 'at' and 'apply', 'delete' or 'add_node'")
    unknown = set(raw) - {"at", "apply", "delete", "add_node"}
    if unknown:
        raise ScenarioError(f"{where}: unknown field {sorted(unknown)[0]!r} "
                            "(expected at, apply, delete, add_node)")
    at = raw.get("at")
    if not _number(at) or at < 0:
        raise ScenarioError(f"{where}: field 'at': must be a non-negative number of seconds, got {at!r}")
    if sum(name in raw for name in ("apply", "delete", "add_node")) != 1:
        raise ScenarioError(f"{where}: needs exactly one of 'apply', 'delete' or 'add_node'")
    if "apply" in raw:
        return Step(float(at), apply=_manifests(where, raw["apply"]))
    if "add_node" in raw:
        return Step(float(at), add_node=_add_node(where, raw["add_node"]))
    return Step(float(at), delete=_delete(where, raw["delete"]))


def _add_node(where: str, raw: Any) -> dict[str, Any]:
    raw = {} if raw is None else raw
    if not isinstance(raw, dict) or set(raw) - {"runtime"}:
        raise ScenarioError(f"{where}: field 'add_node': must be a mapping with an optional 'runtime'")
    problem = runtime_problem(raw["runtime"]) if "runtime" in raw else ""
    if problem:
        raise ScenarioError(f"{where}: field 'add_node.runtime': {problem}")
    return dict(raw)


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
        raise ScenarioError(f"{where}: field 'delete.kind': unknown kind {raw['kind']!r} "
                            f"in {raw['apiVersion']!r}")
    return raw


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ScenarioError(f"scenario: field {name!r}: must be a list")
    return value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
