"""The Traffic panel: TrafficFlows as the page shows them — live counts, packets and log lines.

The numbers are each TrafficFlow's ``status`` as stored (the simulator writes it so that it
counts exactly the trace's ``ServiceRequest`` events up to ``updatedAtSeconds``): the page,
``kubectl get tf`` and the trace agree. Like the diagram, the panel is a comparable view
model; a frame carries a flow's list item (by its stable id ``tf-<name>``) only when that
flow's model changed, and the presenter's choices (Services, nodes) only when they changed.

A flow may send 100 requests per simulated second, at 100× speed: the page never gets one
packet or one log line per request. Each frame animates at most ``PACKETS_PER_FLOW`` of a
flow's requests (failures first: they are the story), and the event log gets one line per
flow per window (a simulated second, or more at high speed: about one line per wall second).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import get_template
from django.utils.html import escape

from simulator.traffic import KIND as SERVICE_REQUEST

from .diagram.events import LogRow
from .diagram.ids import component_id, dom_id
from .presenters import format_sim_time

Obj = dict[str, Any]

FLOWS_ID = "traffic-flows"
SHOTS_ID = "traffic-shots"
PACKETS_PER_FLOW = 3         # requests animated per flow per frame
FAILED_PER_FLOW = 2          # of which at most this many failures (an ok one still shows the way)
PACKETS_PER_FRAME = 24       # all flows together
ENDPOINTS_SHOWN = 6
MAX_NAME = 253
FLOW_TEMPLATE = "clusterviz/traffic/flow.html"
FLOWS_TEMPLATE = "clusterviz/traffic/flows.html"
SERVICE_SELECT = "clusterviz/traffic/service_select.html"
NODE_SELECT = "clusterviz/traffic/node_select.html"
_UNSAFE = re.compile(r"[^a-z0-9.-]+")


# -- names ---------------------------------------------------------------------------------
def flow_name(namespace: str, service: str, port: Any, node: str) -> str:
    """One flow per Service port and source node: ``web-80-worker-1`` (``shop-api-8080-worker-2``
    outside the default namespace); always a valid object name, whatever was typed."""
    parts = [service, str(port or ""), node] if namespace in ("", "default") else \
        [namespace, service, str(port or ""), node]
    name = _UNSAFE.sub("-", "-".join(p for p in parts if p).lower())
    name = re.sub(r"-{2,}", "-", name).strip("-.")[:MAX_NAME].strip("-.")
    return name or "traffic"


def parse_service(value: str) -> tuple[str, str, str]:
    """``ns/name:port`` (as the Service menu offers it) → (namespace, name, port)."""
    value = value.strip()
    namespace, _, rest = value.rpartition("/")
    name, _, port = rest.partition(":")
    return namespace or "default", name, port


# -- view models ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FlowView:
    name: str
    dom_id: str
    service: str                 # default/web:80
    from_node: str
    rate: str                    # 20/s
    via: str                     # ClusterIP or NodePort
    phase: str
    message: str
    sent: int
    succeeded: int
    failed: int
    last_error: str
    last_endpoint: str
    endpoints: tuple[tuple[str, int], ...]    # the busiest first
    more_endpoints: int


@dataclass(frozen=True, slots=True)
class ServiceChoice:
    value: str                   # default/web:80
    node_port: int | None

    @property
    def label(self) -> str:
        return f"{self.value} · NodePort {self.node_port}" if self.node_port else self.value


@dataclass(frozen=True, slots=True)
class Panel:
    flows: tuple[FlowView, ...] = ()
    services: tuple[ServiceChoice, ...] = ()
    nodes: tuple[str, ...] = ()
    default_node: str = ""


def _number(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:g}"


def flow_view(obj: Obj) -> FlowView:
    """One TrafficFlow as its list item shows it: the stored status, untouched."""
    name = obj["metadata"]["name"]
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    service = f"{spec.get('namespace') or 'default'}/{spec.get('service', '')}"
    if spec.get("port"):
        service += f":{spec['port']}"
    reached = sorted((status.get("byEndpoint") or {}).items(), key=lambda item: (-int(item[1]), item[0]))
    return FlowView(
        name=name, dom_id=dom_id("tf", None, name), service=service, from_node=str(spec.get("fromNode", "")),
        rate=f"{_number(spec.get('rate', 1))}/s", via="NodePort" if spec.get("nodePort") else "ClusterIP",
        phase=str(status.get("phase") or "Pending"), message=str(status.get("message") or ""),
        sent=int(status.get("sent") or 0), succeeded=int(status.get("succeeded") or 0),
        failed=int(status.get("failed") or 0), last_error=str(status.get("lastError") or ""),
        last_endpoint=str(status.get("lastEndpoint") or ""),
        endpoints=tuple((str(ep), int(n)) for ep, n in reached[:ENDPOINTS_SHOWN]),
        more_endpoints=max(0, len(reached) - ENDPOINTS_SHOWN))


def service_choices(services: Iterable[Obj]) -> tuple[ServiceChoice, ...]:
    """Every port of every Service with a ClusterIP: the default namespace first, kube-system last."""
    found: dict[str, ServiceChoice] = {}
    for svc in services:
        meta, spec = svc["metadata"], svc.get("spec") or {}
        if spec.get("clusterIP") in (None, "", "None") or spec.get("type") == "ExternalName":
            continue
        namespace = meta.get("namespace") or "default"
        node_port_type = spec.get("type") in ("NodePort", "LoadBalancer")
        for port in spec.get("ports") or []:
            value = f"{namespace}/{meta['name']}:{port.get('port')}"
            if value not in found:
                found[value] = ServiceChoice(value, port.get("nodePort") if node_port_type else None)

    def order(choice: ServiceChoice) -> tuple[Any, ...]:
        namespace, name, port = parse_service(choice.value)
        return namespace == "kube-system", namespace != "default", namespace, name, int(port or 0)

    return tuple(sorted(found.values(), key=order))


def node_names(cluster: Any) -> tuple[str, ...]:
    machines = sorted(cluster.machines.values(), key=lambda m: (m.role != "control-plane", m.index))
    return tuple(m.name for m in machines)


def build(cluster: Any) -> Panel:
    nodes = node_names(cluster)
    workers = [name for name in nodes if cluster.machines[name].role == "worker"]
    return Panel(flows=tuple(flow_view(obj) for obj in cluster.objects("trafficflows")),
                 services=service_choices(cluster.objects("services")), nodes=nodes,
                 default_node=(workers or list(nodes) or [""])[0])


# -- packets --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Shot:
    """One request on screen: from the source node's kube-proxy to the pod that answered (or not)."""

    source: str          # dom id of the source node's kube-proxy chip
    source_node: str     # ... and of its node box (the chip is not drawn with many workers)
    dest: str            # dom id of the pod ("" when the request never left the source node)
    dest_node: str       # dom id of the pod's node ("" likewise)
    ok: bool
    title: str


def shot(event: Any) -> Shot:
    node = event.actor.partition("/")[2]
    source, source_node = component_id(f"kube-proxy/{node}"), dom_id("node", None, node)
    ok = event.message.endswith(" ok")
    resource, _, rest = event.target.partition("/")
    dest = dest_node = ""
    if resource == "pod":
        where, _, what = rest.partition("/")
        if where and where != "?":
            dest_node = dom_id("node", None, where)
            namespace, slash, pod = what.partition("/")
            dest = dom_id("pod", namespace, pod) if slash else ""
    return Shot(source, source_node, dest, dest_node, ok, event.message)


def pick_shots(events: Iterable[Any]) -> list[Shot]:
    """A few of each flow's requests of this frame: failures first (at most FAILED_PER_FLOW),
    then successes, PACKETS_PER_FLOW per flow and PACKETS_PER_FRAME in all."""
    failed: dict[str, list[Any]] = {}
    ok: dict[str, list[Any]] = {}
    for event in events:
        if event.kind != SERVICE_REQUEST:
            continue
        bucket = ok if event.message.endswith(" ok") else failed
        mine = bucket.setdefault(event.object, [])
        if len(mine) < PACKETS_PER_FLOW:
            mine.append(event)
    chosen: list[Any] = []
    for flow in dict.fromkeys([*failed, *ok]):
        bad, good = failed.get(flow, []), ok.get(flow, [])
        take = bad[:FAILED_PER_FLOW]
        take += good[:PACKETS_PER_FLOW - len(take)]
        take += bad[FAILED_PER_FLOW:][:PACKETS_PER_FLOW - len(take)]
        chosen += sorted(take, key=lambda e: e.seq)
    return [shot(e) for e in chosen[:PACKETS_PER_FRAME]]


def shots_html(shots: Iterable[Shot]) -> str:
    items = "".join(
        f'<i data-src="{s.source}" data-src-node="{s.source_node}" data-dst="{s.dest}" '
        f'data-dst-node="{s.dest_node}" data-ok="{"true" if s.ok else "false"}" '
        f'title="{escape(s.title)}"></i>'
        for s in shots)
    return f'<div hx-swap-oob="beforeend:#{SHOTS_ID}">{items}</div>' if items else ""


# -- the event log: one line per flow per window ------------------------------------------------
@dataclass
class _Window:
    flow: str
    node: str
    start: float
    length: float
    service: str = ""
    ok: int = 0
    failed: int = 0
    why: str = ""
    seq: int = 0
    t: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, event: Any) -> None:
        self.seq, self.t = event.seq, event.t
        message = event.message
        if not self.service:
            hops = message.split(" → ")
            self.service = hops[1] if len(hops) > 1 else ""        # web (10.96.0.2:80)
        if message.endswith(" ok"):
            self.ok += 1
        else:
            self.failed += 1
            why = message.partition(" failed: ")[2]
            self.why = why
            short = why.split(" (")[0]
            self.reasons[short] = self.reasons.get(short, 0) + 1

    def row(self) -> LogRow:
        span = f"{self.length:g}s"
        text = f"→ {self.service}: {self.ok} ok, {self.failed} failed in {span}"
        if self.failed:
            text += f" (last: {self.why})"
        return LogRow(self.seq, self.t, "traffic", self.node, SERVICE_REQUEST, text, self.failed > 0,
                      self.flow)


class RequestLog:
    """Turns ServiceRequest events into one summary line per flow per window."""

    def __init__(self) -> None:
        self.open: dict[str, _Window] = {}

    @staticmethod
    def window(speed: float) -> float:
        """A simulated second; at higher speeds as many seconds as one wall second holds."""
        return float(max(1, math.floor(speed or 1)))

    def rows(self, events: Iterable[Any], now: float, speed: float) -> list[LogRow]:
        length = self.window(speed)
        rows: list[LogRow] = []
        for event in events:
            if event.kind != SERVICE_REQUEST:
                continue
            flow = event.object.partition(" ")[2]
            current = self.open.get(flow)
            if current is not None and event.t >= current.start + current.length:
                rows.append(current.row())
                current = None
            if current is None:
                start = math.floor(event.t / length) * length
                current = self.open[flow] = _Window(flow, event.actor.partition("/")[2], start, length)
            current.add(event)
        for flow, current in list(self.open.items()):
            if now >= current.start + current.length:
                rows.append(current.row())
                del self.open[flow]
        return sorted(rows, key=lambda row: row.seq)


# -- kube-proxy's rules, for the inspector ------------------------------------------------------
RULES_NOTE = ("kube-proxy turns Services and their EndpointSlices into these rules: a request to a "
              "ClusterIP jumps to its KUBE-SVC-… chain, which picks one KUBE-SEP-… endpoint chain at random "
              "and rewrites the destination (DNAT) to that pod's address.")
NEVER = -1e17


def proxy_rules(cluster: Any, node: str) -> dict[str, Any] | None:
    """What ``iptables-save`` shows of ``node``'s kube-proxy chains right now, and when it last synced."""
    machine = getattr(cluster, "machines", {}).get(node)
    proxy = getattr(machine, "kube_proxy", None)
    if proxy is None:
        return None
    services = (proxy.current_rules.get("services") or {}).values()
    last = getattr(proxy, "_last_sync", None)
    now = float(getattr(cluster, "now", 0.0))
    if last is None or last < NEVER:
        synced = "not yet"
    else:
        synced = f"at {format_sim_time(last)} ({max(0.0, now - last):.1f}s ago)"
    stale = "" if proxy.running else "kube-proxy is stopped: the rules stay in the kernel as last written, " \
        "and go stale"
    return {"node": node, "lines": "\n".join(proxy.iptables_lines()), "note": RULES_NOTE, "synced": synced,
            "services": len({name.split(":")[0] for name, _ in services}),
            "endpoints": sum(len(endpoints) for _, endpoints in services), "stale": stale}


def rules_facts(rules: dict[str, Any] | None) -> list[tuple[str, str]]:
    if not rules:
        return []
    facts = [("Rules", f"{rules['services']} Services, {rules['endpoints']} endpoints"),
             ("Last sync", rules["synced"])]
    return facts + ([("Rules state", rules["stale"])] if rules["stale"] else [])


# -- rendering and the per-frame diff ------------------------------------------------------------
_FIRST_TAG = re.compile(r"^(\s*<[A-Za-z][A-Za-z0-9]*)")


def _mark(html: str, swap: str) -> str:
    """``hx-swap-oob`` on the fragment's root element."""
    return _FIRST_TAG.sub(lambda m: f'{m.group(1)} hx-swap-oob="{swap}"', html, count=1)


def render_flow(flow: FlowView) -> str:
    return get_template(FLOW_TEMPLATE).render({"flow": flow}).strip()


def render_flows(panel: Panel) -> str:
    return get_template(FLOWS_TEMPLATE).render({"traffic": panel}).strip()


def render_choices(panel: Panel) -> str:
    context = {"traffic": panel}
    return (_mark(get_template(SERVICE_SELECT).render(context).strip(), "true")
            + _mark(get_template(NODE_SELECT).render(context).strip(), "true"))


def flows_diff(old: Panel, new: Panel) -> str:
    """The smallest change of the flow list: changed items replaced, new ones appended, gone ones deleted."""
    before = {f.name: f for f in old.flows}
    after = {f.name: f for f in new.flows}
    parts = [f'<div id="{flow.dom_id}" hx-swap-oob="delete"></div>' for name, flow in before.items()
             if name not in after]
    for name, flow in after.items():
        was = before.get(name)
        if was is None:
            parts.append(_mark(render_flow(flow), f"append:#{FLOWS_ID}"))
        elif was != flow:
            parts.append(_mark(render_flow(flow), "replace"))
    return "".join(parts)


class TrafficView:
    """The panel's state as the viewers last got it, the frames that move it on, and snapshots."""

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster
        self.state: Panel | None = None
        self.log = RequestLog()

    def current(self) -> Panel:
        if self.state is None:
            self.state = build(self.cluster)
        return self.state

    def forget(self) -> None:
        """Nobody watches: the next viewer starts from a snapshot of the then current state."""
        self.state = None

    def frame(self) -> tuple[str, str]:
        """What changed since the last frame: (for everyone, for the presenter only)."""
        old, new = self.current(), build(self.cluster)
        self.state = new
        if old == new:
            return "", ""
        common = flows_diff(old, new) if old.flows != new.flows else ""
        choices = (old.services, old.nodes, old.default_node) != (new.services, new.nodes, new.default_node)
        return common, render_choices(new) if choices else ""

    def snapshot(self, *, presenter: bool) -> str:
        """The whole panel as of the last frame (a snapshot carries it with the diagram)."""
        panel = self.current()
        html = _mark(render_flows(panel), "true")
        return html + render_choices(panel) if presenter else html

    def context(self) -> dict[str, Any]:
        return {"traffic": self.current()}

    def packets(self, events: Iterable[Any]) -> str:
        return shots_html(pick_shots(events))

    def log_rows(self, events: Iterable[Any], now: float, speed: float) -> list[LogRow]:
        return self.log.rows(events, now, speed)
