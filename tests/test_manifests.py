"""Manifest loading: multi-document YAML/JSON, List flattening, and refusal of hostile input."""
from __future__ import annotations

import time

import pytest

from simulator.manifests import MAX_BYTES, ManifestError, dump_yaml, load_documents

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
"""


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("# only a comment\n", []),
    ("---\n---\n", []),
    (DEPLOY, [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
               "spec": {"replicas": 2}}]),
    ("kind: A\n---\n\n---\nkind: B\n...\n", [{"kind": "A"}, {"kind": "B"}]),
    ('{"kind": "Pod", "metadata": {"name": "p"}}', [{"kind": "Pod", "metadata": {"name": "p"}}]),
    ('{"kind": "A"}\n---\n{"kind": "B"}', [{"kind": "A"}, {"kind": "B"}]),
    ("apiVersion: v1\nkind: List\nitems:\n- {kind: Pod}\n- {kind: Service}\n",
     [{"kind": "Pod"}, {"kind": "Service"}]),
    ("kind: PodList\nitems: [{kind: Pod, metadata: {name: a}}]",
     [{"kind": "Pod", "metadata": {"name": "a"}}]),
    ("kind: List\nitems:\n- kind: List\n  items: [{kind: Pod}]\n", [{"kind": "Pod"}]),
    ("kind: List\nitems: []\n", []),
    ("kind: Playlist\nmetadata: {name: x}\n", [{"kind": "Playlist", "metadata": {"name": "x"}}]),  # no items
    # Timestamps stay strings; non-string keys become their JSON text.
    ("t: 2024-01-02T03:04:05Z\nd: 2024-01-02\n", [{"t": "2024-01-02T03:04:05Z", "d": "2024-01-02"}]),
    ("1: a\ntrue: b\n~: c\n", [{"1": "a", "true": "b", "null": "c"}]),
    ("n: 010\nh: 0x1F\nb: yes\nf: 1.5\ns: '1.5'\nz: null\n",  # YAML 1.1, as sigs.k8s.io/yaml reads it
     [{"n": 8, "h": 31, "b": True, "f": 1.5, "s": "1.5", "z": None}]),
    ("base: &b {cpu: 1}\nx:\n  <<: *b\n  mem: 2\n", [{"base": {"cpu": 1}, "x": {"cpu": 1, "mem": 2}}]),
])
def test_load_documents(text, expected):
    assert load_documents(text) == expected


def test_aliases_are_copied_not_shared():
    doc = load_documents("a: &x {k: v}\nb: *x\n")[0]
    doc["a"]["k"] = "changed"
    assert doc["b"]["k"] == "v"


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)])


@pytest.mark.parametrize("text, message", [
    ("kind: A\n---\n- 1\n- 2\n", "document 2: expected a mapping (a Kubernetes object), got a list"),
    ("just a string", "document 1: expected a mapping (a Kubernetes object), got a string"),
    ("kind: List\nitems: [1]\n", "document 1: items[0]: expected a mapping"),
    ("kind: List\nitems: {a: 1}\n", "document 1: items must be a list"),
    ("a: !!python/object/apply:os.system ['true']\n",
     "document 1: YAML tag !!python/object/apply:os.system is not"),
    ("a: !!python/name:os.system\n", "YAML tag !!python/name:os.system is not allowed"),
    ("a: !custom 1\n", "YAML tag !custom is not allowed"),
    ("a: !!binary aGk=\n", "YAML tag !!binary is not allowed"),
    ("a: !!set {x}\n", "YAML tag !!set is not allowed"),
    ("kind: A\n---\na: 1\na: 2\n", 'document 2: mapping key "a" already defined (line 4, column 1)'),
    ("? [a]\n: 1\n", "mapping keys must be strings"),
    ("a: &x [*x]\n", "recursive YAML alias"),
    ("a: *nothing\n", "found undefined alias"),
    ("a: [1, 2\n", "document 1: yaml: line 2"),
    ("a: b: c\n", "document 1: yaml: line 1"),
    ("a: .inf\n", "JSON has no infinity or NaN"),
    (BILLION_LAUGHS, "yaml: document contains excessive aliasing"),
    ("[" * 1_000_000, "document is nested too deeply"),
    ("- " * 1_000_000 + "x", "document is nested too deeply"),
    ("a: " * 500 + "x", "yaml:"),
])
def test_bad_manifests_are_refused(text, message):
    start = time.perf_counter()
    with pytest.raises(ManifestError) as err:
        load_documents(text)
    assert message in str(err.value)
    assert time.perf_counter() - start < 1.0


def test_nested_aliases_cannot_hide_depth():
    # Each anchor re-nests the previous one: depth multiplies while text stays small.
    lines = ["a0: &a0 " + "[" * 60 + "x" + "]" * 60]
    lines += [f"a{i}: &a{i} " + "[" * 60 + f"*a{i - 1}" + "]" * 60 for i in range(1, 6)]
    with pytest.raises(ManifestError, match="nested too deeply"):
        load_documents("\n".join(lines))


def test_moderate_aliasing_is_fine():
    text = "defaults: &d {cpu: 100m, memory: 64Mi}\n" + "".join(f"c{i}: *d\n" for i in range(200))
    assert len(load_documents(text)[0]) == 201


def test_size_limit():
    with pytest.raises(ManifestError, match="request entity too large: limit is 3145728"):
        load_documents("a: " + "x" * MAX_BYTES)
    with pytest.raises(ManifestError, match="too large"):
        load_documents("a: " + "é" * (MAX_BYTES // 2))  # counted in bytes, not characters


def test_dump_yaml_keeps_key_order_and_round_trips():
    obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"b": "1", "a": "2"}},
           "spec": {"containers": [{"name": "c", "image": "nginx", "args": ["--x=1", "yes"]}]}}
    text = dump_yaml(obj)
    assert text.startswith("apiVersion: v1\nkind: Pod\nmetadata:\n")
    assert "- name: c" in text and "b: '1'" in text and "'yes'" in text
    assert load_documents(text) == [obj]
