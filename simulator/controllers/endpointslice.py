"""The EndpointSlice controller (pkg/controller/endpointslice, staging endpointslice reconciler).

Endpoints are kept in the slice that already holds them, new ones fill slices with room
and then new slices of up to 100; terminating pods stay listed with ready=false,
terminating=true (kube-proxy drops them). A Service with no endpoints keeps one empty
placeholder slice. Writes are tracked so a cache older than our own writes is never
acted on (the endpointSliceTracker), which would create duplicate slices.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..objects import Obj, deep_copy, deleting, labels, namespace, resource_version, spec
from ..objects import name as obj_name
from .base import Action, Controller, Create, Delete, Result, Update, controller_ref
from .podutil import ZONE_LABEL, is_ready, is_terminal
from .service_pods import ServicePods, find_port, pod_ip, target_ref
from .view import View

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by"
MANAGED_BY = "endpointslice-controller.k8s.io"
HEADLESS_LABEL = "service.kubernetes.io/headless"
MAX_ENDPOINTS_PER_SLICE = 100
DELETED = -1
PortKey = tuple


def _service_key(eps: Obj) -> tuple[str, ...]:
    ep_labels = labels(eps)
    if ep_labels.get(MANAGED_BY_LABEL) != MANAGED_BY or not ep_labels.get(SERVICE_NAME_LABEL):
        return ()
    return (f"{namespace(eps)}/{ep_labels[SERVICE_NAME_LABEL]}",)


class EndpointSliceController(Controller):
    name = "endpointslice"
    component = "endpoint-slice-controller"

    def setup(self) -> None:
        view = self.view
        self.members = ServicePods(view, self.queue.add)
        self.nodes = view.informer("nodes")
        self.slices = view.informer("endpointslices")
        self.slices_of = view.index("endpointslices", "service", _service_key)
        self.written: dict[str, dict[str, int]] = {}
        self.slices.add_handler(
            on_add=self._slice, on_update=lambda _o, n: self._slice(n), on_delete=self._slice
        )

    def _slice(self, eps: Obj) -> None:
        for key in _service_key(eps):
            self.queue.add(key)

    def _stale(self, key: str, ns: str) -> bool:
        """Is the cache older than a write of ours? (endpointSliceTracker.StaleSlices)"""
        written = self.written.get(key)
        if not written:
            return False
        for name, rv in list(written.items()):
            cached = self.slices.get(f"{ns}/{name}")
            seen = (
                (cached is None) if rv == DELETED else (cached is not None and resource_version(cached) >= rv)
            )
            if not seen:
                return True
            del written[name]
        return False

    def _track(self, key: str, name: str, rv: int) -> None:
        self.written.setdefault(key, {})[name] = rv

    def reconcile(self, key: str, view: View) -> Result:
        svc = self.members.services.get(key)
        if svc is None:
            self.written.pop(key, None)
            return Result()  # the garbage collector removes the slices through their ownerReference
        if not spec(svc).get("selector") or spec(svc).get("type") == "ExternalName":
            return Result()
        if self._stale(key, namespace(svc)):
            return Result(requeue=True)
        desired = self._desired(svc)
        existing = sorted(self.slices_of.get(key), key=obj_name)
        return Result(actions=self._plan(key, svc, desired, existing))

    def _desired(self, svc: Obj) -> dict[PortKey, tuple[list[Obj], dict[str, Obj]]]:
        """Endpoints grouped by the ports their pod serves (ShouldPodBeInEndpoints, terminating included)."""
        out: dict[PortKey, tuple[list[Obj], dict[str, Obj]]] = {}
        publish = bool(spec(svc).get("publishNotReadyAddresses"))
        for pod in self.members.pods_for(svc):
            ip = pod_ip(pod)
            if is_terminal(pod) or not ip:
                continue
            ports = []
            for sp in spec(svc).get("ports") or ():
                number = find_port(pod, sp)
                if number is not None:
                    port = {
                        "name": sp.get("name", ""),
                        "port": number,
                        "protocol": sp.get("protocol") or "TCP",
                    }
                    if sp.get("appProtocol"):
                        port["appProtocol"] = sp["appProtocol"]
                    ports.append(port)
            ports.sort(key=lambda p: (p["name"], p["port"], p["protocol"]))
            group = out.setdefault(_ports_key(ports), (ports, {}))
            group[1][f"{namespace(pod)}/{obj_name(pod)}"] = self._endpoint(svc, pod, ip, publish)
        return out

    def _endpoint(self, svc: Obj, pod: Obj, ip: str, publish: bool) -> Obj:
        serving, terminating = is_ready(pod), deleting(pod)
        ep: Obj = {
            "addresses": [ip],
            "conditions": {
                "ready": publish or (serving and not terminating),
                "serving": serving,
                "terminating": terminating,
            },
        }
        if spec(pod).get("hostname") and spec(pod).get("subdomain") == obj_name(svc):
            ep["hostname"] = spec(pod)["hostname"]
        ep["targetRef"] = target_ref(pod)
        node_name = spec(pod).get("nodeName")
        if node_name:
            ep["nodeName"] = node_name
            zone = labels(self.nodes.get(node_name) or {}).get(ZONE_LABEL)
            if zone:
                ep["zone"] = zone
        return ep

    def _plan(self, key: str, svc: Obj, desired: dict[PortKey, tuple[list[Obj], dict[str, Obj]]],
              existing: list[Obj]) -> list[Action]:
        """reconcileByAddressType: keep endpoints where they are, fill slices with room, then add slices."""
        want_labels = _slice_labels(svc)
        actions: list[Action] = []
        by_ports: dict[PortKey, list[Obj]] = {}
        for eps in existing:
            by_ports.setdefault(_ports_key(eps.get("ports") or []), []).append(eps)
        kept: list[_Slice] = []
        doomed = [eps for pk, group in by_ports.items() if pk not in desired for eps in group]
        for pk, (ports, wanted) in desired.items():
            remaining = dict(wanted)
            records = [_Slice.keeping(eps, remaining, want_labels) for eps in by_ports.get(pk, [])]
            for record in sorted(records, key=lambda r: -len(r.endpoints)):
                while remaining and len(record.endpoints) < MAX_ENDPOINTS_PER_SLICE:
                    record.endpoints.append(remaining.pop(next(iter(remaining))))
                    record.changed = True
            kept += [r for r in records if r.endpoints]
            doomed += [r.obj for r in records if not r.endpoints]
            leftovers = list(remaining.values())
            for i in range(0, len(leftovers), MAX_ENDPOINTS_PER_SLICE):
                chunk = leftovers[i:i + MAX_ENDPOINTS_PER_SLICE]
                actions.append(self._create(key, svc, ports, chunk, want_labels))
        if not kept and not actions:
            placeholder = next((e for e in doomed if not e.get("endpoints") and not e.get("ports")), None)
            if placeholder is not None:
                doomed.remove(placeholder)
                kept.append(_Slice(placeholder, [], labels(placeholder) != want_labels))
            else:
                actions.append(self._create(key, svc, [], [], want_labels))
        actions += [self._update(key, r.obj, r.endpoints, want_labels) for r in kept if r.changed]
        actions += [self._delete(key, eps) for eps in doomed]
        return actions

    def _delete(self, key: str, eps: Obj) -> Delete:
        name = obj_name(eps)
        return Delete(resource="endpointslices", name=name, namespace=namespace(eps),
                      then=lambda _o: self._track(key, name, DELETED))

    def _create(
        self, key: str, svc: Obj, ports: list[Obj], endpoints: list[Obj], want_labels: dict[str, str]
    ) -> Create:
        eps: Obj = {
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": {
                "generateName": f"{obj_name(svc)[:57]}-",
                "namespace": namespace(svc),
                "labels": dict(want_labels),
                "ownerReferences": [controller_ref(dict(svc, apiVersion="v1", kind="Service"))],
            },
            "addressType": "IPv4",
            "endpoints": endpoints,
        }
        if ports:
            eps["ports"] = ports
        return Create(
            resource="endpointslices",
            obj=eps,
            namespace=namespace(svc),
            then=lambda obj: self._track(key, obj_name(obj), resource_version(obj)),
            summary=f"create endpointslice for service {key}",
        )

    def _update(self, key: str, eps: Obj, endpoints: list[Obj], want_labels: dict[str, str]) -> Update:
        updated = deep_copy(eps)
        updated["endpoints"] = endpoints
        updated["metadata"]["labels"] = dict(want_labels)
        return Update(
            resource="endpointslices",
            obj=updated,
            then=lambda obj: self._track(key, obj_name(obj), resource_version(obj)),
        )


@dataclass
class _Slice:
    """An existing slice and the endpoints it will hold after this sync."""

    obj: Obj
    endpoints: list[Obj]
    changed: bool

    @classmethod
    def keeping(cls, eps: Obj, remaining: dict[str, Obj], want_labels: dict[str, str]) -> _Slice:
        """Keep the slice's endpoints that are still wanted (taking them out of ``remaining``)."""
        endpoints: list[Obj] = []
        changed = labels(eps) != want_labels
        for ep in eps.get("endpoints") or ():
            ref = ep.get("targetRef") or {}
            new = remaining.pop(f"{ref.get('namespace')}/{ref.get('name')}", None)
            changed = changed or new != ep
            if new is not None:
                endpoints.append(new)
        return cls(eps, endpoints, changed)


def _ports_key(ports: list[Obj]) -> PortKey:
    return tuple(
        sorted(
            (p.get("name") or "", p.get("port"), p.get("protocol") or "TCP", p.get("appProtocol") or "")
            for p in ports
        )
    )


def _slice_labels(svc: Obj) -> dict[str, str]:
    """setEndpointSliceLabels: the Service's labels plus the controller's own."""
    out = {
        k: v
        for k, v in labels(svc).items()
        if k not in (SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL)
    }
    out[SERVICE_NAME_LABEL] = obj_name(svc)
    out[MANAGED_BY_LABEL] = MANAGED_BY
    if spec(svc).get("clusterIP") == "None":
        out[HEADLESS_LABEL] = ""
    return out
