"""Build the page's view models from a live ``simulator.Cluster`` (read-only, on its loop).

Everything comes from API objects in storage plus the facade's facts about machines and
components, as a person with ``kubectl`` and a view of the machine room would see it.
Work per tick is O(what changed): a pod is re-read only when its resourceVersion moved, and
a machine box is rebuilt only when its node, its pods or its processes changed.
"""
from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from simulator import topology

from ..k8s.printers_time import Ages
from ..presenters import format_sim_time
from . import models as m
from .ids import component_id, dom_id, edge_id
from .pods import Entry, entry, groups_of, scheduled_reason

Obj = dict[str, Any]
LEASES = "kube-node-lease"
NODE_TAINTS = ("node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready")
COMPACT_ABOVE = 12      # workers; beyond this pods shrink to dots and boxes to a dense grid
QUEUE_SHOWN = 12
DONE = ("Succeeded", "Failed")
RATE_WINDOW = 1.0       # simulated seconds over which an apiserver's request rate is counted
QUIET_VERBS = frozenset({"updatestatus", "update", "patch", "get", "list", "watch"})
LB_PORT = 6443
# A master's box in a highly available cluster, top to bottom: its etcd member (Raft peers
# side by side), the scheduler and the controller manager side by side, and its apiserver at
# the bottom, facing the load balancer below; its wire to etcd goes up between the two.
HA_ORDER = ("etcd", "kube-scheduler", "kube-controller-manager", "kube-apiserver")
HA_GRID = {"etcd": (0, 0), "kube-scheduler": (1, 0), "kube-controller-manager": (1, 1),
           "kube-apiserver": (2, 0)}


class Builder:
    """Turns one cluster into a ``Diagram``, reusing what did not change since the last build."""

    def __init__(self, name: str, cluster: Any) -> None:
        self.name = name
        self.cluster = cluster
        self.details: dict[str, str] = {}
        self.waiting = 0
        self._entries: dict[str, Entry] = {}
        self._built: dict[str, tuple[tuple[Any, ...], m.Machine]] = {}
        self._stamps: dict[str, float] = {}
        self._names: tuple[str, ...] = ()
        self._order: list[str] = []
        self._edges: tuple[m.Edge, ...] = ()
        self._requests: deque[tuple[float, str]] = deque()     # (time, apiserver key) of each request
        self._rates: Counter[str] = Counter()
        self._last_write = "—"
        self._queue_node = ""       # the master whose scheduler shows the queue (the leader's)
        self.ha = False
        self._refresh_topology()

    def build(self) -> m.Diagram:
        cluster = self.cluster
        self._refresh_topology()
        now = cluster.now
        on_node, waiting = self._pods(now)
        nodes = {n["metadata"]["name"]: n for n in cluster.objects("nodes")}
        leases = {obj["metadata"]["name"]: obj for obj in cluster.objects("leases", namespace=LEASES)}
        machines = [self._machine(name, nodes.get(name), leases.get(name), on_node.get(name, []), now)
                    for name in self._order]
        queue, why = self._queue(waiting)
        workers = tuple(x for x in machines if x.node.role != "control-plane")
        self._count_requests(now)
        components = self._control_plane()
        lb, problem = self._ha_facts() if self.ha else (None, "")
        return m.Diagram(
            cluster=self.name,
            clock=m.Clock(now, format_sim_time(now), cluster.speed, cluster.paused, cluster.timing),
            control_plane=tuple(x for x in machines if x.node.role == "control-plane"), workers=workers,
            components=components, details=tuple(sorted(self.details.items())), queue=queue,
            why=why, deployments=self._deployments(), edges=self._edges,
            density="compact" if len(workers) > COMPACT_ABOVE else "roomy",
            ha=self.ha, lb=lb, etcd_problem=problem,
            queue_at=component_id(f"kube-scheduler@{self._queue_node}" if self.ha else "kube-scheduler"))

    # -- what the trace tells (each tick, watched or not) -------------------------------------
    def observe(self, events: Iterable[Any]) -> None:
        """Read a tick's trace: requests per apiserver, etcd's last write, what the controllers
        and the scheduler last did (each component's live one-line detail)."""
        details, requests, rates = self.details, self._requests, self._rates
        # The detail of kube-scheduler@control-plane-2 is keyed kube-scheduler-control-plane-2
        # with several masters; with one, whatever the trace calls it, kube-scheduler.
        ha = self.ha

        def key(talker: str) -> str:
            return talker.replace("@", "-") if ha else talker.partition("@")[0]

        for event in events:
            target, actor, kind = event.target, event.actor, event.kind
            if target.startswith(topology.APISERVER) and not actor.startswith(topology.APISERVER):
                where = key(target)
                requests.append((event.t, where))
                rates[where] += 1
            if kind in ("KeyWritten", "KeyDeleted"):
                self._last_write = f"{event.verb} {event.object.removeprefix('/registry/')}"
            elif actor.partition("@")[0] == "kube-controller-manager" and event.verb not in QUIET_VERBS \
                    and kind != "EventCreated":
                details[key(actor)] = event.message
            elif kind == "PodBound":
                details[key(actor)] = event.message
        self._count_requests(self.cluster.now)

    def _count_requests(self, now: float) -> None:
        requests, rates = self._requests, self._rates
        while requests and requests[0][0] < now - RATE_WINDOW:
            rates[requests.popleft()[1]] -= 1

    def _refresh_topology(self) -> None:
        names = tuple(self.cluster.machines)
        if names == self._names:
            return
        self._names = names
        self.graph = topology.from_cluster(self.cluster)
        self.positions = topology.layout(self.graph)
        self._order = topology.machine_order(self.graph)
        nodes = self.graph.nodes
        self.ha = topology.LOAD_BALANCER in self.graph
        # A master's own kubelet and kube-proxy reach the load balancer too; their wires would
        # cross the master's box from top to bottom, so only their dots flash.
        edges = [(u, v, data) for u, v, data in sorted(self.graph.edges(data=True))
                 if not (v == topology.LOAD_BALANCER and nodes[u].get("role") == "control-plane")]
        workers = {data["machine"] for _, data in nodes(data=True) if data.get("role") == "worker"}
        arcs = {(u, v): abs(self.positions[u].slot - self.positions[v].slot) for u, v, _ in edges
                if u.startswith(topology.ETCD + "@") and v.startswith(topology.ETCD + "@")}
        labels = edge_labels([(u, v) for u, v, _ in edges], self._order, workers, arcs=arcs)
        self._edges = tuple(
            m.Edge(edge_id(u, v), component_id(u), component_id(v), data.get("talk", ""),
                   "index" in nodes[u] and nodes[u]["machine"] == nodes[v].get("machine"),
                   labels.get((u, v), ""), arcs.get((u, v), 0))
            for u, v, data in edges)

    # -- pods ------------------------------------------------------------------------------
    def _pods(self, now: float) -> tuple[dict[str, list[Entry]], list[Entry]]:
        ages = None
        fresh: dict[str, Entry] = {}
        on_node: dict[str, list[Entry]] = {}
        waiting: list[Entry] = []
        cached = self._entries
        for obj in self.cluster.objects("pods"):
            meta = obj["metadata"]
            key = meta.get("namespace", "") + "/" + meta["name"]
            item = cached.get(key)
            if item is None or item.version != meta.get("resourceVersion", ""):
                ages = ages or Ages(now, self.cluster.core.clock)
                item = entry(obj, ages)
            fresh[key] = item
            if item.hidden:
                continue
            pod = item.pod
            if pod.node:
                on_node.setdefault(pod.node, []).append(item)
            elif not pod.terminating and pod.phase not in DONE:
                waiting.append(item)
        self._entries = fresh
        return on_node, waiting

    def pod_object(self, key: str) -> Obj | None:
        item = self._entries.get(key)
        return item.obj if item else None

    # -- machines --------------------------------------------------------------------------
    def _machine(self, name: str, node: Obj | None, lease: Obj | None, pods: list[Entry],
                 now: float) -> m.Machine:
        machine = self.cluster.machines[name]
        spec = (node or {}).get("spec") or {}
        state = ready_state(node)
        countdown = self._eviction_countdown(spec, pods, now) or self._heartbeat_countdown(state, lease, now)
        facts = (machine.powered, machine.kubelet.running, machine.kube_proxy.running, machine.runtime.up,
                 name in self.cluster.core.network.partitioned)
        key = ((node or {}).get("metadata", {}).get("resourceVersion"), countdown, facts,
               tuple(id(item.pod) for item in pods))
        built = self._built.get(name)
        if built is not None and built[0] == key:
            return built[1]
        result = self._machine_model(name, node, state, spec, countdown, pods)
        self._built[name] = (key, result)
        return result

    def _machine_model(self, name: str, node: Obj | None, state: str, spec: Obj,
                       countdown: m.Countdown | None, pods: list[Entry]) -> m.Machine:
        machine = self.cluster.machines[name]
        cordoned = bool(spec.get("unschedulable"))
        partitioned = name in self.cluster.core.network.partitioned
        running = machine.kubelet.running
        problem = ("machine down" if not machine.powered else "kubelet stopped" if not running
                   else "network cut" if partitioned else "")
        draining = cordoned and any(e.pod.terminating for e in pods if not e.owner.startswith("DaemonSet"))
        node_vm = m.Node(
            name=name, role=machine.role, dom_id=dom_id("node", None, name), state=state, cordoned=cordoned,
            draining=draining, powered=machine.powered, kubelet_running=running, partitioned=partitioned,
            slot=self.positions[f"kubelet/{name}"].slot, problem=problem, countdown=countdown,
            version=((node or {}).get("status") or {}).get("nodeInfo", {}).get("kubeletVersion", ""),
            controls=machine.role != "control-plane" or self.ha)
        agents = (
            self._agent(f"kubelet/{name}", "kubelet", machine.kubelet.running, "agent", name),
            self._agent(f"kube-proxy/{name}", "kube-proxy", machine.kube_proxy.running, "agent", name),
            self._agent(machine.runtime.actor, machine.runtime.actor.partition("/")[0],
                        machine.runtime.up and machine.powered, "runtime", name),
        )
        return m.Machine(node_vm, agents, groups_of(name, pods))

    def _agent(self, talker: str, binary: str, running: bool, role: str, machine: str) -> m.Component:
        position = self.positions.get(talker) or topology.Position("workers", machine, 0, 0, 0)
        return m.Component(binary, talker, machine, running, component_id(talker), role,
                           position.row, position.col)

    # -- the control plane ---------------------------------------------------------------------
    def _control_plane(self) -> tuple[m.Component, ...]:
        cluster = self.cluster
        if not cluster.control_plane_nodes:
            return ()
        if self.ha:
            return self._masters()
        home = cluster.control_plane_nodes[0]
        details = self.details
        revision = getattr(cluster.core.etcd, "revision", 0)
        details["etcd"] = f"rev {revision} · last: {self._last_write}"
        details["kube-apiserver"] = f"{self._rates[topology.APISERVER]} requests in the last second"
        out = []
        for name in topology.CONTROL_PLANE:
            running = cluster.component_running(name, home)
            state = self._lead(name, home, running) if name in m.LEADER_ELECTED else ""
            out.append(m.Component(name, name, home, running, component_id(name), "control-plane",
                                   self.positions[name].row, self.positions[name].col, state, state))
        return tuple(out)

    def _masters(self) -> tuple[m.Component, ...]:
        """Every master's etcd member, apiserver, scheduler and controller manager (HA)."""
        cluster = self.cluster
        backends = {b["node"]: b for b in cluster.core.api.routing.describe()}
        raft = cluster.core.raft
        members = {row["name"]: row for row in raft.status()}
        details = self.details
        out = []
        for node in cluster.control_plane_nodes:
            for name in HA_ORDER:
                talker = f"{name}@{node}"
                key = talker.replace("@", "-")
                running = cluster.component_running(name, node)
                if name == topology.ETCD:
                    state, mark, details[key] = self._member(members[talker])
                elif name == topology.APISERVER:
                    state, mark, details[key] = self._apiserver(backends[node], key)
                else:
                    state = mark = self._lead(name, node, running)
                row, col = HA_GRID[name]
                out.append(m.Component(name, talker, node, running, component_id(talker), "control-plane",
                                       row, col, state, mark))
        return tuple(out)

    def _lead(self, name: str, node: str, running: bool) -> str:
        """leader, standby, paused or stopped: a leader-elected process as its Lease makes it."""
        instance = self.cluster.components.get(f"{name}@{node}")
        if instance is None or not running:
            return "stopped"
        if instance.paused:
            return "paused"
        return "leader" if instance.is_leader else "standby"

    @staticmethod
    def _member(row: dict[str, Any]) -> tuple[str, str, str]:
        """An etcd member: its Raft role, and term · revision (· behind N while it catches up)."""
        role = row["role"] if row["up"] else "down"
        text = f"term {row['term']} · rev {row['revision']}"
        if row["behind"] and row["up"]:
            text += f" · behind {row['behind']}"
        if row["isolated"] and row["up"]:
            text = "cut off · " + text
        return role, role, text

    def _apiserver(self, backend: dict[str, Any], key: str) -> tuple[str, str, str]:
        """An apiserver behind the load balancer: serving, or why it is not."""
        network = self.cluster.core.network
        node = backend["node"]
        # Out of rotation when its /healthz fails; "unhealthy" while etcd has no quorum and the
        # balancer, with no healthy backend left, still tries every apiserver it reaches.
        mark = ("in rotation" if backend["etcdServing"] else "unhealthy") if backend["inRotation"] \
            else "out of rotation"
        if not backend["up"]:
            return "down", mark, "stopped: the load balancer's health check fails"
        if node in network.partitioned or node in network.down:
            return "cut-off", mark, "cut off: the load balancer cannot reach it"
        if not backend["etcdServing"]:
            why = self.cluster.core.raft.why_unavailable(backend["member"])
            return "no-etcd", mark, f"etcd cannot answer: {why}"
        return "serving", mark, f"{self._rates[key]} requests in the last second"

    def _ha_facts(self) -> tuple[m.LoadBalancer, str]:
        """The load balancer's view of the apiservers, and what etcd lacks ("" when it has quorum)."""
        cluster = self.cluster
        from simulator.cluster import LB_IP

        routing = cluster.core.api.routing
        reachable = {name: routing.reachable_from_lb(inst) for name, inst in routing.instances.items()}
        backends = tuple(m.Backend(b["name"], b["node"], b["inRotation"],
                                   b["up"] and b["etcdServing"] and reachable[b["name"]])
                         for b in routing.describe())
        lb = m.LoadBalancer(component_id(topology.LOAD_BALANCER), f"{LB_IP}:{LB_PORT}", backends)
        return lb, etcd_problem(cluster.core.raft)

    # -- countdowns --------------------------------------------------------------------------
    def seconds(self, stamp: str | None) -> float | None:
        """Simulated seconds of an RFC 3339 stamp (MicroTime included), cached per stamp."""
        if not stamp:
            return None
        value = self._stamps.get(stamp)
        if value is None:
            try:
                moment = datetime.fromisoformat(stamp)
            except ValueError:
                return None
            value = self._stamps[stamp] = (moment - self.cluster.core.clock.epoch).total_seconds()
        return value

    def _heartbeat_countdown(self, state: str, lease: Obj | None, now: float) -> m.Countdown | None:
        # Mirrors the node lifecycle controller: no Lease renewal for the grace period → Unknown.
        if state != "Ready" or lease is None:
            return None
        timing = self.cluster.core.timing
        renewed = self.seconds((lease.get("spec") or {}).get("renewTime"))
        if renewed is None or now - renewed <= timing.lease_renew_interval * 1.5:
            return None
        left = renewed + timing.node_monitor_grace_period - now
        return m.Countdown("Unknown in", float(int(left + 0.999))) if left > 0 else None

    def _eviction_countdown(self, spec: Obj, pods: list[Entry], now: float) -> m.Countdown | None:
        # Mirrors the taint eviction controller: a pod leaves after its tolerationSeconds for
        # the node's NoExecute taint, counted from when the taint was added.
        taints = {t["key"]: t for t in spec.get("taints") or ()
                  if t.get("effect") == "NoExecute" and t.get("key") in NODE_TAINTS}
        if not taints:
            return None
        deadlines = []
        for item in pods:
            if item.pod.terminating:
                continue
            for toleration in (item.obj.get("spec") or {}).get("tolerations") or ():
                taint = taints.get(toleration.get("key"))
                seconds = toleration.get("tolerationSeconds")
                added = self.seconds(taint.get("timeAdded")) if taint else None
                if added is not None and seconds is not None:
                    deadlines.append(added + float(seconds))
        left = min(deadlines) - now if deadlines else 0
        # Whole seconds: the countdown (and the box around it) changes once a second, not per tick.
        return m.Countdown("pods evicted in", float(int(left + 0.999))) if left > 0 else None

    # -- the scheduler's queue and the deployments -----------------------------------------
    def scheduler(self) -> Any:
        """The scheduler whose queue the page shows: the leader's (a running, unfrozen one first);
        while none leads, the one that led last, so the queue does not hop between boxes."""
        cps = self.cluster.control_plane_nodes
        if not cps:
            return None
        components = self.cluster.components
        instances = [(components.get(f"kube-scheduler@{node}"), node) for node in cps]
        leaders = [(s.paused, node) for s, node in instances if s is not None and s.running and s.is_leader]
        if leaders:
            self._queue_node = min(leaders)[1]
        elif self._queue_node not in cps:
            self._queue_node = cps[0]
        return components.get(f"kube-scheduler@{self._queue_node}")

    def _queue(self, waiting: list[Entry]) -> tuple[tuple[m.Pending, ...], tuple[tuple[str, str], ...]]:
        scheduler = self.scheduler()
        queues = dict(scheduler.pending()) if scheduler is not None and scheduler.running else {}
        waiting.sort(key=lambda e: (e.created, e.pod.key))
        queue = tuple(m.Pending(e.pod, e.label, queues.get(e.pod.key, ""), scheduled_reason(e.obj))
                      for e in waiting[:QUEUE_SHOWN])
        why: tuple[tuple[str, str], ...] = ()
        for pending in queue:
            decision = scheduler.decision(pending.pod.key) if scheduler is not None else None
            if decision is not None and decision.node is None:
                rejected = sorted(decision.filters.items())
                why = tuple((node, reason[1]) for node, reason in rejected if reason)[:4]
                break
        self.waiting = len(waiting)
        return queue, why

    def _deployments(self) -> tuple[m.Deployment, ...]:
        out = []
        for d in self.cluster.objects("deployments"):
            meta, status = d["metadata"], d.get("status") or {}
            namespace = meta.get("namespace", "")
            if namespace == "kube-system":
                continue
            out.append(m.Deployment(namespace, meta["name"], dom_id("deployment", namespace, meta["name"]),
                                    int((d.get("spec") or {}).get("replicas", 1)),
                                    int(status.get("readyReplicas") or 0),
                                    int(status.get("updatedReplicas") or 0)))
        return tuple(out)


def ready_state(node: Obj | None) -> str:
    """Ready / NotReady / Unknown from the Ready condition, as ``kubectl get nodes`` prints it."""
    for condition in ((node or {}).get("status") or {}).get("conditions") or ():
        if condition.get("type") == "Ready":
            return {"True": "Ready", "False": "NotReady"}.get(condition.get("status"), "Unknown")
    return "NotReady" if node is None else "Unknown"


# Captions on a few wires, where they teach who talks to whom; one of each kind (with three
# control planes or a hundred workers, the first), so a projector at 1280×720 stays readable.
EDGE_LABELS = (
    ((topology.APISERVER, topology.ETCD), "only the apiserver talks to etcd"),
    (("kube-scheduler", topology.APISERVER), "watch pods · bind"),
    (("kube-controller-manager", topology.APISERVER), "watch · reconcile"),
    (("kubelet", None), "watch pods · status · heartbeat"),
)
# Where on its wire (0 = the caller's end) a caption sits: etcd's wire shares the narrow gap
# above kube-apiserver with the controllers' wires, so its caption stays near etcd.
LABEL_AT = {"only the apiserver talks to etcd": 0.75}


# With several masters the wires inside a master's box are short: the captions go where
# there is room: on the Raft arc over the masters and on one kubelet's wire.
EDGE_LABELS_HA = (
    ((topology.ETCD, topology.ETCD), "Raft: elect a leader · a majority commits"),
    (("kubelet", None), "watch pods · status · heartbeat"),
)


def etcd_problem(raft: Any) -> str:
    """What etcd lacks, in plain words: "" while a leader with a quorum commits writes."""
    if raft is None or raft.quorum():
        return ""
    members = list(raft.members.values())
    connected = [x for x in members if x.up and not x.isolated]
    if connected:
        return raft.why_unavailable(connected[0].name)
    reachable = 1 if any(x.up for x in members) else 0
    return f"etcd has no quorum ({reachable} of {len(members)} members reachable)"


def edge_labels(edges: list[tuple[str, str]], order: Any = (),
                workers: set[str] | frozenset[str] = frozenset(),
                arcs: dict[tuple[str, str], int] | None = None) -> dict[tuple[str, str], str]:
    """The wires that carry a caption: the first of each kind in the diagram's machine order
    (a worker's kubelet rather than the control plane's own; etcd's widest Raft arc)."""
    rank = {name: i for i, name in enumerate(order or ())}
    arcs = arcs or {}

    def kind(talker: str) -> str:
        return talker.split("@", 1)[0].split("/", 1)[0]

    def machine(talker: str) -> str:
        return talker.split("/", 1)[1] if "/" in talker else talker.partition("@")[2]

    def where(edge: tuple[str, str]) -> tuple[int, int, str]:
        return -arcs.get(edge, 0), rank.get(machine(edge[0]), len(rank)), edge[0]

    found: dict[tuple[str, str], str] = {}
    ha = any(kind(v) == topology.LOAD_BALANCER for _, v in edges)
    for (source, dest), text in EDGE_LABELS_HA if ha else EDGE_LABELS:
        matching = [e for e in edges if kind(e[0]) == source
                    and (dest is None and kind(e[1]) in (topology.APISERVER, topology.LOAD_BALANCER)
                         or dest is not None and kind(e[1]) == dest)]
        on_workers = [e for e in matching if machine(e[0]) in workers]
        chosen = min(on_workers or matching, key=where, default=None)
        if chosen is not None:
            found[chosen] = text
    return found
