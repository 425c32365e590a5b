"""Label and field selectors behave like k8s.io/apimachinery's labels and fields packages."""
from __future__ import annotations

import pytest

from simulator.apiserver.selectors import (
    LabelSelector,
    parse_field_selector,
    parse_label_selector,
    qualified_name_errors,
)

LABELS = {"app": "web", "tier": "frontend", "env": "prod", "n": "5"}


@pytest.mark.parametrize("text, matches", [
    ("", True),
    ("app=web", True),
    ("app==web", True),
    ("app=db", False),
    ("app!=db", True),
    ("app!=web", False),
    ("missing!=x", True),  # != matches objects without the label
    ("app in (web,db)", True),
    ("app in (db)", False),
    ("app notin (db)", True),
    ("app notin (web, db)", False),
    ("missing notin (x)", True),
    ("app", True),
    ("missing", False),
    ("!missing", True),
    ("!app", False),
    ("app=web,tier=frontend", True),
    ("app=web,tier=backend", False),
    ("app = web , env in ( prod )", True),
    ("n>3", True),
    ("n<3", False),
    ("app>3", False),  # not an integer: no match
    ("missing=", False),
    ("x.io/app=web", False),
])
def test_label_selector_matches(text, matches):
    assert parse_label_selector(text).matches(LABELS) is matches


@pytest.mark.parametrize("text, canonical", [
    ("tier=frontend,app=web", "app=web,tier=frontend"),
    ("b in (y,x),!a", "!a,b in (x,y)"),
    ("a==b", "a==b"),
    ("k", "k"),
    ("k=", "k="),
])
def test_label_selector_string_is_sorted_like_kubernetes(text, canonical):
    assert str(parse_label_selector(text)) == canonical


@pytest.mark.parametrize("text, message", [
    ("a=b c", "found 'c', expected: ',' or 'end of string'"),
    ("a in x", "unable to parse requirement: found 'x', expected: '('"),
    ("a in (x y)", "unable to parse requirement: found 'y', expected: ',', ')' or identifier"),
    ("a,", "found '', expected: identifier after ','"),
    (",a", "found ',', expected: !, identifier, or 'end of string'"),
    ("=a", "found '=', expected: !, identifier, or 'end of string'"),
    ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ("-a=b", 'unable to parse requirement: key: Invalid value: "-a": name part must consist of'),
    ("a=-b", 'unable to parse requirement: values[0]: Invalid value: "-b": a valid label must be'),
    ("a>x", "for 'Gt', 'Lt' operators, the value must be an integer"),
])
def test_label_selector_parse_errors(text, message):
    with pytest.raises(ValueError) as err:
        parse_label_selector(text)
    assert message in str(err.value)


@pytest.mark.parametrize("selector, labels, matches", [
    (None, {"app": "web"}, False),  # a nil selector selects nothing
    (None, {}, False),
    ({}, {"app": "web"}, True),  # an empty selector selects everything
    ({"matchLabels": {"app": "web"}}, {"app": "web", "x": "y"}, True),
    ({"matchLabels": {"app": "web"}}, {"app": "db"}, False),
    ({"matchExpressions": [{"key": "app", "operator": "In", "values": ["web", "db"]}]}, {"app": "db"}, True),
    ({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]}, {}, True),
    ({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, {"app": ""}, True),
    ({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, {"app": ""}, False),
    ({"matchLabels": {"a": "1"}, "matchExpressions": [{"key": "b", "operator": "Exists"}]}, {"a": "1"},
     False),
])
def test_label_selector_from_dict(selector, labels, matches):
    assert LabelSelector.from_dict(selector).matches(labels) is matches


@pytest.mark.parametrize("selector, empty", [(None, False), ({}, True), ({"matchLabels": {}}, True),
                                             ({"matchLabels": {"a": "b"}}, False)])
def test_empty_means_everything(selector, empty):
    assert LabelSelector.from_dict(selector).empty is empty


@pytest.mark.parametrize("selector, message", [
    ({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]},
     '"Gt" is not a valid label selector operator'),
    ({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}, "values set can't be empty"),
    ({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}, "values set must be empty"),
    ({"matchLabels": {"a b": "c"}}, 'key: Invalid value: "a b"'),
    ({"matchLabels": ["a"]}, "matchLabels must be a map"),
    ("app=web", "invalid label selector"),
])
def test_label_selector_from_dict_errors(selector, message):
    with pytest.raises(ValueError, match=None) as err:
        LabelSelector.from_dict(selector)
    assert message in str(err.value)


@pytest.mark.parametrize("key, ok", [
    ("app", True), ("app.kubernetes.io/name", True), ("A_b.c-D", True), ("a" * 63, True),
    ("a" * 64, False), ("-a", False), ("a/", False), ("/a", False), ("a/b/c", False), ("Example.com/a",
                                                                                       False),
])
def test_qualified_names(key, ok):
    assert (qualified_name_errors(key) == []) is ok


POD = {"metadata": {"name": "web-1", "namespace": "default"},
       "spec": {"nodeName": "node-1", "hostNetwork": False},
       "status": {"phase": "Running"}}
EVENT = {"involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "default", "uid": "u1"},
         "type": "Warning", "reason": "BackOff", "source": {"component": "kubelet"}}
NODE = {"metadata": {"name": "node-1"}, "spec": {}}


@pytest.mark.parametrize("obj, text, matches", [
    (POD, "", True),
    (POD, "metadata.name=web-1", True),
    (POD, "metadata.name==web-1", True),
    (POD, "metadata.name!=web-1", False),
    (POD, "spec.nodeName=node-1,status.phase=Running", True),
    (POD, "spec.nodeName=node-1,status.phase!=Running", False),
    (POD, "spec.nodeName=", False),
    ({"spec": {}}, "spec.nodeName=", True),  # unscheduled pods: missing compares as ""
    (POD, "spec.hostNetwork=false", True),
    (EVENT, "involvedObject.kind=Pod,involvedObject.name=web-1", True),
    (EVENT, "involvedObject.namespace=", False),
    (EVENT, "type=Warning,reason=BackOff", True),
    (EVENT, "source=kubelet", True),
    (NODE, "spec.unschedulable=false", True),  # unset Go booleans read as "false"
    ({"spec": {"unschedulable": True}}, "spec.unschedulable=true", True),
    ({"metadata": {"name": "a,b"}}, r"metadata.name=a\,b", True),
])
def test_field_selector_matches(obj, text, matches):
    assert parse_field_selector(text).matches(obj) is matches


@pytest.mark.parametrize("text, fld, exact", [
    ("spec.nodeName=node-1", "spec.nodeName", "node-1"),
    ("spec.nodeName==node-1,status.phase=Running", "spec.nodeName", "node-1"),
    ("spec.nodeName!=node-1", "spec.nodeName", None),
    ("spec.nodeName=", "spec.nodeName", ""),
    ("status.phase=Running", "spec.nodeName", None),
])
def test_field_selector_exact(text, fld, exact):
    assert parse_field_selector(text).exact(fld) == exact


@pytest.mark.parametrize("text, message", [
    ("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
    ("a=b=c", "unescaped character in value: ="),
    (r"a=b\x", r"invalid escape sequence: \x"),
    ("a=b\\", "invalid escape sequence"),
])
def test_field_selector_errors(text, message):
    with pytest.raises(ValueError) as err:
        parse_field_selector(text)
    assert message in str(err.value)


def test_field_selector_string_round_trips():
    sel = parse_field_selector(r"status.phase!=Failed,metadata.name=a\,b")
    assert str(sel) == r"metadata.name=a\,b,status.phase!=Failed"
    assert parse_field_selector(str(sel)).requirements == sel.requirements
    assert parse_field_selector("").empty and not sel.empty
