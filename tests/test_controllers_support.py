"""Stand-ins for the kubelet and the scheduler, so controller scenarios need only the core.

Not tests themselves: scenario modules import these helpers. The fakes act through the
apiserver as the real components would: a kubelet renews its Lease, posts its Ready
condition, starts pods (Running, Ready, an IP) and confirms deletions; a scheduler binds.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.controller_manager import KubeControllerManager
from simulator.core import Core, bootstrap_namespaces, build_core

Obj = dict[str, Any]
TEMPLATE_SPEC = {
    "containers": [{"name": "app", "image": "nginx:1.27", "ports": [{"name": "http", "containerPort": 80}]}]
}


def cluster(
    *, seed: int = 1, timing: str = "kubernetes", controllers: list[str] | None = None
) -> tuple[Core, Any, KubeControllerManager]:
    core = build_core(seed=seed, timing=timing)
    bootstrap_namespaces(core)
    kcm = KubeControllerManager(core, controllers=controllers)
    return core, core.client("test"), kcm


def node(
    name: str,
    *,
    zone: str | None = None,
    node_labels: dict[str, str] | None = None,
    taints: list[Obj] | None = None,
) -> Obj:
    all_labels = {"kubernetes.io/hostname": name, **(node_labels or {})}
    if zone:
        all_labels["topology.kubernetes.io/zone"] = zone
    obj: Obj = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": all_labels},
                "spec": {}}
    if taints:
        obj["spec"]["taints"] = taints
    return obj


def pod(name: str, *, pod_labels: dict[str, str], node_name: str | None = None,
        tolerations: list[Obj] | None = None, namespace: str = "default") -> Obj:
    spec: Obj = {"containers": [dict(TEMPLATE_SPEC["containers"][0])]}
    if node_name:
        spec["nodeName"] = node_name
    if tolerations is not None:
        spec["tolerations"] = tolerations
    return {"apiVersion": "v1", "kind": "Pod", "spec": spec,
            "metadata": {"name": name, "namespace": namespace, "labels": pod_labels}}


def template(app: str, image: str = "nginx:1.27") -> Obj:
    containers = [dict(TEMPLATE_SPEC["containers"][0], image=image)]
    return {"metadata": {"labels": {"app": app}}, "spec": {"containers": containers}}


def replicaset(name: str, replicas: int, app: str | None = None) -> Obj:
    app = app or name
    return {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": app}}, "template": template(app)},
    }


def deployment(
    name: str, replicas: int, *, strategy: Obj | None = None, image: str = "nginx:1.27", **extra: Any
) -> Obj:
    spec: Obj = {
        "replicas": replicas,
        "selector": {"matchLabels": {"app": name}},
        "template": template(name, image),
    }
    if strategy:
        spec["strategy"] = strategy
    spec.update(extra)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default"},
        "spec": spec,
    }


def ready_condition(stamp: str, status: str = "True") -> list[Obj]:
    return [
        {
            "type": "Ready",
            "status": status,
            "lastHeartbeatTime": stamp,
            "lastTransitionTime": stamp,
            "reason": "KubeletReady",
            "message": "kubelet is posting ready status",
        }
    ]


class FakeKubelets:
    """Kubelets of named nodes: Lease renewals, a Ready condition, pods started and stopped."""

    def __init__(self, core: Core, *, start_delay: float = 1.0, stop_delay: float = 1.0) -> None:
        self.core = core
        self.client = core.client("fake-kubelet")
        self.alive: set[str] = set()
        self.start_delay, self.stop_delay = start_delay, stop_delay
        self.renewals: dict[str, float] = {}
        self._ip = 10
        self._seen: set[str] = set()
        self.informers = core.informers("fake-kubelet")
        pods = self.informers.informer("pods")
        pods.add_handler(on_add=self._pod, on_update=lambda _o, n: self._pod(n))
        self.informers.start()

    def register(self, name: str, **node_kwargs: Any) -> None:
        self.client.create("nodes", node(name, **node_kwargs))
        self.client.patch_status("nodes", "", name, {"conditions": ready_condition(self.core.clock.now())})
        self.client.create(
            "leases",
            {
                "apiVersion": "coordination.k8s.io/v1",
                "kind": "Lease",
                "metadata": {"name": name, "namespace": "kube-node-lease"},
                "spec": {"holderIdentity": name, "leaseDurationSeconds": 40, "renewTime": self._micro()},
            },
        )
        self.renewals[name] = self.core.kernel.now
        self.alive.add(name)
        self.core.kernel.call_later(self.core.timing.lease_renew_interval, self._renew, name)

    def stop(self, name: str) -> None:
        self.alive.discard(name)

    def start(self, name: str) -> None:
        """The kubelet comes back: renews at once and reports Ready again."""
        if name in self.alive:
            return
        self.alive.add(name)
        self.client.patch_status("nodes", "", name, {"conditions": ready_condition(self.core.clock.now())})
        self._renew(name)

    def _micro(self) -> str:
        now = self.core.kernel.now
        return self.core.clock.at(now).replace("Z", f".{int((now % 1) * 1e6):06d}Z")

    def _renew(self, name: str) -> None:
        if name not in self.alive:
            return
        self.client.patch("leases", name, {"spec": {"renewTime": self._micro()}}, namespace="kube-node-lease")
        self.renewals[name] = self.core.kernel.now
        self.core.kernel.call_later(self.core.timing.lease_renew_interval, self._renew, name)

    def _pod(self, p: Obj) -> None:
        node_name = p["spec"].get("nodeName")
        if not node_name or node_name not in self.alive:
            return
        key = f"{p['metadata']['namespace']}/{p['metadata']['name']}/{p['metadata']['uid']}"
        if p["metadata"].get("deletionTimestamp"):
            if key + "/stop" not in self._seen:
                self._seen.add(key + "/stop")
                self.core.kernel.call_later(self.stop_delay, self._confirm_delete, p, node_name)
        elif key not in self._seen:
            self._seen.add(key)
            self.core.kernel.call_later(self.start_delay, self._run, p, node_name)

    def _run(self, p: Obj, node_name: str) -> None:
        if node_name not in self.alive:
            return
        self._ip += 1
        stamp = self.core.clock.now()
        try:
            self.client.patch_status(
                "pods",
                p["metadata"]["namespace"],
                p["metadata"]["name"],
                {
                    "phase": "Running",
                    "podIP": f"10.244.0.{self._ip % 250}",
                    "podIPs": [{"ip": f"10.244.0.{self._ip % 250}"}],
                    "conditions": [
                        {"type": "Ready", "status": "True", "lastTransitionTime": stamp},
                        {"type": "ContainersReady", "status": "True", "lastTransitionTime": stamp},
                    ],
                },
            )
        except Exception:  # noqa: BLE001 - the pod may be gone already
            pass

    def _confirm_delete(self, p: Obj, node_name: str) -> None:
        if node_name not in self.alive:
            return
        try:
            self.client.delete(
                "pods",
                p["metadata"]["name"],
                namespace=p["metadata"]["namespace"],
                grace_period_seconds=0,
                preconditions={"uid": p["metadata"]["uid"]},
            )
        except Exception:  # noqa: BLE001
            pass


class FakeScheduler:
    """Binds pending pods: a DaemonSet pod to its affinity node, others round robin."""

    def __init__(self, core: Core, nodes: Callable[[], list[str]], *, delay: float = 0.1) -> None:
        self.core = core
        self.client = core.client("fake-scheduler")
        self.nodes = nodes
        self.delay = delay
        self._next = 0
        self.informers = core.informers("fake-scheduler")
        self.informers.informer("pods").add_handler(on_add=self._pod)
        self.informers.start()

    def _pod(self, p: Obj) -> None:
        if not p["spec"].get("nodeName") and not p["metadata"].get("deletionTimestamp"):
            self.core.kernel.call_later(self.delay, self._bind, p)

    def _bind(self, p: Obj) -> None:
        target = _affinity_node(p)
        if target is None:
            candidates = self.nodes()
            if not candidates:
                return
            target = candidates[self._next % len(candidates)]
            self._next += 1
        try:
            self.client.bind(p["metadata"]["namespace"], p["metadata"]["name"], target)
        except Exception:  # noqa: BLE001
            pass


def _affinity_node(p: Obj) -> str | None:
    terms = (
        ((p["spec"].get("affinity") or {}).get("nodeAffinity") or {}).get(
            "requiredDuringSchedulingIgnoredDuringExecution"
        )
        or {}
    ).get("nodeSelectorTerms") or []
    for term in terms:
        for field in term.get("matchFields") or []:
            if field.get("key") == "metadata.name":
                return field["values"][0]
    return None


def pods(client: Any, *, app: str | None = None, namespace: str = "default") -> list[Obj]:
    items, _ = client.list("pods", namespace=namespace)
    return [p for p in items if app is None or p["metadata"].get("labels", {}).get("app") == app]


def events(client: Any, reason: str | None = None, namespace: str = "default") -> list[Obj]:
    items, _ = client.list("events", namespace=namespace)
    return [e for e in items if reason is None or e["reason"] == reason]


def set_ready(
    client: Any, p: Obj, ip: str, *, ready: bool = True, stamp: str = "2026-01-01T00:00:00Z"
) -> Obj:
    return client.patch_status(
        "pods",
        p["metadata"]["namespace"],
        p["metadata"]["name"],
        {
            "phase": "Running",
            "podIP": ip,
            "podIPs": [{"ip": ip}],
            "conditions": [
                {"type": "Ready", "status": "True" if ready else "False", "lastTransitionTime": stamp}
            ],
        },
    )


def run_until(core: Core, predicate: Callable[[], bool], *, limit: float, step: float = 0.05) -> float:
    """Advance the kernel in small steps until ``predicate`` holds; returns the time it did."""
    deadline = core.kernel.now + limit
    while core.kernel.now < deadline:
        if predicate():
            return core.kernel.now
        core.kernel.run(until=core.kernel.now + step)
    if predicate():
        return core.kernel.now
    raise AssertionError(f"condition not met within {limit}s")
