"""Row cells for every kind the simulator serves, as kube-apiserver 1.32's printers compute them.

Each function returns the full (``-o wide``) row: kube-apiserver always prints with
``Wide: true`` and kubectl drops priority-1 columns itself. The Pod row lives in
``printers_pod``; the ``sim.clusterviz.io`` kinds and the generic fallback are at the end.
"""
from __future__ import annotations

from typing import Any

from simulator.apiserver.selectors import LabelSelector

from .printers_time import Ages

Obj = dict[str, Any]
_EMPTY: Obj = {}
NONE = "<none>"
UNSET = "<unset>"
NODE_ROLE_PREFIX = "node-role.kubernetes.io/"
NODE_LABEL_ROLE = "kubernetes.io/role"
LOAD_BALANCER_WIDTH = 16


# -- shared formatting (k8s.io/apimachinery labels, metav1 selectors) ---------------------
def format_labels(labels: dict[str, str] | None) -> str:
    """``labels.FormatLabels``: sorted ``k=v`` joined by commas, ``<none>`` when empty."""
    if not labels:
        return NONE
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def selector_string(selector: Obj | None) -> str | None:
    """``metav1.LabelSelectorAsSelector(s).String()``: requirements sorted by key, ``""`` for a nil or
    empty selector; None when the selector is malformed."""
    try:
        return str(LabelSelector.from_dict(selector))
    except (ValueError, TypeError, AttributeError):
        return None


def format_selector(selector: Obj | None) -> str:
    """``metav1.FormatLabelSelector``: ``<none>`` when it selects by nothing, ``<error>`` when malformed."""
    text = selector_string(selector)
    if text is None:
        return "<error>"
    return text or NONE


def containers_cells(template: Obj | None) -> tuple[str, str]:
    """``layoutContainerCells``: container names and images, comma-joined."""
    containers = ((template or _EMPTY).get("spec") or _EMPTY).get("containers") or ()
    return ",".join(c.get("name", "") for c in containers), ",".join(c.get("image", "") for c in containers)


def _name(obj: Obj) -> str:
    return (obj.get("metadata") or _EMPTY).get("name", "")


def _age(obj: Obj, ages: Ages) -> str:
    return ages.since((obj.get("metadata") or _EMPTY).get("creationTimestamp"))


# -- core/v1 --------------------------------------------------------------------------------
def namespace_row(obj: Obj, ages: Ages) -> list[Any]:
    return [_name(obj), (obj.get("status") or _EMPTY).get("phase", ""), _age(obj, ages)]


def node_status(node: Obj) -> str:
    """``Ready`` / ``NotReady`` (the Ready condition not True) / ``Unknown`` (no Ready condition),
    with ``,SchedulingDisabled`` for a cordoned node."""
    status = []
    for cond in (node.get("status") or _EMPTY).get("conditions") or ():
        if cond.get("type") == "Ready":
            ready = cond  # the last one wins, as upstream's conditionMap
            status = ["Ready" if ready.get("status") == "True" else "NotReady"]
    if not status:
        status = ["Unknown"]
    if (node.get("spec") or _EMPTY).get("unschedulable"):
        status.append("SchedulingDisabled")
    return ",".join(status)


def node_roles(labels: dict[str, str] | None) -> str:
    roles = set()
    for k, v in (labels or _EMPTY).items():
        if k.startswith(NODE_ROLE_PREFIX):
            role = k[len(NODE_ROLE_PREFIX):]
            if role:
                roles.add(role)
        elif k == NODE_LABEL_ROLE and v:
            roles.add(v)
    return ",".join(sorted(roles)) or NONE


def _node_address(status: Obj, kind: str) -> str:
    for address in status.get("addresses") or ():
        if address.get("type") == kind:
            return address.get("address", "")
    return NONE


def node_row(obj: Obj, ages: Ages) -> list[Any]:
    meta = obj.get("metadata") or _EMPTY
    status = obj.get("status") or _EMPTY
    info = status.get("nodeInfo") or _EMPTY
    return [meta.get("name", ""), node_status(obj), node_roles(meta.get("labels")),
            ages.since(meta.get("creationTimestamp")), info.get("kubeletVersion", ""),
            _node_address(status, "InternalIP"), _node_address(status, "ExternalIP"),
            info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
            info.get("containerRuntimeVersion") or "<unknown>"]


def _load_balancer_ips(status: Obj, wide: bool) -> str:
    ips = set()
    for ingress in ((status.get("loadBalancer") or _EMPTY).get("ingress") or ()):
        if ingress.get("ip"):
            ips.add(ingress["ip"])
        elif ingress.get("hostname"):
            ips.add(ingress["hostname"])
    text = ",".join(sorted(ips))
    if not wide and len(text) > LOAD_BALANCER_WIDTH:
        text = text[:LOAD_BALANCER_WIDTH - 3] + "..."
    return text


def service_external_ip(svc: Obj, *, wide: bool = True) -> str:
    spec = svc.get("spec") or _EMPTY
    kind = spec.get("type")
    external = spec.get("externalIPs") or []
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) if external else NONE
    if kind == "LoadBalancer":
        lb = _load_balancer_ips(svc.get("status") or _EMPTY, wide)
        if external:
            return ",".join(([*lb.split(",")] if lb else []) + list(external))
        return lb or "<pending>"
    if kind == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def service_ports(ports: Any) -> str:
    pieces = []
    for port in ports or ():
        protocol = port.get("protocol", "")
        if (port.get("nodePort") or 0) > 0:
            pieces.append(f"{port.get('port', 0)}:{port['nodePort']}/{protocol}")
        else:
            pieces.append(f"{port.get('port', 0)}/{protocol}")
    return ",".join(pieces) or NONE


def service_row(obj: Obj, ages: Ages) -> list[Any]:
    spec = obj.get("spec") or _EMPTY
    cluster_ips = spec.get("clusterIPs")
    return [_name(obj), spec.get("type", ""), cluster_ips[0] if cluster_ips else NONE,
            service_external_ip(obj), service_ports(spec.get("ports")), _age(obj, ages),
            format_labels(spec.get("selector"))]


def _join_host_port(ip: str, port: Any) -> str:
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def format_endpoints(subsets: Any) -> str:
    """``formatEndpoints``: the first three ``ip:port``, then ``+ N more...``."""
    if not subsets:
        return NONE
    shown: list[str] = []
    limit, more, count = 3, False, 0
    for ss in subsets:
        addresses = ss.get("addresses") or ()
        ports = ss.get("ports") or ()
        if not ports:  # headless services with no ports
            count += len(addresses)
            for addr in addresses:
                if len(shown) == limit:
                    more = True
                    break
                shown.append(addr.get("ip", ""))
            continue
        for port in ports:
            count += len(addresses)
            for addr in addresses:
                if len(shown) == limit:
                    more = True
                    break
                shown.append(_join_host_port(addr.get("ip", ""), port.get("port", 0)))
    text = ",".join(shown)
    return f"{text} + {count - limit} more..." if more else text


def endpoints_row(obj: Obj, ages: Ages) -> list[Any]:
    return [_name(obj), format_endpoints(obj.get("subsets")), _age(obj, ages)]


def _list_with_more(shown: list[str], more: bool, count: int, limit: int) -> str:
    text = ",".join(shown)
    if more:
        return f"{text} + {count - limit} more..."
    return text or UNSET


def endpoint_slice_ports(ports: Any) -> str:
    shown: list[str] = []
    more, count = False, 0
    for port in ports or ():
        if len(shown) < 3:
            if port.get("port") is not None:
                shown.append(str(port["port"]))
            elif port.get("name") is not None:
                shown.append(port["name"])
            else:
                shown.append("*")
        elif len(shown) == 3:
            more = True
        count += 1
    return _list_with_more(shown, more, count, 3)


def endpoint_slice_endpoints(endpoints: Any) -> str:
    shown: list[str] = []
    more, count = False, 0
    for endpoint in endpoints or ():
        for address in endpoint.get("addresses") or ():
            if len(shown) < 3:
                shown.append(address)
            elif len(shown) == 3:
                more = True
            count += 1
    return _list_with_more(shown, more, count, 3)


def endpoint_slice_row(obj: Obj, ages: Ages) -> list[Any]:
    return [_name(obj), obj.get("addressType", ""), endpoint_slice_ports(obj.get("ports")),
            endpoint_slice_endpoints(obj.get("endpoints")), _age(obj, ages)]


def config_map_row(obj: Obj, ages: Ages) -> list[Any]:
    return [_name(obj), len(obj.get("data") or ()) + len(obj.get("binaryData") or ()), _age(obj, ages)]


def event_source(event: Obj) -> str:
    """``formatEventSource``: component (or reportingController), then ``, host`` (or reportingInstance)."""
    source = event.get("source") or _EMPTY
    component = source.get("component") or event.get("reportingComponent") or ""
    host = source.get("host") or event.get("reportingInstance") or ""
    return f"{component}, {host}" if host else component


def event_row(obj: Obj, ages: Ages) -> list[Any]:
    first = ages.since(obj.get("firstTimestamp") or obj.get("eventTime"))
    last = ages.since(obj.get("lastTimestamp")) if obj.get("lastTimestamp") else first
    count = obj.get("count") or 0
    series = obj.get("series")
    if series is not None:
        last = ages.since(series.get("lastObservedTime"))
        count = series.get("count") or 0
    elif count == 0:  # singleton events of the events.k8s.io API carry no count
        count = 1
    involved = obj.get("involvedObject") or _EMPTY
    kind = (involved.get("kind") or "").lower()
    target = f"{kind}/{involved['name']}" if involved.get("name") else kind
    return [last, obj.get("type", ""), obj.get("reason", ""), target, involved.get("fieldPath", ""),
            event_source(obj), (obj.get("message") or "").strip(), first, count, _name(obj)]


# -- coordination.k8s.io, apps -------------------------------------------------------------
def lease_row(obj: Obj, ages: Ages) -> list[Any]:
    return [_name(obj), (obj.get("spec") or _EMPTY).get("holderIdentity") or "", _age(obj, ages)]


def replica_set_row(obj: Obj, ages: Ages) -> list[Any]:
    spec = obj.get("spec") or _EMPTY
    status = obj.get("status") or _EMPTY
    names, images = containers_cells(spec.get("template"))
    replicas = spec.get("replicas")
    return [_name(obj), 1 if replicas is None else replicas, status.get("replicas") or 0,
            status.get("readyReplicas") or 0, _age(obj, ages), names, images,
            format_selector(spec.get("selector"))]


def deployment_row(obj: Obj, ages: Ages) -> list[Any]:
    spec = obj.get("spec") or _EMPTY
    status = obj.get("status") or _EMPTY
    names, images = containers_cells(spec.get("template"))
    replicas = spec.get("replicas")
    desired = 1 if replicas is None else replicas
    return [_name(obj), f"{status.get('readyReplicas') or 0}/{desired}", status.get("updatedReplicas") or 0,
            status.get("availableReplicas") or 0, _age(obj, ages), names, images,
            _or_invalid(selector_string(spec.get("selector")))]


def _or_invalid(text: str | None) -> str:
    return "<invalid>" if text is None else text


def daemon_set_row(obj: Obj, ages: Ages) -> list[Any]:
    spec = obj.get("spec") or _EMPTY
    status = obj.get("status") or _EMPTY
    template = spec.get("template") or _EMPTY
    names, images = containers_cells(template)
    node_selector = format_labels((template.get("spec") or _EMPTY).get("nodeSelector"))
    return [_name(obj), status.get("desiredNumberScheduled") or 0, status.get("currentNumberScheduled") or 0,
            status.get("numberReady") or 0, status.get("updatedNumberScheduled") or 0,
            status.get("numberAvailable") or 0, node_selector, _age(obj, ages), names, images,
            format_selector(spec.get("selector"))]


# -- sim.clusterviz.io/v1 and the fallback ----------------------------------------------------
def fault_target(spec: Obj) -> str:
    kind = spec.get("type")
    if kind == "NetworkPartition":
        nodes = spec.get("nodes") or ([spec["node"]] if spec.get("node") else [])
        return ",".join(nodes)
    if kind == "ComponentDown":
        component = spec.get("component") or ""
        return f"{component}@{spec['node']}" if spec.get("node") else component
    return spec.get("node") or ""


def fault_row(obj: Obj, ages: Ages) -> list[Any]:
    spec = obj.get("spec") or _EMPTY
    phase = (obj.get("status") or _EMPTY).get("phase", "")
    return [_name(obj), spec.get("type", ""), fault_target(spec), phase, _age(obj, ages)]


def traffic_flow_row(obj: Obj, ages: Ages) -> list[Any]:
    spec = obj.get("spec") or _EMPTY
    status = obj.get("status") or _EMPTY
    service = f"{spec.get('namespace') or 'default'}/{spec.get('service', '')}"
    if spec.get("port"):
        service += f":{spec['port']}"
    return [_name(obj), service, spec.get("fromNode", ""), spec.get("rate", 1), status.get("sent", 0),
            status.get("succeeded", 0), status.get("failed", 0), _age(obj, ages),
            "NodePort" if spec.get("nodePort") else "ClusterIP", status.get("lastEndpoint") or NONE,
            status.get("lastError") or NONE]


def clock_text(seconds: Any) -> str:
    """Simulated time as Go prints a duration to the second: ``0s``, ``45s``, ``6m30s``, ``1h2m3s``."""
    try:
        total = int(float(seconds))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"


def simulation_row(obj: Obj, ages: Ages) -> list[Any]:
    spec = obj.get("spec") or _EMPTY
    status = obj.get("status") or _EMPTY
    speed = status.get("speed", spec.get("speed", 1.0))
    paused = status.get("paused", spec.get("paused", False))
    return [_name(obj), clock_text(status.get("time", 0)), speed, bool(paused),
            status.get("timing") or spec.get("timing") or ""]


def generic_row(obj: Obj, ages: Ages) -> list[Any]:
    return [_name(obj), _age(obj, ages)]

