"""API defaulting, as kube-apiserver applies it before validation and storage.

Mirrors the generated ``SetDefaults_*`` functions (pkg/apis/{core,apps,discovery}/v1/defaults.go)
plus the mutating admission plugins a stock cluster runs on Pods: ServiceAccount,
Priority and DefaultTolerationSeconds. ClusterIP/NodePort allocation, pod-status
initialisation and metadata (uid, creationTimestamp) are the registry's job, not ours.

Go's zero values mean "unset": an explicit ``""``/``null`` is defaulted exactly like a
missing field, while explicit ``0``/``false`` are kept (the pointer fields keep them).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.apiserver.registry import Resource

Obj = dict[str, Any]

CONTAINER_LISTS = ("initContainers", "containers")
# Built-in PriorityClasses every cluster has (scheduling/v1 SystemPriorityClasses).
SYSTEM_PRIORITIES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}
TAINT_NOT_READY = "node.kubernetes.io/not-ready"
TAINT_UNREACHABLE = "node.kubernetes.io/unreachable"


@dataclass(frozen=True, slots=True)
class DefaultSettings:
    # kube-apiserver --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds
    not_ready_toleration_seconds: int = 300
    unreachable_toleration_seconds: int = 300


def apply_defaults(resource: Resource, obj: Obj, *, settings: DefaultSettings) -> None:
    """Fill in defaulted fields of ``obj`` in place; unknown fields are left untouched."""
    defaulter = _BY_KIND.get((resource.group, resource.kind))
    if defaulter is not None:
        defaulter(obj, settings)


# --- helpers ------------------------------------------------------------------------------

def _unset(value: Any) -> bool:
    """Go's zero value for a string / nil pointer / empty slice or map."""
    return value is None or value == "" or value == [] or value == {}


def _default(d: Obj, key: str, value: Any) -> Any:
    if _unset(d.get(key)):
        d[key] = value
    return d[key]


def _child(d: Obj, key: str) -> Obj | None:
    """The dict at ``d[key]`` (created when unset), or None when it has the wrong type."""
    if d.get(key) is None:
        d[key] = {}
    value = d[key]
    return value if isinstance(value, dict) else None


def _dicts(value: Any) -> list[Obj]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


# --- pod spec -----------------------------------------------------------------------------

def image_pull_policy(image: Any) -> str:
    """SetDefaults_Container: Always for ``:latest`` or an untagged, undigested image."""
    if not isinstance(image, str) or not image or image != image.strip():
        return "IfNotPresent"  # ParseImageName fails; the error is validation's to report
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.partition(":")[2] if ":" in last else ("" if digest else "latest")
    return "Always" if tag == "latest" else "IfNotPresent"


def _default_probe(probe: Any) -> None:
    if not isinstance(probe, dict):
        return
    _default(probe, "timeoutSeconds", 1)
    _default(probe, "periodSeconds", 10)
    _default(probe, "successThreshold", 1)
    _default(probe, "failureThreshold", 3)
    http = probe.get("httpGet")
    if isinstance(http, dict):
        _default(http, "path", "/")
        _default(http, "scheme", "HTTP")


def _default_container(c: Obj, host_network: bool) -> None:
    _default(c, "imagePullPolicy", image_pull_policy(c.get("image")))
    _default(c, "terminationMessagePath", "/dev/termination-log")
    _default(c, "terminationMessagePolicy", "File")
    _child(c, "resources")
    for port in _dicts(c.get("ports")):
        _default(port, "protocol", "TCP")
        # SetDefaults_PodSpec: on the host network a container port *is* a host port.
        if host_network and _unset(port.get("hostPort")):
            port["hostPort"] = port.get("containerPort")
    for env in _dicts(c.get("env")):
        ref = (env.get("valueFrom") or {}).get("fieldRef") if isinstance(env.get("valueFrom"), dict) else None
        if isinstance(ref, dict):
            _default(ref, "apiVersion", "v1")
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        _default_probe(c.get(probe))


_VOLUME_SOURCES_WITH_MODE = ("configMap", "secret", "downwardAPI", "projected")


def _default_volume(vol: Obj) -> None:
    if set(vol) <= {"name"}:
        vol["emptyDir"] = {}  # SetDefaults_Volume: a volume with no source is an emptyDir
    for source in _VOLUME_SOURCES_WITH_MODE:
        if isinstance(vol.get(source), dict):
            _default(vol[source], "defaultMode", 420)  # 0644


def _default_pod_spec(spec: Obj) -> None:
    """SetDefaults_PodSpec and the per-container defaults; shared by pods and templates."""
    _default(spec, "dnsPolicy", "ClusterFirst")
    _default(spec, "restartPolicy", "Always")
    _default(spec, "terminationGracePeriodSeconds", 30)
    _default(spec, "schedulerName", "default-scheduler")
    _child(spec, "securityContext")
    # Conversion keeps the deprecated serviceAccount field in step with serviceAccountName.
    if _unset(spec.get("serviceAccountName")) and not _unset(spec.get("serviceAccount")):
        spec["serviceAccountName"] = spec["serviceAccount"]
    if not _unset(spec.get("serviceAccountName")):
        spec["serviceAccount"] = spec["serviceAccountName"]
    host_network = spec.get("hostNetwork") is True
    for key in CONTAINER_LISTS:
        for c in _dicts(spec.get(key)):
            _default_container(c, host_network)
    for vol in _dicts(spec.get("volumes")):
        _default_volume(vol)


def _requests_from_limits(spec: Obj) -> None:
    """SetDefaults_Pod (pods only, not templates): a limit without a request requests the limit."""
    for key in CONTAINER_LISTS:
        for c in _dicts(spec.get(key)):
            resources = c.get("resources")
            limits = resources.get("limits") if isinstance(resources, dict) else None
            if not isinstance(limits, dict) or not limits:
                continue
            if resources.get("requests") is None:
                resources["requests"] = {}
            if isinstance(resources["requests"], dict):
                for name, quantity in limits.items():
                    resources["requests"].setdefault(name, quantity)


def _tolerates(tolerations: list[Obj], key: str) -> bool:
    # An empty key with Exists tolerates every taint; an empty effect matches every effect.
    return any(t.get("key") in (key, "", None) and t.get("effect") in ("NoExecute", "", None)
               for t in tolerations)


def _default_toleration_seconds(spec: Obj, settings: DefaultSettings) -> None:
    """The DefaultTolerationSeconds admission plugin: evict from a dead node after N seconds."""
    tolerations = spec.get("tolerations")
    if tolerations is None:
        tolerations = spec["tolerations"] = []
    if not isinstance(tolerations, list):
        return
    existing = _dicts(tolerations)
    for key, seconds in ((TAINT_NOT_READY, settings.not_ready_toleration_seconds),
                         (TAINT_UNREACHABLE, settings.unreachable_toleration_seconds)):
        if not _tolerates(existing, key):
            tolerations.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                                "tolerationSeconds": seconds})


def _default_pod(obj: Obj, settings: DefaultSettings) -> None:
    spec = _child(obj, "spec")
    if spec is None:
        return
    _default_pod_spec(spec)
    _requests_from_limits(spec)
    _default(spec, "enableServiceLinks", True)
    # ServiceAccount admission: every pod runs as some service account.
    _default(spec, "serviceAccountName", "default")
    spec["serviceAccount"] = spec["serviceAccountName"]
    # Priority admission: resolve priorityClassName (no global default class exists).
    if spec.get("priority") is None:
        spec["priority"] = SYSTEM_PRIORITIES.get(spec.get("priorityClassName") or "", 0)
    _default(spec, "preemptionPolicy", "PreemptLowerPriority")
    _default_toleration_seconds(spec, settings)


# --- workloads ----------------------------------------------------------------------------

def _default_template(spec: Obj) -> None:
    template = _child(spec, "template")
    if template is None:
        return
    pod_spec = _child(template, "spec")
    if pod_spec is not None:
        _default_pod_spec(pod_spec)


def _default_rolling(strategy: Obj, key: str, type_key: str, max_unavailable: Any, max_surge: Any) -> None:
    _default(strategy, type_key, "RollingUpdate")
    if strategy[type_key] != "RollingUpdate":
        return
    rolling = _child(strategy, key)
    if rolling is not None:
        if rolling.get("maxUnavailable") in (None, ""):
            rolling["maxUnavailable"] = max_unavailable
        if rolling.get("maxSurge") in (None, ""):
            rolling["maxSurge"] = max_surge


def _default_deployment(obj: Obj, _: DefaultSettings) -> None:
    spec = _child(obj, "spec")
    if spec is None:
        return
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    strategy = _child(spec, "strategy")
    if strategy is not None:
        _default_rolling(strategy, "rollingUpdate", "type", "25%", "25%")
    if spec.get("revisionHistoryLimit") is None:
        spec["revisionHistoryLimit"] = 10
    if spec.get("progressDeadlineSeconds") is None:
        spec["progressDeadlineSeconds"] = 600
    _default_template(spec)


def _default_replicaset(obj: Obj, _: DefaultSettings) -> None:
    spec = _child(obj, "spec")
    if spec is None:
        return
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    _default_template(spec)


def _default_daemonset(obj: Obj, _: DefaultSettings) -> None:
    spec = _child(obj, "spec")
    if spec is None:
        return
    strategy = _child(spec, "updateStrategy")
    if strategy is not None:
        _default_rolling(strategy, "rollingUpdate", "type", 1, 0)
    if spec.get("revisionHistoryLimit") is None:
        spec["revisionHistoryLimit"] = 10
    _default_template(spec)


# --- services and friends -----------------------------------------------------------------

def _default_service(obj: Obj, _: DefaultSettings) -> None:
    spec = _child(obj, "spec")
    if spec is None:
        return
    affinity = _default(spec, "sessionAffinity", "None")
    if affinity == "None":
        spec.pop("sessionAffinityConfig", None)
    elif affinity == "ClientIP":
        config = spec.get("sessionAffinityConfig")
        client_ip = config.get("clientIP") if isinstance(config, dict) else None
        if not isinstance(client_ip, dict) or client_ip.get("timeoutSeconds") is None:
            spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": 10800}}
    svc_type = _default(spec, "type", "ClusterIP")
    for port in _dicts(spec.get("ports")):
        _default(port, "protocol", "TCP")
        if port.get("targetPort") in (None, 0, ""):
            port["targetPort"] = port.get("port")
    external_ips = spec.get("externalIPs")
    if svc_type in ("NodePort", "LoadBalancer") or (svc_type == "ClusterIP" and external_ips):
        _default(spec, "externalTrafficPolicy", "Cluster")
    if svc_type in ("ClusterIP", "NodePort", "LoadBalancer"):
        _default(spec, "internalTrafficPolicy", "Cluster")
    if svc_type == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is None:
        spec["allocateLoadBalancerNodePorts"] = True
    _default_ip_families(spec, svc_type)


def _default_ip_families(spec: Obj, svc_type: Any) -> None:
    """The service registry's IP-family defaulting for a single-stack IPv4 cluster."""
    if svc_type == "ExternalName":
        return
    cluster_ip = spec.get("clusterIP")
    if isinstance(cluster_ip, str) and cluster_ip and _unset(spec.get("clusterIPs")):
        spec["clusterIPs"] = [cluster_ip]
    # Headless services without a selector may front addresses of any family.
    selectorless_headless = cluster_ip == "None" and _unset(spec.get("selector"))
    _default(spec, "ipFamilyPolicy", "RequireDualStack" if selectorless_headless else "SingleStack")
    _default(spec, "ipFamilies", ["IPv4"])


def _default_endpoint_ports(ports: Any) -> None:
    for port in _dicts(ports):
        _default(port, "protocol", "TCP")


def _default_endpoints(obj: Obj, _: DefaultSettings) -> None:
    for subset in _dicts(obj.get("subsets")):
        _default_endpoint_ports(subset.get("ports"))


def _default_endpointslice(obj: Obj, _: DefaultSettings) -> None:
    _default_endpoint_ports(obj.get("ports"))


def _default_namespace(obj: Obj, _: DefaultSettings) -> None:
    metadata = obj.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    # SetDefaults_Namespace: the immutable name label, so namespaceSelectors can pick by name.
    if isinstance(name, str) and name:
        labels = _child(metadata, "labels")  # type: ignore[arg-type]
        if labels is not None:
            labels["kubernetes.io/metadata.name"] = name
    spec = _child(obj, "spec")
    # Only an absent list is defaulted: the namespace controller empties it through
    # /finalize, and re-adding "kubernetes" there would block deletion forever.
    if spec is not None and spec.get("finalizers") is None:
        spec["finalizers"] = ["kubernetes"]
    status = _child(obj, "status")
    if status is not None:
        _default(status, "phase", "Active")


def _default_node(obj: Obj, _: DefaultSettings) -> None:
    # SetDefaults_NodeStatus: with nothing reserved, allocatable is the whole capacity.
    status = obj.get("status")
    if not isinstance(status, dict):
        return
    capacity = status.get("capacity")
    if isinstance(capacity, dict) and _unset(status.get("allocatable")):
        status["allocatable"] = dict(capacity)


_BY_KIND = {
    ("", "Pod"): _default_pod,
    ("", "Service"): _default_service,
    ("", "Namespace"): _default_namespace,
    ("", "Node"): _default_node,
    ("", "Endpoints"): _default_endpoints,
    ("discovery.k8s.io", "EndpointSlice"): _default_endpointslice,
    ("apps", "Deployment"): _default_deployment,
    ("apps", "ReplicaSet"): _default_replicaset,
    ("apps", "DaemonSet"): _default_daemonset,
}
