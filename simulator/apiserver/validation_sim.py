"""Validation of the simulation's own kinds (``sim.clusterviz.io/v1``): Fault, Simulation,
TrafficFlow — worded like the Kubernetes kinds' causes, so kubectl prints them the same way."""
from __future__ import annotations

from simulator.apiserver import selectors as sel
from simulator.apiserver.validation_base import (
    Obj,
    _enum,
    _Errors,
    _items,
    _port,
    _typed,
    _unique_name,
)

FAULT_TYPES = ("NodeDown", "KubeletDown", "NetworkPartition", "ComponentDown", "ComponentPaused")
PAUSABLE = ("kube-scheduler", "kube-controller-manager")
COMPONENTS = ("kube-scheduler", "kube-controller-manager", "kube-apiserver", "etcd")
TIMINGS = ("kubernetes", "classroom")
TRAFFIC_RATE = (0.1, 100.0)       # a TrafficFlow's requests per second


def _validate_fault(e: _Errors, obj: Obj) -> None:
    spec = _typed(e, obj, "spec", "spec", dict)
    if spec is None:
        e.required("spec")
        return
    if not spec.get("type"):
        e.required("spec.type")
    fault = _enum(e, spec, "type", "spec.type", FAULT_TYPES)
    node = _typed(e, spec, "node", "spec.node", str)
    for msg in sel.dns1123_subdomain_errors(node) if node else ():
        e.invalid("spec.node", node, msg)
    if fault in ("NodeDown", "KubeletDown", "ComponentDown", "ComponentPaused") and not node:
        e.required("spec.node")
    if fault == "NetworkPartition" and spec.get("nodes") is None and not node:
        e.required("spec.nodes", "must list the nodes cut off from the control plane")
    elif fault == "NetworkPartition" and spec.get("nodes") is not None:
        if spec["nodes"] == []:
            e.required("spec.nodes", "must list at least one node")
        seen: set[str] = set()
        for i, name in _items(e, spec, "nodes", "spec.nodes", str):
            _unique_name(e, {"node": name}, "node", f"spec.nodes[{i}]", seen, sel.dns1123_subdomain_errors)
    if fault in ("ComponentDown", "ComponentPaused") and not spec.get("component"):
        e.required("spec.component")
    if fault == "ComponentPaused":
        _enum(e, spec, "component", "spec.component", PAUSABLE)
    else:
        _enum(e, spec, "component", "spec.component", COMPONENTS)


def _validate_simulation(e: _Errors, obj: Obj) -> None:
    spec = _typed(e, obj, "spec", "spec", dict) or {}
    speed = _typed(e, spec, "speed", "spec.speed", float)
    if speed is not None and not speed > 0:
        e.invalid("spec.speed", speed, "must be greater than 0")
    elif speed is not None and speed > 1000:
        e.invalid("spec.speed", speed, "must be less than or equal to 1000")
    _typed(e, spec, "paused", "spec.paused", bool)
    _enum(e, spec, "timing", "spec.timing", TIMINGS)


def _validate_traffic_flow(e: _Errors, obj: Obj) -> None:
    """TrafficFlow: which Service, from which node, how fast (whether the node exists is
    the simulation's admission check, it needs the cluster)."""
    spec = _typed(e, obj, "spec", "spec", dict)
    if spec is None:
        e.required("spec")
        return
    service = _typed(e, spec, "service", "spec.service", str)
    if not service and spec.get("service") in (None, ""):
        e.required("spec.service")
    for msg in sel.dns1035_label_errors(service) if service else ():
        e.invalid("spec.service", service, msg)
    ns = _typed(e, spec, "namespace", "spec.namespace", str)
    for msg in sel.dns1123_label_errors(ns) if ns else ():
        e.invalid("spec.namespace", ns, msg)
    node = _typed(e, spec, "fromNode", "spec.fromNode", str)
    if not node and spec.get("fromNode") in (None, ""):
        e.required("spec.fromNode")
    for msg in sel.dns1123_subdomain_errors(node) if node else ():
        e.invalid("spec.fromNode", node, msg)
    _port(e, spec, "port", "spec.port")
    rate = _typed(e, spec, "rate", "spec.rate", float)
    if rate is not None and not TRAFFIC_RATE[0] <= rate <= TRAFFIC_RATE[1]:
        e.invalid("spec.rate", rate, f"must be between {TRAFFIC_RATE[0]:g} and {TRAFFIC_RATE[1]:g} "
                                     "(requests per second), inclusive")
    _typed(e, spec, "nodePort", "spec.nodePort", bool)
