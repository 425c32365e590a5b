"""Which pods back a Service, found incrementally, for the endpoints controllers.

Upstream lists the namespace's pods by selector on every sync; with tens of thousands of
pods that is too slow here, so pods are indexed by ``namespace/label=value`` and a
selector becomes the intersection of its pairs' buckets (Service selectors are equality
maps). A pod event wakes only the Services in its namespace whose selector it matches
now or matched before (getPodServiceMemberships).
"""
from __future__ import annotations

from collections.abc import Callable

from ..objects import Obj, labels, namespace, spec
from ..objects import key as obj_key
from .podutil import contains_labels, is_ready, is_terminal
from .view import LABEL, NAMESPACE, View, by_label, by_namespace, label_entry

SELECTOR_PAIR = "selector-pair"


def _selector_pairs(svc: Obj) -> tuple[str, ...]:
    ns = namespace(svc)
    return tuple(label_entry(ns, k, v) for k, v in (spec(svc).get("selector") or {}).items())


class ServicePods:
    def __init__(self, view: View, enqueue: Callable[[str], None]) -> None:
        self.view = view
        self.enqueue = enqueue
        self.services = view.informer("services")
        self.services_by_pair = view.index("services", SELECTOR_PAIR, _selector_pairs)
        self.services_in_ns = view.index("services", NAMESPACE, by_namespace)
        self.pods_by_label = view.index("pods", LABEL, by_label)
        self.services.add_handler(on_add=self._service, on_update=lambda _o, n: self._service(n),
                                  on_delete=self._service)
        view.informer("pods").add_handler(on_add=self._pod, on_update=self._pod_updated, on_delete=self._pod)

    def _service(self, svc: Obj) -> None:
        self.enqueue(obj_key(svc))

    def _pod(self, pod: Obj) -> None:
        if not self.services_in_ns.count(namespace(pod)):
            return
        pod_labels = labels(pod)
        seen: set[str] = set()
        for entry in by_label(pod):
            for k, svc in (self.services_by_pair.buckets.get(entry) or {}).items():
                if k not in seen and contains_labels(pod_labels, spec(svc).get("selector") or {}):
                    seen.add(k)
                    self.enqueue(k)

    def _pod_updated(self, old: Obj, new: Obj) -> None:
        if not _endpoint_relevant_change(old, new):
            return
        self._pod(new)
        if labels(old) != labels(new):
            self._pod(old)

    def pods_for(self, svc: Obj) -> list[Obj]:
        sel = spec(svc).get("selector") or {}
        if not sel:
            return []
        ns = namespace(svc)
        buckets: list[dict[str, Obj]] = []
        for k, v in sel.items():
            bucket = self.pods_by_label.buckets.get(label_entry(ns, k, v))
            if bucket is None:
                return []  # no pod carries this label: nothing matches
            buckets.append(bucket)
        smallest = min(buckets, key=len)
        others = [b for b in buckets if b is not smallest]
        return [pod for k, pod in sorted(smallest.items()) if all(k in b for b in others)]


def _endpoint_relevant_change(old: Obj, new: Obj) -> bool:
    """podEndpointsChanged, roughly: what an endpoint shows (IP, readiness, node, labels, deletion)."""
    o_st, n_st = old.get("status") or {}, new.get("status") or {}
    return (
        o_st.get("podIP") != n_st.get("podIP")
        or is_ready(old) != is_ready(new)
        or is_terminal(old) != is_terminal(new)
        or labels(old) != labels(new)
        or spec(old).get("nodeName") != spec(new).get("nodeName")
        or bool(old["metadata"].get("deletionTimestamp")) != bool(new["metadata"].get("deletionTimestamp"))
        or spec(old).get("hostname") != spec(new).get("hostname")
    )


def find_port(pod: Obj, service_port: Obj) -> int | None:
    """podutil.FindPort: a numeric targetPort, or the container port with that name."""
    target = service_port.get("targetPort", service_port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    for container in spec(pod).get("containers") or ():
        for port in container.get("ports") or ():
            if port.get("name") == target and (port.get("protocol") or "TCP") == (
                service_port.get("protocol") or "TCP"
            ):
                return int(port.get("containerPort"))
    return None


def pod_ip(pod: Obj) -> str | None:
    st = pod.get("status") or {}
    if st.get("podIP"):
        return st["podIP"]
    ips = st.get("podIPs") or []
    return ips[0].get("ip") if ips else None


def target_ref(pod: Obj) -> Obj:
    meta = pod["metadata"]
    return {
        "kind": "Pod",
        "namespace": meta.get("namespace", ""),
        "name": meta.get("name", ""),
        "uid": meta.get("uid", ""),
    }
