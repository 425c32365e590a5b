"""Simulated client traffic to a Service: the ``TrafficFlow`` kind of ``sim.clusterviz.io/v1``.

A TrafficFlow is a load generator the teacher switches on (``kubectl apply``) and off
(``kubectl delete``)::

    apiVersion: sim.clusterviz.io/v1
    kind: TrafficFlow
    metadata: {name: web-from-w1}
    spec: {service: web, namespace: default, port: 80, fromNode: worker-1, rate: 5, nodePort: false}

Every 1/rate simulated seconds (a kernel timer, first one at a seeded random phase) a
client on ``fromNode`` dials the Service's ClusterIP:port — or, with ``nodePort: true``,
an outside client dials ``fromNode``'s InternalIP:nodePort. What happens next is decided
by what is really there at that moment, never by the API's idea of it:

1. **The source node's iptables rules** (``machine.kube_proxy.current_rules``): what that
   node's kube-proxy last wrote. No rule for ClusterIP:port → nothing DNATs the virtual IP:
   ``i/o timeout``. The REJECT rule of a Service without endpoints → ``connection
   refused``. Otherwise one endpoint is picked uniformly at random (iptables' ``statistic
   --mode random`` chain, drawn from the kernel's seeded rng). The rules stay in the kernel
   when kube-proxy stops or is cut off: they only go stale.
2. **The network**: the endpoint's node must be powered and, unless it is the source node
   itself, neither end may be cut off (a NetworkPartition fault cuts the node's link:
   same-node traffic still flows) → else ``i/o timeout``.
3. **The endpoint's runtime**: the pod's sandbox must still exist on that node (else the
   address is gone: ``no route to host``) with a running container (else the port is
   closed: ``connection refused``). A served request leaves an access-log line in HTTP
   servers' logs (``kubectl logs``), from the masqueraded source address.

A request's outcome is decided when it is sent (timeouts are not waited out). Each one is
a ``ServiceRequest`` trace event — actor ``traffic/<fromNode>``; target
``pod/<node>/<namespace>/<pod>`` (the pod that answered or should have; the endpoint
``ip:port`` instead of ``namespace/pod`` when no sandbox has that address) or
``iptables/<fromNode>`` when the request never left the source node (REJECT, no rule, no
such Service); object ``trafficflows <name>``; message ``worker-1 → web (10.96.12.5:80) →
10.244.2.4:80 ok`` or ``… failed: connection refused``. The status (sent, succeeded,
failed, byEndpoint ...) is written at most every ``FLUSH_PERIOD`` seconds, always right
after a request, so it counts exactly the trace's events up to ``updatedAtSeconds``.

**Why deleting one pod of a Service makes some requests fail for a moment** — nothing
here fakes it; it is the sum of real steps, each modelled by its own component:

* ``kubectl delete pod`` sets deletionTimestamp. The kubelet hears of it by watch and
  sends the stop signal (kubelet_stop.py); a server that handles it closes its listening
  socket at once (``runtime.accepting``: nginx on SIGQUIT), exits a little later (nginx
  ~0.3 s) and the sandbox and its IP go.
* In parallel the EndpointSlice controller hears of it by watch and rewrites the slice
  with the endpoint ``ready: false, terminating: true``; kube-proxy on *every* node hears
  of that by watch and re-syncs its rules — but no sooner than ``--iptables-min-sync-period``
  (1 s) after its previous sync.
* Between the stop signal and the source node's sync, the old rule still sends about 1/n
  of the requests to the endpoint that stopped listening: ``connection refused`` (``no
  route to host`` once the sandbox is gone). After the sync every request succeeds again.
  How long that lasts is whatever the watch deliveries and the sync period make it — from
  nothing (the rules changed before the signal landed) to about a second (kube-proxy had
  just synced). A node whose kube-proxy is down or cut off keeps the stale rule, and the
  failures, until it syncs again.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import errors
from .apiserver.registry import BY_PLURAL, Resource
from .kube_proxy import SERVICE_NAME_LABEL, usable
from .objects import Obj

if TYPE_CHECKING:
    from .cluster import Cluster, Machine
    from .runtime_model import Container, Sandbox

KIND = "ServiceRequest"
FLUSH_PERIOD = 0.5            # status writes: at most twice per simulated second
DEFAULT_RATE = 1.0
USER_AGENT = "curl/8.11.1"
REJECTED = "connection refused (no endpoints: iptables REJECT)"
APISERVER_PORT = 6443


@dataclass
class Flow:
    """One running generator and its exact counts."""

    name: str
    spec: Obj
    timer: Any = None
    next_at: float = 0.0
    sent: int = 0
    succeeded: int = 0
    failed: int = 0
    by_endpoint: dict[str, int] = field(default_factory=dict)
    last_error: str = ""
    last_endpoint: str = ""
    flushed_at: float = -1e18
    phase: str = "Running"
    message: str = ""
    started_at: float = 0.0

    @property
    def rate(self) -> float:
        return float(self.spec.get("rate") or DEFAULT_RATE)

    def status(self, now: float) -> Obj:
        status: Obj = {"phase": self.phase, "sent": self.sent, "succeeded": self.succeeded,
                       "failed": self.failed, "byEndpoint": dict(sorted(self.by_endpoint.items())),
                       "startedAtSeconds": round(self.started_at, 3), "updatedAtSeconds": round(now, 6)}
        if self.last_error:
            status["lastError"] = self.last_error
        if self.last_endpoint:
            status["lastEndpoint"] = self.last_endpoint
        if self.message:
            status["message"] = self.message
        return status


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    target: str               # the trace event's target
    endpoint: str = ""        # the ip:port iptables picked ("" when none)
    error: str = ""           # what the client sees (Go's net error text)
    why: str = ""             # the short reason in the trace message
    container: Any = None     # the container that served it
    source_ip: str = ""       # the address the pod sees the request from


class TrafficGenerator:
    """Turns TrafficFlow objects into requests along the nodes' kube-proxy rules."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.core = cluster.core
        self.resource: Resource = BY_PLURAL["trafficflows"]
        self.flows: dict[str, Flow] = {}
        self._by_cidr: dict[tuple[int, int], str] = {}
        self._by_ip: dict[str, str] = {}
        self._machines_seen: tuple[str, ...] = ()
        self.core.sim.listeners.append(self._on_change)
        self.core.sim.admission.append(self._admit)
        for obj in self.core.sim.list(self.resource):
            self._start(obj)

    @classmethod
    def attach(cls, cluster: Cluster) -> TrafficGenerator:
        """The cluster's generator, created on first use (idempotent)."""
        existing = getattr(cluster, "traffic", None)
        if isinstance(existing, TrafficGenerator):
            return existing
        generator = cls(cluster)
        cluster.traffic = generator        # type: ignore[attr-defined]
        return generator

    # -- API side ------------------------------------------------------------------------------
    def _admit(self, res: Resource, obj: Obj, old: Obj | None) -> list[dict[str, str]]:
        """What needs the simulation to check: the source node must exist."""
        if res.plural != self.resource.plural:
            return []
        node = (obj.get("spec") or {}).get("fromNode")
        old_node = ((old or {}).get("spec") or {}).get("fromNode")
        if isinstance(node, str) and node and node not in self.cluster.machines and node != old_node:
            return [{"reason": "FieldValueNotFound", "field": "spec.fromNode",
                     "message": f'Not found: "{node}"'}]
        return []

    def _on_change(self, kind: str, res: Resource, obj: Obj, old: Obj | None) -> None:
        if res.plural != self.resource.plural:
            return
        name = obj["metadata"]["name"]
        if kind == "DELETED":
            self._stop(name)
        elif kind == "ADDED":
            self._start(obj)
        elif old is not None and obj.get("spec") != old.get("spec"):
            flow = self.flows.get(name)
            if flow is None:
                self._start(obj)
            else:
                flow.spec = dict(obj.get("spec") or {})
                self._schedule(flow, restart=True)

    def _start(self, obj: Obj) -> None:
        name = obj["metadata"]["name"]
        self._stop(name)
        flow = Flow(name, dict(obj.get("spec") or {}), started_at=self.core.kernel.now)
        self.flows[name] = flow
        self._schedule(flow, restart=True)
        self._flush(flow)

    def _stop(self, name: str) -> None:
        flow = self.flows.pop(name, None)
        if flow is not None and flow.timer is not None:
            flow.timer.cancel()

    def _schedule(self, flow: Flow, *, restart: bool = False) -> None:
        kernel = self.core.kernel
        interval = 1.0 / max(flow.rate, 0.001)
        if restart:
            if flow.timer is not None:
                flow.timer.cancel()
            flow.next_at = kernel.now + kernel.rng.random() * interval
        else:
            flow.next_at += interval
        flow.timer = kernel.call_at(flow.next_at, self._tick, flow)

    def _flush(self, flow: Flow) -> None:
        now = self.core.kernel.now
        flow.flushed_at = now
        try:
            self.core.sim.set_status(self.resource, flow.name, flow.status(now))
        except errors.ApiError:     # deleted in the same instant: nothing to report on
            pass

    def _set_phase(self, flow: Flow, phase: str, message: str) -> None:
        if (flow.phase, flow.message) != (phase, message):
            flow.phase, flow.message = phase, message
            self._flush(flow)

    # -- one request -----------------------------------------------------------------------------
    def _tick(self, flow: Flow) -> None:
        if self.flows.get(flow.name) is not flow:
            return
        self._schedule(flow)
        spec = flow.spec
        source = self.cluster.machines.get(str(spec.get("fromNode")))
        if source is None:
            flow.timer.cancel()
            self._set_phase(flow, "Failed", f'node "{spec.get("fromNode")}" is gone from the cluster')
            return
        if not spec.get("nodePort") and not source.powered:
            self._set_phase(flow, "Waiting", f"{source.name} is powered off: its client sends nothing")
            return
        self._set_phase(flow, "Running", "")
        outcome, dialed, shown = self.request(source, spec)
        self._record(flow, source, outcome, dialed, shown)

    def request(self, source: Machine, spec: Obj) -> tuple[Outcome, str, str]:
        """Send one request as the flow describes: (outcome, address dialed, Service label)."""
        namespace = spec.get("namespace") or "default"
        name = str(spec.get("service"))
        local = f"iptables/{source.name}"
        svc = self._service(namespace, name)
        if svc is None:
            host = f"{name}.{namespace}.svc.cluster.local"
            return Outcome(False, local, error=f"dial tcp: lookup {host}: no such host",
                           why="no such host"), host, name
        svc_spec = svc.get("spec") or {}
        port = self._port(svc_spec, spec.get("port"))
        cluster_ip = svc_spec.get("clusterIP") or ""
        if svc_spec.get("type") == "ExternalName":
            host = str(svc_spec.get("externalName") or "")
            return Outcome(False, local, error=f"dial tcp: lookup {host}: no such host",
                           why=f"no such host (ExternalName {host})"), host, name
        if spec.get("nodePort"):
            return self._via_node_port(source, port, name)
        wanted = int(spec.get("port") or (port or {}).get("port") or 0)
        if cluster_ip in ("", "None"):
            return self._headless(source, svc, wanted), f"{name}:{wanted}", name
        dialed = f"{cluster_ip}:{wanted}"
        protocol = (port or {}).get("protocol") or "TCP"
        rule = source.kube_proxy.lookup(cluster_ip, wanted, protocol)
        if rule is None:
            return Outcome(False, local, error=f"dial tcp {dialed}: i/o timeout",
                           why=f"i/o timeout (no iptables rule for {dialed} on {source.name})"), dialed, name
        return self._to_endpoints(source, rule[1], dialed), dialed, name

    def _via_node_port(self, source: Machine, port: Obj | None, name: str) -> tuple[Outcome, str, str]:
        local = f"iptables/{source.name}"
        node_port = (port or {}).get("nodePort")
        dialed = f"{source.internal_ip}:{node_port or '?'}"
        if not node_port:
            why = f"connection refused ({name} has no NodePort for port {(port or {}).get('port')})"
            return Outcome(False, local, error=f"dial tcp {dialed}: connect: connection refused", why=why), \
                dialed, name
        if not self._reachable(source.name) or not source.powered:
            return Outcome(False, local, error=f"dial tcp {dialed}: i/o timeout",
                           why=f"i/o timeout ({source.name} is unreachable)"), dialed, name
        target = source.kube_proxy.lookup_node_port(int(node_port), (port or {}).get("protocol") or "TCP")
        rule = None
        if target is not None:
            ip_port, _, proto = target.partition("/")
            ip, _, svc_port = ip_port.rpartition(":")
            rule = source.kube_proxy.lookup(ip, int(svc_port), proto)
        if rule is None:
            why = f"connection refused (no NodePort {node_port} rule on {source.name})"
            return Outcome(False, local, error=f"dial tcp {dialed}: connect: connection refused", why=why), \
                dialed, name
        return self._to_endpoints(source, rule[1], dialed), dialed, name

    def _to_endpoints(self, source: Machine, endpoints: tuple[str, ...], dialed: str) -> Outcome:
        if not endpoints:
            return Outcome(False, f"iptables/{source.name}", error=f"dial tcp {dialed}: connect: {REJECTED}",
                           why=REJECTED)
        endpoint = self.core.kernel.rng.choice(endpoints)     # statistic --mode random, chain by chain
        return self.connect(source, endpoint, dialed)

    def _headless(self, source: Machine, svc: Obj, wanted: int) -> Outcome:
        """No ClusterIP: DNS answers the ready endpoints' addresses; no kube-proxy on the way."""
        meta = svc["metadata"]
        addresses = []
        for sl in self._slices(meta.get("namespace", ""), meta["name"]):
            addresses += [ep["addresses"][0] for ep in sl.get("endpoints") or []
                          if ep.get("addresses") and usable(ep)]
        host = f"{meta['name']}.{meta.get('namespace')}.svc.cluster.local"
        if not addresses:
            return Outcome(False, f"iptables/{source.name}", error=f"dial tcp: lookup {host}: no such host",
                           why="no such host (headless Service without ready endpoints)")
        ip = self.core.kernel.rng.choice(sorted(set(addresses)))
        return self.connect(source, f"{ip}:{wanted}", f"{ip}:{wanted}")

    def connect(self, source: Machine, endpoint: str, dialed: str) -> Outcome:
        """The DNATed connection from ``source`` to ``endpoint``: is anything there to answer?"""
        ip, _, port = endpoint.rpartition(":")
        dest_name = self._node_of(ip)
        dest = self.cluster.machines.get(dest_name or "")
        if dest is None:
            return Outcome(False, f"pod/?/{endpoint}", endpoint, f"dial tcp {dialed}: i/o timeout",
                           "i/o timeout (no node has that address)")
        box = self._sandbox(dest, ip, int(port or 0))
        label = f"{box.namespace}/{box.name}" if box is not None else endpoint
        target = f"pod/{dest.name}/{label}"
        if not dest.powered or (dest.name != source.name and not (self._reachable(source.name)
                                                                  and self._reachable(dest.name))):
            cut = dest.name if not dest.powered or not self._reachable(dest.name) else source.name
            why = f"i/o timeout ({cut} is {'down' if not dest.powered else 'cut off'})"
            return Outcome(False, target, endpoint, f"dial tcp {dialed}: i/o timeout", why)
        if box is None or not box.ready:
            return Outcome(False, target, endpoint, f"dial tcp {dialed}: connect: no route to host",
                           "no route to host (the pod's address is gone)")
        runtime = dest.runtime
        serving = [c for c in box.containers if runtime.accepting(c)]
        if not serving:
            stopping = any(c.state == "running" for c in box.containers)
            why = "shutting down: its listening socket is closed" if stopping else \
                "its container is not running"
            return Outcome(False, target, endpoint, f"dial tcp {dialed}: connect: connection refused",
                           f"connection refused ({why})")
        served_by = next((c for c in serving if c.program.probe_line), serving[0])
        return Outcome(True, target, endpoint, container=served_by, source_ip=self._source_ip(source, dest))

    # -- bookkeeping ----------------------------------------------------------------------------
    def _record(self, flow: Flow, source: Machine, outcome: Outcome, dialed: str, shown: str) -> None:
        flow.sent += 1
        hop = f"{source.name} → {shown} ({dialed})"
        if outcome.endpoint:
            hop += f" → {outcome.endpoint}"
            flow.by_endpoint[outcome.endpoint] = flow.by_endpoint.get(outcome.endpoint, 0) + 1
            flow.last_endpoint = outcome.endpoint
        if outcome.ok:
            flow.succeeded += 1
            message = f"{hop} ok"
            self._access_log(outcome)
        else:
            flow.failed += 1
            flow.last_error = outcome.error
            message = f"{hop} failed: {outcome.why}"
        self.core.trace.emit(f"traffic/{source.name}", outcome.target, "connect", f"trafficflows {flow.name}",
                             message, kind=KIND)
        if self.core.kernel.now - flow.flushed_at >= FLUSH_PERIOD:
            self._flush(flow)

    def _access_log(self, outcome: Outcome) -> None:
        c: Container | None = outcome.container
        if c is None or not c.program.probe_line:
            return
        line = c.program.probe_line.replace("@gw@", outcome.source_ip).replace("kube-probe/1.32", USER_AGENT)
        machine = self.cluster.machines.get(self._node_of(c.sandbox.ip) or "")
        if machine is not None:
            machine.runtime.append_log(c, line)

    # -- where things are -------------------------------------------------------------------------
    def _service(self, namespace: str, name: str) -> Obj | None:
        """The Service as cluster DNS knows it (CoreDNS' cache: it answers while the apiserver is down)."""
        key = f"/registry/services/{namespace}/{name}"
        kv = self.core.etcd._bucket(key).get(key)
        return None if kv is None else kv.value

    def _slices(self, namespace: str, service: str) -> list[Obj]:
        prefix = f"/registry/endpointslices/{namespace}/"
        bucket = self.core.etcd._bucket(prefix)
        return [kv.value for k, kv in sorted(bucket.items()) if k.startswith(prefix)
                and ((kv.value.get("metadata") or {}).get("labels") or {}).get(SERVICE_NAME_LABEL) == service]

    @staticmethod
    def _port(svc_spec: Obj, wanted: Any) -> Obj | None:
        ports = svc_spec.get("ports") or []
        if wanted:
            return next((p for p in ports if p.get("port") == wanted), None)
        return ports[0] if ports else None

    def _reachable(self, node: str) -> bool:
        network = self.core.network
        return node not in network.partitioned and node not in network.down

    def _index(self) -> None:
        seen = tuple(self.cluster.machines)
        if seen == self._machines_seen:
            return
        self._machines_seen = seen
        self._by_cidr.clear()
        self._by_ip.clear()
        for machine in self.cluster.machines.values():
            net = ipaddress.ip_network(machine.kubelet.pod_cidr, strict=False)
            self._by_cidr[(net.prefixlen, int(net.network_address))] = machine.name
            self._by_ip[machine.internal_ip] = machine.name

    def _node_of(self, ip: str) -> str | None:
        """The node an address lives on: its InternalIP, or the pod CIDR it was allocated from."""
        self._index()
        if ip in self._by_ip:
            return self._by_ip[ip]
        try:
            value = int(ipaddress.ip_address(ip))
        except ValueError:
            return None
        for prefixlen in {p for p, _ in self._by_cidr}:
            name = self._by_cidr.get((prefixlen, value >> (32 - prefixlen) << (32 - prefixlen)))
            if name is not None:
                return name
        return None

    def _sandbox(self, machine: Machine, ip: str, port: int) -> Sandbox | None:
        boxes = machine.runtime.sandboxes()
        if ip != machine.internal_ip:
            return next((b for b in boxes if b.ip == ip and not b.host_network), None)
        # Host-network pods share the node's address: the one a Service's slice points at.
        for sl in self._all_slices():
            for ep in sl.get("endpoints") or []:
                ref = ep.get("targetRef") or {}
                if ip in (ep.get("addresses") or []) and ref.get("kind") == "Pod" and \
                        any(p.get("port") == port for p in sl.get("ports") or []):
                    box = next((b for b in boxes if b.host_network and b.name == ref.get("name")
                                and b.namespace == ref.get("namespace")), None)
                    if box is not None:
                        return box
        if port == APISERVER_PORT and machine.role == "control-plane":
            # The ``kubernetes`` Service's endpoints are the apiservers' own addresses (no targetRef):
            # the static kube-apiserver pod on that master answers.
            return next((b for b in boxes if b.host_network and b.namespace == "kube-system"
                         and b.name.startswith("kube-apiserver")), None)
        return None

    def _all_slices(self) -> list[Obj]:
        bucket = self.core.etcd._bucket("/registry/endpointslices/")
        return [kv.value for _, kv in sorted(bucket.items())]

    def _source_ip(self, source: Machine, dest: Machine) -> str:
        """Where the pod sees the request from: kube-proxy's KUBE-MARK-MASQ (the client is
        outside the cluster CIDR) SNATs it to the source node's cni0 (.1, same node) or
        flannel.1 (.0, across nodes) address."""
        net = ipaddress.ip_network(source.kubelet.pod_cidr, strict=False)
        return str(net.network_address + (1 if source.name == dest.name else 0))


def attach(cluster: Cluster) -> TrafficGenerator:
    return TrafficGenerator.attach(cluster)
