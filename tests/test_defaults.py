"""API defaulting matches kube-apiserver's SetDefaults_* and the stock Pod admission plugins."""
from __future__ import annotations

import copy

import pytest

from simulator.apiserver.defaults import DefaultSettings, apply_defaults, image_pull_policy
from simulator.apiserver.registry import KIND_NAMES

SETTINGS = DefaultSettings()


def defaulted(kind: str, obj: dict, settings: DefaultSettings = SETTINGS) -> dict:
    obj = copy.deepcopy(obj)
    apply_defaults(KIND_NAMES[kind], obj, settings=settings)
    return obj


def pod(**spec) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}], **spec}}


def template(kind: str, **spec) -> dict:
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "w", "namespace": "default"},
            "spec": {"selector": {"matchLabels": {"app": "w"}}, **spec,
                     "template": {"metadata": {"labels": {"app": "w"}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}


NOT_READY = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300}
UNREACHABLE = {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
               "tolerationSeconds": 300}


def test_pod_defaults_are_what_kubectl_get_shows():
    assert defaulted("Pod", pod())["spec"] == {
        "containers": [{"name": "c", "image": "nginx:1.25", "imagePullPolicy": "IfNotPresent",
                        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                        "resources": {}}],
        "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
        "schedulerName": "default-scheduler", "securityContext": {}, "enableServiceLinks": True,
        "serviceAccountName": "default", "serviceAccount": "default", "priority": 0,
        "preemptionPolicy": "PreemptLowerPriority", "tolerations": [NOT_READY, UNREACHABLE],
    }


@pytest.mark.parametrize("image, policy", [
    ("nginx", "Always"),
    ("nginx:latest", "Always"),
    ("nginx:1.25", "IfNotPresent"),
    ("registry.local:5000/nginx", "Always"),  # a registry port is not a tag
    ("registry.local:5000/nginx:1.0", "IfNotPresent"),
    ("nginx@sha256:" + "a" * 64, "IfNotPresent"),
    ("nginx:latest@sha256:" + "a" * 64, "Always"),
    ("", "IfNotPresent"),
    (None, "IfNotPresent"),
])
def test_image_pull_policy(image, policy):
    assert image_pull_policy(image) == policy


@pytest.mark.parametrize("spec, field, value", [
    ({"restartPolicy": "Never"}, "restartPolicy", "Never"),
    ({"restartPolicy": ""}, "restartPolicy", "Always"),  # Go's zero value is "unset"
    ({"terminationGracePeriodSeconds": 0}, "terminationGracePeriodSeconds", 0),
    ({"terminationGracePeriodSeconds": None}, "terminationGracePeriodSeconds", 30),
    ({"enableServiceLinks": False}, "enableServiceLinks", False),
    ({"serviceAccountName": "builder"}, "serviceAccount", "builder"),
    ({"serviceAccount": "legacy"}, "serviceAccountName", "legacy"),
    ({"priorityClassName": "system-node-critical"}, "priority", 2000001000),
    ({"priorityClassName": "system-cluster-critical"}, "priority", 2000000000),
    ({"priority": 7}, "priority", 7),
    ({"preemptionPolicy": "Never"}, "preemptionPolicy", "Never"),
    ({"schedulerName": "my-scheduler"}, "schedulerName", "my-scheduler"),
    ({"dnsPolicy": "Default"}, "dnsPolicy", "Default"),
])
def test_pod_spec_values_kept_or_defaulted(spec, field, value):
    assert defaulted("Pod", pod(**spec))["spec"][field] == value


@pytest.mark.parametrize("tolerations, expected", [
    ([], [NOT_READY, UNREACHABLE]),
    ([{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}],
     [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}, UNREACHABLE]),
    ([{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 5}],
     [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 5}, NOT_READY]),
    ([{"operator": "Exists"}], [{"operator": "Exists"}]),  # tolerates everything already
    ([{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoSchedule"}],
     [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoSchedule"},
      NOT_READY, UNREACHABLE]),
    ([{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}],
     [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}, NOT_READY,
      UNREACHABLE]),
])
def test_default_toleration_seconds(tolerations, expected):
    assert defaulted("Pod", pod(tolerations=tolerations))["spec"]["tolerations"] == expected


def test_toleration_seconds_come_from_settings():
    settings = DefaultSettings(not_ready_toleration_seconds=30, unreachable_toleration_seconds=60)
    tolerations = defaulted("Pod", pod(), settings)["spec"]["tolerations"]
    assert [t["tolerationSeconds"] for t in tolerations] == [30, 60]


def test_container_level_defaults():
    spec = defaulted("Pod", pod(
        hostNetwork=True,
        initContainers=[{"name": "init", "image": "busybox"}],
        containers=[{"name": "c", "image": "nginx", "imagePullPolicy": "Never",
                     "ports": [{"containerPort": 80}, {"containerPort": 53, "protocol": "UDP"}],
                     "resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "500m"}},
                     "livenessProbe": {"httpGet": {"port": 80}},
                     "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}]}],
        volumes=[{"name": "scratch"}, {"name": "cfg", "configMap": {"name": "cfg"}}],
    ))["spec"]
    c = spec["containers"][0]
    assert c["imagePullPolicy"] == "Never"
    assert c["ports"] == [{"containerPort": 80, "protocol": "TCP", "hostPort": 80},
                          {"containerPort": 53, "protocol": "UDP", "hostPort": 53}]
    # SetDefaults_Pod: a limit without a request requests the limit.
    assert c["resources"]["requests"] == {"cpu": "500m", "memory": "1Gi"}
    assert c["livenessProbe"] == {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1,
                                  "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
    assert c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"] == "v1"
    assert spec["initContainers"][0]["imagePullPolicy"] == "Always"
    assert spec["initContainers"][0]["terminationMessagePath"] == "/dev/termination-log"
    assert spec["volumes"] == [{"name": "scratch", "emptyDir": {}},
                               {"name": "cfg", "configMap": {"name": "cfg", "defaultMode": 420}}]


@pytest.mark.parametrize("kind", ["Deployment", "ReplicaSet", "DaemonSet"])
def test_templates_get_pod_spec_defaults_but_not_admission(kind):
    spec = defaulted(kind, template(kind))["spec"]["template"]["spec"]
    assert spec["restartPolicy"] == "Always" and spec["dnsPolicy"] == "ClusterFirst"
    assert spec["terminationGracePeriodSeconds"] == 30 and spec["schedulerName"] == "default-scheduler"
    assert spec["securityContext"] == {}
    assert spec["containers"][0]["imagePullPolicy"] == "Always"
    for admitted in ("tolerations", "serviceAccountName", "priority", "enableServiceLinks",
                     "preemptionPolicy"):
        assert admitted not in spec


def test_template_limits_are_not_copied_to_requests():
    obj = template("Deployment")
    obj["spec"]["template"]["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "1"}}
    res = defaulted("Deployment", obj)["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert res == {"limits": {"cpu": "1"}}


@pytest.mark.parametrize("spec, expected", [
    ({}, {"replicas": 1, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
          "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%",
                                                                  "maxSurge": "25%"}}}),
    ({"replicas": 0}, {"replicas": 0}),
    ({"strategy": {"type": "Recreate"}}, {"strategy": {"type": "Recreate"}}),
    ({"strategy": {"rollingUpdate": {"maxSurge": 0}}},
     {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": "25%"}}}),
    ({"revisionHistoryLimit": 0, "progressDeadlineSeconds": 30},
     {"revisionHistoryLimit": 0, "progressDeadlineSeconds": 30}),
])
def test_deployment_defaults(spec, expected):
    got = defaulted("Deployment", template("Deployment", **spec))["spec"]
    assert {k: got[k] for k in expected} == expected


def test_replicaset_and_daemonset_defaults():
    assert defaulted("ReplicaSet", template("ReplicaSet"))["spec"]["replicas"] == 1
    ds = defaulted("DaemonSet", template("DaemonSet"))["spec"]
    assert ds["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1,
                                                                               "maxSurge": 0}}
    assert ds["revisionHistoryLimit"] == 10 and "replicas" not in ds
    on_delete = defaulted("DaemonSet", template("DaemonSet", updateStrategy={"type": "OnDelete"}))
    assert on_delete["spec"]["updateStrategy"] == {"type": "OnDelete"}


def service(**spec) -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "default"},
            "spec": {"selector": {"app": "w"}, "ports": [{"port": 80}], **spec}}


@pytest.mark.parametrize("spec, expected", [
    ({}, {"type": "ClusterIP", "sessionAffinity": "None", "ipFamilies": ["IPv4"],
          "ipFamilyPolicy": "SingleStack",
          "internalTrafficPolicy": "Cluster", "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}]}),
    ({"type": "NodePort"}, {"externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster"}),
    ({"type": "LoadBalancer"}, {"externalTrafficPolicy": "Cluster", "allocateLoadBalancerNodePorts": True}),
    ({"ports": [{"port": 80, "targetPort": "http", "protocol": "UDP"}]},
     {"ports": [{"port": 80, "targetPort": "http", "protocol": "UDP"}]}),
    ({"sessionAffinity": "ClientIP"}, {"sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}}}),
    ({"clusterIP": "None"}, {"clusterIPs": ["None"], "ipFamilyPolicy": "SingleStack"}),
    ({"clusterIP": "None", "selector": None}, {"ipFamilyPolicy": "RequireDualStack", "ipFamilies": ["IPv4"]}),
])
def test_service_defaults(spec, expected):
    got = defaulted("Service", service(**spec))["spec"]
    assert {k: got.get(k) for k in expected} == expected


def test_external_name_service_has_no_ip_families_and_cluster_ip_has_no_external_policy():
    ext = defaulted("Service", service(type="ExternalName", externalName="db.example.com", ports=[]))["spec"]
    assert "ipFamilies" not in ext and "internalTrafficPolicy" not in ext
    assert "externalTrafficPolicy" not in defaulted("Service", service())["spec"]


def test_namespace_defaults():
    ns = defaulted("Namespace", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}})
    assert ns["spec"] == {"finalizers": ["kubernetes"]}
    assert ns["status"] == {"phase": "Active"}
    assert ns["metadata"]["labels"] == {"kubernetes.io/metadata.name": "team-a"}
    emptied = defaulted("Namespace", {"metadata": {"name": "x"}, "spec": {"finalizers": []}})
    assert emptied["spec"]["finalizers"] == []  # /finalize emptied it: never re-add


def test_node_allocatable_defaults_to_capacity():
    node = defaulted("Node", {"metadata": {"name": "n"}, "status": {"capacity": {"cpu": "4", "pods": "110"}}})
    assert node["status"]["allocatable"] == {"cpu": "4", "pods": "110"}


def test_unknown_fields_and_kinds_are_untouched():
    obj = pod(futureField={"x": [1, 2]})
    obj["status"] = {"weird": True}
    got = defaulted("Pod", obj)
    assert got["spec"]["futureField"] == {"x": [1, 2]} and got["status"] == {"weird": True}
    for kind in ("ConfigMap", "Event", "Lease", "Fault", "Simulation"):
        obj = {"metadata": {"name": "x"}, "data": {"a": "b"}, "spec": {"y": 1}}
        assert defaulted(kind, obj) == obj


@pytest.mark.parametrize("kind", sorted(KIND_NAMES))
@pytest.mark.parametrize("garbage", [
    {"spec": "nope"}, {"spec": {"containers": "x", "template": 3}}, {"spec": {"containers": [1, None, "x"]}},
    {"spec": {"ports": [None, {"port": "x"}], "strategy": [], "updateStrategy": {"rollingUpdate": 5}}},
    {"metadata": "x", "spec": {"tolerations": {"a": 1}}},
    {"spec": {"template": {"spec": {"containers": [{}]}}}},
])
def test_defaulting_garbage_never_raises(kind, garbage):
    defaulted(kind, garbage)
