"""The presenter's Traffic controls: start and stop a TrafficFlow (``sim.clusterviz.io/v1``).

"Start traffic" is ``kubectl apply -f trafficflow-<name>.yaml``: the flow of that Service port
and source node is created, or its spec (rate, NodePort) changed in place so its counts go on.
The body goes to the apiserver as typed; a dry run first lets it refuse bad input (422, with
its own message, shown beside the form) before anything is announced or stored. "Stop
traffic" is ``kubectl delete trafficflow <name>``. As with faults, the request is announced
as ``presenter → kube-apiserver`` (the event log's line) and the simulation store takes it.
"""
from __future__ import annotations

from typing import Any

from simulator.errors import ApiError

from . import cluster_ops as ops
from .controls import Outcome, Params, action
from .diagram.ids import dom_id
from .traffic_panel import flow_name, parse_service

RESOURCE = "trafficflows"
KIND_LABEL = "trafficflow.sim.clusterviz.io"


def _text(params: Params, key: str, default: str = "") -> str:
    value = params.get(key, default)
    if isinstance(value, list):
        value = value[-1] if value else default
    return str(value if value is not None else default).strip()


def _number(raw: str) -> Any:
    """An int or float as typed; anything else goes to the apiserver as a string, to be refused there."""
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw)
    except ValueError:
        return raw


def _checked(params: Params, key: str) -> bool:
    return _text(params, key).lower() in ("true", "on", "1", "yes")


def flow_request(params: Params) -> tuple[str, dict[str, Any]]:
    """The form's fields → (the flow's name, its spec). The name is the one of the flow picked
    in the list, if any, else made from the Service port and the node (one flow per pair)."""
    namespace, service, port = parse_service(_text(params, "service"))
    node = _text(params, "fromNode") or _text(params, "node")
    spec: dict[str, Any] = {"service": service, "namespace": namespace}
    if port:
        spec["port"] = _number(port)
    spec.update(fromNode=node, rate=_number(_text(params, "rate", "5") or "5"),
                nodePort=_checked(params, "nodePort"))
    return _text(params, "name") or flow_name(namespace, service, port, node), spec


def describe(spec: dict[str, Any]) -> str:
    """``worker-1 → default/web:80 at 20/s`` (``via NodePort`` when so)."""
    target = f"{spec.get('namespace')}/{spec.get('service')}"
    if spec.get("port"):
        target += f":{spec['port']}"
    text = f"{spec.get('fromNode')} → {target} at {spec.get('rate')}/s"
    return text + " via NodePort" if spec.get("nodePort") else text


@action("start-traffic")
def start_traffic(cluster: Any, params: Params, actor: str) -> Outcome:
    name, spec = flow_request(params)
    body = {"apiVersion": ops.SIM_API_VERSION, "kind": "TrafficFlow", "metadata": {"name": name},
            "spec": spec}
    api = cluster.core.api
    try:
        api.create(RESOURCE, body, actor=ops.APISERVER, dry_run=True)     # validation and admission only
        exists = False
    except ApiError as exc:
        if exc.code != 409:
            raise
        exists = True
    ops.announce(cluster, actor, "create" if not exists else "patch", f"{RESOURCE} {name}",
                 f"kubectl apply -f trafficflow-{name}.yaml ({describe(spec)})", kind="TrafficFlowApplied")
    touched = (dom_id("tf", None, name),)
    if not exists:
        api.create(RESOURCE, body, actor=ops.APISERVER)
        return Outcome(True, f"{KIND_LABEL}/{name} created", touched=touched)
    before = api.get(RESOURCE, name, actor=ops.APISERVER)["metadata"].get("resourceVersion")
    after = api.patch(RESOURCE, name, {"spec": spec}, actor=ops.APISERVER)
    same = after["metadata"].get("resourceVersion") == before
    return Outcome(True, f"{KIND_LABEL}/{name} {'unchanged' if same else 'configured'}", touched=touched)


@action("stop-traffic")
def stop_traffic(cluster: Any, params: Params, actor: str) -> Outcome:
    name = flow_request(params)[0]
    api = cluster.core.api
    api.get(RESOURCE, name, actor=ops.APISERVER)        # NotFound: nothing to stop, nothing announced
    ops.announce(cluster, actor, "delete", f"{RESOURCE} {name}", f"kubectl delete trafficflow {name}",
                 kind="TrafficFlowDeleted")
    api.delete(RESOURCE, name, actor=ops.APISERVER)
    return Outcome(True, f'{KIND_LABEL} "{name}" deleted', touched=(dom_id("tf", None, name),))
