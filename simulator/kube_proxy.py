"""kube-proxy in iptables mode: Services + EndpointSlices → the node's forwarding rules.

``rules()`` is the pure part: for every Service port, ``ClusterIP:port/protocol`` → the
ready, non-terminating endpoints of its EndpointSlices (an empty tuple is iptables'
REJECT "has no endpoints"); NodePort entries point at the service port they expose.
``KubeProxy`` watches both kinds through informers and re-syncs only the services that
changed, no more often than ``minSyncPeriod`` (1 s). Rules survive a kube-proxy restart:
they live in the kernel (a reboot loses them: ``flush``). ``iptables_lines()`` shows them
as ``iptables-save`` would, with upstream's chain names (KUBE-SVC-/KUBE-SEP-<hash>), and
``lookup()`` is the data path simulator/traffic.py sends requests along.
"""
from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from .objects import Obj, key, labels, namespace

if TYPE_CHECKING:
    from .core import Core

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
CLUSTER_CIDR = "10.244.0.0/16"  # the kube-proxy ConfigMap's clusterCIDR (kubeadm's podSubnet)
MIN_SYNC_PERIOD = 1.0          # --iptables-min-sync-period
SYNC_PERIOD = 30.0             # --iptables-sync-period: the retry when a sync could not run
# "10.96.0.10:53/UDP" → ("kube-system/kube-dns:dns", ("10.244.1.3:53", ...))
Entries = dict[str, tuple[str, tuple[str, ...]]]


def usable(endpoint: Obj) -> bool:
    """Ready and not terminating; an unset ``ready`` means ready (discovery/v1 semantics)."""
    cond = endpoint.get("conditions") or {}
    return cond.get("ready") is not False and not cond.get("terminating")


def service_rules(svc: Obj, slices: list[Obj]) -> tuple[Entries, dict[str, str]]:
    """The rules one Service contributes: (ClusterIP entries, NodePort entries)."""
    spec = svc.get("spec") or {}
    cluster_ip = spec.get("clusterIP")
    if not cluster_ip or cluster_ip == "None" or spec.get("type") == "ExternalName":
        return {}, {}       # headless / ExternalName: DNS only, no proxy rules
    entries: Entries = {}
    node_ports: dict[str, str] = {}
    for port in spec.get("ports") or []:
        port_name, protocol = port.get("name") or "", port.get("protocol") or "TCP"
        found: set[str] = set()
        for sl in slices:
            for slice_port in sl.get("ports") or []:
                same_name = (slice_port.get("name") or "") == port_name
                if not same_name or (slice_port.get("protocol") or "TCP") != protocol:
                    continue
                for ep in sl.get("endpoints") or []:
                    addresses = ep.get("addresses") or []
                    if addresses and usable(ep):
                        found.add(f"{addresses[0]}:{slice_port.get('port')}")
        rule_key = f"{cluster_ip}:{port.get('port')}/{protocol}"
        shown = f"{key(svc)}:{port_name}" if port_name else key(svc)
        entries[rule_key] = (shown, tuple(sorted(found)))
        if spec.get("type") in ("NodePort", "LoadBalancer") and port.get("nodePort"):
            node_ports[f"{port['nodePort']}/{protocol}"] = rule_key
    return entries, node_ports


def slice_owner(sl: Obj) -> str | None:
    name = labels(sl).get(SERVICE_NAME_LABEL)
    return f"{namespace(sl)}/{name}" if name else None


def rules(services: list[Obj], slices: list[Obj]) -> dict[str, Any]:
    """The whole rule set: {"services": {ClusterIP:port/proto → (name, endpoints)}, "nodePorts": {...}}."""
    by_service: dict[str, list[Obj]] = {}
    for sl in slices:
        owner = slice_owner(sl)
        if owner:
            by_service.setdefault(owner, []).append(sl)
    entries: Entries = {}
    node_ports: dict[str, str] = {}
    for svc in services:
        e, n = service_rules(svc, by_service.get(key(svc), []))
        entries.update(e)
        node_ports.update(n)
    return {"services": entries, "nodePorts": node_ports}


# -- the rules as ``iptables-save`` prints them ---------------------------------------------
def _hash(text: str) -> str:
    """portProtoHash: base32 of sha256, 16 characters (iptables chain names are ≤ 28)."""
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:16]


def service_chain(service_port: str, protocol: str) -> str:
    """servicePortPolicyClusterChain: ``KUBE-SVC-`` + hash of "ns/name:port" + "tcp"."""
    return "KUBE-SVC-" + _hash(service_port + protocol.lower())


def external_chain(service_port: str, protocol: str) -> str:
    return "KUBE-EXT-" + _hash(service_port + protocol.lower())


def endpoint_chain(service_port: str, protocol: str, endpoint: str) -> str:
    """servicePortEndpointChainName: ``KUBE-SEP-`` + hash of the service port, protocol and "ip:port"."""
    return "KUBE-SEP-" + _hash(service_port + protocol.lower() + endpoint)


NODEPORTS_NOTE = "kubernetes service nodeports; NOTE: this must be the last rule in this chain"
_PLAIN = frozenset("_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _comment(text: str) -> str:
    """``-m comment --comment``, quoted as iptables-save quotes (xtables_save_string)."""
    if text and set(text) <= _PLAIN:
        return f"-m comment --comment {text}"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'-m comment --comment "{escaped}"'


def probability(n: int) -> str:
    """The statistic match as iptables-save prints it back: a 31-bit fraction, 11 decimals."""
    return f"{round(0x80000000 / n) / 0x80000000:.11f}"


def iptables_save(current: dict[str, Any]) -> list[str]:
    """``iptables-save`` of kube-proxy's chains (filter, then nat; each chain's rules
    together, chains in name order as iptables-save lists them), from a rule set as
    ``rules()`` returns it. Mirrors pkg/proxy/iptables/proxier.go's syncProxyRules."""
    entries: Entries = current.get("services") or {}
    by_rule = {rule: port.partition("/")[0] for port, rule in (current.get("nodePorts") or {}).items()}
    filter_chains: dict[str, list[str]] = {c: [] for c in ("KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD",
                                                            "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL",
                                                            "KUBE-SERVICES")}
    nat: dict[str, list[str]] = {c: [] for c in ("KUBE-MARK-MASQ", "KUBE-NODEPORTS", "KUBE-POSTROUTING",
                                                 "KUBE-SERVICES")}
    filter_chains["KUBE-FORWARD"].append(f"-A KUBE-FORWARD {_comment('kubernetes forwarding rules')} "
                                         "-m mark --mark 0x4000/0x4000 -j ACCEPT")
    nat["KUBE-MARK-MASQ"].append("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000")
    nat["KUBE-POSTROUTING"] += [
        "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
        "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
        f"-A KUBE-POSTROUTING {_comment('kubernetes service traffic requiring SNAT')} "
        "-j MASQUERADE --random-fully"]
    for rule_key in sorted(entries):
        name, endpoints = entries[rule_key]
        ip_port, _, protocol = rule_key.partition("/")
        ip, _, port = ip_port.rpartition(":")
        proto = protocol.lower()
        dport = f"-m {proto} --dport {port}"
        node_port = by_rule.get(rule_key)
        if not endpoints:
            filter_chains["KUBE-SERVICES"].append(
                f"-A KUBE-SERVICES -d {ip}/32 -p {proto} {_comment(name + ' has no endpoints')} {dport} "
                "-j REJECT --reject-with icmp-port-unreachable")
            if node_port:
                filter_chains["KUBE-EXTERNAL-SERVICES"].append(
                    f"-A KUBE-EXTERNAL-SERVICES -p {proto} {_comment(name + ' has no endpoints')} "
                    f"-m addrtype --dst-type LOCAL -m {proto} --dport {node_port} "
                    "-j REJECT --reject-with icmp-port-unreachable")
            continue
        svc = service_chain(name, proto)
        cluster_ip = _comment(name + " cluster IP")
        nat["KUBE-SERVICES"].append(f"-A KUBE-SERVICES -d {ip}/32 -p {proto} {cluster_ip} {dport} -j {svc}")
        nat[svc] = [f"-A {svc} ! -s {CLUSTER_CIDR} -d {ip}/32 -p {proto} {cluster_ip} {dport} "
                    "-j KUBE-MARK-MASQ"]
        if node_port:
            ext = external_chain(name, proto)
            nat["KUBE-NODEPORTS"].append(f"-A KUBE-NODEPORTS -p {proto} {_comment(name)} "
                                         f"-m {proto} --dport {node_port} -j {ext}")
            nat[ext] = [f"-A {ext} {_comment(f'masquerade traffic for {name} external destinations')} "
                        "-j KUBE-MARK-MASQ", f"-A {ext} -j {svc}"]
        for i, endpoint in enumerate(endpoints):
            sep = endpoint_chain(name, proto, endpoint)
            left = len(endpoints) - i
            pick = "" if left == 1 else f" -m statistic --mode random --probability {probability(left)}"
            nat[svc].append(f"-A {svc} {_comment(f'{name} -> {endpoint}')}{pick} -j {sep}")
            nat[sep] = [f"-A {sep} -s {endpoint.rpartition(':')[0]}/32 {_comment(name)} -j KUBE-MARK-MASQ",
                        f"-A {sep} -p {proto} {_comment(name)} -m {proto} "
                        f"-j DNAT --to-destination {endpoint}"]
    nat["KUBE-SERVICES"].append(f"-A KUBE-SERVICES {_comment(NODEPORTS_NOTE)} -m addrtype --dst-type LOCAL "
                                "-j KUBE-NODEPORTS")
    return _table("filter", filter_chains) + _table("nat", nat)


def _table(name: str, chains: dict[str, list[str]]) -> list[str]:
    ordered = sorted(chains)
    return [f"*{name}", *(f":{chain} - [0:0]" for chain in ordered),
            *(rule for chain in ordered for rule in chains[chain]), "COMMIT"]

class KubeProxy:
    def __init__(self, core: Core, *, node: str, min_sync_period: float = MIN_SYNC_PERIOD) -> None:
        self.core, self.node = core, node
        self.actor, self.target = f"kube-proxy/{node}", f"iptables/{node}"
        self.min_sync_period = min_sync_period
        self.current_rules: dict[str, Any] = {"services": {}, "nodePorts": {}}
        self.running = False
        self._per_service: dict[str, tuple[Entries, dict[str, str]]] = {}
        self._slices: dict[str, set[str]] = {}        # service key → its slices' keys
        self._slice_owner: dict[str, str] = {}
        self._dirty: set[str] = set()
        self._factory: Any = None
        self._services: Any = None
        self._slice_informer: Any = None
        self._timer: Any = None
        self._last_sync = -1e18

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        if self.running:
            return
        self.running = True
        self._factory = self.core.informers(self.actor, node=self.node)
        svc = self._factory.informer("services")
        svc.add_handler(on_add=self._service_changed, on_update=lambda _, new: self._service_changed(new),
                        on_delete=self._service_changed)
        sl = self._factory.informer("endpointslices")
        sl.add_handler(on_add=self._slice_changed, on_update=lambda _, new: self._slice_changed(new),
                       on_delete=lambda obj: self._slice_changed(obj, gone=True))
        self._services, self._slice_informer = svc, sl
        self._factory.start()
        # A fresh process syncs everything: rules of services deleted while it was away go too.
        self._dirty.update(self._per_service)
        self._request_sync()

    def stop(self) -> None:
        """The process dies; the rules it wrote stay in the kernel."""
        self.running = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._factory is not None:
            self._factory.stop()
        self._factory = None
        self._slices.clear()
        self._slice_owner.clear()
        self._dirty.clear()

    def flush(self) -> None:
        """The machine powered off: the kernel's rules are gone with it (the next start
        writes them all again)."""
        self.current_rules = {"services": {}, "nodePorts": {}}
        self._per_service.clear()

    # -- informer handlers: remember what changed, sync later ------------------------------
    def _service_changed(self, svc: Obj) -> None:
        self._dirty.add(key(svc))
        self._request_sync()

    def _slice_changed(self, sl: Obj, *, gone: bool = False) -> None:
        slice_key = key(sl)
        before = self._slice_owner.pop(slice_key, None)
        if before is not None:
            self._slices.get(before, set()).discard(slice_key)
            self._dirty.add(before)
        owner = slice_owner(sl)
        if owner and not gone:
            self._slice_owner[slice_key] = owner
            self._slices.setdefault(owner, set()).add(slice_key)
            self._dirty.add(owner)
        self._request_sync()

    def _request_sync(self, delay: float | None = None) -> None:
        if self._timer is not None or not self.running:
            return
        at = max(self.core.kernel.now, self._last_sync + self.min_sync_period) if delay is None \
            else self.core.kernel.now + delay
        self._timer = self.core.kernel.call_at(at, self._sync)

    # -- the sync --------------------------------------------------------------------------
    def _sync(self) -> None:
        self._timer = None
        if not self.core.network.reachable(self.node):
            self._request_sync(SYNC_PERIOD)    # cut off or down: nothing is applied until it is back
            return
        dirty, self._dirty = self._dirty, set()
        self._last_sync = self.core.kernel.now
        changed = False
        for service_key in sorted(dirty):
            fresh = self._compute(service_key)
            if fresh != self._per_service.get(service_key, ({}, {})):
                changed = True
                if fresh == ({}, {}):
                    self._per_service.pop(service_key, None)
                else:
                    self._per_service[service_key] = fresh
        if changed:
            self._apply()

    def _compute(self, service_key: str) -> tuple[Entries, dict[str, str]]:
        svc = self._services.get(service_key)
        if svc is None:
            return {}, {}
        slices = [s for k in sorted(self._slices.get(service_key, ())) if (s := self._slice_informer.get(k))]
        return service_rules(svc, slices)

    def _apply(self) -> None:
        entries: Entries = {}
        node_ports: dict[str, str] = {}
        for service_key in sorted(self._per_service):
            e, n = self._per_service[service_key]
            entries.update(e)
            node_ports.update(n)
        self.current_rules = {"services": entries, "nodePorts": node_ports}
        services = len({name.split(":")[0] for name, _ in entries.values()})
        endpoints = sum(len(eps) for _, eps in entries.values())
        self.core.trace.emit(self.actor, self.target, "sync", f"rules {self.node}",
                             f"sync rules ({services} services, {endpoints} endpoints)",
                             kind="ProxyRulesSynced")

    # -- the data path ---------------------------------------------------------------------
    def iptables_lines(self) -> list[str]:
        """What ``iptables-save`` shows of this node's kube-proxy chains right now (the rules
        in the kernel: stale while kube-proxy is stopped or cut off)."""
        return iptables_save(self.current_rules)

    def lookup(self, cluster_ip: str, port: int, protocol: str = "TCP") -> tuple[str, tuple[str, ...]] | None:
        """The rule for ClusterIP:port: (service port name, endpoints) — an empty tuple is
        the REJECT rule of a service without endpoints; None: no rule (not DNATed at all)."""
        return self.current_rules["services"].get(f"{cluster_ip}:{port}/{protocol}")

    def lookup_node_port(self, node_port: int, protocol: str = "TCP") -> str | None:
        """The ``ClusterIP:port/proto`` rule a NodePort jumps to, or None."""
        return self.current_rules["nodePorts"].get(f"{node_port}/{protocol}")

    def route(self, cluster_ip: str, port: int, protocol: str = "TCP") -> str | None:
        """Where a connection to ClusterIP:port goes (iptables' random pick), or None (rejected)."""
        entry = self.current_rules["services"].get(f"{cluster_ip}:{port}/{protocol}")
        if entry is None or not entry[1]:
            return None
        return self.core.kernel.rng.choice(entry[1])

    def route_node_port(self, node_port: int, protocol: str = "TCP") -> str | None:
        target = self.current_rules["nodePorts"].get(f"{node_port}/{protocol}")
        if target is None:
            return None
        ip, _, rest = target.partition(":")
        port, _, proto = rest.partition("/")
        return self.route(ip, int(port), proto)
