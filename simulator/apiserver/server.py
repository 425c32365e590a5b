"""kube-apiserver: the only component that reads and writes etcd.

Every request is a trace event (``actor → kube-apiserver``) and every storage write
another (``kube-apiserver → etcd``). Simulation kinds (Fault, Simulation) are kept in a
separate store: they are the teacher's hand, served even while the apiserver is down.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from ..etcd import CompareFailed, Etcd, KeyValue
from ..kernel import Kernel
from ..objects import Clock, Obj, deep_copy, new_uid, random_suffix
from ..trace import Trace
from . import defaults, validation
from .ipam import Allocator
from .registry import BY_PLURAL, Resource
from .routing import Routing
from .selectors import parse_field_selector, parse_label_selector
from .watch import Handler, Watch, WatchHub

PAST = {"create": "Created", "update": "Updated", "patch": "Patched", "delete": "Deleted", "get": "Read",
        "list": "Listed", "watch": "Watched", "bind": "Bound", "evict": "Evicted",
        "updatestatus": "StatusUpdated"}
# Kinds whose spec changes bump metadata.generation (status changes never do).
GENERATION_KINDS = frozenset({"deployments", "replicasets", "daemonsets", "faults", "simulations"})
STANDARD_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
EVENT_TTL = 3600.0


@dataclass
class ApiSettings:
    defaults: defaults.DefaultSettings = field(default_factory=defaults.DefaultSettings)
    watch_latency: float = 0.05
    service_cidr: str = "10.96.0.0/12"
    node_port_range: tuple[int, int] = (30000, 32767)


class ApiServer:
    """The Kubernetes API as Python calls; the HTTP layer and every component go through it."""

    def __init__(self, *, kernel: Kernel, etcd: Etcd, trace: Trace, clock: Clock, settings: ApiSettings,
                 sim_store: Any, name: str = "kube-apiserver") -> None:
        self.kernel = kernel
        self.etcd = etcd
        self.trace = trace
        self.clock = clock
        self.settings = settings
        self.sim = sim_store
        self.name = name
        self.up = True
        self.event_seq = 0
        self.watches = WatchHub(kernel, latency=settings.watch_latency, trace=trace, name=name)
        self.ips = Allocator(settings.service_cidr, settings.node_port_range)
        self._event_lease: tuple[int, int] = (-1, 0)
        self.admission: list[Callable[[str, Resource, Obj, Obj | None], None]] = []
        # actor → the fencing token a leader-elected process writes under (leader_election.py).
        self.fences: dict[str, Fence] = {}
        # HA control plane (routing.py): which instance serves each request; None = one apiserver.
        self.routing: Routing | None = None
        self.serving = name            # the instance serving the current request (trace names)
        self.etcd_target = etcd.name   # the etcd member it writes through

    # -- lifecycle -------------------------------------------------------------
    def stop(self) -> None:
        self.up = False
        self.watches.close_all()

    def start(self) -> None:
        self.up = True

    # -- reads -----------------------------------------------------------------
    def get(self, resource: str, name: str, *, namespace: str = "", actor: str = "client") -> Obj:
        res = self._resource(resource)
        if res.simulation:
            return self.sim.get(res, name)
        self._serve(actor, "get", res, namespace, name, trace=False)
        kv = self.etcd.get(self._key(res, namespace, name))
        if kv is None:
            raise errors.not_found(res.plural, res.group, name)
        return kv.value

    def list(self, resource: str, *, namespace: str | None = None, label_selector: str | None = None,
             field_selector: str | None = None, actor: str = "client") -> tuple[list[Obj], int]:
        """Matching objects and the list's resourceVersion (etcd's current revision)."""
        res = self._resource(resource)
        labels_sel, fields_sel = _selectors(label_selector, field_selector)
        if res.simulation:
            items = self.sim.list(res)
            rv = self.sim.revision
        else:
            self._serve(actor, "list", res, namespace or "", "", trace=False)
            prefix = self._prefix(res, namespace)
            items = [kv.value for kv in self.etcd.range(prefix)]
            rv = self.etcd.revision
        if labels_sel is not None or fields_sel is not None:
            probe = Watch(res.plural, _noop, namespace=None, label_selector=labels_sel,
                          field_selector=fields_sel, connected=None, owner=actor)
            items = [o for o in items if probe.matches(o)]
        return items, rv

    def watch(self, resource: str, handler: Handler, *, namespace: str | None = None,
              label_selector: str | None = None, field_selector: str | None = None,
              resource_version: int | None = None, actor: str = "client",
              connected: Callable[[], bool] | None = None) -> Watch:
        """Stream changes after ``resource_version`` (or current objects as ADDED first)."""
        res = self._resource(resource)
        if res.simulation:
            return self.sim.watch(res, handler, resource_version=resource_version)
        self._serve(actor, "watch", res, namespace or "", "", trace=False)
        labels_sel, fields_sel = _selectors(label_selector, field_selector)
        source = None
        if self.routing is not None:
            routing, inst, client_connected = self.routing, self.routing.instances[self.serving], connected
            source = inst.name

            def connected() -> bool:
                return routing.alive(inst, actor) and (client_connected is None or client_connected())
        watch = Watch(res.plural, handler, namespace=namespace, label_selector=labels_sel,
                      field_selector=fields_sel, connected=connected, owner=actor)
        watch.source = source
        replay = self._replay(res, watch, resource_version)
        self.watches.add(watch)
        if replay:
            self.watches.deliver_later(watch, replay)
        return watch

    def _replay(self, res: Resource, watch: Watch, resource_version: int | None) -> list[tuple[str, Obj]]:
        if not resource_version:
            return [("ADDED", kv.value) for kv in self.etcd.range(self._prefix(res, watch.namespace))
                    if watch.matches(kv.value)]
        prefix = res.etcd_prefix()
        events: list[tuple[str, Obj]] = []
        for change in self.etcd.changes_since(resource_version):
            if not change.key.startswith(prefix):
                continue
            was, now = watch.matches(change.prev), watch.matches(change.value)
            if now:
                events.append(("MODIFIED" if was else "ADDED", change.value))
            elif was:
                events.append(("DELETED", change.prev))
        return events

    def unwatch(self, watch: Watch) -> None:
        self.watches.remove(watch)
        watch.closed = True

    # -- writes ----------------------------------------------------------------
    def create(self, resource: str, body: Obj, *, namespace: str | None = None, actor: str = "client",
               dry_run: bool = False, summary: str | None = None) -> Obj:
        res = self._resource(resource)
        obj = self._prepare_create(res, body, namespace)
        if res.simulation:
            return self.sim.create(res, obj, actor=actor, dry_run=dry_run)
        ns, name = obj["metadata"].get("namespace", ""), obj["metadata"]["name"]
        self._serve(actor, "create", res, ns, name, summary=summary)
        self._check_namespace(res, ns)
        self._admit_and_validate("create", res, obj, None)
        if dry_run:
            return obj
        allocated = self._allocate(res, obj)
        try:
            kv = self._put(res, obj, expect=0, lease=self._lease_for(res))
        except CompareFailed:
            self.ips.release(allocated)
            raise errors.already_exists(res.plural, res.group, name) from None
        self.watches.publish(res.plural, kv.value, None)
        return kv.value

    def update(self, resource: str, body: Obj, *, namespace: str | None = None,
               subresource: str | None = None, actor: str = "client", summary: str | None = None,
               dry_run: bool = False) -> Obj:
        res = self._resource(resource)
        if not isinstance(body, dict) or not isinstance(body.get("metadata"), dict):
            raise errors.bad_request("the body of the request was not a Kubernetes object")
        name = body["metadata"].get("name") or ""
        ns = namespace if namespace is not None else body["metadata"].get("namespace", "")
        ns = ns if res.namespaced else ""
        if res.simulation:
            return self.sim.update(res, deep_copy(body), subresource=subresource, actor=actor)
        verb = "updatestatus" if subresource == "status" else "update"
        self._serve(actor, verb, res, ns, name, summary=summary)
        current = self._current(res, ns, name)
        wanted = str(body["metadata"].get("resourceVersion") or "")
        if wanted and wanted != current["metadata"]["resourceVersion"]:
            raise errors.conflict(res.plural, res.group, name, errors.STALE)
        return self._write_update(res, current, deep_copy(body), subresource=subresource, dry_run=dry_run)

    def patch(self, resource: str, name: str, patch: Any, *, namespace: str = "", patch_type: str = "merge",
              subresource: str | None = None, actor: str = "client", summary: str | None = None,
              dry_run: bool = False) -> Obj:
        from . import patch as patching

        res = self._resource(resource)
        ns = namespace if res.namespaced else ""
        if res.simulation:
            current = self.sim.get(res, name)
        else:
            self._serve(actor, "patch", res, ns, name, summary=summary)
            current = self._current(res, ns, name)
        try:
            if patch_type == "json":
                patched = patching.json_patch(current, patch)
            elif patch_type in ("strategic", "apply"):
                patched = patching.strategic_merge_patch(current, patch, kind=res.kind)
            else:
                patched = patching.merge_patch(current, patch)
        except patching.PatchError as exc:
            raise errors.ApiError(422, "Invalid", str(exc)) from None
        if not isinstance(patched, dict) or not isinstance(patched.get("metadata"), dict):
            raise errors.bad_request("the patch produced something that is not an object")
        wanted = str(patched["metadata"].get("resourceVersion") or "")
        if wanted and wanted != current["metadata"].get("resourceVersion"):
            raise errors.conflict(res.plural, res.group, name, errors.STALE)
        if res.simulation:
            return self.sim.update(res, patched, subresource=subresource, actor=actor)
        return self._write_update(res, current, patched, subresource=subresource, dry_run=dry_run)

    def delete(self, resource: str, name: str, *, namespace: str = "", actor: str = "client",
               propagation_policy: str | None = None, grace_period_seconds: int | None = None,
               preconditions: dict[str, str] | None = None, summary: str | None = None,
               dry_run: bool = False) -> Obj:
        """Delete now, or mark for deletion (grace period, finalizers); returns the object."""
        res = self._resource(resource)
        ns = namespace if res.namespaced else ""
        if res.simulation:
            return self.sim.delete(res, name, actor=actor)
        self._serve(actor, "delete", res, ns, name, summary=summary)
        current = self._current(res, ns, name)
        _check_preconditions(res, current, preconditions)
        if dry_run:
            return current
        from .deletion import plan_deletion

        updated = plan_deletion(self, res, current, propagation_policy, grace_period_seconds)
        if updated is None:
            return self._remove(res, current)
        if updated is current:
            return current
        return self._store_update(res, current, updated)

    # -- subresources ----------------------------------------------------------
    def bind(self, namespace: str, name: str, node_name: str, *, actor: str = "kube-scheduler") -> Obj:
        """POST pods/binding: a pod is bound once (spec.nodeName "" → X, never X → Y)."""
        res = BY_PLURAL["pods"]
        self._serve(actor, "bind", res, namespace, name,
                    summary=f"bind pod {namespace}/{name} to {node_name}")
        pod = self._current(res, namespace, name)
        if pod["metadata"].get("deletionTimestamp"):
            raise errors.conflict("pods/binding", "", name,
                                  "pod is being deleted, cannot be assigned to a host")
        bound = (pod.get("spec") or {}).get("nodeName")
        if bound:
            raise errors.conflict("pods/binding", "", name,
                                  f'pod {name} is already assigned to node "{bound}"')
        new = deep_copy(pod)
        new["spec"]["nodeName"] = node_name
        conditions = [c for c in new.setdefault("status", {}).get("conditions", [])
                      if c.get("type") != "PodScheduled"]
        conditions.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                           "lastTransitionTime": self.clock.now()})
        new["status"]["conditions"] = conditions
        return self._store_update(res, pod, new)

    def evict(self, namespace: str, name: str, *, actor: str = "client",
              grace_period_seconds: int | None = None) -> Obj:
        """POST pods/eviction (policy/v1): a graceful delete (no PodDisruptionBudgets modelled)."""
        self._current(BY_PLURAL["pods"], namespace, name)
        self.delete("pods", name, namespace=namespace, actor=actor, grace_period_seconds=grace_period_seconds,
                    summary=f"evict pod {namespace}/{name}")
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}

    def get_scale(self, resource: str, name: str, *, namespace: str, actor: str = "client") -> Obj:
        obj = self.get(resource, name, namespace=namespace, actor=actor)
        return _scale_of(obj)

    def update_scale(self, resource: str, name: str, replicas: int, *, namespace: str,
                     actor: str = "client") -> Obj:
        if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 0:
            raise errors.invalid("Scale", "autoscaling", name, [{
                "reason": "FieldValueInvalid", "field": "spec.replicas",
                "message": f"Invalid value: {replicas}: must be greater than or equal to 0"}])
        obj = self.patch(resource, name, {"spec": {"replicas": replicas}}, namespace=namespace, actor=actor,
                         summary=f"scale {resource} {namespace}/{name} to {replicas}")
        return _scale_of(obj)

    # -- internals -------------------------------------------------------------
    def _resource(self, resource: str | Resource) -> Resource:
        if isinstance(resource, Resource):
            return resource
        res = BY_PLURAL.get(resource)
        if res is None:
            raise errors.ApiError(404, "NotFound", "the server could not find the requested resource")
        return res

    def _serve(self, actor: str, verb: str, res: Resource, ns: str, name: str, *, summary: str | None = None,
               trace: bool = True) -> None:
        if self.routing is not None:
            inst = self.routing.route(actor, verb)
            self.serving, self.etcd_target = inst.name, inst.member
        elif not self.up:
            raise errors.unreachable(f"dial tcp: connect: connection refused ({self.name} is down)")
        if trace:
            obj = f"{res.plural} {ns}/{name}" if ns else f"{res.plural} {name}"
            if self.fences and actor in self.fences and res.plural != "leases":
                self._check_fence(actor, verb, obj)
            self.trace.emit(actor, self.serving, verb, obj, summary or f"{verb} {obj}",
                            kind=f"{res.kind}{PAST.get(verb, verb.title())}")

    def _check_fence(self, actor: str, verb: str, obj: str) -> None:
        """A write from a leader-elected process commits only while its Lease still names it
        with the same ``leaseTransitions`` (an etcd txn compare on the lock): a paused or
        partitioned old leader that wakes up after a takeover is refused, never double-acts."""
        fence = self.fences[actor]
        kv = self.etcd.get(f"/registry/leases/{fence.namespace}/{fence.name}")
        spec = (kv.value.get("spec") or {}) if kv is not None else {}
        holder, transitions = spec.get("holderIdentity"), spec.get("leaseTransitions", 0)
        if holder == fence.identity and transitions == fence.transitions:
            return
        message = (f"{verb} {obj} refused: {fence.identity} is no longer the leader (lease {fence.namespace}/"
                   f"{fence.name} is held by {holder or 'nobody'}, transitions {transitions}, "
                   f"fencing token {fence.transitions})")
        self.trace.emit(actor, self.serving, verb, obj, message, kind="WriteFenced")
        raise errors.ApiError(409, "Conflict", f"Operation cannot be fulfilled: {message}")

    def _key(self, res: Resource, ns: str, name: str) -> str:
        return f"/registry/{res.plural}/{ns}/{name}" if res.namespaced else f"/registry/{res.plural}/{name}"

    def _prefix(self, res: Resource, namespace: str | None) -> str:
        if res.namespaced and namespace:
            return f"/registry/{res.plural}/{namespace}/"
        return res.etcd_prefix()

    def _current(self, res: Resource, ns: str, name: str) -> Obj:
        kv = self.etcd.get(self._key(res, ns, name))
        if kv is None:
            raise errors.not_found(res.plural, res.group, name)
        return kv.value

    def _prepare_create(self, res: Resource, body: Obj, namespace: str | None) -> Obj:
        if not isinstance(body, dict):
            raise errors.bad_request("the body of the request was not a Kubernetes object")
        obj = deep_copy(body)
        obj.setdefault("apiVersion", res.api_version)
        obj.setdefault("kind", res.kind)
        if obj["apiVersion"] != res.api_version or obj["kind"] != res.kind:
            raise errors.bad_request(f"the API version in the data ({obj['apiVersion']}) does not match the "
                                     f"expected API version ({res.api_version}) "
                                     f"or kind {obj['kind']} is not {res.kind}")
        meta = obj.get("metadata")
        if meta is None:
            meta = obj["metadata"] = {}
        if not isinstance(meta, dict):
            raise errors.invalid(res.kind, res.group, "", [{"reason": "FieldValueTypeInvalid",
                                                           "field": "metadata",
                                                           "message": "Invalid value: must be an object"}])
        if res.namespaced:
            ns = namespace or meta.get("namespace") or "default"
            if namespace and meta.get("namespace") and meta["namespace"] != namespace:
                raise errors.bad_request("the namespace of the provided object does not match "
                                         "the namespace sent on the request")
            meta["namespace"] = ns
        else:
            meta.pop("namespace", None)
        if not meta.get("name") and isinstance(meta.get("generateName"), str) and meta["generateName"]:
            meta["name"] = meta["generateName"] + random_suffix(self.kernel.rng)
        for stale in ("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"):
            meta.pop(stale, None)
        meta["uid"] = new_uid(self.kernel.rng)
        meta["creationTimestamp"] = self.clock.now()
        if res.plural in GENERATION_KINDS:
            meta["generation"] = 1
        from .strategy import prepare_for_create

        prepare_for_create(res, obj)
        return obj

    def _admit_and_validate(self, op: str, res: Resource, obj: Obj, old: Obj | None, *,
                            subresource: str | None = None) -> None:
        if op == "create":
            defaults.apply_defaults(res, obj, settings=self.settings.defaults)
        for plugin in self.admission:
            plugin(op, res, obj, old)
        if subresource in ("status", "finalize"):
            causes = validation.validate_status_update(res, obj)
        else:
            # Unchanged metadata was validated when it was stored (lease renewals hit this).
            same_meta = old is not None and obj.get("metadata") == old.get("metadata")
            causes = validation.validate(res, obj, old=old, check_meta=not same_meta)
        if causes:
            raise errors.invalid(res.kind, res.group, str((obj.get("metadata") or {}).get("name", "")),
                                 causes)

    def _check_namespace(self, res: Resource, ns: str) -> None:
        if not res.namespaced:
            return
        kv = self.etcd.get(f"/registry/namespaces/{ns}")
        if kv is None:
            raise errors.not_found("namespaces", "", ns)
        if (kv.value.get("status") or {}).get("phase") == "Terminating":
            raise errors.forbidden(f"{res.plural} is forbidden: "
                                   f"unable to create new content in namespace {ns} "
                                   "because it is being terminated")

    def _allocate(self, res: Resource, obj: Obj) -> list[Any]:
        if res.plural != "services":
            return []
        try:
            return self.ips.allocate_service(obj)
        except ValueError as exc:
            raise errors.invalid(res.kind, res.group, obj["metadata"]["name"], [
                {"reason": "FieldValueInvalid", "field": "spec", "message": str(exc)}]) from None

    def _lease_for(self, res: Resource) -> int:
        # Mirrors the apiserver's lease manager: Events share one etcd lease per minute.
        if res.plural != "events":
            return 0
        minute = int(self.kernel.now // 60)
        if self._event_lease[0] != minute:
            self._event_lease = (minute, self.etcd.grant(EVENT_TTL + 60))
        return self._event_lease[1]

    def _put(self, res: Resource, obj: Obj, *, expect: int | None, lease: int = 0) -> KeyValue:
        meta = obj["metadata"]
        key = self._key(res, meta.get("namespace", ""), meta["name"])
        kv = self.etcd.put(key, obj, expect_mod_revision=expect, lease=lease)
        meta["resourceVersion"] = str(kv.mod_revision)
        self.trace.emit(self.serving, self.etcd_target, "put", key, f"put {key} (revision {kv.mod_revision})",
                        kind="KeyWritten")
        return kv

    def _write_update(self, res: Resource, current: Obj, new: Obj, *, subresource: str | None,
                      dry_run: bool) -> Obj:
        from .strategy import prepare_for_update

        prepare_for_update(res, new, current, subresource=subresource)
        if new == current:
            return current  # Mirrors GuaranteedUpdate: an unchanged object is not written.
        self._admit_and_validate("update", res, new, current, subresource=subresource)
        if dry_run:
            return new
        return self._store_update(res, current, new)

    def _store_update(self, res: Resource, current: Obj, new: Obj) -> Obj:
        meta = new["metadata"]
        if meta.get("deletionTimestamp") and not meta.get("finalizers") and _finished(res, new):
            return self._remove(res, current)
        try:
            kv = self._put(res, new, expect=int(current["metadata"]["resourceVersion"]))
        except CompareFailed:
            raise errors.conflict(res.plural, res.group, meta["name"], errors.STALE) from None
        self.watches.publish(res.plural, kv.value, current)
        return kv.value

    def _remove(self, res: Resource, current: Obj) -> Obj:
        meta = current["metadata"]
        key = self._key(res, meta.get("namespace", ""), meta["name"])
        prev = self.etcd.delete(key)
        if prev is None:
            raise errors.not_found(res.plural, res.group, meta["name"])
        gone = deep_copy(current)
        gone["metadata"]["resourceVersion"] = str(self.etcd.revision)
        self.trace.emit(self.serving, self.etcd_target, "delete", key,
                        f"delete {key} (revision {self.etcd.revision})", kind="KeyDeleted")
        self.ips.release_object(res.plural, current)
        self.watches.publish(res.plural, None, gone)
        return gone


@dataclass(frozen=True, slots=True)
class Fence:
    """What a leader believes: it holds ``namespace/name`` as ``identity`` since transition N."""

    namespace: str
    name: str
    identity: str
    transitions: int


def _finished(res: Resource, obj: Obj) -> bool:
    """A deleting object with no finalizers left goes, except a pod its kubelet still runs."""
    if res.plural == "namespaces":
        return not (obj.get("spec") or {}).get("finalizers")
    if res.plural != "pods":
        return True
    return bool(obj["metadata"].get("deletionGracePeriodSeconds") == 0
                or not (obj.get("spec") or {}).get("nodeName"))


def _check_preconditions(res: Resource, current: Obj, preconditions: dict[str, str] | None) -> None:
    if not preconditions:
        return
    meta = current["metadata"]
    if preconditions.get("uid") and preconditions["uid"] != meta.get("uid"):
        raise errors.conflict(res.plural, res.group, meta["name"],
                              f"Precondition failed: UID in precondition: {preconditions['uid']}, "
                              f"UID in object meta: {meta.get('uid')}")
    if (preconditions.get("resourceVersion")
            and preconditions["resourceVersion"] != meta.get("resourceVersion")):
        raise errors.conflict(res.plural, res.group, meta["name"], errors.STALE)


def _scale_of(obj: Obj) -> Obj:
    meta = obj["metadata"]
    selector = ((obj.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
    return {
        "kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {"name": meta["name"], "namespace": meta.get("namespace", ""), "uid": meta.get("uid"),
                     "resourceVersion": meta.get("resourceVersion"),
                     "creationTimestamp": meta.get("creationTimestamp")},
        "spec": {"replicas": (obj.get("spec") or {}).get("replicas", 0)},
        "status": {"replicas": (obj.get("status") or {}).get("replicas", 0),
                   "selector": ",".join(f"{k}={v}" for k, v in sorted(selector.items()))},
    }


def _selectors(label_selector: str | None, field_selector: str | None) -> tuple[Any, Any]:
    try:
        labels_sel = parse_label_selector(label_selector) if label_selector else None
        fields_sel = parse_field_selector(field_selector) if field_selector else None
    except ValueError as exc:
        raise errors.bad_request(str(exc)) from None
    return labels_sel, fields_sel


def _noop(kind: str, obj: Obj) -> None:
    return None
