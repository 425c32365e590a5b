"""Merge patch (RFC 7386), strategic merge patch (as the apiserver applies it) and JSON patch (RFC 6902)."""
from __future__ import annotations

import copy
import json

import pytest

from simulator.apiserver.patch import PatchError, json_patch, merge_patch, strategic_merge_patch


# RFC 7386, Appendix A.
@pytest.mark.parametrize("target, patch, result", [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], {"a": "c"}, {"a": "c"}),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
])
def test_merge_patch_rfc7386(target, patch, result):
    assert merge_patch(target, patch) == result


@pytest.mark.parametrize("patch", [["a"], "x", None, 3])
def test_merge_patch_must_be_an_object(patch):
    with pytest.raises(PatchError):
        merge_patch({}, patch)


POD = {
    "metadata": {"name": "p", "labels": {"app": "web"}, "finalizers": ["a", "b"],
                 "ownerReferences": [{"uid": "1", "name": "rs"}]},
    "spec": {
        "containers": [
            {"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80, "protocol": "TCP"}],
             "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
             "volumeMounts": [{"name": "data", "mountPath": "/data"}]},
            {"name": "sidecar", "image": "envoy"},
        ],
        "tolerations": [{"key": "a", "operator": "Exists"}],
        "volumes": [{"name": "data", "emptyDir": {}}],
    },
    "status": {"conditions": [{"type": "Ready", "status": "False"}, {"type": "PodScheduled",
                                                                     "status": "True"}]},
}


def smp(patch, target=POD, kind="Pod"):
    before = copy.deepcopy(target), copy.deepcopy(patch)
    result = strategic_merge_patch(target, patch, kind=kind)
    assert (target, patch) == before, "inputs must not be mutated"
    return result


def names(items):
    return [i.get("name") for i in items]


def test_set_image_merges_the_container_by_name():
    got = smp({"spec": {"containers": [{"name": "web", "image": "nginx:1.26"}]}})
    assert got["spec"]["containers"][0] == dict(POD["spec"]["containers"][0], image="nginx:1.26")
    assert got["spec"]["containers"][1] == POD["spec"]["containers"][1]


def test_new_list_items_go_before_server_only_items_as_upstream():
    got = smp({"spec": {"containers": [{"name": "log", "image": "busybox"}]}})
    assert names(got["spec"]["containers"]) == ["log", "web", "sidecar"]


@pytest.mark.parametrize("patch, path, expected", [
    ({"spec": {"containers": [{"name": "web", "env": [{"name": "B", "value": "9"}, {"name": "C",
                                                                                    "value": "3"}]}]}},
     ("spec", "containers", 0, "env"), [{"name": "A", "value": "1"}, {"name": "B", "value": "9"},
                                        {"name": "C", "value": "3"}]),
    ({"spec": {"containers": [{"name": "web", "ports": [{"containerPort": 443}]}]}},
     ("spec", "containers", 0, "ports"), [{"containerPort": 443}, {"containerPort": 80, "protocol": "TCP"}]),
    ({"spec": {"containers": [{"name": "web", "volumeMounts": [{"mountPath": "/data", "readOnly": True}]}]}},
     ("spec", "containers", 0, "volumeMounts"), [{"name": "data", "mountPath": "/data", "readOnly": True}]),
    ({"spec": {"tolerations": [{"key": "b", "operator": "Exists"}]}},  # atomic: replaced
     ("spec", "tolerations"), [{"key": "b", "operator": "Exists"}]),
    ({"spec": {"volumes": [{"name": "data", "$patch": "delete"}]}}, ("spec", "volumes"), []),
    ({"spec": {"containers": [{"name": "sidecar", "$patch": "delete"}]}}, ("spec", "containers", -1, "name"),
     "web"),
    ({"spec": {"containers": [{"$patch": "replace"}, {"name": "only", "image": "x"}]}},
     ("spec", "containers"), [{"name": "only", "image": "x"}]),
    ({"metadata": {"finalizers": ["c", "a"]}}, ("metadata", "finalizers"), ["c", "a", "b"]),
    ({"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}}, ("metadata", "finalizers"), ["b"]),
    ({"metadata": {"ownerReferences": [{"uid": "1", "controller": True}]}},
     ("metadata", "ownerReferences"), [{"uid": "1", "name": "rs", "controller": True}]),
    ({"metadata": {"labels": {"app": None, "tier": "fe"}}}, ("metadata", "labels"), {"tier": "fe"}),
    ({"status": {"conditions": [{"type": "Ready", "status": "True"}]}},
     ("status", "conditions"), [{"type": "Ready", "status": "True"}, {"type": "PodScheduled",
                                                                      "status": "True"}]),
    ({"spec": {"containers": [{"name": "web", "resources": {"$patch": "replace", "limits": {"cpu": "1"}}}]}},
     ("spec", "containers", 0, "resources"), {"limits": {"cpu": "1"}}),
    ({"spec": {"newList": [{"name": "x", "gone": None}]}}, ("spec", "newList"), [{"name": "x"}]),
    ({"metadata": {"annotations": {"a": "1", "b": None}}}, ("metadata", "annotations"), {"a": "1"}),
])
def test_strategic_merge_patch_on_pods(patch, path, expected):
    got = smp(patch)
    for step in path:
        got = got[step]
    assert got == expected


def test_set_element_order_reorders_the_merged_list():
    got = smp({"spec": {"$setElementOrder/containers": [{"name": "sidecar"}, {"name": "web"}],
                        "containers": [{"name": "web", "image": "nginx:2"}]}})
    assert names(got["spec"]["containers"]) == ["sidecar", "web"]
    assert got["spec"]["containers"][1]["image"] == "nginx:2"
    kept = smp({"spec": {"$setElementOrder/containers": [{"name": "web"}, {"name": "new"},
                                                         {"name": "sidecar"}],
                         "containers": [{"name": "new", "image": "x"}]}})
    assert names(kept["spec"]["containers"]) == ["web", "new", "sidecar"]


def test_retain_keys_clears_fields_of_the_old_strategy():
    deploy = {"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}}}}
    got = smp({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}, deploy, "Deployment")
    assert got["spec"]["strategy"] == {"type": "Recreate"}


TAINT_A, TAINT_B = {"key": "a", "effect": "NoSchedule"}, {"key": "b", "effect": "NoExecute"}
INTERNAL_IP, HOSTNAME = {"type": "InternalIP", "address": "10.0.0.1"}, {"type": "Hostname", "address": "n1"}
CONTAINER_A = {"name": "a", "image": "x"}


@pytest.mark.parametrize("kind, target, patch, expected", [
    ("Node", {"spec": {}}, {"spec": {"unschedulable": True}}, {"spec": {"unschedulable": True}}),  # cordon
    ("Node", {"spec": {"unschedulable": True}}, {"spec": {"unschedulable": None}}, {"spec": {}}),  # uncordon
    ("Node", {"spec": {"taints": [TAINT_A]}}, {"spec": {"taints": [TAINT_B]}},  # taints are atomic upstream
     {"spec": {"taints": [TAINT_B]}}),
    ("Node", {"status": {"addresses": [INTERNAL_IP]}}, {"status": {"addresses": [HOSTNAME]}},
     {"status": {"addresses": [HOSTNAME, INTERNAL_IP]}}),
    ("Service", {"spec": {"ports": [{"port": 80, "targetPort": 8080}]}},
     {"spec": {"ports": [{"port": 80, "targetPort": 9090}]}},
     {"spec": {"ports": [{"port": 80, "targetPort": 9090}]}}),
    ("Deployment", {"spec": {"template": {"metadata": {}, "spec": {"containers": [CONTAINER_A]}}}},
     {"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "t"}}}}},
     {"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "t"}},
                            "spec": {"containers": [CONTAINER_A]}}}}),
    ("Deployment", {"spec": {"replicas": 3}}, {"$patch": "replace", "spec": {"replicas": 1}},
     {"spec": {"replicas": 1}}),
    ("Deployment", {"spec": {"replicas": 3}}, {"spec": {"$patch": "delete"}}, {"spec": {}}),
    ("Deployment", {"spec": {"replicas": 3}}, {"spec": {"$patch": "merge", "paused": True}},
     {"spec": {"replicas": 3, "paused": True}}),
    ("Pod", {"spec": {"containers": "garbage"}}, {"spec": {"containers": [{"name": "a"}]}},
     {"spec": {"containers": [{"name": "a"}]}}),
])
def test_strategic_merge_patch_by_kind(kind, target, patch, expected):
    assert smp(patch, target, kind) == expected


@pytest.mark.parametrize("patch, message", [
    ([], "must be a JSON object"),
    ({"spec": {"$patch": "explode"}}, "unknown patch type: explode"),
    ({"spec": {"containers": [{"image": "no-name"}]}}, "does not contain declared merge key: name"),
    ({"spec": {"containers": [{"name": "x", "$patch": "bogus"}]}}, "unknown patch type: bogus"),
    ({"spec": {"$setElementOrder/containers": "nope"}}, "setElementOrder"),
    ({"spec": {"$retainKeys": "type"}}, "retainKeys"),
    ({"spec": {"$retainKeys": ["a"], "b": 1}}, "retainKeys"),
    ({"spec": {"$unknown": 1}}, "unknown patch directive"),
    ({"metadata": {"finalizers": [{"a": 1}]}}, "list element types are not identical"),
])
def test_strategic_merge_patch_errors(patch, message):
    with pytest.raises(PatchError) as err:
        strategic_merge_patch(POD, patch, kind="Pod")
    assert message in str(err.value)


# RFC 6902, Appendix A (plus escapes and `-`).
@pytest.mark.parametrize("doc, ops, result", [
    ({"foo": "bar"}, [{"op": "add", "path": "/baz", "value": "qux"}], {"foo": "bar", "baz": "qux"}),
    ({"foo": ["bar", "baz"]}, [{"op": "add", "path": "/foo/1", "value": "qux"}], {"foo": ["bar", "qux",
                                                                                          "baz"]}),
    ({"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}], {"foo": "bar"}),
    ({"foo": ["bar", "qux", "baz"]}, [{"op": "remove", "path": "/foo/1"}], {"foo": ["bar", "baz"]}),
    ({"baz": "qux", "foo": "bar"}, [{"op": "replace", "path": "/baz", "value": "boo"}], {"baz": "boo",
                                                                                         "foo": "bar"}),
    ({"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}},
     [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}],
     {"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}),
    ({"foo": ["all", "grass", "cows", "eat"]}, [{"op": "move", "from": "/foo/1", "path": "/foo/3"}],
     {"foo": ["all", "cows", "eat", "grass"]}),
    ({"baz": "qux", "foo": ["a", 2, "c"]},
     [{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}],
     {"baz": "qux", "foo": ["a", 2, "c"]}),
    ({"foo": "bar"}, [{"op": "add", "path": "/child", "value": {"grandchild": {}}}],
     {"foo": "bar", "child": {"grandchild": {}}}),
    ({"foo": ["bar"]}, [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}], {"foo": ["bar", ["abc",
                                                                                                    "def"]]}),
    ({"foo": None}, [{"op": "test", "path": "/foo", "value": None}], {"foo": None}),
    ({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": 10}, {"op": "replace", "path": "/~1",
                                                                        "value": 1}],
     {"/": 1, "~1": 10}),
    ({"a": {"b": 1}}, [{"op": "copy", "from": "/a", "path": "/c"}], {"a": {"b": 1}, "c": {"b": 1}}),
    ({"a": 1}, [{"op": "replace", "path": "", "value": [1]}], [1]),
    ({"metadata": {"labels": {"app.kubernetes.io/name": "x"}}},
     [{"op": "remove", "path": "/metadata/labels/app.kubernetes.io~1name"}], {"metadata": {"labels": {}}}),
])
def test_json_patch_rfc6902(doc, ops, result):
    before = copy.deepcopy(doc), copy.deepcopy(ops)
    assert json_patch(doc, ops) == result
    assert (doc, ops) == before


def test_json_patch_copy_does_not_alias():
    out = json_patch({"a": {"b": 1}}, [{"op": "copy", "from": "/a", "path": "/c"}])
    out["c"]["b"] = 2
    assert out["a"]["b"] == 1


@pytest.mark.parametrize("doc, ops, message", [
    ({"foo": "bar"}, [{"op": "add", "path": "/baz/bat", "value": "qux"}], "missing path"),
    ({"baz": "qux"}, [{"op": "test", "path": "/baz", "value": "bar"}], "testing value /baz failed"),
    ({"n": 1}, [{"op": "test", "path": "/n", "value": True}], "test failed"),  # true is not 1
    ({"a": 1}, [{"op": "remove", "path": "/b"}], "missing"),
    ({"a": 1}, [{"op": "replace", "path": "/b", "value": 2}], "replace operation does not apply"),
    ({"a": [1]}, [{"op": "add", "path": "/a/5", "value": 2}], "out of bounds"),
    ({"a": [1]}, [{"op": "add", "path": "/a/01", "value": 2}], "invalid array index"),
    ({"a": [1]}, [{"op": "remove", "path": "/a/-"}], "invalid array index"),
    ({"a": {}}, [{"op": "move", "from": "/a", "path": "/a/b"}], "into its own child"),
    ({"a": 1}, [{"op": "add", "path": "a", "value": 2}], "JSON pointer"),
    ({"a": 1}, [{"op": "add", "path": "/b"}], "missing value"),
    ({"a": 1}, [{"op": "frob", "path": "/a"}], "Unexpected kind: frob"),
    ({"a": 1}, {"op": "add"}, "array of operations"),
    ({"a": 1}, ["add"], "must be an object"),
])
def test_json_patch_errors(doc, ops, message):
    with pytest.raises(PatchError) as err:
        json_patch(doc, ops)
    assert message in str(err.value)


def test_patch_error_is_a_value_error():
    assert issubclass(PatchError, ValueError)


def test_results_never_alias_the_patch():
    patch = {"spec": {"containers": [{"name": "n", "env": [{"name": "X", "value": "1"}]}]}}
    for result in (merge_patch({}, patch), strategic_merge_patch({}, patch, kind="Pod")):
        result["spec"]["containers"][0]["env"][0]["value"] = "changed"
        assert json.dumps(patch).count("changed") == 0
