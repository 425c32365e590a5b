"""Validation causes are worded and placed as kube-apiserver words them, and never raise."""
from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.apiserver.defaults import DefaultSettings, apply_defaults
from simulator.apiserver.registry import KIND_NAMES
from simulator.apiserver.validation import parse_quantity, validate

SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                 "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                 "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")


def pod() -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default"},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80}],
                                     "resources": {"requests": {"cpu": "100m", "memory": "64Mi"},
                                                   "limits": {"cpu": "1", "memory": "128Mi"}}}]}}


def workload(kind: str) -> dict:
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "web", "namespace": "default"},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}}, "spec": pod()["spec"]}}}


def service() -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}}


BASELINES: dict[str, Callable[[], dict]] = {
    "Pod": pod, "Deployment": lambda: workload("Deployment"), "ReplicaSet": lambda: workload("ReplicaSet"),
    "DaemonSet": lambda: workload("DaemonSet"), "Service": service,
    "Namespace": lambda: {"metadata": {"name": "team-a"}},
    "Node": lambda: {"metadata": {"name": "node-1"}, "spec": {"taints": [{"key": "k",
                                                                          "effect": "NoSchedule"}]}},
    "ConfigMap": lambda: {"metadata": {"name": "cfg", "namespace": "default"}, "data": {"a.txt": "x"}},
    "Fault": lambda: {"metadata": {"name": "f"}, "spec": {"type": "NodeDown", "node": "node-1"}},
    "Simulation": lambda: {"metadata": {"name": "cluster"}, "spec": {"speed": 2, "paused": False,
                                                                      "timing": "classroom"}},
}


def causes(kind: str, obj: dict, old: dict | None = None) -> list[tuple[str, str, str]]:
    return [(c["reason"], c["field"], c["message"]) for c in validate(KIND_NAMES[kind], obj, old=old)]


@pytest.mark.parametrize("kind", sorted(BASELINES))
def test_baselines_are_valid_before_and_after_defaulting(kind):
    obj = BASELINES[kind]()
    assert causes(kind, obj) == []
    apply_defaults(KIND_NAMES[kind], obj, settings=DefaultSettings())
    assert causes(kind, obj) == []


def at(path: str, value) -> Callable[[dict], None]:
    """A mutation setting a dotted path (``a.b[0].c``); ``...`` deletes the key."""
    def mutate(obj: dict) -> None:
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            obj = obj[int(part)] if isinstance(obj, list) else obj.setdefault(part, {})
        last = int(parts[-1]) if isinstance(obj, list) else parts[-1]
        if value is ...:
            del obj[last]
        else:
            obj[last] = value
    return mutate


C0 = "spec.containers[0]"
T = "spec.template.spec"


@pytest.mark.parametrize("kind, mutate, reason, field, message", [
    # metadata
    ("Pod", at("metadata.name", "Foo_bar"), "FieldValueInvalid", "metadata.name",
     f'Invalid value: "Foo_bar": {SUBDOMAIN_MSG}'),
    ("Pod", at("metadata.name", ...), "FieldValueRequired", "metadata.name",
     "Required value: name or generateName is required"),
    ("Pod", at("metadata.name", "a" * 254), "FieldValueInvalid", "metadata.name",
     "must be no more than 253 characters"),
    ("Pod", at("metadata.name", 7), "FieldValueTypeInvalid", "metadata.name",
     "Invalid value: 7: must be of type string"),
    ("Pod", at("metadata.generateName", "Web-"), "FieldValueInvalid", "metadata.generateName",
     'Invalid value: "Web-"'),
    ("Namespace", at("metadata.name", "a.b"), "FieldValueInvalid", "metadata.name",
     "a lowercase RFC 1123 label must"),
    ("Service", at("metadata.name", "1web"), "FieldValueInvalid", "metadata.name",
     "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic"),
    ("Pod", at("metadata.labels", {"-bad": "x"}), "FieldValueInvalid", "metadata.labels",
     'Invalid value: "-bad": name part must consist of alphanumeric characters'),
    ("Pod", at("metadata.labels", {"app": "a b"}), "FieldValueInvalid", "metadata.labels",
     'Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric'),
    ("Pod", at("metadata.labels", {"app": 3}), "FieldValueTypeInvalid", "metadata.labels[app]",
     "must be of type string"),
    ("Pod", at("metadata.labels", ["app"]), "FieldValueTypeInvalid", "metadata.labels",
     "must be of type object"),
    ("Pod", at("metadata.annotations", {"a/b/c": "x"}), "FieldValueInvalid", "metadata.annotations",
     "a qualified name must consist of"),
    ("Pod", at("metadata", "x"), "FieldValueTypeInvalid", "metadata", "must be of type object"),
    # pod spec
    ("Pod", at("spec.containers", []), "FieldValueRequired", "spec.containers", "Required value"),
    ("Pod", at("spec.containers", {"name": "x"}), "FieldValueTypeInvalid", "spec.containers",
     "must be of type array"),
    ("Pod", at(f"{C0}.name", ...), "FieldValueRequired", f"{C0}.name", "Required value"),
    ("Pod", at(f"{C0}.name", "Web"), "FieldValueInvalid", f"{C0}.name", "a lowercase RFC 1123 label must"),
    ("Pod", at("spec.initContainers", [{"name": "web", "image": "x"}]), "FieldValueDuplicate", f"{C0}.name",
     'Duplicate value: "web"'),
    ("Pod", at(f"{C0}.image", ""), "FieldValueRequired", f"{C0}.image", "Required value"),
    ("Pod", at(f"{C0}.image", " nginx"), "FieldValueInvalid", f"{C0}.image",
     "leading or trailing whitespace"),
    ("Pod", at(f"{C0}.ports[0].containerPort", 70000), "FieldValueInvalid", f"{C0}.ports[0].containerPort",
     "Invalid value: 70000: must be between 1 and 65535, inclusive"),
    ("Pod", at(f"{C0}.ports[0].containerPort", 0), "FieldValueRequired", f"{C0}.ports[0].containerPort",
     "Required value"),
    ("Pod", at(f"{C0}.ports[0].containerPort", "80"), "FieldValueTypeInvalid", f"{C0}.ports[0].containerPort",
     'Invalid value: "80": must be of type integer'),
    ("Pod", at(f"{C0}.ports[0].protocol", "HTTP"), "FieldValueNotSupported", f"{C0}.ports[0].protocol",
     'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'),
    ("Pod", at(f"{C0}.ports[0].name", "Web_port"), "FieldValueInvalid", f"{C0}.ports[0].name",
     "must contain only alpha-numeric characters"),
    ("Pod", at("spec.restartPolicy", "Sometimes"), "FieldValueNotSupported", "spec.restartPolicy",
     'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'),
    ("Pod", at("spec.dnsPolicy", "Custom"), "FieldValueNotSupported", "spec.dnsPolicy", "supported values"),
    ("Pod", at(f"{C0}.imagePullPolicy", "Sometimes"), "FieldValueNotSupported", f"{C0}.imagePullPolicy",
     '"Always", "IfNotPresent", "Never"'),
    ("Pod", at(f"{C0}.resources.requests.cpu", "lots"), "FieldValueInvalid", f"{C0}.resources.requests[cpu]",
     "Invalid value: \"lots\": quantities must match the regular expression"),
    ("Pod", at(f"{C0}.resources.requests.memory", "1GB"), "FieldValueInvalid",
     f"{C0}.resources.requests[memory]",
     "quantities must match"),
    ("Pod", at(f"{C0}.resources.requests.cpu", "-1"), "FieldValueInvalid", f"{C0}.resources.requests[cpu]",
     "must be greater than or equal to 0"),
    ("Pod", at(f"{C0}.resources.requests.cpu", "2"), "FieldValueInvalid", f"{C0}.resources.requests",
     'Invalid value: "2": must be less than or equal to cpu limit of 1'),
    ("Pod", at(f"{C0}.resources.requests.memory", "1Gi"), "FieldValueInvalid", f"{C0}.resources.requests",
     'Invalid value: "1Gi": must be less than or equal to memory limit of 128Mi'),
    ("Pod", at(f"{C0}.resources", {"requests": {"nvidia.com/gpu": 1}, "limits": {"nvidia.com/gpu": 2}}),
     "FieldValueInvalid", f"{C0}.resources.requests",
     'Invalid value: "1": must be equal to nvidia.com/gpu limit of 2'),
    ("Pod", at(f"{C0}.resources", "big"), "FieldValueTypeInvalid", f"{C0}.resources",
     "must be of type object"),
    ("Pod", at(f"{C0}.volumeMounts", [{"name": "data", "mountPath": "/d"}]), "FieldValueNotFound",
     f"{C0}.volumeMounts[0].name", 'Not found: "data"'),
    ("Pod", at("spec.tolerations", [{"operator": "Equal", "value": "x"}]), "FieldValueInvalid",
     "spec.tolerations[0].operator", "operator must be Exists when `key` is empty"),
    ("Pod", at("spec.tolerations", [{"key": "k", "operator": "Exists", "effect": "NoSchedule",
                                     "tolerationSeconds": 5}]), "FieldValueInvalid",
                                     "spec.tolerations[0].effect",
     "effect must be 'NoExecute' when `tolerationSeconds` is set"),
    ("Pod", at("spec.activeDeadlineSeconds", 0), "FieldValueInvalid", "spec.activeDeadlineSeconds",
     "must be between 1 and 2147483647, inclusive"),
    ("Pod", at("spec.nodeName", "Node_1"), "FieldValueInvalid", "spec.nodeName", "RFC 1123 subdomain"),
    # workloads
    ("Deployment", at("spec.replicas", -1), "FieldValueInvalid", "spec.replicas",
     "Invalid value: -1: must be greater than or equal to 0"),
    ("ReplicaSet", at("spec.replicas", "3"), "FieldValueTypeInvalid", "spec.replicas",
     "must be of type integer"),
    ("Deployment", at("spec.selector", ...), "FieldValueRequired", "spec.selector", "Required value"),
    ("DaemonSet", at("spec.selector", {}), "FieldValueInvalid", "spec.selector",
     "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
     "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset"),
    ("Deployment", at("spec.template.metadata.labels", {"app": "db"}), "FieldValueInvalid",
     "spec.template.metadata.labels",
     'Invalid value: map[string]string{"app":"db"}: `selector` does not match '
     "template `labels`"),
    ("ReplicaSet", at("spec.template.metadata", ...), "FieldValueInvalid", "spec.template.metadata.labels",
     "`selector` does not match template `labels`"),
    ("Deployment", at("spec.template.spec.containers", ...), "FieldValueRequired", f"{T}.containers",
     "Required value"),
    ("Deployment", at("spec.template", ...), "FieldValueRequired", f"{T}.containers", "Required value"),
    ("Deployment", at(f"{T}.containers[0].image", ...), "FieldValueRequired", f"{T}.containers[0].image",
     "Required value"),
    ("Deployment", at(f"{T}.restartPolicy", "Never"), "FieldValueNotSupported", f"{T}.restartPolicy",
     'Unsupported value: "Never": supported values: "Always"'),
    ("Deployment", at("spec.selector.matchExpressions", [{"key": "app", "operator": "Near"}]),
     "FieldValueNotSupported", "spec.selector.matchExpressions[0].operator",
     '"DoesNotExist", "Exists", "In"'),
    ("Deployment", at("spec.selector.matchExpressions", [{"key": "app", "operator": "In"}]),
     "FieldValueRequired", "spec.selector.matchExpressions[0].values", "must be specified when `operator`"),
    ("Deployment", at("spec.strategy", {"type": "BlueGreen"}), "FieldValueNotSupported", "spec.strategy.type",
     'Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"'),
    ("Deployment", at("spec.strategy", {"type": "Recreate", "rollingUpdate": {}}), "FieldValueForbidden",
     "spec.strategy.rollingUpdate", "Forbidden: may not be specified when strategy `type` is 'Recreate'"),
    ("Deployment", at("spec.strategy", {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "lots"}}),
     "FieldValueInvalid", "spec.strategy.rollingUpdate.maxSurge", "a valid percent string must be"),
    ("Deployment", at("spec.strategy", {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0,
                                                                                   "maxUnavailable": "0%"}}),
     "FieldValueInvalid", "spec.strategy.rollingUpdate.maxUnavailable", "may not be 0 when `maxSurge` is 0"),
    ("Deployment", at("spec.strategy", {"rollingUpdate": {"maxUnavailable": "150%"},
                                        "type": "RollingUpdate"}),
     "FieldValueInvalid", "spec.strategy.rollingUpdate.maxUnavailable", "must not be greater than 100%"),
    ("Deployment", at("spec.progressDeadlineSeconds", 5), None, None, None),  # fine on its own
    ("DaemonSet", at("spec.updateStrategy", {"type": "Replace"}), "FieldValueNotSupported",
     "spec.updateStrategy.type", '"OnDelete", "RollingUpdate"'),
    # services
    ("Service", at("spec.type", "Internal"), "FieldValueNotSupported", "spec.type",
     'Unsupported value: "Internal": supported values: '
     '"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'),
    ("Service", at("spec.ports", []), "FieldValueRequired", "spec.ports", "Required value"),
    ("Service", at("spec.ports[0].port", 0), "FieldValueInvalid", "spec.ports[0].port",
     "Invalid value: 0: must be between 1 and 65535, inclusive"),
    ("Service", at("spec.ports[0].port", 65536), "FieldValueInvalid", "spec.ports[0].port",
     "between 1 and 65535"),
    ("Service", at("spec.ports[0].nodePort", 30080), "FieldValueForbidden", "spec.ports[0].nodePort",
     "may not be used when `type` is 'ClusterIP'"),
    ("Service", at("spec.ports", [{"port": 80}, {"port": 443}]), "FieldValueRequired", "spec.ports[0].name",
     "Required value"),
    ("Service", at("spec.ports", [{"port": 80, "name": "a"}, {"port": 80, "name": "b"}]),
     "FieldValueDuplicate",
     "spec.ports[1]", "Duplicate value: core.ServicePort{"),
    ("Service", at("spec.ports[0].targetPort", "HTTP"), "FieldValueInvalid", "spec.ports[0].targetPort",
     "must contain only alpha-numeric characters"),
    ("Service", at("spec.clusterIP", "10.0.0.300"), "FieldValueInvalid", "spec.clusterIPs[0]",
     "must be a valid IP address"),
    ("Service", at("spec.type", "ExternalName"), "FieldValueRequired", "spec.externalName", "Required value"),
    ("Service", at("spec.sessionAffinity", "Sticky"), "FieldValueNotSupported", "spec.sessionAffinity",
     "ClientIP"),
    # nodes, configmaps
    ("Node", at("spec.taints[0].effect", "Evict"), "FieldValueNotSupported", "spec.taints[0].effect",
     "NoExecute"),
    ("Node", at("spec.unschedulable", "yes"), "FieldValueTypeInvalid", "spec.unschedulable",
     "must be of type boolean"),
    ("ConfigMap", at("data", {"a b": "x"}), "FieldValueInvalid", "data",
     "a valid config key must consist of"),
    # faults
    ("Fault", at("spec.type", "Meteor"), "FieldValueNotSupported", "spec.type",
     'Unsupported value: "Meteor": supported values: '
     '"NodeDown", "KubeletDown", "NetworkPartition", "ComponentDown"'),
    ("Fault", at("spec", ...), "FieldValueRequired", "spec", "Required value"),
    ("Fault", at("spec.type", ...), "FieldValueRequired", "spec.type", "Required value"),
    ("Fault", at("spec.node", ...), "FieldValueRequired", "spec.node", "Required value"),
    ("Fault", at("spec", {"type": "KubeletDown"}), "FieldValueRequired", "spec.node", "Required value"),
    ("Fault", at("spec", {"type": "NetworkPartition"}), "FieldValueRequired", "spec.nodes", "Required value"),
    ("Fault", at("spec", {"type": "NetworkPartition", "nodes": []}), "FieldValueRequired", "spec.nodes",
     "Required"),
    ("Fault", at("spec", {"type": "NetworkPartition", "nodes": "node-1"}), "FieldValueTypeInvalid",
     "spec.nodes",
     "must be of type array"),
    ("Fault", at("spec", {"type": "NetworkPartition", "nodes": ["a", 3]}), "FieldValueTypeInvalid",
     "spec.nodes[1]", "must be of type string"),
    ("Fault", at("spec", {"type": "NetworkPartition", "nodes": ["a", "a"]}), "FieldValueDuplicate",
     "spec.nodes[1]", 'Duplicate value: "a"'),
    ("Fault", at("spec", {"type": "NetworkPartition", "node": "a"}), None, None, None),  # one-node shorthand
    ("Fault", at("spec", {"type": "ComponentDown", "node": "cp"}), "FieldValueRequired", "spec.component",
     "Required"),
    ("Fault", at("spec", {"type": "ComponentDown", "node": "cp", "component": "kubelet"}),
     "FieldValueNotSupported",
     "spec.component", '"kube-scheduler", "kube-controller-manager", "kube-apiserver", "etcd"'),
    ("Fault", at("spec", {"type": "ComponentDown", "node": "cp", "component": "etcd"}), None, None, None),
    # simulation
    ("Simulation", at("metadata.name", "other"), "FieldValueInvalid", "metadata.name",
     'Invalid value: "other": must be "cluster"'),
    ("Simulation", at("spec.speed", 0), "FieldValueInvalid", "spec.speed", "must be greater than 0"),
    ("Simulation", at("spec.speed", 1000.5), "FieldValueInvalid", "spec.speed",
     "must be less than or equal to 1000"),
    ("Simulation", at("spec.speed", "fast"), "FieldValueTypeInvalid", "spec.speed", "must be of type number"),
    ("Simulation", at("spec.speed", True), "FieldValueTypeInvalid", "spec.speed", "must be of type number"),
    ("Simulation", at("spec.speed", 0.25), None, None, None),
    ("Simulation", at("spec.paused", "no"), "FieldValueTypeInvalid", "spec.paused",
     "must be of type boolean"),
    ("Simulation", at("spec.timing", "realtime"), "FieldValueNotSupported", "spec.timing",
     'supported values: "kubernetes", "classroom"'),
])
def test_validation_causes(kind, mutate, reason, field, message):
    obj = BASELINES[kind]()
    mutate(obj)
    got = causes(kind, obj)
    if reason is None:
        assert got == []
        return
    matching = [c for c in got if c[0] == reason and c[1] == field and (message is None or message in c[2])]
    assert matching, got


def test_generate_name_alone_is_enough():
    obj = pod()
    obj["metadata"] = {"generateName": "web-", "namespace": "default"}
    assert causes("Pod", obj) == []


def test_invalid_message_is_rendered_like_kubectl():
    obj = workload("Deployment")
    obj["metadata"]["name"] = "Foo_bar"
    (cause,) = validate(KIND_NAMES["Deployment"], obj)
    assert cause == {"reason": "FieldValueInvalid", "field": "metadata.name",
                     "message": f'Invalid value: "Foo_bar": {SUBDOMAIN_MSG}'}


@pytest.mark.parametrize("kind, change, field, message", [
    ("Pod", at("metadata.name", "other"), "metadata.name", 'Invalid value: "other": field is immutable'),
    ("Pod", at("metadata.namespace", "prod"), "metadata.namespace", "field is immutable"),
    ("Deployment", at("spec.selector", {"matchLabels": {"app": "web", "v": "2"}}), "spec.selector",
     'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, '
     "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"),
    ("DaemonSet", at("spec.selector.matchLabels.app", "x"), "spec.selector", "field is immutable"),
    ("ReplicaSet", at("spec.selector", {"matchExpressions": [{"key": "app", "operator": "Exists"}]}),
     "spec.selector", 'MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", '
     'Operator:"Exists", Values:[]string(nil)}}}: field is immutable'),
    ("Pod", at("spec.nodeName", "node-2"), "spec", "Forbidden: pod updates may not change fields other than "
     "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
     "`spec.tolerations` (only additions to existing tolerations)"),
    ("Pod", at(f"{C0}.resources.limits.cpu", "2"), "spec", "pod updates may not change fields"),
    ("Pod", at("spec.containers", [{"name": "web", "image": "x"}, {"name": "b", "image": "y"}]), "spec",
     "pod updates may not change fields"),
    ("Pod", at("spec.tolerations", []), "spec.tolerations",
     "Forbidden: existing toleration can not be modified except its tolerationSeconds"),
    ("Pod", at("spec.activeDeadlineSeconds", 100), "spec.activeDeadlineSeconds",
     "must be less than or equal to previous value"),
    ("Service", at("spec.clusterIP", "10.96.0.99"), "spec.clusterIPs[0]",
     'Invalid value: []string{"10.96.0.99"}: may not change once set'),
])
def test_update_rules(kind, change, field, message):
    old = BASELINES[kind]()
    if kind == "Pod":
        old["spec"]["tolerations"] = [{"key": "k", "operator": "Exists", "effect": "NoExecute",
                                       "tolerationSeconds": 30}]
        old["spec"]["activeDeadlineSeconds"] = 60
    if kind == "Service":
        old["spec"]["clusterIP"] = "10.96.0.10"
    new = copy.deepcopy(old)
    change(new)
    assert any(c[1] == field and message in c[2] for c in causes(kind, new, old)), causes(kind, new, old)


@pytest.mark.parametrize("kind, change", [
    ("Pod", at(f"{C0}.image", "nginx:1.26")),
    ("Pod", at("spec.activeDeadlineSeconds", 30)),
    ("Pod", at("spec.tolerations", [{"key": "k", "operator": "Exists", "effect": "NoExecute",
                                     "tolerationSeconds": 5},
                                    {"key": "new", "operator": "Exists"}])),
    ("Pod", at("metadata.labels", {"new": "label"})),
    ("Pod", at("status", {"phase": "Running"})),
    ("Deployment", at("spec.replicas", 5)),
    ("Deployment", at(f"{T}.containers[0].image", "nginx:2")),
    ("Service", at("spec.clusterIP", ...)),  # omitted on update: the registry refills it
    ("Service", at("spec.ports[0].port", 81)),
])
def test_allowed_updates(kind, change):
    old = BASELINES[kind]()
    if kind == "Pod":
        old["spec"]["tolerations"] = [{"key": "k", "operator": "Exists", "effect": "NoExecute",
                                       "tolerationSeconds": 30}]
        old["spec"]["activeDeadlineSeconds"] = 60
    if kind == "Service":
        old["spec"]["clusterIP"] = "10.96.0.10"
    new = copy.deepcopy(old)
    change(new)
    assert causes(kind, new, old) == []


@pytest.mark.parametrize("text, value", [
    ("100m", "1/10"), ("1", "1"), ("1.5", "3/2"), ("64Mi", str(64 * 2**20)), ("1k", "1000"), ("1e3", "1000"),
    (".5", "1/2"), ("2", "2"), (2, "2"), (0.25, "1/4"), ("1Gi", str(2**30)), ("-1", "-1"),
    ("1GB", None), ("abc", None), ("", None), ("1K", None), (True, None), (None, None), ("1e999", None),
])
def test_parse_quantity(text, value):
    got = parse_quantity(text)
    assert (None if got is None else str(got)) == value


# --- fuzzing: garbage anywhere never raises ------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**40, max_value=2**40) | st.floats(allow_nan=True)
    | st.text(max_size=12) | st.sampled_from(["", "None", "100m", "Always", "RollingUpdate", "NodeDown", "80",
                                              "-"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["name", "image", "type", "port", "spec", "metadata", "labels", "matchLabels", "key",
                         "operator", "values", "containers", "selector", "ports", "x"]) | st.text(max_size=6),
        children, max_size=4),
    max_leaves=20,
)
FIELD_PATHS = [
    "metadata", "metadata.name", "metadata.labels", "metadata.annotations", "metadata.generateName", "spec",
    "spec.replicas", "spec.selector", "spec.selector.matchLabels", "spec.selector.matchExpressions",
    "spec.template", "spec.template.metadata", "spec.template.spec", "spec.template.spec.containers",
    "spec.containers", "spec.containers[0]", "spec.containers[0].ports", "spec.containers[0].resources",
    "spec.containers[0].resources.limits", "spec.containers[0].name", "spec.tolerations", "spec.volumes",
    "spec.ports", "spec.ports[0]", "spec.ports[0].port", "spec.ports[0].nodePort", "spec.type",
    "spec.strategy",
    "spec.strategy.rollingUpdate", "spec.updateStrategy", "spec.clusterIP", "spec.node", "spec.nodes",
    "spec.component", "spec.speed", "spec.paused", "spec.timing", "spec.taints", "data", "status",
]


def plant(obj: dict, path: str, value) -> None:
    try:
        at(path, value)(obj)
    except (IndexError, KeyError, TypeError, AttributeError, ValueError):
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(BASELINES)), plants=st.lists(
    st.tuples(st.sampled_from(FIELD_PATHS), JSONISH), min_size=1, max_size=4), with_old=st.booleans())
def test_validation_never_raises_on_garbage_fields(kind, plants, with_old):
    obj = BASELINES[kind]()
    old = copy.deepcopy(obj) if with_old else None
    for path, value in plants:
        plant(obj, path, value)
    result = validate(KIND_NAMES[kind], obj, old=old)
    assert isinstance(result, list)
    assert all(set(c) == {"reason", "message", "field"} for c in result)
    assert not [c for c in result if c["reason"] == "InternalError"], result


@settings(max_examples=100, deadline=None)
@given(kind=st.sampled_from(sorted(KIND_NAMES)), obj=JSONISH, old=JSONISH)
def test_validation_never_raises_on_garbage_objects(kind, obj, old):
    result = validate(KIND_NAMES[kind], obj, old=old)
    assert isinstance(result, list)
    assert not [c for c in result if c["reason"] == "InternalError"], result
