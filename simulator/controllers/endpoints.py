"""The Endpoints controller: one Endpoints object per Service with a selector (pkg/controller/endpoint).

Ready pods go to ``addresses``, unready ones to ``notReadyAddresses``; terminating,
finished and IP-less pods are left out (unless publishNotReadyAddresses). Subsets are
repacked as upstream: addresses grouped by the set of ports they serve.
"""
from __future__ import annotations

from typing import Any

from ..objects import Obj, deep_copy, deleting, labels, namespace, spec
from ..objects import key as obj_key
from ..objects import name as obj_name
from .base import Controller, Create, Delete, Result, Update
from .podutil import is_ready, is_terminal
from .service_pods import ServicePods, find_port, pod_ip, target_ref
from .view import View

HEADLESS_LABEL = "service.kubernetes.io/headless"
OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity"
MAX_CAPACITY = 1000


class EndpointsController(Controller):
    name = "endpoint"
    component = "endpoint-controller"

    def setup(self) -> None:
        self.members = ServicePods(self.view, self.queue.add)
        self.endpoints = self.view.informer("endpoints")
        self.endpoints.add_handler(on_delete=lambda ep: self.queue.add(obj_key(ep)))

    def reconcile(self, key: str, view: View) -> Result:
        svc = self.members.services.get(key)
        current = self.endpoints.get(key)
        if svc is None:
            if current is None:
                return Result()
            return Result(
                actions=[Delete(resource="endpoints", name=obj_name(current), namespace=namespace(current))]
            )
        if not spec(svc).get("selector") or spec(svc).get("type") == "ExternalName":
            return Result()  # endpoints of selector-less Services are written by their users
        subsets = _truncate(repack(_entries(svc, self.members.pods_for(svc))))
        want_labels = dict(labels(svc))
        if spec(svc).get("clusterIP") == "None":
            want_labels[HEADLESS_LABEL] = ""
        if (
            current is not None
            and (current.get("subsets") or []) == subsets
            and labels(current) == want_labels
        ):
            return Result()
        new: Obj = (
            deep_copy(current)
            if current is not None
            else {
                "apiVersion": "v1",
                "kind": "Endpoints",
                "metadata": {"name": obj_name(svc), "namespace": namespace(svc)},
            }
        )
        new["subsets"] = subsets
        if not subsets:
            del new["subsets"]
        new["metadata"]["labels"] = want_labels
        if not want_labels:
            del new["metadata"]["labels"]
        ann: dict[str, str] = new["metadata"].setdefault("annotations", {})
        if (
            sum(len(s.get("addresses") or ()) + len(s.get("notReadyAddresses") or ()) for s in subsets)
            >= MAX_CAPACITY
        ):
            ann[OVER_CAPACITY] = "truncated"
        else:
            ann.pop(OVER_CAPACITY, None)
        if not ann:
            del new["metadata"]["annotations"]
        if current is None:
            return Result(actions=[Create(resource="endpoints", obj=new, namespace=namespace(svc))])
        return Result(actions=[Update(resource="endpoints", obj=new)])


def _entries(svc: Obj, pods: list[Obj]) -> list[tuple[Obj, bool, list[Obj]]]:
    """(address, ready, ports) per pod, as syncService feeds addEndpointSubset."""
    publish = bool(spec(svc).get("publishNotReadyAddresses"))
    ports = spec(svc).get("ports") or []
    headless = spec(svc).get("clusterIP") == "None"
    out: list[tuple[Obj, bool, list[Obj]]] = []
    for pod in pods:
        ip = pod_ip(pod)
        if is_terminal(pod) or not ip or (deleting(pod) and not publish):
            continue
        addr: Obj = {"ip": ip}
        if spec(pod).get("hostname") and spec(pod).get("subdomain") == obj_name(svc):
            addr["hostname"] = spec(pod)["hostname"]
        if spec(pod).get("nodeName"):
            addr["nodeName"] = spec(pod)["nodeName"]
        addr["targetRef"] = target_ref(pod)
        ready = publish or is_ready(pod)
        if not ports:
            if headless:
                out.append((addr, ready, []))
            continue
        for sp in ports:
            number = find_port(pod, sp)
            if number is None:
                continue
            port: Obj = {"name": sp["name"]} if sp.get("name") else {}
            port.update(port=number, protocol=sp.get("protocol") or "TCP")
            if sp.get("appProtocol"):
                port["appProtocol"] = sp["appProtocol"]
            out.append((addr, ready, [port]))
    return out


def _port_key(port: Obj) -> tuple[Any, ...]:
    return port.get("name", ""), port.get("port", -1), port.get("protocol", ""), port.get("appProtocol", "")


def _addr_key(addr: Obj) -> tuple[str, str]:
    return addr["ip"], addr["targetRef"]["uid"]


def repack(entries: list[tuple[Obj, bool, list[Obj]]]) -> list[Obj]:
    """RepackSubsets: one subset per distinct set of addresses, carrying every port they share."""
    by_port: dict[tuple[Any, ...], dict[tuple[str, str], tuple[Obj, bool]]] = {}
    port_objs: dict[tuple[Any, ...], Obj | None] = {}
    for addr, ready, ports in entries:
        candidates: list[Obj | None] = list(ports) or [None]
        for port in candidates:
            pk = _port_key(port) if port else ("", -1, "", "")
            port_objs[pk] = port
            by_port.setdefault(pk, {})[_addr_key(addr)] = (addr, ready)
    groups: dict[frozenset[Any], list[Obj]] = {}
    members: dict[frozenset[Any], dict[tuple[str, str], tuple[Obj, bool]]] = {}
    for pk, addrs in by_port.items():
        gk = frozenset((k, r) for k, (_, r) in addrs.items())
        members[gk] = addrs
        served = port_objs[pk]
        groups.setdefault(gk, [])
        if served is not None:
            groups[gk].append(served)
    subsets = []
    for gk, ports in groups.items():
        ordered = sorted(members[gk].items())
        subset: Obj = {}
        ready_addrs = [a for _, (a, r) in ordered if r]
        not_ready = [a for _, (a, r) in ordered if not r]
        if ready_addrs:
            subset["addresses"] = ready_addrs
        if not_ready:
            subset["notReadyAddresses"] = not_ready
        if ports:
            subset["ports"] = sorted(ports, key=_port_key)
        subsets.append(subset)
    return sorted(
        subsets,
        key=lambda s: [_addr_key(a) for a in (s.get("addresses") or s.get("notReadyAddresses") or [])],
    )


def _truncate(subsets: list[Obj]) -> list[Obj]:
    """Over 1000 addresses, keep 1000 (ready ones first), as the over-capacity annotation says."""
    room = MAX_CAPACITY
    for field in ("addresses", "notReadyAddresses"):
        for subset in subsets:
            addrs = subset.get(field)
            if addrs is None:
                continue
            subset[field] = addrs[: max(room, 0)]
            room -= len(subset[field])
            if not subset[field]:
                del subset[field]
    return [s for s in subsets if s.get("addresses") or s.get("notReadyAddresses")]
