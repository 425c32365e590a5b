"""Object validation as kube-apiserver runs it after defaulting (pkg/apis/*/validation).

``validate`` returns StatusCauses worded like ``field.Error.ErrorBody()`` so kubectl prints
``The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than
or equal to 0``. Fields that defaulting fills in (restartPolicy, dnsPolicy ...) are checked
only when present, so undefaulted objects don't drown in "Required value" causes.
Validation never raises: a wrongly-typed field (which the real server rejects while
decoding) becomes a ``FieldValueTypeInvalid`` cause.
"""
from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from simulator.apiserver import selectors as sel
from simulator.apiserver.registry import Resource
from simulator.apiserver.validation_base import (
    CONFIG_KEY_MSG,
    DNS_POLICIES,
    NODE_PORT_RANGE,
    NON_NEGATIVE,
    PERCENT_MSG,
    POD_UPDATE_MSG,
    PROTOCOLS,
    PULL_POLICIES,
    QUANTITY_MSG,
    RESTART_POLICIES,
    SELECTOR_OPS,
    SERVICE_TYPES,
    TAINT_EFFECTS,
    Cause,
    Obj,
    _enum,
    _Errors,
    _items,
    _non_negative,
    _port,
    _port_name_errors,
    _typed,
    _unique_name,
    parse_quantity,
    show,
    show_selector,
)
from simulator.apiserver.validation_sim import _validate_fault, _validate_simulation, _validate_traffic_flow

# --- metadata -----------------------------------------------------------------------------

def _name_check(resource: Resource) -> Callable[[str], list[str]]:
    if resource.kind == "Namespace":
        return sel.dns1123_label_errors
    if resource.kind == "Service":
        return sel.dns1035_label_errors  # Service names become DNS labels that must start with a letter
    if resource.kind == "Simulation":
        return lambda name: [] if name == "cluster" else ['must be "cluster"']  # a singleton
    return sel.dns1123_subdomain_errors


def _validate_labels(e: _Errors, labels: Any, path: str) -> None:
    if labels is None:
        return
    if not isinstance(labels, dict):
        e.type_invalid(path, labels, "object")
        return
    for key, value in labels.items():
        for msg in sel.qualified_name_errors(str(key)):
            e.invalid(path, key, msg)
        if not isinstance(value, str):
            e.type_invalid(f"{path}[{key}]", value, "string")
            continue
        for msg in sel.label_value_errors(value):
            e.invalid(path, value, msg)


def _validate_meta(e: _Errors, resource: Resource, meta: Obj) -> None:
    check = _name_check(resource)
    generate = _typed(e, meta, "generateName", "metadata.generateName", str)
    if generate:
        # generateName is a prefix: validate it as if a suffix followed (maskTrailingDash).
        masked = generate[:-2] + "a" if len(generate) > 1 and generate.endswith("-") else generate
        for msg in check(masked):
            e.invalid("metadata.generateName", generate, msg)
    name = _typed(e, meta, "name", "metadata.name", str)
    for msg in check(name) if name else ():
        e.invalid("metadata.name", name, msg)
    if not generate and meta.get("name") in (None, ""):
        e.required("metadata.name", "name or generateName is required")
    namespace = _typed(e, meta, "namespace", "metadata.namespace", str)
    for msg in sel.dns1123_label_errors(namespace) if resource.namespaced and namespace else ():
        e.invalid("metadata.namespace", namespace, msg)
    _validate_labels(e, meta.get("labels"), "metadata.labels")
    for key, value in (_typed(e, meta, "annotations", "metadata.annotations", dict) or {}).items():
        for msg in sel.qualified_name_errors(str(key).lower()):
            e.invalid("metadata.annotations", key, msg)
        if not isinstance(value, str):
            e.type_invalid(f"metadata.annotations[{key}]", value, "string")
    _items(e, meta, "finalizers", "metadata.finalizers", str)
    _items(e, meta, "ownerReferences", "metadata.ownerReferences")


# --- pods ---------------------------------------------------------------------------------

def _validate_resources(e: _Errors, resources: Any, path: str) -> None:
    parsed: dict[str, dict[str, tuple[Any, Fraction]]] = {"limits": {}, "requests": {}}
    for group, quantities in parsed.items():
        for name, value in (_typed(e, resources, group, f"{path}.{group}", dict) or {}).items():
            quantity = parse_quantity(value)
            if quantity is None:
                e.invalid(f"{path}.{group}[{name}]", value, QUANTITY_MSG)
            elif quantity < 0:
                e.invalid(f"{path}.{group}[{name}]", str(value), NON_NEGATIVE)
            else:
                quantities[name] = (value, quantity)
    for name, (value, quantity) in parsed["requests"].items():
        if name not in parsed["limits"]:
            continue
        limit_text, limit = parsed["limits"][name]
        where, shown = f"{path}.requests", str(value)
        # Only the standard resources may be overcommitted; extended ones need request == limit.
        standard = name in ("cpu", "memory", "ephemeral-storage") or name.startswith("hugepages-")
        if not standard and quantity != limit:
            e.invalid(where, shown, f"must be equal to {name} limit of {limit_text}")
        elif quantity > limit:
            e.invalid(where, shown, f"must be less than or equal to {name} limit of {limit_text}")


def _validate_container(e: _Errors, c: Obj, path: str, names: set[str], volumes: set[str] | None) -> None:
    _unique_name(e, c, "name", f"{path}.name", names, sel.dns1123_label_errors)
    image = _typed(e, c, "image", f"{path}.image", str)
    if not image:
        e.required(f"{path}.image")
    elif image != image.strip():
        e.invalid(f"{path}.image", image, "must not have leading or trailing whitespace")
    _enum(e, c, "imagePullPolicy", f"{path}.imagePullPolicy", PULL_POLICIES)
    port_names: set[str] = set()
    for i, port in _items(e, c, "ports", f"{path}.ports"):
        pp = f"{path}.ports[{i}]"
        _port(e, port, "containerPort", f"{pp}.containerPort", missing="required")
        _port(e, port, "hostPort", f"{pp}.hostPort")
        _enum(e, port, "protocol", f"{pp}.protocol", PROTOCOLS)
        _unique_name(e, port, "name", f"{pp}.name", port_names, _port_name_errors, required=False)
    resources = _typed(e, c, "resources", f"{path}.resources", dict)
    if resources:
        _validate_resources(e, resources, f"{path}.resources")
    for i, env in _items(e, c, "env", f"{path}.env"):
        if not _typed(e, env, "name", f"{path}.env[{i}].name", str):
            e.required(f"{path}.env[{i}].name")
    for i, mount in _items(e, c, "volumeMounts", f"{path}.volumeMounts"):
        mp = f"{path}.volumeMounts[{i}]"
        mount_name = _typed(e, mount, "name", f"{mp}.name", str)
        if not mount_name:
            e.required(f"{mp}.name")
        elif volumes is not None and mount_name not in volumes:
            e.add("FieldValueNotFound", f"{mp}.name", f"Not found: {show(mount_name)}")
        if not _typed(e, mount, "mountPath", f"{mp}.mountPath", str):
            e.required(f"{mp}.mountPath")


def _validate_tolerations(e: _Errors, spec: Obj, path: str) -> None:
    for i, t in _items(e, spec, "tolerations", path):
        tp = f"{path}[{i}]"
        key = _typed(e, t, "key", f"{tp}.key", str)
        for msg in sel.qualified_name_errors(key) if key else ():
            e.invalid(f"{tp}.key", key, msg)
        operator = _enum(e, t, "operator", f"{tp}.operator", ("Equal", "Exists"))
        if not key and operator != "Exists":
            e.invalid(f"{tp}.operator", operator or "", "operator must be Exists when `key` is empty, "
                      'which means "match all values and all keys"')
        value = _typed(e, t, "value", f"{tp}.value", str)
        if operator == "Exists" and value:
            e.invalid(f"{tp}.operator", value, "value must be empty when `operator` is 'Exists'")
        effect = _enum(e, t, "effect", f"{tp}.effect", TAINT_EFFECTS)
        seconds = _typed(e, t, "tolerationSeconds", f"{tp}.tolerationSeconds", int)
        if seconds is not None and effect != "NoExecute":
            e.invalid(f"{tp}.effect", effect or "",
                      "effect must be 'NoExecute' when `tolerationSeconds` is set")


def _validate_pod_spec(e: _Errors, spec: Any, path: str) -> None:
    if not isinstance(spec, dict):
        e.type_invalid(path, spec, "object")
        return
    volumes: set[str] = set()
    for i, vol in _items(e, spec, "volumes", f"{path}.volumes"):
        _unique_name(e, vol, "name", f"{path}.volumes[{i}].name", volumes, sel.dns1123_label_errors)
    known_volumes = None if isinstance(spec.get("volumes"), (dict, str, int, float)) else volumes
    if spec.get("containers") in (None, []):
        e.required(f"{path}.containers")
    names: set[str] = set()
    for key in ("initContainers", "containers"):
        for i, container in _items(e, spec, key, f"{path}.{key}"):
            _validate_container(e, container, f"{path}.{key}[{i}]", names, known_volumes)
    _enum(e, spec, "restartPolicy", f"{path}.restartPolicy", RESTART_POLICIES)
    _enum(e, spec, "dnsPolicy", f"{path}.dnsPolicy", DNS_POLICIES)
    _typed(e, spec, "terminationGracePeriodSeconds", f"{path}.terminationGracePeriodSeconds", int)
    deadline = _typed(e, spec, "activeDeadlineSeconds", f"{path}.activeDeadlineSeconds", int)
    if deadline is not None and not 1 <= deadline <= 2**31 - 1:
        e.invalid(f"{path}.activeDeadlineSeconds", deadline, "must be between 1 and 2147483647, inclusive")
    node_name = _typed(e, spec, "nodeName", f"{path}.nodeName", str)
    for msg in sel.dns1123_subdomain_errors(node_name) if node_name else ():
        e.invalid(f"{path}.nodeName", node_name, msg)
    _validate_labels(e, spec.get("nodeSelector"), f"{path}.nodeSelector")
    _validate_tolerations(e, spec, f"{path}.tolerations")
    _typed(e, spec, "hostNetwork", f"{path}.hostNetwork", bool)
    _typed(e, spec, "priority", f"{path}.priority", int)


def _validate_pod(e: _Errors, obj: Obj) -> None:
    spec = obj.get("spec")
    _validate_pod_spec(e, {} if spec is None else spec, "spec")


# --- workloads ----------------------------------------------------------------------------

def _validate_selector(e: _Errors, spec: Obj, noun: str) -> sel.LabelSelector | None:
    selector = spec.get("selector")
    if selector is None:
        e.required("spec.selector")
        return None
    if not isinstance(selector, dict):
        e.type_invalid("spec.selector", selector, "object")
        return None
    _validate_labels(e, selector.get("matchLabels"), "spec.selector.matchLabels")
    for i, expr in _items(e, selector, "matchExpressions", "spec.selector.matchExpressions"):
        xp = f"spec.selector.matchExpressions[{i}]"
        op = _enum(e, expr, "operator", f"{xp}.operator", SELECTOR_OPS)
        values = _items(e, expr, "values", f"{xp}.values", str)
        if op in ("In", "NotIn") and not values:
            e.required(f"{xp}.values", "must be specified when `operator` is 'In' or 'NotIn'")
        elif op in ("Exists", "DoesNotExist") and values:
            e.forbidden(f"{xp}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
        key = _typed(e, expr, "key", f"{xp}.key", str) or ""
        for msg in sel.qualified_name_errors(key):
            e.invalid(f"{xp}.key", key, msg)
    shown = show_selector(selector)
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        e.invalid("spec.selector", selector, f"empty selector is invalid for {noun}", shown=shown)
    try:
        return sel.LabelSelector.from_dict(selector)
    except (ValueError, TypeError):
        e.invalid("spec.selector", selector, "invalid label selector", shown=shown)
        return None


def _validate_template(e: _Errors, spec: Obj, selector: sel.LabelSelector | None) -> None:
    template = spec.get("template")
    if not isinstance(template, dict | None):
        e.type_invalid("spec.template", template, "object")
        return
    template = template or {}
    labels = (_typed(e, template, "metadata", "spec.template.metadata", dict) or {}).get("labels")
    _validate_labels(e, labels, "spec.template.metadata.labels")
    if selector is not None and not selector.empty:
        if not isinstance(labels, dict) or not selector.matches(labels):
            e.invalid("spec.template.metadata.labels", labels if isinstance(labels, dict) else {},
                      "`selector` does not match template `labels`")
    pod_spec = template.get("spec")
    _validate_pod_spec(e, {} if pod_spec is None else pod_spec, "spec.template.spec")
    if not isinstance(pod_spec, dict):
        return
    # Controllers replace pods that exit, so templates must restart forever.
    restart = pod_spec.get("restartPolicy")
    if isinstance(restart, str) and restart and restart != "Always":
        e.not_supported("spec.template.spec.restartPolicy", restart, ["Always"])
    if pod_spec.get("activeDeadlineSeconds") is not None:
        e.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in ReplicaSet is not Supported")


def _int_or_percent(e: _Errors, rolling: Obj, key: str, path: str) -> int | None:
    """ValidatePositiveIntOrPercent; returns the number (count or percent) when valid."""
    value = rolling.get(key)
    if isinstance(value, str):
        if re.fullmatch(r"[0-9]+%", value):
            return int(value[:-1])
        e.invalid(path, value, PERCENT_MSG)
    elif isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            e.invalid(path, value, NON_NEGATIVE)
        return value
    elif value is not None:
        e.type_invalid(path, value, "integer or string")
    return None


def _validate_strategy(e: _Errors, spec: Obj, key: str, types: tuple[str, ...]) -> None:
    path = f"spec.{key}"
    strategy = _typed(e, spec, key, path, dict)
    kind = _enum(e, strategy, "type", f"{path}.type", types)
    rolling = _typed(e, strategy, "rollingUpdate", f"{path}.rollingUpdate", dict)
    if kind in ("Recreate", "OnDelete") and rolling is not None:
        e.forbidden(f"{path}.rollingUpdate", f"may not be specified when strategy `type` is '{kind}'")
    if kind != "RollingUpdate" or rolling is None:
        return
    ru = f"{path}.rollingUpdate"
    unavailable = _int_or_percent(e, rolling, "maxUnavailable", f"{ru}.maxUnavailable")
    surge = _int_or_percent(e, rolling, "maxSurge", f"{ru}.maxSurge")
    if isinstance(rolling.get("maxUnavailable"), str) and unavailable is not None and unavailable > 100:
        e.invalid(f"{ru}.maxUnavailable", rolling["maxUnavailable"], "must not be greater than 100%")
    if unavailable == 0 and surge == 0:  # the rollout could never make progress
        e.invalid(f"{ru}.maxUnavailable", rolling.get("maxUnavailable"), "may not be 0 when `maxSurge` is 0")


def _validate_workload(e: _Errors, obj: Obj, kind: str) -> None:
    spec = _typed(e, obj, "spec", "spec", dict) or {}
    if kind != "DaemonSet":
        _non_negative(e, spec, "replicas", "spec.replicas")
    min_ready = _non_negative(e, spec, "minReadySeconds", "spec.minReadySeconds")
    _non_negative(e, spec, "revisionHistoryLimit", "spec.revisionHistoryLimit")
    if kind == "Deployment":
        deadline = _non_negative(e, spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds")
        if deadline is not None and min_ready is not None and deadline <= min_ready:
            e.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds")
        _typed(e, spec, "paused", "spec.paused", bool)
        _validate_strategy(e, spec, "strategy", ("Recreate", "RollingUpdate"))
    if kind == "DaemonSet":
        _validate_strategy(e, spec, "updateStrategy", ("OnDelete", "RollingUpdate"))
    # Upstream's ReplicaSet validation also says "for deployment" (copied code).
    selector = _validate_selector(e, spec, "daemonset" if kind == "DaemonSet" else "deployment")
    _validate_template(e, spec, selector)


# --- services and nodes -------------------------------------------------------------------

def _validate_service_port(e: _Errors, port: Obj, pp: str, svc_type: str, multi: bool,
                           seen: dict[str, set[Any]]) -> None:
    _unique_name(e, port, "name", f"{pp}.name", seen["names"], sel.dns1123_label_errors, required=multi)
    number = _port(e, port, "port", f"{pp}.port", missing="invalid")
    protocol = _enum(e, port, "protocol", f"{pp}.protocol", PROTOCOLS) or "TCP"
    if number is not None and (number, protocol) in seen["ports"]:
        e.duplicate(pp, None, shown=(
            f'core.ServicePort{{Name:"", Protocol:"{protocol}", AppProtocol:(*string)(nil), Port:{number}, '
            'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'))
    seen["ports"].add((number, protocol))
    target = port.get("targetPort")
    if isinstance(target, str) and target:
        for msg in _port_name_errors(target):
            e.invalid(f"{pp}.targetPort", target, msg)
    elif target not in (None, "", 0):
        _port(e, port, "targetPort", f"{pp}.targetPort")
    node_port = _typed(e, port, "nodePort", f"{pp}.nodePort", int)
    low, high = NODE_PORT_RANGE
    if not node_port:
        return
    if svc_type in ("ClusterIP", "ExternalName"):
        e.forbidden(f"{pp}.nodePort", f"may not be used when `type` is '{svc_type}'")
    elif not low <= node_port <= high:
        e.invalid(f"{pp}.nodePort", node_port,
                  f"provided port is not in the valid range. The range of valid ports is {low}-{high}")
    elif (node_port, protocol) in seen["nodePorts"]:
        e.duplicate(f"{pp}.nodePort", node_port)
    seen["nodePorts"].add((node_port, protocol))


def _validate_service(e: _Errors, obj: Obj) -> None:
    spec = _typed(e, obj, "spec", "spec", dict) or {}
    svc_type = _enum(e, spec, "type", "spec.type", SERVICE_TYPES) or "ClusterIP"
    cluster_ip = _typed(e, spec, "clusterIP", "spec.clusterIP", str) or ""
    if cluster_ip not in ("", "None"):
        try:
            ipaddress.ip_address(cluster_ip)
        except ValueError:
            e.invalid("spec.clusterIPs[0]", cluster_ip,
                      "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")
    ports = _items(e, spec, "ports", "spec.ports")
    # Headless and ExternalName services have no virtual IP to forward ports from.
    if not spec.get("ports") and svc_type != "ExternalName" and cluster_ip != "None":
        e.required("spec.ports")
    seen: dict[str, set[Any]] = {"names": set(), "ports": set(), "nodePorts": set()}
    for i, port in ports:
        _validate_service_port(e, port, f"spec.ports[{i}]", svc_type, len(ports) > 1, seen)
    external = _typed(e, spec, "externalName", "spec.externalName", str)
    if svc_type == "ExternalName" and not external:
        e.required("spec.externalName")
    elif svc_type == "ExternalName":
        for msg in sel.dns1123_subdomain_errors(external.removesuffix(".")):
            e.invalid("spec.externalName", external, msg)
    _validate_labels(e, spec.get("selector"), "spec.selector")
    _enum(e, spec, "sessionAffinity", "spec.sessionAffinity", ("ClientIP", "None"))
    _enum(e, spec, "externalTrafficPolicy", "spec.externalTrafficPolicy", ("Cluster", "Local"))
    _enum(e, spec, "internalTrafficPolicy", "spec.internalTrafficPolicy", ("Cluster", "Local"))
    policies = ("PreferDualStack", "RequireDualStack", "SingleStack")
    _enum(e, spec, "ipFamilyPolicy", "spec.ipFamilyPolicy", policies)
    for i, family in _items(e, spec, "ipFamilies", "spec.ipFamilies", str):
        if family not in ("IPv4", "IPv6"):
            e.not_supported(f"spec.ipFamilies[{i}]", family, ("IPv4", "IPv6"))


def _validate_node(e: _Errors, obj: Obj) -> None:
    spec = _typed(e, obj, "spec", "spec", dict) or {}
    _typed(e, spec, "unschedulable", "spec.unschedulable", bool)
    for i, taint in _items(e, spec, "taints", "spec.taints"):
        key = _typed(e, taint, "key", f"spec.taints[{i}].key", str) or ""
        for msg in sel.qualified_name_errors(key):
            e.invalid(f"spec.taints[{i}].key", key, msg)
        if not taint.get("effect"):
            e.required(f"spec.taints[{i}].effect")
        _enum(e, taint, "effect", f"spec.taints[{i}].effect", TAINT_EFFECTS)


def _validate_configmap(e: _Errors, obj: Obj) -> None:
    for group in ("data", "binaryData"):
        for key, value in (_typed(e, obj, group, group, dict) or {}).items():
            if len(key) > 253 or not re.fullmatch(r"[-._a-zA-Z0-9]+", key):
                e.invalid(group, key, CONFIG_KEY_MSG)
            if not isinstance(value, str):
                e.type_invalid(f"{group}[{key}]", value, "string")



_BY_KIND: dict[tuple[str, str], Callable[[_Errors, Obj], None]] = {
    ("", "Pod"): _validate_pod,
    ("", "Service"): _validate_service,
    ("", "Node"): _validate_node,
    ("", "ConfigMap"): _validate_configmap,
    ("apps", "Deployment"): lambda e, o: _validate_workload(e, o, "Deployment"),
    ("apps", "ReplicaSet"): lambda e, o: _validate_workload(e, o, "ReplicaSet"),
    ("apps", "DaemonSet"): lambda e, o: _validate_workload(e, o, "DaemonSet"),
    ("sim.clusterviz.io", "Fault"): _validate_fault,
    ("sim.clusterviz.io", "Simulation"): _validate_simulation,
    ("sim.clusterviz.io", "TrafficFlow"): _validate_traffic_flow,
}


# --- updates ------------------------------------------------------------------------------

def _canonical(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _spec(obj: Obj) -> Obj:
    spec = obj.get("spec")
    return spec if isinstance(spec, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _toleration_kept(old: Any, new_tolerations: list[Any]) -> bool:
    """validateOnlyAddedTolerations: an old toleration survives, bar its tolerationSeconds."""
    if not isinstance(old, dict):
        return True
    for new in new_tolerations:
        if isinstance(new, dict):
            clone = {k: v for k, v in old.items() if k != "tolerationSeconds"}
            if "tolerationSeconds" in new:
                clone["tolerationSeconds"] = new["tolerationSeconds"]
            if _canonical(clone) == _canonical(new):
                return True
    return False


def _with_old(new: Any, old: Any, key: str) -> Any:
    """``new`` with ``key`` taken from ``old`` (both dicts), as the update check munges it."""
    if not isinstance(new, dict) or not isinstance(old, dict):
        return new
    out = {k: v for k, v in new.items() if k != key}
    if key in old:
        out[key] = old[key]
    return out


def _validate_pod_update(e: _Errors, new: Obj, old: Obj) -> None:
    new_spec, old_spec = _spec(new), _spec(old)
    munged = dict(new_spec)
    # Images may change in place: copy the old images over before comparing.
    for key in ("containers", "initContainers"):
        new_list, old_list = _list(new_spec.get(key)), _list(old_spec.get(key))
        if key in new_spec and len(new_list) == len(old_list):
            munged[key] = [_with_old(n, o, "image") for n, o in zip(new_list, old_list, strict=True)]
    new_deadline, old_deadline = new_spec.get("activeDeadlineSeconds"), old_spec.get("activeDeadlineSeconds")
    if isinstance(old_deadline, int) and new_deadline is None:
        e.invalid("spec.activeDeadlineSeconds", None, "must not update from a positive integer to nil value")
    elif isinstance(old_deadline, int) and isinstance(new_deadline, int) and new_deadline > old_deadline:
        e.invalid("spec.activeDeadlineSeconds", new_deadline, "must be less than or equal to previous value")
    munged = _with_old(munged, old_spec, "activeDeadlineSeconds")
    new_tolerations = _list(new_spec.get("tolerations"))
    if not all(_toleration_kept(t, new_tolerations) for t in _list(old_spec.get("tolerations"))):
        e.forbidden("spec.tolerations",
                    "existing toleration can not be modified except its tolerationSeconds")
    munged = _with_old(munged, old_spec, "tolerations")
    old_grace = old_spec.get("terminationGracePeriodSeconds")
    if isinstance(old_grace, int) and old_grace < 0 and new_spec.get("terminationGracePeriodSeconds") == 1:
        munged = _with_old(munged, old_spec, "terminationGracePeriodSeconds")
    if _canonical(munged) != _canonical(old_spec):
        changed = [k for k in sorted(set(old_spec) | set(munged), key=str)
                   if _canonical(old_spec.get(k)) != _canonical(munged.get(k))]
        diff = [f"{sign} \t{k}: {show(side.get(k))}" for k in changed
                for sign, side in (("-", old_spec), ("+", munged))]
        e.forbidden("spec", "\n".join([POD_UPDATE_MSG, "  core.PodSpec{", *diff, "  }"]))


def _validate_update(e: _Errors, resource: Resource, new: Obj, old: Obj) -> None:
    new_meta, old_meta = new.get("metadata"), old.get("metadata")
    if isinstance(new_meta, dict) and isinstance(old_meta, dict):
        for key in ("name", "namespace"):
            if new_meta.get(key, "") != old_meta.get(key, ""):
                e.invalid(f"metadata.{key}", new_meta.get(key, ""), "field is immutable")
    new_spec, old_spec = _spec(new), _spec(old)
    if resource.group == "apps" and (
            _canonical(new_spec.get("selector")) != _canonical(old_spec.get("selector"))):
        # Changing a selector would orphan the pods the controller already owns.
        e.invalid("spec.selector", None, "field is immutable", shown=show_selector(new_spec.get("selector")))
    elif resource.group == "" and resource.kind == "Pod":
        _validate_pod_update(e, new, old)
    elif resource.group == "" and resource.kind == "Service" and "ExternalName" not in (
            new_spec.get("type"), old_spec.get("type")):
        old_ip, new_ip = old_spec.get("clusterIP"), new_spec.get("clusterIP")
        # An omitted clusterIP on update is refilled from the live object by the registry.
        if isinstance(old_ip, str) and old_ip and isinstance(new_ip, str) and new_ip and new_ip != old_ip:
            new_ips = new_spec.get("clusterIPs") if isinstance(new_spec.get("clusterIPs"), list) else [new_ip]
            e.invalid("spec.clusterIPs[0]", new_ips, "may not change once set")


def validate(resource: Resource, obj: dict, *, old: dict | None = None,
             check_meta: bool = True) -> list[Cause]:
    """StatusCauses for ``obj`` (empty when valid); with ``old``, also the update rules.

    Callers must not pass pod status / binding writes through the ``old`` path: those
    subresources may change what ``spec`` updates may not.
    """
    e = _Errors()
    if not isinstance(obj, dict):
        e.type_invalid("", obj, "object")
        return e.causes
    try:
        metadata = obj.get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            e.type_invalid("metadata", metadata, "object")
        if check_meta:
            _validate_meta(e, resource, metadata if isinstance(metadata, dict) else {})
        validator = _BY_KIND.get((resource.group, resource.kind))
        if validator is not None:
            validator(e, obj)
        if isinstance(old, dict):
            _validate_update(e, resource, obj, old)
    except Exception as err:  # noqa: BLE001 -- a validator bug must surface as a cause, not a crash
        e.add("InternalError", "", f"Internal error occurred: {type(err).__name__}: {err}")
    return e.causes


def validate_status_update(resource: Resource, obj: dict) -> list[Cause]:
    """A status (or finalize) write: spec is carried over from the stored object, so only
    metadata is checked again, as ValidatePodStatusUpdate and friends do."""
    e = _Errors()
    metadata = obj.get("metadata") if isinstance(obj, dict) else None
    _validate_meta(e, resource, metadata if isinstance(metadata, dict) else {})
    return e.causes
