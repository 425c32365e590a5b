"""Timing profiles: Kubernetes' real defaults, and a classroom pace of the same steps.

``kubernetes`` is FIDELITY.md's defaults. ``classroom`` compresses the same sequence
(heartbeats stop → Unknown → eviction → replacements Running) into about 30 simulated
seconds by shortening the same intervals, as a cluster's flags could; no step is skipped.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Timing:
    name: str
    # kubelet (KubeletConfiguration defaults)
    lease_duration: float = 40.0           # nodeLeaseDurationSeconds
    lease_renew_interval: float = 10.0     # 1/4 of the lease duration
    lease_retry_min: float = 0.2           # failed renew retries from 200 ms ...
    lease_retry_max: float = 7.0           # ... capped at 7 s
    node_status_update_frequency: float = 10.0
    node_status_report_frequency: float = 300.0
    # kube-controller-manager
    node_monitor_period: float = 5.0
    node_monitor_grace_period: float = 50.0   # 50 s since v1.32 (kubernetes PR #126287)
    node_startup_grace_period: float = 60.0
    node_eviction_rate: float = 0.1           # nodes per second
    secondary_node_eviction_rate: float = 0.01
    default_toleration_seconds: int = 300     # --default-(not-ready|unreachable)-toleration-seconds
    # kube-scheduler
    scheduling_cycle: float = 0.002
    # kube-scheduler and kube-controller-manager leader election (--leader-elect-* flags)
    leader_lease_duration: float = 15.0       # --leader-elect-lease-duration
    leader_renew_deadline: float = 10.0       # --leader-elect-renew-deadline
    leader_retry_period: float = 2.0          # --leader-elect-retry-period
    # kubelet + container runtime
    runtime_speed: float = 1.0                # divides image pull and container start durations
    sandbox_seconds: float = 0.5
    container_create_seconds: float = 0.3
    container_start_seconds: float = 0.2
    crash_backoff_initial: float = 10.0
    crash_backoff_max: float = 300.0
    image_pull_backoff_initial: float = 10.0
    image_pull_backoff_max: float = 300.0
    pod_resync: float = 1.0                   # kubelet's housekeeping of pod workers
    # apiserver
    watch_latency: float = 0.05
    # controllers
    controller_sync: float = 0.01             # simulated cost of one reconcile


KUBERNETES = Timing(name="kubernetes")

CLASSROOM = replace(
    KUBERNETES,
    name="classroom",
    lease_duration=8.0,
    lease_renew_interval=2.0,
    lease_retry_max=1.0,
    node_status_update_frequency=2.0,
    node_status_report_frequency=30.0,
    node_monitor_period=1.0,
    node_monitor_grace_period=8.0,
    node_startup_grace_period=10.0,
    node_eviction_rate=1.0,
    secondary_node_eviction_rate=0.1,
    default_toleration_seconds=12,
    runtime_speed=4.0,
    crash_backoff_initial=2.0,
    crash_backoff_max=60.0,
    image_pull_backoff_initial=2.0,
    image_pull_backoff_max=60.0,
    leader_lease_duration=6.0,
    leader_renew_deadline=4.0,
    leader_retry_period=0.8,
)

PROFILES = {"kubernetes": KUBERNETES, "classroom": CLASSROOM}


def timing(name: str) -> Timing:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f'unknown timing "{name}": supported values: "kubernetes", "classroom"') from None
