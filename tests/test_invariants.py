"""Hypothesis stateful test: random faults, applies, scales and deletes keep FIDELITY.md's invariants."""
from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from simulator import errors
from simulator.cluster import Cluster
from tests.simhelpers import deployment, fault, healthy, pods_of, run_until

APPS = ("alpha", "beta", "gamma")
NODES = ("worker-1", "worker-2", "worker-3")
FAULTS = ("NodeDown", "KubeletDown", "NetworkPartition", "ComponentDown")
COMPONENTS = ("kube-scheduler", "kube-controller-manager", "kube-apiserver", "etcd")


class ClusterMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.cluster = Cluster.create(seed=4, workers=3, timing="classroom", trace_keep=1000)
        self.replicas: dict[str, int] = {}
        self.faults: set[str] = set()
        self.bound: dict[str, str] = {}
        self.double_bind: list[str] = []
        self.last_rv = 0
        self.rv_regressions: list[tuple[int, int]] = []
        self.cluster.core.api.watch("pods", self._observe, resource_version=self.cluster.core.etcd.revision)

    def _observe(self, kind: str, pod: dict) -> None:
        rv = int(pod["metadata"]["resourceVersion"])
        if rv <= self.last_rv:
            self.rv_regressions.append((self.last_rv, rv))
        self.last_rv = rv
        uid, node = pod["metadata"]["uid"], pod["spec"].get("nodeName")
        if node:
            if self.bound.setdefault(uid, node) != node:
                self.double_bind.append(uid)

    def _try(self, fn, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        try:
            fn(*args, **kwargs)
        except errors.ApiError as exc:
            assert exc.code in (0, 404, 409, 500, 503), exc

    @rule(app=st.sampled_from(APPS), replicas=st.integers(0, 5))
    def apply_deployment(self, app: str, replicas: int) -> None:
        before = len(self.cluster.objects("deployments"))
        self._try(self.cluster.apply, deployment(app, replicas))
        if any(d["metadata"]["name"] == app for d in self.cluster.objects("deployments")):
            self.replicas[app] = next(d["spec"]["replicas"] for d in self.cluster.objects("deployments")
                                      if d["metadata"]["name"] == app)
        assert len(self.cluster.objects("deployments")) >= before

    @precondition(lambda self: bool(self.replicas))
    @rule(data=st.data())
    def delete_deployment(self, data: st.DataObject) -> None:
        app = data.draw(st.sampled_from(sorted(self.replicas)))
        self._try(self.cluster.delete, "deployments", app, namespace="default")
        if not any(d["metadata"]["name"] == app for d in self.cluster.objects("deployments")):
            self.replicas.pop(app)

    @precondition(lambda self: bool(self.replicas))
    @rule(data=st.data())
    def delete_a_pod(self, data: st.DataObject) -> None:
        pods = sorted(p["metadata"]["name"] for app in self.replicas for p in pods_of(self.cluster, app))
        if pods:
            self._try(self.cluster.delete, "pods", data.draw(st.sampled_from(pods)), namespace="default")

    @rule(kind=st.sampled_from(FAULTS), node=st.sampled_from(NODES), component=st.sampled_from(COMPONENTS))
    def inject_fault(self, kind: str, node: str, component: str) -> None:
        name = f"f{len(self.faults)}-{kind.lower()}"
        spec = {"component": component, "node": "control-plane-1"} if kind == "ComponentDown" else (
            {"nodes": [node]} if kind == "NetworkPartition" else {"node": node})
        self.cluster.apply(fault(name, kind, **spec))
        self.faults.add(name)

    @precondition(lambda self: bool(self.faults))
    @rule(data=st.data())
    def heal_fault(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.faults)))
        self.cluster.delete("faults", name)
        self.faults.discard(name)

    @rule(seconds=st.sampled_from([1.0, 5.0, 20.0]))
    def let_time_pass(self, seconds: float) -> None:
        self.cluster.advance(seconds)

    @rule()
    def two_writers_from_one_version(self) -> None:
        api = self.cluster.core.api
        try:
            current = api.get("configmaps", "race", namespace="default")
        except errors.ApiError as exc:
            if exc.code != 404:
                return
            self._try(api.create, "configmaps",
                      {"metadata": {"name": "race", "namespace": "default"}, "data": {}})
            return
        wins = 0
        self.rounds = getattr(self, "rounds", 0) + 1
        for writer in ("a", "b"):
            try:
                api.update("configmaps", dict(current, data={"writer": f"{writer}{self.rounds}"}))
                wins += 1
            except errors.ApiError as exc:
                assert exc.code in (0, 409, 500), exc
        assert wins <= 1

    @invariant()
    def a_pod_is_bound_at_most_once(self) -> None:
        assert not self.double_bind

    @invariant()
    def resource_versions_strictly_increase(self) -> None:
        assert not self.rv_regressions

    def teardown(self) -> None:
        """After all faults heal, every Deployment converges."""
        for name in sorted(self.faults):
            self.cluster.delete("faults", name)
        cluster = self.cluster
        for app, replicas in self.replicas.items():
            run_until(cluster, lambda app=app, replicas=replicas: len(healthy(cluster, app)) == replicas
                      and len(pods_of(cluster, app)) == replicas, limit=400, step=2.0)


ClusterMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=25, deadline=None,
                                            suppress_health_check=list(HealthCheck))
test_cluster_invariants = ClusterMachine.TestCase
