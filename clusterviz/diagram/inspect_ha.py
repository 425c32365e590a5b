"""The inspector's words on who leads: Leases of the leader-elected components, etcd's Raft
group and the load balancer of a highly available control plane.

Read-only, on the cluster's loop: the Lease as stored (what ``kubectl get lease`` shows),
each etcd member's Raft state, the load balancer's health checks.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from simulator import topology

from .models import LEADER_ELECTED, Component, Diagram

Facts = list[tuple[str, str]]
LEASE_NAMESPACE = "kube-system"


def _seconds(value: float) -> str:
    return f"{value:g} s"


def leader_election(component: Component, cluster: Any) -> str:
    """How one copy of kube-scheduler or kube-controller-manager comes to work, in plain words."""
    timing = cluster.core.timing
    text = (
        f"Only one copy of {component.name} works at a time: the leader. With several control-plane nodes "
        "a copy runs on each and the others wait on standby. The leader holds a Lease object, "
        f"{LEASE_NAMESPACE}/{component.name}, and renews it every {_seconds(timing.leader_retry_period)}; "
        "the standbys keep reading it. When the leader stops renewing — it crashed, froze or lost the "
        f"network — the Lease expires after {_seconds(timing.leader_lease_duration)} and a standby takes it "
        f"over. A leader that cannot renew within {_seconds(timing.leader_renew_deadline)} gives up, so two "
        "copies never work at once."
    )
    if component.state == "paused":
        text += (" This copy is frozen (like a long garbage-collection or VM pause): it still believes "
                 "whatever it believed, and once another copy holds the Lease the apiserver refuses its "
                 "writes.")
    return text


def raft(cluster: Any) -> str:
    group = cluster.core.raft
    total = len(group.members)
    quorum = group.quorum_size
    return (
        "The etcd members keep identical copies of the data by agreeing on every write with the Raft "
        "protocol. One member is the leader: every write goes through it and counts as done (committed) "
        f"once a majority of the members — the quorum — has stored it. With {total} members the quorum is "
        f"{quorum}, so etcd survives losing {total - quorum}. Each election starts a new term; a member that "
        "fell behind catches up from the leader. Without a quorum no write commits and no read is served: "
        "every kube-apiserver fails."
    )


APISERVER_HA = (
    " With several control-plane nodes each runs its own kube-apiserver, which talks only to the etcd "
    "member on its node; a load balancer in front of them is the one address kubelets, kube-proxy and "
    "kubectl use. It checks each apiserver with GET /healthz and sends new connections to those that answer."
)


def load_balancer(diagram: Diagram) -> str:
    endpoint = diagram.lb.endpoint if diagram.lb else ""
    return (
        f"The load balancer is the cluster's control-plane endpoint ({endpoint}): kubelets, kube-proxy and "
        "kubectl connect to it, never to one apiserver. It checks every kube-apiserver with GET /healthz — "
        "which fails when the apiserver is stopped, cut off, or its etcd member cannot answer — and forwards "
        "connections to the healthy ones, so a master can fail without anybody noticing. When etcd has no "
        "quorum, no apiserver is healthy: it tries them all, and every request fails with etcd's error."
    )


# -- facts ------------------------------------------------------------------------------------
def lease_facts(component: Component, cluster: Any) -> Facts:
    """The Lease as stored, and this copy's identity (kube-scheduler, kube-controller-manager)."""
    if component.name not in LEADER_ELECTED:
        return []
    lease = next((obj for obj in cluster.objects("leases", namespace=LEASE_NAMESPACE)
                  if obj["metadata"]["name"] == component.name), None)
    instance = cluster.components.get(f"{component.name}@{component.node}")
    elector = getattr(instance, "elector", None)
    identity = getattr(elector, "identity", "") if elector is not None else ""
    facts: Facts = [("Lease", f"{LEASE_NAMESPACE}/{component.name}")]
    spec = (lease or {}).get("spec") or {}
    holder = spec.get("holderIdentity") or "nobody"
    if identity and holder == identity:
        holder += " (this copy)"
    facts.append(("Holder", holder))
    facts.append(("Transitions", str(spec.get("leaseTransitions") or 0)))
    renewed = _stamp_seconds(spec.get("renewTime"), cluster)
    if renewed is not None:
        facts.append(("Renewed", f"t={renewed:.1f} s ({max(0.0, cluster.now - renewed):.1f} s ago)"))
    if spec.get("leaseDurationSeconds"):
        facts.append(("Lease duration", f"{spec['leaseDurationSeconds']} s"))
    if identity:
        facts.append(("This copy", identity))
    reason = getattr(elector, "lost_reason", "") if elector is not None else ""
    if reason and component.state != "leader":
        facts.append(("Last lost", reason))
    return facts


def _stamp_seconds(stamp: str | None, cluster: Any) -> float | None:
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return (moment - cluster.core.clock.epoch).total_seconds()


def member_facts(component: Component, cluster: Any) -> Facts:
    """An etcd member's Raft state: role, term, what it applied and committed, the quorum."""
    group = cluster.core.raft
    if group is None:
        return []
    row = next((r for r in group.status() if r["name"] == component.talker), None)
    if row is None:
        return []
    reachable = sum(1 for m in group.members.values() if m.up and not m.isolated)
    facts: Facts = [
        ("Raft role", row["role"] if row["up"] else "down (process stopped)"),
        ("Term", str(row["term"])),
        ("Revision", f"{row['revision']} (applied)"),
        ("Commit index", str(row["commitIndex"])),
        ("Last log index", str(row["lastIndex"])),
        ("Follows", row["leader"] or "no leader"),
        ("Quorum", f"{group.quorum_size} of {len(group.members)} members; {reachable} connected now"),
    ]
    if row["behind"]:
        facts.append(("Behind", f"{row['behind']} entries: catching up from the leader"))
    if row["isolated"]:
        facts.append(("Network", "cut off from its peers"))
    why = group.why_unavailable(component.talker)
    if why:
        facts.append(("Requests through it", f"fail: {why}"))
    return facts


def apiserver_facts(component: Component, diagram: Diagram) -> Facts:
    if diagram.lb is None:
        return []
    backend = next((b for b in diagram.lb.backends if b.name == component.talker), None)
    if backend is None:
        return []
    member = f"{topology.ETCD}@{component.node}"
    return [("Load balancer", "sends to it (in rotation)" if backend.in_rotation else "out of rotation"),
            ("Its etcd member", member)]


def lb_facts(diagram: Diagram) -> Facts:
    lb = diagram.lb
    if lb is None:
        return []
    facts: Facts = [("Endpoint", lb.endpoint), ("Health check", "GET /healthz on each apiserver"),
                    ("Now", lb.text)]
    for backend in lb.backends:
        state = "in rotation" if backend.in_rotation else "out of rotation"
        if not backend.serving:
            state += ", cannot serve"
        facts.append((backend.node, state))
    if diagram.etcd_problem:
        facts.append(("etcd", diagram.etcd_problem))
    return facts


def schedulers(cluster: Any) -> list[Any]:
    """Every kube-scheduler, the leader first (it holds the newest decisions)."""
    found = [cluster.components.get(f"kube-scheduler@{node}") for node in cluster.control_plane_nodes]
    found = [s for s in found if s is not None]
    return sorted(found, key=lambda s: not (s.running and s.is_leader))
