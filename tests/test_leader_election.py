"""Leader election of kube-scheduler and kube-controller-manager through Leases (client-go semantics).

Single-control-plane clusters; a second (or third) instance of a component is started by hand
on the same core, with its own actor and identity host, as an HA cluster's bootstrap does.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from simulator import errors
from simulator.apiserver.server import Fence
from simulator.cluster import Cluster
from simulator.controller_manager import KubeControllerManager
from simulator.core import bootstrap_namespaces, build_core
from simulator.leader_election import JITTER_FACTOR, LeaderElector, Process
from simulator.profiles import CLASSROOM, KUBERNETES
from simulator.scheduler.kube_scheduler import KubeScheduler
from tests.simhelpers import deployment, fault, healthy, pods_of, run_until

MICRO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
IDENTITY = re.compile(rf"^control-plane-1_{UUID}$")


def lease(cluster: Cluster, name: str) -> dict[str, Any]:
    return next(o for o in cluster.objects("leases", namespace="kube-system")
                if o["metadata"]["name"] == name)


def extra_scheduler(cluster: Cluster, host: str, *, start: bool = True) -> KubeScheduler:
    core = cluster.core
    actor = f"kube-scheduler@{host}"
    sched = KubeScheduler(kernel=core.kernel, client=core.client(actor), informers=core.informers(actor),
                          trace=core.trace, timing=core.timing, clock=core.clock, identity_host=host)
    if start:
        sched.start()
    return sched


def extra_kcm(cluster: Cluster, host: str) -> KubeControllerManager:
    kcm = KubeControllerManager(cluster.core, name=f"kube-controller-manager@{host}", identity_host=host)
    kcm.start()
    return kcm


def sets_name(cluster: Cluster) -> str:
    return cluster.objects("replicasets", namespace="default")[0]["metadata"]["name"]


def trace_of(cluster: Cluster, kind: str) -> list[Any]:
    return [e for e in cluster.core.trace.since(0) if e.kind == kind]


def pod(name: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}


def test_a_single_control_plane_holds_both_leases_and_still_schedules() -> None:
    cluster = Cluster.create(seed=3, workers=2)
    sched, kcm = cluster.components["kube-scheduler@control-plane-1"], \
        cluster.components["kube-controller-manager@control-plane-1"]
    for name, component in (("kube-scheduler", sched), ("kube-controller-manager", kcm)):
        spec = lease(cluster, name)["spec"]
        assert IDENTITY.match(spec["holderIdentity"]), spec
        assert spec["holderIdentity"] == component.elector.identity
        assert spec["leaseDurationSeconds"] == 15 and spec["leaseTransitions"] == 0
        assert MICRO_TIME.match(spec["acquireTime"]) and MICRO_TIME.match(spec["renewTime"])
        assert spec["renewTime"] > spec["acquireTime"]        # renewed every RetryPeriod since
        assert component.is_leader and component.elector.state == "leading"
        assert cluster.core.api.fences[name] == Fence("kube-system", name, spec["holderIdentity"], 0)
    elected = [e.message for e in trace_of(cluster, "LeaderElected")]
    assert elected == [
        "kube-controller-manager@control-plane-1 became leader (lease kube-system/kube-controller-manager, "
        "transition 0)",
        "kube-scheduler@control-plane-1 became leader (lease kube-system/kube-scheduler, transition 0)"]
    events = {e["involvedObject"]["name"]: e for e in cluster.objects("events", namespace="kube-system")
              if e["reason"] == "LeaderElection"}
    assert events["kube-scheduler"]["message"] == f"{sched.elector.identity} became leader"
    assert events["kube-scheduler"]["involvedObject"]["kind"] == "Lease"
    assert events["kube-scheduler"]["source"]["component"] == "default-scheduler"
    assert events["kube-controller-manager"]["source"]["component"] == "kube-controller-manager"
    # The leader renews every RetryPeriod (2 s): the lock's renewTime keeps up with the clock.
    renewed = sched.elector.renewed_at
    cluster.advance(2.0)
    assert sched.elector.renewed_at == pytest.approx(renewed + 2.0)
    cluster.apply(deployment("web", 3))
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 3, limit=60)


def test_a_standby_scheduler_takes_over_after_the_lease_expires_and_binds_each_pod_once() -> None:
    cluster = Cluster.create(seed=5, workers=3)
    leader = cluster.components["kube-scheduler@control-plane-1"]
    standby = extra_scheduler(cluster, "control-plane-2")
    cluster.advance(10.0)
    assert leader.is_leader and not standby.is_leader and standby.running
    assert standby.elector.state == "standby" and standby.elector.holder == leader.elector.identity
    assert standby.pending() == [] and "kube-scheduler@control-plane-2" not in cluster.core.api.fences

    cluster.apply(fault("sched", "ComponentDown", component="kube-scheduler", node="control-plane-1"))
    last_renew = leader.elector.renewed_at
    assert leader.elector.state == "stopped" and "kube-scheduler" not in cluster.core.api.fences
    # A killed process cannot release its lock.
    assert lease(cluster, "kube-scheduler")["spec"]["holderIdentity"] == leader.elector.identity
    cluster.apply(deployment("web", 6))
    cluster.advance(5.0)
    assert all(not p["spec"].get("nodeName") for p in pods_of(cluster, "web")), "nobody leads: pods wait"
    took_over = run_until(cluster, lambda: standby.is_leader, limit=60, step=0.1)
    elected = trace_of(cluster, "LeaderElected")[-1]
    assert elected.actor == "kube-scheduler@control-plane-2"
    assert elected.message == ("kube-scheduler@control-plane-2 became leader "
                               "(lease kube-system/kube-scheduler, transition 1)")
    # Expiry is judged from when the standby saw the last renewal (at most one jittered poll after
    # it), then up to one more jittered poll: LeaseDuration + 2 × RetryPeriod × (1 + 1.2).
    retry = KUBERNETES.leader_retry_period * (1 + JITTER_FACTOR)
    duration = KUBERNETES.leader_lease_duration
    assert duration < elected.t - last_renew <= duration + 2 * retry
    assert took_over - elected.t < 0.1 + 1e-9
    spec = lease(cluster, "kube-scheduler")["spec"]
    assert spec["holderIdentity"].startswith("control-plane-2_") and spec["leaseTransitions"] == 1
    run_until(cluster, lambda: len(healthy(cluster, "web")) == 6, limit=120)
    binds = [e for e in trace_of(cluster, "PodBound") if "web-" in e.object]
    per_pod = Counter(e.object for e in binds)
    assert len(per_pod) == 6 and set(per_pod.values()) == {1}
    assert {e.actor for e in binds} == {"kube-scheduler@control-plane-2"}

    # The old scheduler comes back as a standby: it waits, it does not take the lock back.
    cluster.delete("faults", "sched")
    cluster.advance(30.0)
    assert standby.is_leader and not leader.is_leader and leader.elector.state == "standby"
    assert lease(cluster, "kube-scheduler")["spec"]["leaseTransitions"] == 1


def test_a_standby_controller_manager_takes_over_and_honours_a_scale_made_meanwhile() -> None:
    cluster = Cluster.create(seed=6, workers=3)
    cluster.apply(deployment("api", 3))
    run_until(cluster, lambda: len(healthy(cluster, "api")) == 3, limit=120)
    leader = cluster.components["kube-controller-manager@control-plane-1"]
    standby = extra_kcm(cluster, "control-plane-2")
    cluster.advance(5.0)
    assert leader.is_leader and not standby.is_leader and standby.elector.state == "standby"

    cluster.apply(fault("kcm", "ComponentDown", component="kube-controller-manager", node="control-plane-1"))
    cluster.core.api.patch("deployments", "api", {"spec": {"replicas": 6}}, namespace="default",
                           actor="kubectl")
    cluster.advance(10.0)
    assert len(pods_of(cluster, "api")) == 3, "nobody leads: the scale waits"
    run_until(cluster, lambda: standby.is_leader, limit=60)
    assert lease(cluster, "kube-controller-manager")["spec"]["leaseTransitions"] == 1
    run_until(cluster, lambda: len(healthy(cluster, "api")) == 6, limit=120)
    cluster.delete("faults", "kcm")     # the old one returns, as a standby
    cluster.advance(60.0)
    assert not leader.is_leader and leader.running and standby.is_leader
    assert len(pods_of(cluster, "api")) == 6
    sets = cluster.objects("replicasets", namespace="default")
    assert len(sets) == 1 and sets[0]["spec"]["replicas"] == 6 and sets[0]["status"]["replicas"] == 6
    created = [e for e in trace_of(cluster, "PodCreated") if "api-" in e.object]
    assert len(created) == 6 and Counter(e.actor for e in created) == {
        "kube-controller-manager": 3, "kube-controller-manager@control-plane-2": 3}


def test_a_paused_leader_wakes_up_fenced_and_steps_down() -> None:
    cluster = Cluster.create(seed=8, workers=2)
    old = cluster.components["kube-scheduler@control-plane-1"]
    new = extra_scheduler(cluster, "control-plane-2")
    cluster.advance(5.0)
    assert old.is_leader and not new.is_leader

    cluster.apply(fault("gc", "ComponentPaused", component="kube-scheduler", node="control-plane-1"))
    paused_at = cluster.now
    cluster.core.api.create("pods", pod("late"), namespace="default", actor="kubectl")
    run_until(cluster, lambda: new.is_leader, limit=60)
    assert cluster.now - paused_at > KUBERNETES.leader_lease_duration
    run_until(cluster, lambda: any(e.kind == "PodBound" and e.object == "pods default/late"
                                   for e in cluster.core.trace.since(0)), limit=5, step=0.05)
    assert old.is_leader and old.paused, "frozen: it still believes it leads"

    cluster.delete("faults", "gc")
    resumed_at = cluster.now
    cluster.advance(0.01)
    # It carried on with its stale belief: it scheduled the queued pod and its bind was refused.
    fenced = [e for e in trace_of(cluster, "WriteFenced") if e.actor == "kube-scheduler"]
    assert fenced and fenced[0].verb == "bind" and fenced[0].object == "pods default/late"
    assert "is no longer the leader" in fenced[0].message
    assert old.is_leader and old.elector.holder == new.elector.identity   # it has seen the lock, not given up
    with pytest.raises(errors.ApiError) as refused:
        old.client.create("configmaps", {"metadata": {"name": "stale", "namespace": "default"}},
                          namespace="default")
    assert refused.value.code == 409
    # client-go: the renew poll keeps trying until RenewDeadline, then "leaderelection lost".
    lost = run_until(cluster, lambda: not old.is_leader, limit=20, step=0.1)
    assert lost - resumed_at == pytest.approx(KUBERNETES.leader_renew_deadline, abs=0.11)
    assert trace_of(cluster, "LeaderLost")[-1].message == (
        f"kube-scheduler@control-plane-1 lost the lease kube-system/kube-scheduler: the lease is held by "
        f"{new.elector.identity} (leaderelection lost)")
    cluster.advance(3.0)
    assert old.running and old.elector.state == "standby" and new.is_leader
    binds = [e for e in trace_of(cluster, "PodBound") if e.object == "pods default/late"]
    assert [e.actor for e in binds] == ["kube-scheduler@control-plane-2"]
    late = next(p for p in cluster.objects("pods", namespace="default") if p["metadata"]["name"] == "late")
    assert late["spec"]["nodeName"]
    assert "stale" not in {c["metadata"]["name"] for c in cluster.objects("configmaps", namespace="default")}


def test_a_paused_controller_manager_cannot_add_pods_after_its_successor_took_over() -> None:
    cluster = Cluster.create(seed=12, workers=3)
    cluster.apply(deployment("api", 2))
    run_until(cluster, lambda: len(healthy(cluster, "api")) == 2, limit=120)
    old = cluster.components["kube-controller-manager@control-plane-1"]
    new = extra_kcm(cluster, "control-plane-2")
    cluster.advance(3.0)
    cluster.core.api.patch("deployments", "api", {"spec": {"replicas": 4}}, namespace="default",
                           actor="kubectl")
    # Frozen mid-work: the scale-up has reached its cache (watch latency 50 ms), its reconcile
    # (10 ms later) has not run yet.
    cluster.advance(0.055)
    assert old.queue("deployment")._fifo
    cluster.apply(fault("gc", "ComponentPaused", component="kube-controller-manager", node="control-plane-1"))
    run_until(cluster, lambda: new.is_leader, limit=60)
    run_until(cluster, lambda: len(healthy(cluster, "api")) == 4, limit=120)
    cluster.delete("faults", "gc")      # it wakes up believing it leads, and scales the ReplicaSet
    run_until(cluster, lambda: not old.is_leader, limit=20)
    cluster.advance(30.0)
    fenced = [e for e in trace_of(cluster, "WriteFenced") if e.actor == "kube-controller-manager"]
    assert fenced and fenced[0].object == "replicasets default/" + sets_name(cluster), "refused"
    assert len(pods_of(cluster, "api")) == 4 and new.is_leader and old.elector.state == "standby"
    sets = cluster.objects("replicasets", namespace="default")
    assert len(sets) == 1 and sets[0]["spec"]["replicas"] == 4


def test_a_short_pause_keeps_the_lease() -> None:
    cluster = Cluster.create(seed=9, workers=2, timing="classroom")
    sched = cluster.components["kube-scheduler@control-plane-1"]
    standby = extra_scheduler(cluster, "control-plane-2")
    cluster.advance(3.0)
    sched.pause()
    cluster.core.api.create("pods", pod("held"), namespace="default", actor="kubectl")
    cluster.advance(CLASSROOM.leader_lease_duration / 2)
    assert sched.pending() == []                # its watch events wait for the process
    sched.resume()
    cluster.advance(5.0)
    assert sched.is_leader and not standby.is_leader and not trace_of(cluster, "WriteFenced")
    assert lease(cluster, "kube-scheduler")["spec"]["leaseTransitions"] == 0
    held = next(p for p in cluster.objects("pods", namespace="default") if p["metadata"]["name"] == "held")
    assert held["spec"]["nodeName"]


def test_expiry_is_judged_from_when_the_candidate_observed_the_record() -> None:
    cluster = Cluster.create(seed=10, workers=1)
    cluster.apply(fault("sched", "ComponentDown", component="kube-scheduler", node="control-plane-1"))
    cluster.advance(60.0)       # the lock's renewTime is now a minute old
    started = cluster.now
    late = extra_scheduler(cluster, "control-plane-2")
    assert late.elector.observed_time == started and late.elector.state == "standby"
    duration = KUBERNETES.leader_lease_duration
    run_until(cluster, lambda: late.is_leader, limit=duration + 2 * 2.2 * KUBERNETES.leader_retry_period + 1,
              step=0.1)
    elected = trace_of(cluster, "LeaderElected")[-1]
    assert elected.actor == "kube-scheduler@control-plane-2"
    assert duration < elected.t - started <= duration + KUBERNETES.leader_retry_period * (1 + JITTER_FACTOR)


def test_an_apiserver_outage_longer_than_the_renew_deadline_costs_the_lease() -> None:
    cluster = Cluster.create(seed=11, workers=1)
    kcm = cluster.components["kube-controller-manager@control-plane-1"]
    first = kcm.elector.identity
    cluster.apply(fault("api", "ComponentDown", component="kube-apiserver", node="control-plane-1"))
    down_at = cluster.now
    lost = run_until(cluster, lambda: not kcm.is_leader, limit=30, step=0.1)
    assert KUBERNETES.leader_renew_deadline <= lost - down_at <= KUBERNETES.leader_renew_deadline + 2.1
    assert any(e.actor == "kube-controller-manager" and "failed to renew it within 10s" in e.message
               for e in trace_of(cluster, "LeaderLost"))
    cluster.advance(5.0)
    assert kcm.running and kcm.elector.identity != first, "restarted: a new process, a new identity"
    cluster.delete("faults", "api")
    back = cluster.now
    run_until(cluster, lambda: kcm.is_leader, limit=30, step=0.1)
    # Its own former identity holds the lock: the new process waits for it to expire, too.
    assert cluster.now - back > KUBERNETES.leader_lease_duration
    assert lease(cluster, "kube-controller-manager")["spec"]["leaseTransitions"] == 1
    assert cluster.core.api.fences["kube-controller-manager"].transitions == 1


def test_two_candidates_that_saw_the_lock_expire_cannot_both_take_it() -> None:
    core = build_core(seed=4)
    bootstrap_namespaces(core)
    started: list[str] = []

    def elector(host: str) -> LeaderElector:
        return LeaderElector(core.kernel, core.client(f"kube-scheduler@{host}"), lock_name="kube-scheduler",
                             identity=f"{host}_x", timing=core.timing, trace=core.trace, api=core.api,
                             on_started_leading=lambda: started.append(host), on_stopped_leading=lambda: None)
    old, a, b = elector("control-plane-1"), elector("control-plane-2"), elector("control-plane-3")
    old.start()
    assert started == ["control-plane-1"]
    old.stop()
    a.start()
    b.start()
    assert a.state == b.state == "standby"
    stale = core.api.get("leases", "kube-scheduler", namespace="kube-system")
    core.kernel.run(until=15.0)         # both have now seen the record unchanged for LeaseDuration
    for candidate in (a, b):            # their next polls, made by hand, interleaved:
        candidate._timer.cancel()
    real_get = b.client.get
    b.client.get = lambda *args, **kw: stale     # b read the lock before a wrote it
    a._acquire()
    b._acquire()
    b.client.get = real_get
    assert started == ["control-plane-1", "control-plane-2"] and b.state == "standby"
    tried = [e for e in core.trace.since(0)
             if e.kind == "LeaseUpdated" and e.actor == "kube-scheduler@control-plane-3"]
    assert len(tried) == 1, "b did try: its update carried the resourceVersion it read, and lost"
    spec = core.api.get("leases", "kube-scheduler", namespace="kube-system")["spec"]
    assert spec["holderIdentity"] == "control-plane-2_x" and spec["leaseTransitions"] == 1
    core.kernel.run(until=40.0)
    assert started == ["control-plane-1", "control-plane-2"]
    assert a.is_leader and b.holder == "control-plane-2_x"


def test_a_paused_process_holds_its_timers_and_events_and_replays_them_in_order() -> None:
    core = build_core(seed=1)
    proc = Process(core.kernel)
    log: list[str] = []
    proc.call_later(1.0, log.append, "work")
    proc.late.call_later(1.5, log.append, "elector")
    handler = proc.gate(lambda kind, name: log.append(f"{kind} {name}"))
    cancelled = proc.call_later(2.0, log.append, "cancelled")
    proc.pause()
    handler("ADDED", "a")
    core.kernel.run(until=5.0)
    handler("MODIFIED", "a")
    cancelled.cancel()
    assert log == []
    proc.resume()
    handler("DELETED", "a")         # arrives while the backlog drains: it queues behind it
    core.kernel.run(until=5.0)
    # In the order they came; the elector's tick (late lane) only after the backlog.
    assert log == ["ADDED a", "work", "MODIFIED a", "DELETED a", "elector"]


def test_the_classroom_profile_compresses_the_same_steps() -> None:
    k, c = KUBERNETES, CLASSROOM
    assert (k.leader_lease_duration, k.leader_renew_deadline, k.leader_retry_period) == (15.0, 10.0, 2.0)
    assert (c.leader_lease_duration, c.leader_renew_deadline, c.leader_retry_period) == (6.0, 4.0, 0.8)
    assert c.leader_retry_period < c.leader_renew_deadline < c.leader_lease_duration
    cluster = Cluster.create(seed=2, workers=1, timing="classroom")
    assert lease(cluster, "kube-scheduler")["spec"]["leaseDurationSeconds"] == 6
