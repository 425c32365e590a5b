"""Protobuf schema of the Kubernetes API types, for :mod:`clusterviz.k8s.protobuf`.

``MESSAGES`` below is GENERATED; do not edit it by hand. Regenerate with::

    .venv/bin/python -m clusterviz.k8s.protobuf_schema \\
        /usr/lib/google-cloud-sdk/bin/kubectl /usr/lib/google-cloud-sdk/bin/kubectl.1.33

Source of truth: the gzipped ``FileDescriptorProto`` of every ``generated.proto`` that the
gogo-generated ``generated.pb.go`` files of k8s.io/api and k8s.io/apimachinery compile into
kubectl (the very code that encodes the bodies we decode). Those descriptors carry the field
numbers and types, the ``map<>`` entry types, and the gogoproto options: ``nullable=false``
marks Go value fields, its absence a Go pointer (proto2 presence matters: ``replicas: 0``
is kept). The Go struct tags kubectl embeds for reflection (``json:"x,omitempty"
protobuf:"varint,3,opt,name=x"``) add ``omitempty`` and ``json:",inline"``. Descriptors of
several kubectl versions are merged (newest wins), so fields added by 1.33 decode too.

Layout: ``MESSAGES[name][field number] = (json name, type, flags)`` where ``name`` is the
proto package shortened (``k8s.io.api.apps.v1.Deployment`` -> ``apps.v1.Deployment``,
``k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta`` -> ``meta.v1.ObjectMeta``,
``...pkg.api.resource.Quantity`` -> ``resource.Quantity``, ``...pkg.util.intstr`` ->
``intstr``, ``...pkg.runtime`` -> ``runtime``), ``type`` a scalar name (``string``,
``int32``, ``int64``, ``bool``, ``bytes``, ``double``, ...) or a message name, or for maps a
``(key type, value type)`` pair.
"""
from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

REPEATED = 1   # repeated field: a JSON list
MAP = 2        # map<k, v>: a JSON object; type is (key type, value type)
POINTER = 4    # Go pointer scalar: kept whenever the wire carries it, even 0/false/""
OMITEMPTY = 8  # Go value scalar tagged omitempty: dropped when zero
INLINE = 16    # Go embedded struct tagged json:",inline": fields merge into the parent

#: API group (as in apiVersion) -> shortened proto package prefix.
GROUP_PACKAGES = {
    "": "core",
    "apps": "apps",
    "batch": "batch",
    "policy": "policy",
    "autoscaling": "autoscaling",
    "networking.k8s.io": "networking",
    "rbac.authorization.k8s.io": "rbac",
    "scheduling.k8s.io": "scheduling",
    "coordination.k8s.io": "coordination",
    "discovery.k8s.io": "discovery",
    "events.k8s.io": "events",
    "storage.k8s.io": "storage",
    "certificates.k8s.io": "certificates",
    "authorization.k8s.io": "authorization",
    "authentication.k8s.io": "authentication",
    "admissionregistration.k8s.io": "admissionregistration",
    "node.k8s.io": "node",
    "flowcontrol.apiserver.k8s.io": "flowcontrol",
    "meta.k8s.io": "meta",
}

#: Proto packages whose every message is included (plus everything they reference).
_ROOT_PACKAGES = (
    "core.v1", "apps.v1", "batch.v1", "policy.v1", "autoscaling.v1", "autoscaling.v2",
    "networking.v1", "rbac.v1", "scheduling.v1", "coordination.v1", "discovery.v1",
    "events.v1", "storage.v1", "certificates.v1", "authorization.v1", "authentication.v1",
    "admissionregistration.v1", "node.v1", "flowcontrol.v1", "meta.v1",
)

#: Value scalars whose omitempty the deduplicated struct tags leave ambiguous, settled by
#: reading the Go types (k8s.io/api types.go): False = always in JSON, True = omitempty.
_OMITEMPTY_OVERRIDES: dict[str, bool] = {
    "core.v1.SleepAction.seconds": False,
    "core.v1.ReplicationControllerStatus.replicas": False,
    "core.v1.EventSeries.count": True,
    "events.v1.EventSeries.count": False,
    "meta.v1.ApplyOptions.force": False,
    "apps.v1.StatefulSetStatus.replicas": False,
    "apps.v1.StatefulSetOrdinals.start": False,
    "apps.v1.ReplicaSetStatus.replicas": False,
    "apps.v1.DeploymentStatus.replicas": True,
    "autoscaling.v1.ScaleSpec.replicas": True,
    "autoscaling.v1.ScaleStatus.replicas": False,
    "autoscaling.v1.HorizontalPodAutoscalerStatus.currentReplicas": False,
    "autoscaling.v2.HorizontalPodAutoscalerStatus.currentReplicas": True,
    # decoded by special converters, never emitted as such
    "meta.v1.Time.seconds": True, "meta.v1.Time.nanos": True,
    "meta.v1.MicroTime.seconds": True, "meta.v1.MicroTime.nanos": True,
    "meta.v1.Timestamp.seconds": True, "meta.v1.Timestamp.nanos": True,
    "meta.v1.Duration.duration": True, "intstr.IntOrString.type": True,
    "intstr.IntOrString.intVal": True,
}

_PREFIXES = (
    ("k8s.io.apimachinery.pkg.apis.", ""),
    ("k8s.io.apimachinery.pkg.api.", ""),
    ("k8s.io.apimachinery.pkg.util.", ""),
    ("k8s.io.apimachinery.pkg.", ""),
    ("k8s.io.api.", ""),
)
_TYPES = {1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64",
          7: "fixed32", 8: "bool", 9: "string", 11: "message", 12: "bytes", 13: "uint32",
          14: "enum", 15: "sfixed32", 16: "sfixed64", 17: "sint32", 18: "sint64"}
_TAG_WIRE = {"double": "fixed64", "float": "fixed32", "fixed64": "fixed64", "sfixed64": "fixed64",
             "fixed32": "fixed32", "sfixed32": "fixed32", "sint32": "zigzag32", "sint64": "zigzag64",
             "string": "bytes", "bytes": "bytes", "message": "bytes"}


def _short(full: str) -> str:
    full = full.lstrip(".")
    for prefix, repl in _PREFIXES:
        if full.startswith(prefix):
            return repl + full[len(prefix):]
    return full


def _descriptors(binary: bytes) -> list[bytes]:
    """Every gzipped FileDescriptorProto of a k8s generated.proto inside a Go binary."""
    found = []
    for match in re.finditer(rb"\x1f\x8b\x08\x00\x00\x00\x00\x00", binary):
        try:
            chunk = binary[match.start():match.start() + (1 << 20)]
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(chunk)
        except zlib.error:
            continue
        if data[:1] == b"\n" and data[2:2 + data[1]].endswith(b"generated.proto"):
            found.append(data)
    return found


def _parse(buf: bytes, start: int = 0, end: int | None = None) -> dict[int, list]:
    from clusterviz.k8s.protobuf import _fields

    out: dict[int, list] = {}
    for num, _wt, value in _fields(buf, start, len(buf) if end is None else end, 0):
        out.setdefault(num, []).append(value)
    return out


def _text(buf: bytes, value: tuple[int, int]) -> str:
    return buf[value[0]:value[1]].decode()


def _messages(desc: bytes) -> dict[str, dict]:
    """Full message name -> {number: field dict} (map entries keep ``map_entry: True``)."""
    top = _parse(desc)
    package = _text(desc, top[2][0])
    result: dict[str, dict] = {}

    def walk(span: tuple[int, int], scope: str) -> None:
        msg = _parse(desc, *span)
        name = f"{scope}.{_text(desc, msg[1][0])}"
        options = _parse(desc, *msg[7][0]) if 7 in msg else {}
        fields = {}
        for fspan in msg.get(2, []):
            f = _parse(desc, *fspan)
            opts = _parse(desc, *f[8][0]) if 8 in f else {}
            fields[f[3][0]] = {
                "name": _text(desc, f[1][0]),
                "json": _text(desc, f[10][0]) if 10 in f else None,
                "label": f[4][0],
                "type": _TYPES[f[5][0]],
                "type_name": _text(desc, f[6][0]) if 6 in f else None,
                "nullable": opts[65001][-1] != 0 if 65001 in opts else True,
                "customname": _text(desc, opts[65004][-1]) if 65004 in opts else None,
            }
        result[name] = {"fields": fields, "map_entry": bool(options.get(7, [0])[-1])}
        for nspan in msg.get(3, []):
            walk(nspan, name)

    for span in top.get(4, []):
        walk(span, "." + package)
    return result


def _struct_tags(binary: bytes) -> dict[tuple[str, int, str], set[tuple[str, bool]]]:
    """(wire, number, proto name) -> {(json name, omitempty)} from Go struct tags."""
    tags: dict[tuple[str, int, str], set[tuple[str, bool]]] = {}
    pattern = re.compile(rb'json:"([^"]*)"(?: [A-Za-z]+:"[^"]*")*? protobuf:"([^"]*)"'
                         rb'|protobuf:"([^"]*)"(?: [A-Za-z]+:"[^"]*")*? json:"([^"]*)"')
    for match in pattern.finditer(binary):
        json_tag = (match.group(1) or match.group(4) or b"").decode()
        proto_tag = (match.group(2) or match.group(3) or b"").decode()
        parts = proto_tag.split(",")
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        name = next((p[5:] for p in parts if p.startswith("name=")), "")
        jparts = json_tag.split(",")
        tags.setdefault((parts[0], int(parts[1]), name), set()).add((jparts[0], "omitempty" in jparts[1:]
                                                                     or "inline" in jparts[1:]))
    return tags


def generate(paths: list[str]) -> tuple[dict[str, dict[int, tuple]], list[str]]:
    """Build ``MESSAGES`` from kubectl binaries (later paths win); also return notes."""
    messages: dict[str, dict] = {}
    tags: dict[tuple[str, int, str], set[tuple[str, bool]]] = {}
    for path in paths:
        binary = Path(path).read_bytes()
        for desc in _descriptors(binary):
            for name, msg in _messages(desc).items():
                merged = messages.setdefault(name, {"fields": {}, "map_entry": msg["map_entry"]})
                merged["fields"].update(msg["fields"])
        for key, values in _struct_tags(binary).items():
            tags.setdefault(key, set()).update(values)

    wanted = [n for n in messages if _short(n).rsplit(".", 1)[0] in _ROOT_PACKAGES]
    out: dict[str, dict[int, tuple]] = {}
    notes: list[str] = []
    while wanted:
        full = wanted.pop()
        short = _short(full)
        if short in out or messages[full]["map_entry"]:
            continue
        table: dict[int, tuple] = {}
        for num, f in sorted(messages[full]["fields"].items()):
            json_name = f["json"] or f["name"]
            flags = 0
            if f["type"] == "message":
                ref = messages.get(f["type_name"])
                if ref is None:
                    notes.append(f"{short}.{f['name']}: unknown type {f['type_name']}, skipped")
                    continue
                if ref["map_entry"]:
                    key, value = ref["fields"][1], ref["fields"][2]
                    vtype = _short(value["type_name"]) if value["type"] == "message" else value["type"]
                    if value["type"] == "message":
                        wanted.append(value["type_name"])
                    table[num] = (json_name, (key["type"], vtype), MAP)
                    continue
                typ = _short(f["type_name"])
                wanted.append(f["type_name"])
            else:
                typ = f["type"]
            if f["label"] == 3:
                flags |= REPEATED
            wire = _TAG_WIRE.get(f["type"], "varint")
            seen = tags.get((wire, num, f["name"])) or {
                t for (w, n, pn), ts in tags.items() if n == num and pn == f["name"] for t in ts}
            names = {j for j, _ in seen if j not in ("", "-")}
            if len(names) == 1 and json_name not in names:
                json_name = names.pop()  # Go's json tag wins: aPIGroup -> apiGroup, uID -> uid
            elif names and json_name not in names:
                notes.append(f"{short}.{f['name']}: json tag names {sorted(names)}")
            if f["type"] == "message":
                # Go embeds a struct under its own type name; json:",inline" flattens it.
                # (EphemeralContainerCommon's tag names no proto field: "bytes,1,req".)
                if (not f["nullable"] and f["customname"] == typ.rsplit(".", 1)[-1]
                        and ("", True) in (seen or tags.get((wire, num, ""), set()))):
                    flags |= INLINE
            elif not flags & REPEATED:
                if f["nullable"]:
                    flags |= POINTER
                else:
                    omit = _OMITEMPTY_OVERRIDES.get(f"{short}.{json_name}")
                    if omit is None:
                        found = {o for j, o in seen if j == json_name}
                        if len(found) == 1:
                            omit = found.pop()
                        else:
                            omit = True
                            if f["type"] != "string":
                                notes.append(f"{short}.{json_name} ({f['type']}): omitempty unknown")
                    if omit:
                        flags |= OMITEMPTY
            table[num] = (json_name, typ, flags)
        out[short] = table
    return dict(sorted(out.items())), notes


def _render(messages: dict[str, dict[int, tuple]]) -> str:
    lines = ["MESSAGES: dict[str, dict[int, tuple]] = {"]
    for name, fields in messages.items():
        lines.append(f"    {name!r}: {{")
        for num, (json_name, typ, flags) in fields.items():
            line = f"        {num}: ({json_name!r}, {typ!r}, {flags}),"
            lines.append(line if len(line) <= 110 else line + "  # noqa: E501")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


_MARKER = "# ---- generated below this line ----\n"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    messages, notes = generate(argv)
    for note in notes:
        print(note, file=sys.stderr)
    path = Path(__file__)
    head = path.read_text().split(_MARKER, 1)[0]
    path.write_text(head + _MARKER + _render(messages))
    print(f"{len(messages)} messages written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


# ---- generated below this line ----
MESSAGES: dict[str, dict[int, tuple]] = {
    'admissionregistration.v1.AuditAnnotation': {
        1: ('key', 'string', 8),
        2: ('valueExpression', 'string', 0),
    },
    'admissionregistration.v1.ExpressionWarning': {
        2: ('fieldRef', 'string', 8),
        3: ('warning', 'string', 0),
    },
    'admissionregistration.v1.MatchCondition': {
        1: ('name', 'string', 8),
        2: ('expression', 'string', 0),
    },
    'admissionregistration.v1.MatchResources': {
        1: ('namespaceSelector', 'meta.v1.LabelSelector', 0),
        2: ('objectSelector', 'meta.v1.LabelSelector', 0),
        3: ('resourceRules', 'admissionregistration.v1.NamedRuleWithOperations', 1),
        4: ('excludeResourceRules', 'admissionregistration.v1.NamedRuleWithOperations', 1),
        7: ('matchPolicy', 'string', 4),
    },
    'admissionregistration.v1.MutatingWebhook': {
        1: ('name', 'string', 8),
        2: ('clientConfig', 'admissionregistration.v1.WebhookClientConfig', 0),
        3: ('rules', 'admissionregistration.v1.RuleWithOperations', 1),
        4: ('failurePolicy', 'string', 4),
        5: ('namespaceSelector', 'meta.v1.LabelSelector', 0),
        6: ('sideEffects', 'string', 4),
        7: ('timeoutSeconds', 'int32', 4),
        8: ('admissionReviewVersions', 'string', 1),
        9: ('matchPolicy', 'string', 4),
        10: ('reinvocationPolicy', 'string', 4),
        11: ('objectSelector', 'meta.v1.LabelSelector', 0),
        12: ('matchConditions', 'admissionregistration.v1.MatchCondition', 1),
    },
    'admissionregistration.v1.MutatingWebhookConfiguration': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('webhooks', 'admissionregistration.v1.MutatingWebhook', 1),
    },
    'admissionregistration.v1.MutatingWebhookConfigurationList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'admissionregistration.v1.MutatingWebhookConfiguration', 1),
    },
    'admissionregistration.v1.NamedRuleWithOperations': {
        1: ('resourceNames', 'string', 1),
        2: ('ruleWithOperations', 'admissionregistration.v1.RuleWithOperations', 16),
    },
    'admissionregistration.v1.ParamKind': {
        1: ('apiVersion', 'string', 8),
        2: ('kind', 'string', 8),
    },
    'admissionregistration.v1.ParamRef': {
        1: ('name', 'string', 8),
        2: ('namespace', 'string', 8),
        3: ('selector', 'meta.v1.LabelSelector', 0),
        4: ('parameterNotFoundAction', 'string', 4),
    },
    'admissionregistration.v1.Rule': {
        1: ('apiGroups', 'string', 1),
        2: ('apiVersions', 'string', 1),
        3: ('resources', 'string', 1),
        4: ('scope', 'string', 4),
    },
    'admissionregistration.v1.RuleWithOperations': {
        1: ('operations', 'string', 1),
        2: ('rule', 'admissionregistration.v1.Rule', 16),
    },
    'admissionregistration.v1.ServiceReference': {
        1: ('namespace', 'string', 8),
        2: ('name', 'string', 8),
        3: ('path', 'string', 4),
        4: ('port', 'int32', 4),
    },
    'admissionregistration.v1.TypeChecking': {
        1: ('expressionWarnings', 'admissionregistration.v1.ExpressionWarning', 1),
    },
    'admissionregistration.v1.ValidatingAdmissionPolicy': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'admissionregistration.v1.ValidatingAdmissionPolicySpec', 0),
        3: ('status', 'admissionregistration.v1.ValidatingAdmissionPolicyStatus', 0),
    },
    'admissionregistration.v1.ValidatingAdmissionPolicyBinding': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec', 0),
    },
    'admissionregistration.v1.ValidatingAdmissionPolicyBindingList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'admissionregistration.v1.ValidatingAdmissionPolicyBinding', 1),
    },
    'admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec': {
        1: ('policyName', 'string', 8),
        2: ('paramRef', 'admissionregistration.v1.ParamRef', 0),
        3: ('matchResources', 'admissionregistration.v1.MatchResources', 0),
        4: ('validationActions', 'string', 1),
    },
    'admissionregistration.v1.ValidatingAdmissionPolicyList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'admissionregistration.v1.ValidatingAdmissionPolicy', 1),
    },
    'admissionregistration.v1.ValidatingAdmissionPolicySpec': {
        1: ('paramKind', 'admissionregistration.v1.ParamKind', 0),
        2: ('matchConstraints', 'admissionregistration.v1.MatchResources', 0),
        3: ('validations', 'admissionregistration.v1.Validation', 1),
        4: ('failurePolicy', 'string', 4),
        5: ('auditAnnotations', 'admissionregistration.v1.AuditAnnotation', 1),
        6: ('matchConditions', 'admissionregistration.v1.MatchCondition', 1),
        7: ('variables', 'admissionregistration.v1.Variable', 1),
    },
    'admissionregistration.v1.ValidatingAdmissionPolicyStatus': {
        1: ('observedGeneration', 'int64', 8),
        2: ('typeChecking', 'admissionregistration.v1.TypeChecking', 0),
        3: ('conditions', 'meta.v1.Condition', 1),
    },
    'admissionregistration.v1.ValidatingWebhook': {
        1: ('name', 'string', 8),
        2: ('clientConfig', 'admissionregistration.v1.WebhookClientConfig', 0),
        3: ('rules', 'admissionregistration.v1.RuleWithOperations', 1),
        4: ('failurePolicy', 'string', 4),
        5: ('namespaceSelector', 'meta.v1.LabelSelector', 0),
        6: ('sideEffects', 'string', 4),
        7: ('timeoutSeconds', 'int32', 4),
        8: ('admissionReviewVersions', 'string', 1),
        9: ('matchPolicy', 'string', 4),
        10: ('objectSelector', 'meta.v1.LabelSelector', 0),
        11: ('matchConditions', 'admissionregistration.v1.MatchCondition', 1),
    },
    'admissionregistration.v1.ValidatingWebhookConfiguration': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('webhooks', 'admissionregistration.v1.ValidatingWebhook', 1),
    },
    'admissionregistration.v1.ValidatingWebhookConfigurationList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'admissionregistration.v1.ValidatingWebhookConfiguration', 1),
    },
    'admissionregistration.v1.Validation': {
        1: ('expression', 'string', 0),
        2: ('message', 'string', 8),
        3: ('reason', 'string', 4),
        4: ('messageExpression', 'string', 8),
    },
    'admissionregistration.v1.Variable': {
        1: ('name', 'string', 0),
        2: ('expression', 'string', 0),
    },
    'admissionregistration.v1.WebhookClientConfig': {
        1: ('service', 'admissionregistration.v1.ServiceReference', 0),
        2: ('caBundle', 'bytes', 4),
        3: ('url', 'string', 4),
    },
    'apps.v1.ControllerRevision': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('data', 'runtime.RawExtension', 0),
        3: ('revision', 'int64', 0),
    },
    'apps.v1.ControllerRevisionList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'apps.v1.ControllerRevision', 1),
    },
    'apps.v1.DaemonSet': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'apps.v1.DaemonSetSpec', 0),
        3: ('status', 'apps.v1.DaemonSetStatus', 0),
    },
    'apps.v1.DaemonSetCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastTransitionTime', 'meta.v1.Time', 0),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
    },
    'apps.v1.DaemonSetList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'apps.v1.DaemonSet', 1),
    },
    'apps.v1.DaemonSetSpec': {
        1: ('selector', 'meta.v1.LabelSelector', 0),
        2: ('template', 'core.v1.PodTemplateSpec', 0),
        3: ('updateStrategy', 'apps.v1.DaemonSetUpdateStrategy', 0),
        4: ('minReadySeconds', 'int32', 8),
        6: ('revisionHistoryLimit', 'int32', 4),
    },
    'apps.v1.DaemonSetStatus': {
        1: ('currentNumberScheduled', 'int32', 0),
        2: ('numberMisscheduled', 'int32', 0),
        3: ('desiredNumberScheduled', 'int32', 0),
        4: ('numberReady', 'int32', 0),
        5: ('observedGeneration', 'int64', 8),
        6: ('updatedNumberScheduled', 'int32', 8),
        7: ('numberAvailable', 'int32', 8),
        8: ('numberUnavailable', 'int32', 8),
        9: ('collisionCount', 'int32', 4),
        10: ('conditions', 'apps.v1.DaemonSetCondition', 1),
    },
    'apps.v1.DaemonSetUpdateStrategy': {
        1: ('type', 'string', 8),
        2: ('rollingUpdate', 'apps.v1.RollingUpdateDaemonSet', 0),
    },
    'apps.v1.Deployment': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'apps.v1.DeploymentSpec', 0),
        3: ('status', 'apps.v1.DeploymentStatus', 0),
    },
    'apps.v1.DeploymentCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
        6: ('lastUpdateTime', 'meta.v1.Time', 0),
        7: ('lastTransitionTime', 'meta.v1.Time', 0),
    },
    'apps.v1.DeploymentList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'apps.v1.Deployment', 1),
    },
    'apps.v1.DeploymentSpec': {
        1: ('replicas', 'int32', 4),
        2: ('selector', 'meta.v1.LabelSelector', 0),
        3: ('template', 'core.v1.PodTemplateSpec', 0),
        4: ('strategy', 'apps.v1.DeploymentStrategy', 0),
        5: ('minReadySeconds', 'int32', 8),
        6: ('revisionHistoryLimit', 'int32', 4),
        7: ('paused', 'bool', 8),
        9: ('progressDeadlineSeconds', 'int32', 4),
    },
    'apps.v1.DeploymentStatus': {
        1: ('observedGeneration', 'int64', 8),
        2: ('replicas', 'int32', 8),
        3: ('updatedReplicas', 'int32', 8),
        4: ('availableReplicas', 'int32', 8),
        5: ('unavailableReplicas', 'int32', 8),
        6: ('conditions', 'apps.v1.DeploymentCondition', 1),
        7: ('readyReplicas', 'int32', 8),
        8: ('collisionCount', 'int32', 4),
        9: ('terminatingReplicas', 'int32', 4),
    },
    'apps.v1.DeploymentStrategy': {
        1: ('type', 'string', 8),
        2: ('rollingUpdate', 'apps.v1.RollingUpdateDeployment', 0),
    },
    'apps.v1.ReplicaSet': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'apps.v1.ReplicaSetSpec', 0),
        3: ('status', 'apps.v1.ReplicaSetStatus', 0),
    },
    'apps.v1.ReplicaSetCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastTransitionTime', 'meta.v1.Time', 0),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
    },
    'apps.v1.ReplicaSetList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'apps.v1.ReplicaSet', 1),
    },
    'apps.v1.ReplicaSetSpec': {
        1: ('replicas', 'int32', 4),
        2: ('selector', 'meta.v1.LabelSelector', 0),
        3: ('template', 'core.v1.PodTemplateSpec', 0),
        4: ('minReadySeconds', 'int32', 8),
    },
    'apps.v1.ReplicaSetStatus': {
        1: ('replicas', 'int32', 0),
        2: ('fullyLabeledReplicas', 'int32', 8),
        3: ('observedGeneration', 'int64', 8),
        4: ('readyReplicas', 'int32', 8),
        5: ('availableReplicas', 'int32', 8),
        6: ('conditions', 'apps.v1.ReplicaSetCondition', 1),
        7: ('terminatingReplicas', 'int32', 4),
    },
    'apps.v1.RollingUpdateDaemonSet': {
        1: ('maxUnavailable', 'intstr.IntOrString', 0),
        2: ('maxSurge', 'intstr.IntOrString', 0),
    },
    'apps.v1.RollingUpdateDeployment': {
        1: ('maxUnavailable', 'intstr.IntOrString', 0),
        2: ('maxSurge', 'intstr.IntOrString', 0),
    },
    'apps.v1.RollingUpdateStatefulSetStrategy': {
        1: ('partition', 'int32', 4),
        2: ('maxUnavailable', 'intstr.IntOrString', 0),
    },
    'apps.v1.StatefulSet': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'apps.v1.StatefulSetSpec', 0),
        3: ('status', 'apps.v1.StatefulSetStatus', 0),
    },
    'apps.v1.StatefulSetCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastTransitionTime', 'meta.v1.Time', 0),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
    },
    'apps.v1.StatefulSetList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'apps.v1.StatefulSet', 1),
    },
    'apps.v1.StatefulSetOrdinals': {
        1: ('start', 'int32', 0),
    },
    'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': {
        1: ('whenDeleted', 'string', 8),
        2: ('whenScaled', 'string', 8),
    },
    'apps.v1.StatefulSetSpec': {
        1: ('replicas', 'int32', 4),
        2: ('selector', 'meta.v1.LabelSelector', 0),
        3: ('template', 'core.v1.PodTemplateSpec', 0),
        4: ('volumeClaimTemplates', 'core.v1.PersistentVolumeClaim', 1),
        5: ('serviceName', 'string', 0),
        6: ('podManagementPolicy', 'string', 8),
        7: ('updateStrategy', 'apps.v1.StatefulSetUpdateStrategy', 0),
        8: ('revisionHistoryLimit', 'int32', 4),
        9: ('minReadySeconds', 'int32', 8),
        10: ('persistentVolumeClaimRetentionPolicy', 'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy', 0),  # noqa: E501
        11: ('ordinals', 'apps.v1.StatefulSetOrdinals', 0),
    },
    'apps.v1.StatefulSetStatus': {
        1: ('observedGeneration', 'int64', 8),
        2: ('replicas', 'int32', 0),
        3: ('readyReplicas', 'int32', 8),
        4: ('currentReplicas', 'int32', 8),
        5: ('updatedReplicas', 'int32', 8),
        6: ('currentRevision', 'string', 8),
        7: ('updateRevision', 'string', 8),
        9: ('collisionCount', 'int32', 4),
        10: ('conditions', 'apps.v1.StatefulSetCondition', 1),
        11: ('availableReplicas', 'int32', 0),
    },
    'apps.v1.StatefulSetUpdateStrategy': {
        1: ('type', 'string', 8),
        2: ('rollingUpdate', 'apps.v1.RollingUpdateStatefulSetStrategy', 0),
    },
    'authentication.v1.BoundObjectReference': {
        1: ('kind', 'string', 8),
        2: ('apiVersion', 'string', 8),
        3: ('name', 'string', 8),
        4: ('uid', 'string', 8),
    },
    'authentication.v1.ExtraValue': {
        1: ('items', 'string', 1),
    },
    'authentication.v1.SelfSubjectReview': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('status', 'authentication.v1.SelfSubjectReviewStatus', 0),
    },
    'authentication.v1.SelfSubjectReviewStatus': {
        1: ('userInfo', 'authentication.v1.UserInfo', 0),
    },
    'authentication.v1.TokenRequest': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'authentication.v1.TokenRequestSpec', 0),
        3: ('status', 'authentication.v1.TokenRequestStatus', 0),
    },
    'authentication.v1.TokenRequestSpec': {
        1: ('audiences', 'string', 1),
        3: ('boundObjectRef', 'authentication.v1.BoundObjectReference', 0),
        4: ('expirationSeconds', 'int64', 4),
    },
    'authentication.v1.TokenRequestStatus': {
        1: ('token', 'string', 8),
        2: ('expirationTimestamp', 'meta.v1.Time', 0),
    },
    'authentication.v1.TokenReview': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'authentication.v1.TokenReviewSpec', 0),
        3: ('status', 'authentication.v1.TokenReviewStatus', 0),
    },
    'authentication.v1.TokenReviewSpec': {
        1: ('token', 'string', 8),
        2: ('audiences', 'string', 1),
    },
    'authentication.v1.TokenReviewStatus': {
        1: ('authenticated', 'bool', 8),
        2: ('user', 'authentication.v1.UserInfo', 0),
        3: ('error', 'string', 8),
        4: ('audiences', 'string', 1),
    },
    'authentication.v1.UserInfo': {
        1: ('username', 'string', 8),
        2: ('uid', 'string', 8),
        3: ('groups', 'string', 1),
        4: ('extra', ('string', 'authentication.v1.ExtraValue'), 2),
    },
    'authorization.v1.ExtraValue': {
        1: ('items', 'string', 1),
    },
    'authorization.v1.FieldSelectorAttributes': {
        1: ('rawSelector', 'string', 8),
        2: ('requirements', 'meta.v1.FieldSelectorRequirement', 1),
    },
    'authorization.v1.LabelSelectorAttributes': {
        1: ('rawSelector', 'string', 8),
        2: ('requirements', 'meta.v1.LabelSelectorRequirement', 1),
    },
    'authorization.v1.LocalSubjectAccessReview': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'authorization.v1.SubjectAccessReviewSpec', 0),
        3: ('status', 'authorization.v1.SubjectAccessReviewStatus', 0),
    },
    'authorization.v1.NonResourceAttributes': {
        1: ('path', 'string', 8),
        2: ('verb', 'string', 8),
    },
    'authorization.v1.NonResourceRule': {
        1: ('verbs', 'string', 1),
        2: ('nonResourceURLs', 'string', 1),
    },
    'authorization.v1.ResourceAttributes': {
        1: ('namespace', 'string', 8),
        2: ('verb', 'string', 8),
        3: ('group', 'string', 8),
        4: ('version', 'string', 8),
        5: ('resource', 'string', 8),
        6: ('subresource', 'string', 8),
        7: ('name', 'string', 8),
        8: ('fieldSelector', 'authorization.v1.FieldSelectorAttributes', 0),
        9: ('labelSelector', 'authorization.v1.LabelSelectorAttributes', 0),
    },
    'authorization.v1.ResourceRule': {
        1: ('verbs', 'string', 1),
        2: ('apiGroups', 'string', 1),
        3: ('resources', 'string', 1),
        4: ('resourceNames', 'string', 1),
    },
    'authorization.v1.SelfSubjectAccessReview': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'authorization.v1.SelfSubjectAccessReviewSpec', 0),
        3: ('status', 'authorization.v1.SubjectAccessReviewStatus', 0),
    },
    'authorization.v1.SelfSubjectAccessReviewSpec': {
        1: ('resourceAttributes', 'authorization.v1.ResourceAttributes', 0),
        2: ('nonResourceAttributes', 'authorization.v1.NonResourceAttributes', 0),
    },
    'authorization.v1.SelfSubjectRulesReview': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'authorization.v1.SelfSubjectRulesReviewSpec', 0),
        3: ('status', 'authorization.v1.SubjectRulesReviewStatus', 0),
    },
    'authorization.v1.SelfSubjectRulesReviewSpec': {
        1: ('namespace', 'string', 8),
    },
    'authorization.v1.SubjectAccessReview': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'authorization.v1.SubjectAccessReviewSpec', 0),
        3: ('status', 'authorization.v1.SubjectAccessReviewStatus', 0),
    },
    'authorization.v1.SubjectAccessReviewSpec': {
        1: ('resourceAttributes', 'authorization.v1.ResourceAttributes', 0),
        2: ('nonResourceAttributes', 'authorization.v1.NonResourceAttributes', 0),
        3: ('user', 'string', 8),
        4: ('groups', 'string', 1),
        5: ('extra', ('string', 'authorization.v1.ExtraValue'), 2),
        6: ('uid', 'string', 8),
    },
    'authorization.v1.SubjectAccessReviewStatus': {
        1: ('allowed', 'bool', 0),
        2: ('reason', 'string', 8),
        3: ('evaluationError', 'string', 8),
        4: ('denied', 'bool', 8),
    },
    'authorization.v1.SubjectRulesReviewStatus': {
        1: ('resourceRules', 'authorization.v1.ResourceRule', 1),
        2: ('nonResourceRules', 'authorization.v1.NonResourceRule', 1),
        3: ('incomplete', 'bool', 0),
        4: ('evaluationError', 'string', 8),
    },
    'autoscaling.v1.ContainerResourceMetricSource': {
        1: ('name', 'string', 8),
        2: ('targetAverageUtilization', 'int32', 4),
        3: ('targetAverageValue', 'resource.Quantity', 0),
        5: ('container', 'string', 8),
    },
    'autoscaling.v1.ContainerResourceMetricStatus': {
        1: ('name', 'string', 8),
        2: ('currentAverageUtilization', 'int32', 4),
        3: ('currentAverageValue', 'resource.Quantity', 0),
        4: ('container', 'string', 0),
    },
    'autoscaling.v1.CrossVersionObjectReference': {
        1: ('kind', 'string', 8),
        2: ('name', 'string', 8),
        3: ('apiVersion', 'string', 8),
    },
    'autoscaling.v1.ExternalMetricSource': {
        1: ('metricName', 'string', 0),
        2: ('metricSelector', 'meta.v1.LabelSelector', 0),
        3: ('targetValue', 'resource.Quantity', 0),
        4: ('targetAverageValue', 'resource.Quantity', 0),
    },
    'autoscaling.v1.ExternalMetricStatus': {
        1: ('metricName', 'string', 0),
        2: ('metricSelector', 'meta.v1.LabelSelector', 0),
        3: ('currentValue', 'resource.Quantity', 0),
        4: ('currentAverageValue', 'resource.Quantity', 0),
    },
    'autoscaling.v1.HorizontalPodAutoscaler': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'autoscaling.v1.HorizontalPodAutoscalerSpec', 0),
        3: ('status', 'autoscaling.v1.HorizontalPodAutoscalerStatus', 0),
    },
    'autoscaling.v1.HorizontalPodAutoscalerCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastTransitionTime', 'meta.v1.Time', 0),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
    },
    'autoscaling.v1.HorizontalPodAutoscalerList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'autoscaling.v1.HorizontalPodAutoscaler', 1),
    },
    'autoscaling.v1.HorizontalPodAutoscalerSpec': {
        1: ('scaleTargetRef', 'autoscaling.v1.CrossVersionObjectReference', 0),
        2: ('minReplicas', 'int32', 4),
        3: ('maxReplicas', 'int32', 0),
        4: ('targetCPUUtilizationPercentage', 'int32', 4),
    },
    'autoscaling.v1.HorizontalPodAutoscalerStatus': {
        1: ('observedGeneration', 'int64', 4),
        2: ('lastScaleTime', 'meta.v1.Time', 0),
        3: ('currentReplicas', 'int32', 0),
        4: ('desiredReplicas', 'int32', 0),
        5: ('currentCPUUtilizationPercentage', 'int32', 4),
    },
    'autoscaling.v1.MetricSpec': {
        1: ('type', 'string', 8),
        2: ('object', 'autoscaling.v1.ObjectMetricSource', 0),
        3: ('pods', 'autoscaling.v1.PodsMetricSource', 0),
        4: ('resource', 'autoscaling.v1.ResourceMetricSource', 0),
        5: ('external', 'autoscaling.v1.ExternalMetricSource', 0),
        7: ('containerResource', 'autoscaling.v1.ContainerResourceMetricSource', 0),
    },
    'autoscaling.v1.MetricStatus': {
        1: ('type', 'string', 8),
        2: ('object', 'autoscaling.v1.ObjectMetricStatus', 0),
        3: ('pods', 'autoscaling.v1.PodsMetricStatus', 0),
        4: ('resource', 'autoscaling.v1.ResourceMetricStatus', 0),
        5: ('external', 'autoscaling.v1.ExternalMetricStatus', 0),
        7: ('containerResource', 'autoscaling.v1.ContainerResourceMetricStatus', 0),
    },
    'autoscaling.v1.ObjectMetricSource': {
        1: ('target', 'autoscaling.v1.CrossVersionObjectReference', 0),
        2: ('metricName', 'string', 0),
        3: ('targetValue', 'resource.Quantity', 0),
        4: ('selector', 'meta.v1.LabelSelector', 0),
        5: ('averageValue', 'resource.Quantity', 0),
    },
    'autoscaling.v1.ObjectMetricStatus': {
        1: ('target', 'autoscaling.v1.CrossVersionObjectReference', 0),
        2: ('metricName', 'string', 0),
        3: ('currentValue', 'resource.Quantity', 0),
        4: ('selector', 'meta.v1.LabelSelector', 0),
        5: ('averageValue', 'resource.Quantity', 0),
    },
    'autoscaling.v1.PodsMetricSource': {
        1: ('metricName', 'string', 0),
        2: ('targetAverageValue', 'resource.Quantity', 0),
        3: ('selector', 'meta.v1.LabelSelector', 0),
    },
    'autoscaling.v1.PodsMetricStatus': {
        1: ('metricName', 'string', 0),
        2: ('currentAverageValue', 'resource.Quantity', 0),
        3: ('selector', 'meta.v1.LabelSelector', 0),
    },
    'autoscaling.v1.ResourceMetricSource': {
        1: ('name', 'string', 8),
        2: ('targetAverageUtilization', 'int32', 4),
        3: ('targetAverageValue', 'resource.Quantity', 0),
    },
    'autoscaling.v1.ResourceMetricStatus': {
        1: ('name', 'string', 8),
        2: ('currentAverageUtilization', 'int32', 4),
        3: ('currentAverageValue', 'resource.Quantity', 0),
    },
    'autoscaling.v1.Scale': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'autoscaling.v1.ScaleSpec', 0),
        3: ('status', 'autoscaling.v1.ScaleStatus', 0),
    },
    'autoscaling.v1.ScaleSpec': {
        1: ('replicas', 'int32', 8),
    },
    'autoscaling.v1.ScaleStatus': {
        1: ('replicas', 'int32', 0),
        2: ('selector', 'string', 8),
    },
    'autoscaling.v2.ContainerResourceMetricSource': {
        1: ('name', 'string', 8),
        2: ('target', 'autoscaling.v2.MetricTarget', 0),
        3: ('container', 'string', 0),
    },
    'autoscaling.v2.ContainerResourceMetricStatus': {
        1: ('name', 'string', 8),
        2: ('current', 'autoscaling.v2.MetricValueStatus', 0),
        3: ('container', 'string', 0),
    },
    'autoscaling.v2.CrossVersionObjectReference': {
        1: ('kind', 'string', 8),
        2: ('name', 'string', 8),
        3: ('apiVersion', 'string', 8),
    },
    'autoscaling.v2.ExternalMetricSource': {
        1: ('metric', 'autoscaling.v2.MetricIdentifier', 0),
        2: ('target', 'autoscaling.v2.MetricTarget', 0),
    },
    'autoscaling.v2.ExternalMetricStatus': {
        1: ('metric', 'autoscaling.v2.MetricIdentifier', 0),
        2: ('current', 'autoscaling.v2.MetricValueStatus', 0),
    },
    'autoscaling.v2.HPAScalingPolicy': {
        1: ('type', 'string', 8),
        2: ('value', 'int32', 0),
        3: ('periodSeconds', 'int32', 0),
    },
    'autoscaling.v2.HPAScalingRules': {
        1: ('selectPolicy', 'string', 4),
        2: ('policies', 'autoscaling.v2.HPAScalingPolicy', 1),
        3: ('stabilizationWindowSeconds', 'int32', 4),
        4: ('tolerance', 'resource.Quantity', 0),
    },
    'autoscaling.v2.HorizontalPodAutoscaler': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'autoscaling.v2.HorizontalPodAutoscalerSpec', 0),
        3: ('status', 'autoscaling.v2.HorizontalPodAutoscalerStatus', 0),
    },
    'autoscaling.v2.HorizontalPodAutoscalerBehavior': {
        1: ('scaleUp', 'autoscaling.v2.HPAScalingRules', 0),
        2: ('scaleDown', 'autoscaling.v2.HPAScalingRules', 0),
    },
    'autoscaling.v2.HorizontalPodAutoscalerCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastTransitionTime', 'meta.v1.Time', 0),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
    },
    'autoscaling.v2.HorizontalPodAutoscalerList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'autoscaling.v2.HorizontalPodAutoscaler', 1),
    },
    'autoscaling.v2.HorizontalPodAutoscalerSpec': {
        1: ('scaleTargetRef', 'autoscaling.v2.CrossVersionObjectReference', 0),
        2: ('minReplicas', 'int32', 4),
        3: ('maxReplicas', 'int32', 0),
        4: ('metrics', 'autoscaling.v2.MetricSpec', 1),
        5: ('behavior', 'autoscaling.v2.HorizontalPodAutoscalerBehavior', 0),
    },
    'autoscaling.v2.HorizontalPodAutoscalerStatus': {
        1: ('observedGeneration', 'int64', 4),
        2: ('lastScaleTime', 'meta.v1.Time', 0),
        3: ('currentReplicas', 'int32', 8),
        4: ('desiredReplicas', 'int32', 0),
        5: ('currentMetrics', 'autoscaling.v2.MetricStatus', 1),
        6: ('conditions', 'autoscaling.v2.HorizontalPodAutoscalerCondition', 1),
    },
    'autoscaling.v2.MetricIdentifier': {
        1: ('name', 'string', 8),
        2: ('selector', 'meta.v1.LabelSelector', 0),
    },
    'autoscaling.v2.MetricSpec': {
        1: ('type', 'string', 8),
        2: ('object', 'autoscaling.v2.ObjectMetricSource', 0),
        3: ('pods', 'autoscaling.v2.PodsMetricSource', 0),
        4: ('resource', 'autoscaling.v2.ResourceMetricSource', 0),
        5: ('external', 'autoscaling.v2.ExternalMetricSource', 0),
        7: ('containerResource', 'autoscaling.v2.ContainerResourceMetricSource', 0),
    },
    'autoscaling.v2.MetricStatus': {
        1: ('type', 'string', 8),
        2: ('object', 'autoscaling.v2.ObjectMetricStatus', 0),
        3: ('pods', 'autoscaling.v2.PodsMetricStatus', 0),
        4: ('resource', 'autoscaling.v2.ResourceMetricStatus', 0),
        5: ('external', 'autoscaling.v2.ExternalMetricStatus', 0),
        7: ('containerResource', 'autoscaling.v2.ContainerResourceMetricStatus', 0),
    },
    'autoscaling.v2.MetricTarget': {
        1: ('type', 'string', 8),
        2: ('value', 'resource.Quantity', 0),
        3: ('averageValue', 'resource.Quantity', 0),
        4: ('averageUtilization', 'int32', 4),
    },
    'autoscaling.v2.MetricValueStatus': {
        1: ('value', 'resource.Quantity', 0),
        2: ('averageValue', 'resource.Quantity', 0),
        3: ('averageUtilization', 'int32', 4),
    },
    'autoscaling.v2.ObjectMetricSource': {
        1: ('describedObject', 'autoscaling.v2.CrossVersionObjectReference', 0),
        2: ('target', 'autoscaling.v2.MetricTarget', 0),
        3: ('metric', 'autoscaling.v2.MetricIdentifier', 0),
    },
    'autoscaling.v2.ObjectMetricStatus': {
        1: ('metric', 'autoscaling.v2.MetricIdentifier', 0),
        2: ('current', 'autoscaling.v2.MetricValueStatus', 0),
        3: ('describedObject', 'autoscaling.v2.CrossVersionObjectReference', 0),
    },
    'autoscaling.v2.PodsMetricSource': {
        1: ('metric', 'autoscaling.v2.MetricIdentifier', 0),
        2: ('target', 'autoscaling.v2.MetricTarget', 0),
    },
    'autoscaling.v2.PodsMetricStatus': {
        1: ('metric', 'autoscaling.v2.MetricIdentifier', 0),
        2: ('current', 'autoscaling.v2.MetricValueStatus', 0),
    },
    'autoscaling.v2.ResourceMetricSource': {
        1: ('name', 'string', 8),
        2: ('target', 'autoscaling.v2.MetricTarget', 0),
    },
    'autoscaling.v2.ResourceMetricStatus': {
        1: ('name', 'string', 8),
        2: ('current', 'autoscaling.v2.MetricValueStatus', 0),
    },
    'batch.v1.CronJob': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'batch.v1.CronJobSpec', 0),
        3: ('status', 'batch.v1.CronJobStatus', 0),
    },
    'batch.v1.CronJobList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'batch.v1.CronJob', 1),
    },
    'batch.v1.CronJobSpec': {
        1: ('schedule', 'string', 0),
        2: ('startingDeadlineSeconds', 'int64', 4),
        3: ('concurrencyPolicy', 'string', 8),
        4: ('suspend', 'bool', 4),
        5: ('jobTemplate', 'batch.v1.JobTemplateSpec', 0),
        6: ('successfulJobsHistoryLimit', 'int32', 4),
        7: ('failedJobsHistoryLimit', 'int32', 4),
        8: ('timeZone', 'string', 4),
    },
    'batch.v1.CronJobStatus': {
        1: ('active', 'core.v1.ObjectReference', 1),
        4: ('lastScheduleTime', 'meta.v1.Time', 0),
        5: ('lastSuccessfulTime', 'meta.v1.Time', 0),
    },
    'batch.v1.Job': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'batch.v1.JobSpec', 0),
        3: ('status', 'batch.v1.JobStatus', 0),
    },
    'batch.v1.JobCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastProbeTime', 'meta.v1.Time', 0),
        4: ('lastTransitionTime', 'meta.v1.Time', 0),
        5: ('reason', 'string', 8),
        6: ('message', 'string', 8),
    },
    'batch.v1.JobList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'batch.v1.Job', 1),
    },
    'batch.v1.JobSpec': {
        1: ('parallelism', 'int32', 4),
        2: ('completions', 'int32', 4),
        3: ('activeDeadlineSeconds', 'int64', 4),
        4: ('selector', 'meta.v1.LabelSelector', 0),
        5: ('manualSelector', 'bool', 4),
        6: ('template', 'core.v1.PodTemplateSpec', 0),
        7: ('backoffLimit', 'int32', 4),
        8: ('ttlSecondsAfterFinished', 'int32', 4),
        9: ('completionMode', 'string', 4),
        10: ('suspend', 'bool', 4),
        11: ('podFailurePolicy', 'batch.v1.PodFailurePolicy', 0),
        12: ('backoffLimitPerIndex', 'int32', 4),
        13: ('maxFailedIndexes', 'int32', 4),
        14: ('podReplacementPolicy', 'string', 4),
        15: ('managedBy', 'string', 4),
        16: ('successPolicy', 'batch.v1.SuccessPolicy', 0),
    },
    'batch.v1.JobStatus': {
        1: ('conditions', 'batch.v1.JobCondition', 1),
        2: ('startTime', 'meta.v1.Time', 0),
        3: ('completionTime', 'meta.v1.Time', 0),
        4: ('active', 'int32', 8),
        5: ('succeeded', 'int32', 8),
        6: ('failed', 'int32', 8),
        7: ('completedIndexes', 'string', 8),
        8: ('uncountedTerminatedPods', 'batch.v1.UncountedTerminatedPods', 0),
        9: ('ready', 'int32', 4),
        10: ('failedIndexes', 'string', 4),
        11: ('terminating', 'int32', 4),
    },
    'batch.v1.JobTemplateSpec': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'batch.v1.JobSpec', 0),
    },
    'batch.v1.PodFailurePolicy': {
        1: ('rules', 'batch.v1.PodFailurePolicyRule', 1),
    },
    'batch.v1.PodFailurePolicyOnExitCodesRequirement': {
        1: ('containerName', 'string', 4),
        2: ('operator', 'string', 8),
        3: ('values', 'int32', 1),
    },
    'batch.v1.PodFailurePolicyOnPodConditionsPattern': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
    },
    'batch.v1.PodFailurePolicyRule': {
        1: ('action', 'string', 0),
        2: ('onExitCodes', 'batch.v1.PodFailurePolicyOnExitCodesRequirement', 0),
        3: ('onPodConditions', 'batch.v1.PodFailurePolicyOnPodConditionsPattern', 1),
    },
    'batch.v1.SuccessPolicy': {
        1: ('rules', 'batch.v1.SuccessPolicyRule', 1),
    },
    'batch.v1.SuccessPolicyRule': {
        1: ('succeededIndexes', 'string', 4),
        2: ('succeededCount', 'int32', 4),
    },
    'batch.v1.UncountedTerminatedPods': {
        1: ('succeeded', 'string', 1),
        2: ('failed', 'string', 1),
    },
    'certificates.v1.CertificateSigningRequest': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'certificates.v1.CertificateSigningRequestSpec', 0),
        3: ('status', 'certificates.v1.CertificateSigningRequestStatus', 0),
    },
    'certificates.v1.CertificateSigningRequestCondition': {
        1: ('type', 'string', 8),
        2: ('reason', 'string', 8),
        3: ('message', 'string', 8),
        4: ('lastUpdateTime', 'meta.v1.Time', 0),
        5: ('lastTransitionTime', 'meta.v1.Time', 0),
        6: ('status', 'string', 0),
    },
    'certificates.v1.CertificateSigningRequestList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'certificates.v1.CertificateSigningRequest', 1),
    },
    'certificates.v1.CertificateSigningRequestSpec': {
        1: ('request', 'bytes', 4),
        2: ('username', 'string', 8),
        3: ('uid', 'string', 8),
        4: ('groups', 'string', 1),
        5: ('usages', 'string', 1),
        6: ('extra', ('string', 'certificates.v1.ExtraValue'), 2),
        7: ('signerName', 'string', 8),
        8: ('expirationSeconds', 'int32', 4),
    },
    'certificates.v1.CertificateSigningRequestStatus': {
        1: ('conditions', 'certificates.v1.CertificateSigningRequestCondition', 1),
        2: ('certificate', 'bytes', 4),
    },
    'certificates.v1.ExtraValue': {
        1: ('items', 'string', 1),
    },
    'coordination.v1.Lease': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'coordination.v1.LeaseSpec', 0),
    },
    'coordination.v1.LeaseList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'coordination.v1.Lease', 1),
    },
    'coordination.v1.LeaseSpec': {
        1: ('holderIdentity', 'string', 4),
        2: ('leaseDurationSeconds', 'int32', 4),
        3: ('acquireTime', 'meta.v1.MicroTime', 0),
        4: ('renewTime', 'meta.v1.MicroTime', 0),
        5: ('leaseTransitions', 'int32', 4),
        6: ('strategy', 'string', 4),
        7: ('preferredHolder', 'string', 4),
    },
    'core.v1.AWSElasticBlockStoreVolumeSource': {
        1: ('volumeID', 'string', 0),
        2: ('fsType', 'string', 8),
        3: ('partition', 'int32', 8),
        4: ('readOnly', 'bool', 8),
    },
    'core.v1.Affinity': {
        1: ('nodeAffinity', 'core.v1.NodeAffinity', 0),
        2: ('podAffinity', 'core.v1.PodAffinity', 0),
        3: ('podAntiAffinity', 'core.v1.PodAntiAffinity', 0),
    },
    'core.v1.AppArmorProfile': {
        1: ('type', 'string', 8),
        2: ('localhostProfile', 'string', 4),
    },
    'core.v1.AttachedVolume': {
        1: ('name', 'string', 8),
        2: ('devicePath', 'string', 0),
    },
    'core.v1.AvoidPods': {
        1: ('preferAvoidPods', 'core.v1.PreferAvoidPodsEntry', 1),
    },
    'core.v1.AzureDiskVolumeSource': {
        1: ('diskName', 'string', 0),
        2: ('diskURI', 'string', 0),
        3: ('cachingMode', 'string', 4),
        4: ('fsType', 'string', 4),
        5: ('readOnly', 'bool', 4),
        6: ('kind', 'string', 4),
    },
    'core.v1.AzureFilePersistentVolumeSource': {
        1: ('secretName', 'string', 8),
        2: ('shareName', 'string', 0),
        3: ('readOnly', 'bool', 8),
        4: ('secretNamespace', 'string', 4),
    },
    'core.v1.AzureFileVolumeSource': {
        1: ('secretName', 'string', 8),
        2: ('shareName', 'string', 0),
        3: ('readOnly', 'bool', 8),
    },
    'core.v1.Binding': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('target', 'core.v1.ObjectReference', 0),
    },
    'core.v1.CSIPersistentVolumeSource': {
        1: ('driver', 'string', 0),
        2: ('volumeHandle', 'string', 0),
        3: ('readOnly', 'bool', 8),
        4: ('fsType', 'string', 8),
        5: ('volumeAttributes', ('string', 'string'), 2),
        6: ('controllerPublishSecretRef', 'core.v1.SecretReference', 0),
        7: ('nodeStageSecretRef', 'core.v1.SecretReference', 0),
        8: ('nodePublishSecretRef', 'core.v1.SecretReference', 0),
        9: ('controllerExpandSecretRef', 'core.v1.SecretReference', 0),
        10: ('nodeExpandSecretRef', 'core.v1.SecretReference', 0),
    },
    'core.v1.CSIVolumeSource': {
        1: ('driver', 'string', 0),
        2: ('readOnly', 'bool', 4),
        3: ('fsType', 'string', 4),
        4: ('volumeAttributes', ('string', 'string'), 2),
        5: ('nodePublishSecretRef', 'core.v1.LocalObjectReference', 0),
    },
    'core.v1.Capabilities': {
        1: ('add', 'string', 1),
        2: ('drop', 'string', 1),
    },
    'core.v1.CephFSPersistentVolumeSource': {
        1: ('monitors', 'string', 1),
        2: ('path', 'string', 8),
        3: ('user', 'string', 8),
        4: ('secretFile', 'string', 8),
        5: ('secretRef', 'core.v1.SecretReference', 0),
        6: ('readOnly', 'bool', 8),
    },
    'core.v1.CephFSVolumeSource': {
        1: ('monitors', 'string', 1),
        2: ('path', 'string', 8),
        3: ('user', 'string', 8),
        4: ('secretFile', 'string', 8),
        5: ('secretRef', 'core.v1.LocalObjectReference', 0),
        6: ('readOnly', 'bool', 8),
    },
    'core.v1.CinderPersistentVolumeSource': {
        1: ('volumeID', 'string', 0),
        2: ('fsType', 'string', 8),
        3: ('readOnly', 'bool', 8),
        4: ('secretRef', 'core.v1.SecretReference', 0),
    },
    'core.v1.CinderVolumeSource': {
        1: ('volumeID', 'string', 0),
        2: ('fsType', 'string', 8),
        3: ('readOnly', 'bool', 8),
        4: ('secretRef', 'core.v1.LocalObjectReference', 0),
    },
    'core.v1.ClientIPConfig': {
        1: ('timeoutSeconds', 'int32', 4),
    },
    'core.v1.ClusterTrustBundleProjection': {
        1: ('name', 'string', 4),
        2: ('signerName', 'string', 4),
        3: ('labelSelector', 'meta.v1.LabelSelector', 0),
        4: ('path', 'string', 0),
        5: ('optional', 'bool', 4),
    },
    'core.v1.ComponentCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('message', 'string', 8),
        4: ('error', 'string', 8),
    },
    'core.v1.ComponentStatus': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('conditions', 'core.v1.ComponentCondition', 1),
    },
    'core.v1.ComponentStatusList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.ComponentStatus', 1),
    },
    'core.v1.ConfigMap': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('data', ('string', 'string'), 2),
        3: ('binaryData', ('string', 'bytes'), 2),
        4: ('immutable', 'bool', 4),
    },
    'core.v1.ConfigMapEnvSource': {
        1: ('localObjectReference', 'core.v1.LocalObjectReference', 16),
        2: ('optional', 'bool', 4),
    },
    'core.v1.ConfigMapKeySelector': {
        1: ('localObjectReference', 'core.v1.LocalObjectReference', 16),
        2: ('key', 'string', 0),
        3: ('optional', 'bool', 4),
    },
    'core.v1.ConfigMapList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.ConfigMap', 1),
    },
    'core.v1.ConfigMapNodeConfigSource': {
        1: ('namespace', 'string', 8),
        2: ('name', 'string', 8),
        3: ('uid', 'string', 8),
        4: ('resourceVersion', 'string', 8),
        5: ('kubeletConfigKey', 'string', 0),
    },
    'core.v1.ConfigMapProjection': {
        1: ('localObjectReference', 'core.v1.LocalObjectReference', 16),
        2: ('items', 'core.v1.KeyToPath', 1),
        4: ('optional', 'bool', 4),
    },
    'core.v1.ConfigMapVolumeSource': {
        1: ('localObjectReference', 'core.v1.LocalObjectReference', 16),
        2: ('items', 'core.v1.KeyToPath', 1),
        3: ('defaultMode', 'int32', 4),
        4: ('optional', 'bool', 4),
    },
    'core.v1.Container': {
        1: ('name', 'string', 8),
        2: ('image', 'string', 8),
        3: ('command', 'string', 1),
        4: ('args', 'string', 1),
        5: ('workingDir', 'string', 8),
        6: ('ports', 'core.v1.ContainerPort', 1),
        7: ('env', 'core.v1.EnvVar', 1),
        8: ('resources', 'core.v1.ResourceRequirements', 0),
        9: ('volumeMounts', 'core.v1.VolumeMount', 1),
        10: ('livenessProbe', 'core.v1.Probe', 0),
        11: ('readinessProbe', 'core.v1.Probe', 0),
        12: ('lifecycle', 'core.v1.Lifecycle', 0),
        13: ('terminationMessagePath', 'string', 8),
        14: ('imagePullPolicy', 'string', 8),
        15: ('securityContext', 'core.v1.SecurityContext', 0),
        16: ('stdin', 'bool', 8),
        17: ('stdinOnce', 'bool', 8),
        18: ('tty', 'bool', 8),
        19: ('envFrom', 'core.v1.EnvFromSource', 1),
        20: ('terminationMessagePolicy', 'string', 8),
        21: ('volumeDevices', 'core.v1.VolumeDevice', 1),
        22: ('startupProbe', 'core.v1.Probe', 0),
        23: ('resizePolicy', 'core.v1.ContainerResizePolicy', 1),
        24: ('restartPolicy', 'string', 4),
    },
    'core.v1.ContainerImage': {
        1: ('names', 'string', 1),
        2: ('sizeBytes', 'int64', 8),
    },
    'core.v1.ContainerPort': {
        1: ('name', 'string', 8),
        2: ('hostPort', 'int32', 8),
        3: ('containerPort', 'int32', 0),
        4: ('protocol', 'string', 8),
        5: ('hostIP', 'string', 8),
    },
    'core.v1.ContainerResizePolicy': {
        1: ('resourceName', 'string', 0),
        2: ('restartPolicy', 'string', 0),
    },
    'core.v1.ContainerState': {
        1: ('waiting', 'core.v1.ContainerStateWaiting', 0),
        2: ('running', 'core.v1.ContainerStateRunning', 0),
        3: ('terminated', 'core.v1.ContainerStateTerminated', 0),
    },
    'core.v1.ContainerStateRunning': {
        1: ('startedAt', 'meta.v1.Time', 0),
    },
    'core.v1.ContainerStateTerminated': {
        1: ('exitCode', 'int32', 0),
        2: ('signal', 'int32', 8),
        3: ('reason', 'string', 8),
        4: ('message', 'string', 8),
        5: ('startedAt', 'meta.v1.Time', 0),
        6: ('finishedAt', 'meta.v1.Time', 0),
        7: ('containerID', 'string', 8),
    },
    'core.v1.ContainerStateWaiting': {
        1: ('reason', 'string', 8),
        2: ('message', 'string', 8),
    },
    'core.v1.ContainerStatus': {
        1: ('name', 'string', 8),
        2: ('state', 'core.v1.ContainerState', 0),
        3: ('lastState', 'core.v1.ContainerState', 0),
        4: ('ready', 'bool', 0),
        5: ('restartCount', 'int32', 0),
        6: ('image', 'string', 0),
        7: ('imageID', 'string', 0),
        8: ('containerID', 'string', 8),
        9: ('started', 'bool', 4),
        10: ('allocatedResources', ('string', 'resource.Quantity'), 2),
        11: ('resources', 'core.v1.ResourceRequirements', 0),
        12: ('volumeMounts', 'core.v1.VolumeMountStatus', 1),
        13: ('user', 'core.v1.ContainerUser', 0),
        14: ('allocatedResourcesStatus', 'core.v1.ResourceStatus', 1),
        15: ('stopSignal', 'string', 4),
    },
    'core.v1.ContainerUser': {
        1: ('linux', 'core.v1.LinuxContainerUser', 0),
    },
    'core.v1.DaemonEndpoint': {
        1: ('Port', 'int32', 0),
    },
    'core.v1.DownwardAPIProjection': {
        1: ('items', 'core.v1.DownwardAPIVolumeFile', 1),
    },
    'core.v1.DownwardAPIVolumeFile': {
        1: ('path', 'string', 8),
        2: ('fieldRef', 'core.v1.ObjectFieldSelector', 0),
        3: ('resourceFieldRef', 'core.v1.ResourceFieldSelector', 0),
        4: ('mode', 'int32', 4),
    },
    'core.v1.DownwardAPIVolumeSource': {
        1: ('items', 'core.v1.DownwardAPIVolumeFile', 1),
        2: ('defaultMode', 'int32', 4),
    },
    'core.v1.EmptyDirVolumeSource': {
        1: ('medium', 'string', 8),
        2: ('sizeLimit', 'resource.Quantity', 0),
    },
    'core.v1.EndpointAddress': {
        1: ('ip', 'string', 8),
        2: ('targetRef', 'core.v1.ObjectReference', 0),
        3: ('hostname', 'string', 8),
        4: ('nodeName', 'string', 4),
    },
    'core.v1.EndpointPort': {
        1: ('name', 'string', 8),
        2: ('port', 'int32', 0),
        3: ('protocol', 'string', 8),
        4: ('appProtocol', 'string', 4),
    },
    'core.v1.EndpointSubset': {
        1: ('addresses', 'core.v1.EndpointAddress', 1),
        2: ('notReadyAddresses', 'core.v1.EndpointAddress', 1),
        3: ('ports', 'core.v1.EndpointPort', 1),
    },
    'core.v1.Endpoints': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('subsets', 'core.v1.EndpointSubset', 1),
    },
    'core.v1.EndpointsList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.Endpoints', 1),
    },
    'core.v1.EnvFromSource': {
        1: ('prefix', 'string', 8),
        2: ('configMapRef', 'core.v1.ConfigMapEnvSource', 0),
        3: ('secretRef', 'core.v1.SecretEnvSource', 0),
    },
    'core.v1.EnvVar': {
        1: ('name', 'string', 8),
        2: ('value', 'string', 8),
        3: ('valueFrom', 'core.v1.EnvVarSource', 0),
    },
    'core.v1.EnvVarSource': {
        1: ('fieldRef', 'core.v1.ObjectFieldSelector', 0),
        2: ('resourceFieldRef', 'core.v1.ResourceFieldSelector', 0),
        3: ('configMapKeyRef', 'core.v1.ConfigMapKeySelector', 0),
        4: ('secretKeyRef', 'core.v1.SecretKeySelector', 0),
    },
    'core.v1.EphemeralContainer': {
        1: ('ephemeralContainerCommon', 'core.v1.EphemeralContainerCommon', 16),
        2: ('targetContainerName', 'string', 8),
    },
    'core.v1.EphemeralContainerCommon': {
        1: ('name', 'string', 8),
        2: ('image', 'string', 8),
        3: ('command', 'string', 1),
        4: ('args', 'string', 1),
        5: ('workingDir', 'string', 8),
        6: ('ports', 'core.v1.ContainerPort', 1),
        7: ('env', 'core.v1.EnvVar', 1),
        8: ('resources', 'core.v1.ResourceRequirements', 0),
        9: ('volumeMounts', 'core.v1.VolumeMount', 1),
        10: ('livenessProbe', 'core.v1.Probe', 0),
        11: ('readinessProbe', 'core.v1.Probe', 0),
        12: ('lifecycle', 'core.v1.Lifecycle', 0),
        13: ('terminationMessagePath', 'string', 8),
        14: ('imagePullPolicy', 'string', 8),
        15: ('securityContext', 'core.v1.SecurityContext', 0),
        16: ('stdin', 'bool', 8),
        17: ('stdinOnce', 'bool', 8),
        18: ('tty', 'bool', 8),
        19: ('envFrom', 'core.v1.EnvFromSource', 1),
        20: ('terminationMessagePolicy', 'string', 8),
        21: ('volumeDevices', 'core.v1.VolumeDevice', 1),
        22: ('startupProbe', 'core.v1.Probe', 0),
        23: ('resizePolicy', 'core.v1.ContainerResizePolicy', 1),
        24: ('restartPolicy', 'string', 4),
    },
    'core.v1.EphemeralVolumeSource': {
        1: ('volumeClaimTemplate', 'core.v1.PersistentVolumeClaimTemplate', 0),
    },
    'core.v1.Event': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('involvedObject', 'core.v1.ObjectReference', 0),
        3: ('reason', 'string', 8),
        4: ('message', 'string', 8),
        5: ('source', 'core.v1.EventSource', 0),
        6: ('firstTimestamp', 'meta.v1.Time', 0),
        7: ('lastTimestamp', 'meta.v1.Time', 0),
        8: ('count', 'int32', 8),
        9: ('type', 'string', 8),
        10: ('eventTime', 'meta.v1.MicroTime', 0),
        11: ('series', 'core.v1.EventSeries', 0),
        12: ('action', 'string', 8),
        13: ('related', 'core.v1.ObjectReference', 0),
        14: ('reportingComponent', 'string', 0),
        15: ('reportingInstance', 'string', 0),
    },
    'core.v1.EventList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.Event', 1),
    },
    'core.v1.EventSeries': {
        1: ('count', 'int32', 8),
        2: ('lastObservedTime', 'meta.v1.MicroTime', 0),
    },
    'core.v1.EventSource': {
        1: ('component', 'string', 8),
        2: ('host', 'string', 8),
    },
    'core.v1.ExecAction': {
        1: ('command', 'string', 1),
    },
    'core.v1.FCVolumeSource': {
        1: ('targetWWNs', 'string', 1),
        2: ('lun', 'int32', 4),
        3: ('fsType', 'string', 8),
        4: ('readOnly', 'bool', 8),
        5: ('wwids', 'string', 1),
    },
    'core.v1.FlexPersistentVolumeSource': {
        1: ('driver', 'string', 0),
        2: ('fsType', 'string', 8),
        3: ('secretRef', 'core.v1.SecretReference', 0),
        4: ('readOnly', 'bool', 8),
        5: ('options', ('string', 'string'), 2),
    },
    'core.v1.FlexVolumeSource': {
        1: ('driver', 'string', 0),
        2: ('fsType', 'string', 8),
        3: ('secretRef', 'core.v1.LocalObjectReference', 0),
        4: ('readOnly', 'bool', 8),
        5: ('options', ('string', 'string'), 2),
    },
    'core.v1.FlockerVolumeSource': {
        1: ('datasetName', 'string', 8),
        2: ('datasetUUID', 'string', 8),
    },
    'core.v1.GCEPersistentDiskVolumeSource': {
        1: ('pdName', 'string', 0),
        2: ('fsType', 'string', 8),
        3: ('partition', 'int32', 8),
        4: ('readOnly', 'bool', 8),
    },
    'core.v1.GRPCAction': {
        1: ('port', 'int32', 0),
        2: ('service', 'string', 4),
    },
    'core.v1.GitRepoVolumeSource': {
        1: ('repository', 'string', 0),
        2: ('revision', 'string', 8),
        3: ('directory', 'string', 8),
    },
    'core.v1.GlusterfsPersistentVolumeSource': {
        1: ('endpoints', 'string', 0),
        2: ('path', 'string', 8),
        3: ('readOnly', 'bool', 8),
        4: ('endpointsNamespace', 'string', 4),
    },
    'core.v1.GlusterfsVolumeSource': {
        1: ('endpoints', 'string', 0),
        2: ('path', 'string', 8),
        3: ('readOnly', 'bool', 8),
    },
    'core.v1.HTTPGetAction': {
        1: ('path', 'string', 8),
        2: ('port', 'intstr.IntOrString', 0),
        3: ('host', 'string', 8),
        4: ('scheme', 'string', 8),
        5: ('httpHeaders', 'core.v1.HTTPHeader', 1),
    },
    'core.v1.HTTPHeader': {
        1: ('name', 'string', 8),
        2: ('value', 'string', 8),
    },
    'core.v1.HostAlias': {
        1: ('ip', 'string', 8),
        2: ('hostnames', 'string', 1),
    },
    'core.v1.HostIP': {
        1: ('ip', 'string', 8),
    },
    'core.v1.HostPathVolumeSource': {
        1: ('path', 'string', 8),
        2: ('type', 'string', 4),
    },
    'core.v1.ISCSIPersistentVolumeSource': {
        1: ('targetPortal', 'string', 0),
        2: ('iqn', 'string', 0),
        3: ('lun', 'int32', 0),
        4: ('iscsiInterface', 'string', 8),
        5: ('fsType', 'string', 8),
        6: ('readOnly', 'bool', 8),
        7: ('portals', 'string', 1),
        8: ('chapAuthDiscovery', 'bool', 8),
        10: ('secretRef', 'core.v1.SecretReference', 0),
        11: ('chapAuthSession', 'bool', 8),
        12: ('initiatorName', 'string', 4),
    },
    'core.v1.ISCSIVolumeSource': {
        1: ('targetPortal', 'string', 0),
        2: ('iqn', 'string', 0),
        3: ('lun', 'int32', 0),
        4: ('iscsiInterface', 'string', 8),
        5: ('fsType', 'string', 8),
        6: ('readOnly', 'bool', 8),
        7: ('portals', 'string', 1),
        8: ('chapAuthDiscovery', 'bool', 8),
        10: ('secretRef', 'core.v1.LocalObjectReference', 0),
        11: ('chapAuthSession', 'bool', 8),
        12: ('initiatorName', 'string', 4),
    },
    'core.v1.ImageVolumeSource': {
        1: ('reference', 'string', 8),
        2: ('pullPolicy', 'string', 8),
    },
    'core.v1.KeyToPath': {
        1: ('key', 'string', 8),
        2: ('path', 'string', 8),
        3: ('mode', 'int32', 4),
    },
    'core.v1.Lifecycle': {
        1: ('postStart', 'core.v1.LifecycleHandler', 0),
        2: ('preStop', 'core.v1.LifecycleHandler', 0),
        3: ('stopSignal', 'string', 4),
    },
    'core.v1.LifecycleHandler': {
        1: ('exec', 'core.v1.ExecAction', 0),
        2: ('httpGet', 'core.v1.HTTPGetAction', 0),
        3: ('tcpSocket', 'core.v1.TCPSocketAction', 0),
        4: ('sleep', 'core.v1.SleepAction', 0),
    },
    'core.v1.LimitRange': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.LimitRangeSpec', 0),
    },
    'core.v1.LimitRangeItem': {
        1: ('type', 'string', 8),
        2: ('max', ('string', 'resource.Quantity'), 2),
        3: ('min', ('string', 'resource.Quantity'), 2),
        4: ('default', ('string', 'resource.Quantity'), 2),
        5: ('defaultRequest', ('string', 'resource.Quantity'), 2),
        6: ('maxLimitRequestRatio', ('string', 'resource.Quantity'), 2),
    },
    'core.v1.LimitRangeList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.LimitRange', 1),
    },
    'core.v1.LimitRangeSpec': {
        1: ('limits', 'core.v1.LimitRangeItem', 1),
    },
    'core.v1.LinuxContainerUser': {
        1: ('uid', 'int64', 0),
        2: ('gid', 'int64', 0),
        3: ('supplementalGroups', 'int64', 1),
    },
    'core.v1.List': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'runtime.RawExtension', 1),
    },
    'core.v1.LoadBalancerIngress': {
        1: ('ip', 'string', 8),
        2: ('hostname', 'string', 8),
        3: ('ipMode', 'string', 4),
        4: ('ports', 'core.v1.PortStatus', 1),
    },
    'core.v1.LoadBalancerStatus': {
        1: ('ingress', 'core.v1.LoadBalancerIngress', 1),
    },
    'core.v1.LocalObjectReference': {
        1: ('name', 'string', 8),
    },
    'core.v1.LocalVolumeSource': {
        1: ('path', 'string', 8),
        2: ('fsType', 'string', 4),
    },
    'core.v1.ModifyVolumeStatus': {
        1: ('targetVolumeAttributesClassName', 'string', 8),
        2: ('status', 'string', 8),
    },
    'core.v1.NFSVolumeSource': {
        1: ('server', 'string', 0),
        2: ('path', 'string', 8),
        3: ('readOnly', 'bool', 8),
    },
    'core.v1.Namespace': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.NamespaceSpec', 0),
        3: ('status', 'core.v1.NamespaceStatus', 0),
    },
    'core.v1.NamespaceCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        4: ('lastTransitionTime', 'meta.v1.Time', 0),
        5: ('reason', 'string', 8),
        6: ('message', 'string', 8),
    },
    'core.v1.NamespaceList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.Namespace', 1),
    },
    'core.v1.NamespaceSpec': {
        1: ('finalizers', 'string', 1),
    },
    'core.v1.NamespaceStatus': {
        1: ('phase', 'string', 8),
        2: ('conditions', 'core.v1.NamespaceCondition', 1),
    },
    'core.v1.Node': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.NodeSpec', 0),
        3: ('status', 'core.v1.NodeStatus', 0),
    },
    'core.v1.NodeAddress': {
        1: ('type', 'string', 8),
        2: ('address', 'string', 0),
    },
    'core.v1.NodeAffinity': {
        1: ('requiredDuringSchedulingIgnoredDuringExecution', 'core.v1.NodeSelector', 0),
        2: ('preferredDuringSchedulingIgnoredDuringExecution', 'core.v1.PreferredSchedulingTerm', 1),
    },
    'core.v1.NodeCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastHeartbeatTime', 'meta.v1.Time', 0),
        4: ('lastTransitionTime', 'meta.v1.Time', 0),
        5: ('reason', 'string', 8),
        6: ('message', 'string', 8),
    },
    'core.v1.NodeConfigSource': {
        2: ('configMap', 'core.v1.ConfigMapNodeConfigSource', 0),
    },
    'core.v1.NodeConfigStatus': {
        1: ('assigned', 'core.v1.NodeConfigSource', 0),
        2: ('active', 'core.v1.NodeConfigSource', 0),
        3: ('lastKnownGood', 'core.v1.NodeConfigSource', 0),
        4: ('error', 'string', 8),
    },
    'core.v1.NodeDaemonEndpoints': {
        1: ('kubeletEndpoint', 'core.v1.DaemonEndpoint', 0),
    },
    'core.v1.NodeFeatures': {
        1: ('supplementalGroupsPolicy', 'bool', 4),
    },
    'core.v1.NodeList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.Node', 1),
    },
    'core.v1.NodeProxyOptions': {
        1: ('path', 'string', 8),
    },
    'core.v1.NodeRuntimeHandler': {
        1: ('name', 'string', 8),
        2: ('features', 'core.v1.NodeRuntimeHandlerFeatures', 0),
    },
    'core.v1.NodeRuntimeHandlerFeatures': {
        1: ('recursiveReadOnlyMounts', 'bool', 4),
        2: ('userNamespaces', 'bool', 4),
    },
    'core.v1.NodeSelector': {
        1: ('nodeSelectorTerms', 'core.v1.NodeSelectorTerm', 1),
    },
    'core.v1.NodeSelectorRequirement': {
        1: ('key', 'string', 8),
        2: ('operator', 'string', 8),
        3: ('values', 'string', 1),
    },
    'core.v1.NodeSelectorTerm': {
        1: ('matchExpressions', 'core.v1.NodeSelectorRequirement', 1),
        2: ('matchFields', 'core.v1.NodeSelectorRequirement', 1),
    },
    'core.v1.NodeSpec': {
        1: ('podCIDR', 'string', 8),
        2: ('externalID', 'string', 8),
        3: ('providerID', 'string', 8),
        4: ('unschedulable', 'bool', 8),
        5: ('taints', 'core.v1.Taint', 1),
        6: ('configSource', 'core.v1.NodeConfigSource', 0),
        7: ('podCIDRs', 'string', 1),
    },
    'core.v1.NodeStatus': {
        1: ('capacity', ('string', 'resource.Quantity'), 2),
        2: ('allocatable', ('string', 'resource.Quantity'), 2),
        3: ('phase', 'string', 8),
        4: ('conditions', 'core.v1.NodeCondition', 1),
        5: ('addresses', 'core.v1.NodeAddress', 1),
        6: ('daemonEndpoints', 'core.v1.NodeDaemonEndpoints', 0),
        7: ('nodeInfo', 'core.v1.NodeSystemInfo', 0),
        8: ('images', 'core.v1.ContainerImage', 1),
        9: ('volumesInUse', 'string', 1),
        10: ('volumesAttached', 'core.v1.AttachedVolume', 1),
        11: ('config', 'core.v1.NodeConfigStatus', 0),
        12: ('runtimeHandlers', 'core.v1.NodeRuntimeHandler', 1),
        13: ('features', 'core.v1.NodeFeatures', 0),
    },
    'core.v1.NodeSwapStatus': {
        1: ('capacity', 'int64', 4),
    },
    'core.v1.NodeSystemInfo': {
        1: ('machineID', 'string', 0),
        2: ('systemUUID', 'string', 0),
        3: ('bootID', 'string', 0),
        4: ('kernelVersion', 'string', 0),
        5: ('osImage', 'string', 0),
        6: ('containerRuntimeVersion', 'string', 0),
        7: ('kubeletVersion', 'string', 0),
        8: ('kubeProxyVersion', 'string', 0),
        9: ('operatingSystem', 'string', 0),
        10: ('architecture', 'string', 0),
        11: ('swap', 'core.v1.NodeSwapStatus', 0),
    },
    'core.v1.ObjectFieldSelector': {
        1: ('apiVersion', 'string', 8),
        2: ('fieldPath', 'string', 0),
    },
    'core.v1.ObjectReference': {
        1: ('kind', 'string', 8),
        2: ('namespace', 'string', 8),
        3: ('name', 'string', 8),
        4: ('uid', 'string', 8),
        5: ('apiVersion', 'string', 8),
        6: ('resourceVersion', 'string', 8),
        7: ('fieldPath', 'string', 8),
    },
    'core.v1.PersistentVolume': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.PersistentVolumeSpec', 0),
        3: ('status', 'core.v1.PersistentVolumeStatus', 0),
    },
    'core.v1.PersistentVolumeClaim': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.PersistentVolumeClaimSpec', 0),
        3: ('status', 'core.v1.PersistentVolumeClaimStatus', 0),
    },
    'core.v1.PersistentVolumeClaimCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastProbeTime', 'meta.v1.Time', 0),
        4: ('lastTransitionTime', 'meta.v1.Time', 0),
        5: ('reason', 'string', 8),
        6: ('message', 'string', 8),
    },
    'core.v1.PersistentVolumeClaimList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.PersistentVolumeClaim', 1),
    },
    'core.v1.PersistentVolumeClaimSpec': {
        1: ('accessModes', 'string', 1),
        2: ('resources', 'core.v1.VolumeResourceRequirements', 0),
        3: ('volumeName', 'string', 8),
        4: ('selector', 'meta.v1.LabelSelector', 0),
        5: ('storageClassName', 'string', 4),
        6: ('volumeMode', 'string', 4),
        7: ('dataSource', 'core.v1.TypedLocalObjectReference', 0),
        8: ('dataSourceRef', 'core.v1.TypedObjectReference', 0),
        9: ('volumeAttributesClassName', 'string', 4),
    },
    'core.v1.PersistentVolumeClaimStatus': {
        1: ('phase', 'string', 8),
        2: ('accessModes', 'string', 1),
        3: ('capacity', ('string', 'resource.Quantity'), 2),
        4: ('conditions', 'core.v1.PersistentVolumeClaimCondition', 1),
        5: ('allocatedResources', ('string', 'resource.Quantity'), 2),
        7: ('allocatedResourceStatuses', ('string', 'string'), 2),
        8: ('currentVolumeAttributesClassName', 'string', 4),
        9: ('modifyVolumeStatus', 'core.v1.ModifyVolumeStatus', 0),
    },
    'core.v1.PersistentVolumeClaimTemplate': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.PersistentVolumeClaimSpec', 0),
    },
    'core.v1.PersistentVolumeClaimVolumeSource': {
        1: ('claimName', 'string', 0),
        2: ('readOnly', 'bool', 8),
    },
    'core.v1.PersistentVolumeList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.PersistentVolume', 1),
    },
    'core.v1.PersistentVolumeSource': {
        1: ('gcePersistentDisk', 'core.v1.GCEPersistentDiskVolumeSource', 0),
        2: ('awsElasticBlockStore', 'core.v1.AWSElasticBlockStoreVolumeSource', 0),
        3: ('hostPath', 'core.v1.HostPathVolumeSource', 0),
        4: ('glusterfs', 'core.v1.GlusterfsPersistentVolumeSource', 0),
        5: ('nfs', 'core.v1.NFSVolumeSource', 0),
        6: ('rbd', 'core.v1.RBDPersistentVolumeSource', 0),
        7: ('iscsi', 'core.v1.ISCSIPersistentVolumeSource', 0),
        8: ('cinder', 'core.v1.CinderPersistentVolumeSource', 0),
        9: ('cephfs', 'core.v1.CephFSPersistentVolumeSource', 0),
        10: ('fc', 'core.v1.FCVolumeSource', 0),
        11: ('flocker', 'core.v1.FlockerVolumeSource', 0),
        12: ('flexVolume', 'core.v1.FlexPersistentVolumeSource', 0),
        13: ('azureFile', 'core.v1.AzureFilePersistentVolumeSource', 0),
        14: ('vsphereVolume', 'core.v1.VsphereVirtualDiskVolumeSource', 0),
        15: ('quobyte', 'core.v1.QuobyteVolumeSource', 0),
        16: ('azureDisk', 'core.v1.AzureDiskVolumeSource', 0),
        17: ('photonPersistentDisk', 'core.v1.PhotonPersistentDiskVolumeSource', 0),
        18: ('portworxVolume', 'core.v1.PortworxVolumeSource', 0),
        19: ('scaleIO', 'core.v1.ScaleIOPersistentVolumeSource', 0),
        20: ('local', 'core.v1.LocalVolumeSource', 0),
        21: ('storageos', 'core.v1.StorageOSPersistentVolumeSource', 0),
        22: ('csi', 'core.v1.CSIPersistentVolumeSource', 0),
    },
    'core.v1.PersistentVolumeSpec': {
        1: ('capacity', ('string', 'resource.Quantity'), 2),
        2: ('persistentVolumeSource', 'core.v1.PersistentVolumeSource', 16),
        3: ('accessModes', 'string', 1),
        4: ('claimRef', 'core.v1.ObjectReference', 0),
        5: ('persistentVolumeReclaimPolicy', 'string', 8),
        6: ('storageClassName', 'string', 8),
        7: ('mountOptions', 'string', 1),
        8: ('volumeMode', 'string', 4),
        9: ('nodeAffinity', 'core.v1.VolumeNodeAffinity', 0),
        10: ('volumeAttributesClassName', 'string', 4),
    },
    'core.v1.PersistentVolumeStatus': {
        1: ('phase', 'string', 8),
        2: ('message', 'string', 8),
        3: ('reason', 'string', 8),
        4: ('lastPhaseTransitionTime', 'meta.v1.Time', 0),
    },
    'core.v1.PhotonPersistentDiskVolumeSource': {
        1: ('pdID', 'string', 0),
        2: ('fsType', 'string', 8),
    },
    'core.v1.Pod': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.PodSpec', 0),
        3: ('status', 'core.v1.PodStatus', 0),
    },
    'core.v1.PodAffinity': {
        1: ('requiredDuringSchedulingIgnoredDuringExecution', 'core.v1.PodAffinityTerm', 1),
        2: ('preferredDuringSchedulingIgnoredDuringExecution', 'core.v1.WeightedPodAffinityTerm', 1),
    },
    'core.v1.PodAffinityTerm': {
        1: ('labelSelector', 'meta.v1.LabelSelector', 0),
        2: ('namespaces', 'string', 1),
        3: ('topologyKey', 'string', 0),
        4: ('namespaceSelector', 'meta.v1.LabelSelector', 0),
        5: ('matchLabelKeys', 'string', 1),
        6: ('mismatchLabelKeys', 'string', 1),
    },
    'core.v1.PodAntiAffinity': {
        1: ('requiredDuringSchedulingIgnoredDuringExecution', 'core.v1.PodAffinityTerm', 1),
        2: ('preferredDuringSchedulingIgnoredDuringExecution', 'core.v1.WeightedPodAffinityTerm', 1),
    },
    'core.v1.PodAttachOptions': {
        1: ('stdin', 'bool', 8),
        2: ('stdout', 'bool', 8),
        3: ('stderr', 'bool', 8),
        4: ('tty', 'bool', 8),
        5: ('container', 'string', 8),
    },
    'core.v1.PodCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastProbeTime', 'meta.v1.Time', 0),
        4: ('lastTransitionTime', 'meta.v1.Time', 0),
        5: ('reason', 'string', 8),
        6: ('message', 'string', 8),
        7: ('observedGeneration', 'int64', 8),
    },
    'core.v1.PodDNSConfig': {
        1: ('nameservers', 'string', 1),
        2: ('searches', 'string', 1),
        3: ('options', 'core.v1.PodDNSConfigOption', 1),
    },
    'core.v1.PodDNSConfigOption': {
        1: ('name', 'string', 8),
        2: ('value', 'string', 4),
    },
    'core.v1.PodExecOptions': {
        1: ('stdin', 'bool', 8),
        2: ('stdout', 'bool', 8),
        3: ('stderr', 'bool', 8),
        4: ('tty', 'bool', 8),
        5: ('container', 'string', 8),
        6: ('command', 'string', 1),
    },
    'core.v1.PodIP': {
        1: ('ip', 'string', 8),
    },
    'core.v1.PodList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.Pod', 1),
    },
    'core.v1.PodLogOptions': {
        1: ('container', 'string', 8),
        2: ('follow', 'bool', 8),
        3: ('previous', 'bool', 8),
        4: ('sinceSeconds', 'int64', 4),
        5: ('sinceTime', 'meta.v1.Time', 0),
        6: ('timestamps', 'bool', 8),
        7: ('tailLines', 'int64', 4),
        8: ('limitBytes', 'int64', 4),
        9: ('insecureSkipTLSVerifyBackend', 'bool', 8),
        10: ('stream', 'string', 4),
    },
    'core.v1.PodOS': {
        1: ('name', 'string', 8),
    },
    'core.v1.PodPortForwardOptions': {
        1: ('ports', 'int32', 1),
    },
    'core.v1.PodProxyOptions': {
        1: ('path', 'string', 8),
    },
    'core.v1.PodReadinessGate': {
        1: ('conditionType', 'string', 0),
    },
    'core.v1.PodResourceClaim': {
        1: ('name', 'string', 8),
        3: ('resourceClaimName', 'string', 4),
        4: ('resourceClaimTemplateName', 'string', 4),
    },
    'core.v1.PodResourceClaimStatus': {
        1: ('name', 'string', 8),
        2: ('resourceClaimName', 'string', 4),
    },
    'core.v1.PodSchedulingGate': {
        1: ('name', 'string', 8),
    },
    'core.v1.PodSecurityContext': {
        1: ('seLinuxOptions', 'core.v1.SELinuxOptions', 0),
        2: ('runAsUser', 'int64', 4),
        3: ('runAsNonRoot', 'bool', 4),
        4: ('supplementalGroups', 'int64', 1),
        5: ('fsGroup', 'int64', 4),
        6: ('runAsGroup', 'int64', 4),
        7: ('sysctls', 'core.v1.Sysctl', 1),
        8: ('windowsOptions', 'core.v1.WindowsSecurityContextOptions', 0),
        9: ('fsGroupChangePolicy', 'string', 4),
        10: ('seccompProfile', 'core.v1.SeccompProfile', 0),
        11: ('appArmorProfile', 'core.v1.AppArmorProfile', 0),
        12: ('supplementalGroupsPolicy', 'string', 4),
        13: ('seLinuxChangePolicy', 'string', 4),
    },
    'core.v1.PodSignature': {
        1: ('podController', 'meta.v1.OwnerReference', 0),
    },
    'core.v1.PodSpec': {
        1: ('volumes', 'core.v1.Volume', 1),
        2: ('containers', 'core.v1.Container', 1),
        3: ('restartPolicy', 'string', 8),
        4: ('terminationGracePeriodSeconds', 'int64', 4),
        5: ('activeDeadlineSeconds', 'int64', 4),
        6: ('dnsPolicy', 'string', 8),
        7: ('nodeSelector', ('string', 'string'), 2),
        8: ('serviceAccountName', 'string', 8),
        9: ('serviceAccount', 'string', 8),
        10: ('nodeName', 'string', 8),
        11: ('hostNetwork', 'bool', 8),
        12: ('hostPID', 'bool', 8),
        13: ('hostIPC', 'bool', 8),
        14: ('securityContext', 'core.v1.PodSecurityContext', 0),
        15: ('imagePullSecrets', 'core.v1.LocalObjectReference', 1),
        16: ('hostname', 'string', 8),
        17: ('subdomain', 'string', 8),
        18: ('affinity', 'core.v1.Affinity', 0),
        19: ('schedulerName', 'string', 8),
        20: ('initContainers', 'core.v1.Container', 1),
        21: ('automountServiceAccountToken', 'bool', 4),
        22: ('tolerations', 'core.v1.Toleration', 1),
        23: ('hostAliases', 'core.v1.HostAlias', 1),
        24: ('priorityClassName', 'string', 8),
        25: ('priority', 'int32', 4),
        26: ('dnsConfig', 'core.v1.PodDNSConfig', 0),
        27: ('shareProcessNamespace', 'bool', 4),
        28: ('readinessGates', 'core.v1.PodReadinessGate', 1),
        29: ('runtimeClassName', 'string', 4),
        30: ('enableServiceLinks', 'bool', 4),
        31: ('preemptionPolicy', 'string', 4),
        32: ('overhead', ('string', 'resource.Quantity'), 2),
        33: ('topologySpreadConstraints', 'core.v1.TopologySpreadConstraint', 1),
        34: ('ephemeralContainers', 'core.v1.EphemeralContainer', 1),
        35: ('setHostnameAsFQDN', 'bool', 4),
        36: ('os', 'core.v1.PodOS', 0),
        37: ('hostUsers', 'bool', 4),
        38: ('schedulingGates', 'core.v1.PodSchedulingGate', 1),
        39: ('resourceClaims', 'core.v1.PodResourceClaim', 1),
        40: ('resources', 'core.v1.ResourceRequirements', 0),
    },
    'core.v1.PodStatus': {
        1: ('phase', 'string', 8),
        2: ('conditions', 'core.v1.PodCondition', 1),
        3: ('message', 'string', 8),
        4: ('reason', 'string', 8),
        5: ('hostIP', 'string', 8),
        6: ('podIP', 'string', 8),
        7: ('startTime', 'meta.v1.Time', 0),
        8: ('containerStatuses', 'core.v1.ContainerStatus', 1),
        9: ('qosClass', 'string', 8),
        10: ('initContainerStatuses', 'core.v1.ContainerStatus', 1),
        11: ('nominatedNodeName', 'string', 8),
        12: ('podIPs', 'core.v1.PodIP', 1),
        13: ('ephemeralContainerStatuses', 'core.v1.ContainerStatus', 1),
        14: ('resize', 'string', 8),
        15: ('resourceClaimStatuses', 'core.v1.PodResourceClaimStatus', 1),
        16: ('hostIPs', 'core.v1.HostIP', 1),
        17: ('observedGeneration', 'int64', 8),
    },
    'core.v1.PodStatusResult': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('status', 'core.v1.PodStatus', 0),
    },
    'core.v1.PodTemplate': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('template', 'core.v1.PodTemplateSpec', 0),
    },
    'core.v1.PodTemplateList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.PodTemplate', 1),
    },
    'core.v1.PodTemplateSpec': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.PodSpec', 0),
    },
    'core.v1.PortStatus': {
        1: ('port', 'int32', 0),
        2: ('protocol', 'string', 8),
        3: ('error', 'string', 4),
    },
    'core.v1.PortworxVolumeSource': {
        1: ('volumeID', 'string', 0),
        2: ('fsType', 'string', 8),
        3: ('readOnly', 'bool', 8),
    },
    'core.v1.Preconditions': {
        1: ('uid', 'string', 4),
    },
    'core.v1.PreferAvoidPodsEntry': {
        1: ('podSignature', 'core.v1.PodSignature', 0),
        2: ('evictionTime', 'meta.v1.Time', 0),
        3: ('reason', 'string', 8),
        4: ('message', 'string', 8),
    },
    'core.v1.PreferredSchedulingTerm': {
        1: ('weight', 'int32', 0),
        2: ('preference', 'core.v1.NodeSelectorTerm', 0),
    },
    'core.v1.Probe': {
        1: ('handler', 'core.v1.ProbeHandler', 16),
        2: ('initialDelaySeconds', 'int32', 8),
        3: ('timeoutSeconds', 'int32', 8),
        4: ('periodSeconds', 'int32', 8),
        5: ('successThreshold', 'int32', 8),
        6: ('failureThreshold', 'int32', 8),
        7: ('terminationGracePeriodSeconds', 'int64', 4),
    },
    'core.v1.ProbeHandler': {
        1: ('exec', 'core.v1.ExecAction', 0),
        2: ('httpGet', 'core.v1.HTTPGetAction', 0),
        3: ('tcpSocket', 'core.v1.TCPSocketAction', 0),
        4: ('grpc', 'core.v1.GRPCAction', 0),
    },
    'core.v1.ProjectedVolumeSource': {
        1: ('sources', 'core.v1.VolumeProjection', 1),
        2: ('defaultMode', 'int32', 4),
    },
    'core.v1.QuobyteVolumeSource': {
        1: ('registry', 'string', 0),
        2: ('volume', 'string', 0),
        3: ('readOnly', 'bool', 8),
        4: ('user', 'string', 8),
        5: ('group', 'string', 8),
        6: ('tenant', 'string', 8),
    },
    'core.v1.RBDPersistentVolumeSource': {
        1: ('monitors', 'string', 1),
        2: ('image', 'string', 8),
        3: ('fsType', 'string', 8),
        4: ('pool', 'string', 8),
        5: ('user', 'string', 8),
        6: ('keyring', 'string', 8),
        7: ('secretRef', 'core.v1.SecretReference', 0),
        8: ('readOnly', 'bool', 8),
    },
    'core.v1.RBDVolumeSource': {
        1: ('monitors', 'string', 1),
        2: ('image', 'string', 8),
        3: ('fsType', 'string', 8),
        4: ('pool', 'string', 8),
        5: ('user', 'string', 8),
        6: ('keyring', 'string', 8),
        7: ('secretRef', 'core.v1.LocalObjectReference', 0),
        8: ('readOnly', 'bool', 8),
    },
    'core.v1.RangeAllocation': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('range', 'string', 0),
        3: ('data', 'bytes', 4),
    },
    'core.v1.ReplicationController': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.ReplicationControllerSpec', 0),
        3: ('status', 'core.v1.ReplicationControllerStatus', 0),
    },
    'core.v1.ReplicationControllerCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastTransitionTime', 'meta.v1.Time', 0),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
    },
    'core.v1.ReplicationControllerList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.ReplicationController', 1),
    },
    'core.v1.ReplicationControllerSpec': {
        1: ('replicas', 'int32', 4),
        2: ('selector', ('string', 'string'), 2),
        3: ('template', 'core.v1.PodTemplateSpec', 0),
        4: ('minReadySeconds', 'int32', 8),
    },
    'core.v1.ReplicationControllerStatus': {
        1: ('replicas', 'int32', 0),
        2: ('fullyLabeledReplicas', 'int32', 8),
        3: ('observedGeneration', 'int64', 8),
        4: ('readyReplicas', 'int32', 8),
        5: ('availableReplicas', 'int32', 8),
        6: ('conditions', 'core.v1.ReplicationControllerCondition', 1),
    },
    'core.v1.ResourceClaim': {
        1: ('name', 'string', 8),
        2: ('request', 'string', 8),
    },
    'core.v1.ResourceFieldSelector': {
        1: ('containerName', 'string', 8),
        2: ('resource', 'string', 8),
        3: ('divisor', 'resource.Quantity', 0),
    },
    'core.v1.ResourceHealth': {
        1: ('resourceID', 'string', 0),
        2: ('health', 'string', 8),
    },
    'core.v1.ResourceQuota': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.ResourceQuotaSpec', 0),
        3: ('status', 'core.v1.ResourceQuotaStatus', 0),
    },
    'core.v1.ResourceQuotaList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.ResourceQuota', 1),
    },
    'core.v1.ResourceQuotaSpec': {
        1: ('hard', ('string', 'resource.Quantity'), 2),
        2: ('scopes', 'string', 1),
        3: ('scopeSelector', 'core.v1.ScopeSelector', 0),
    },
    'core.v1.ResourceQuotaStatus': {
        1: ('hard', ('string', 'resource.Quantity'), 2),
        2: ('used', ('string', 'resource.Quantity'), 2),
    },
    'core.v1.ResourceRequirements': {
        1: ('limits', ('string', 'resource.Quantity'), 2),
        2: ('requests', ('string', 'resource.Quantity'), 2),
        3: ('claims', 'core.v1.ResourceClaim', 1),
    },
    'core.v1.ResourceStatus': {
        1: ('name', 'string', 8),
        2: ('resources', 'core.v1.ResourceHealth', 1),
    },
    'core.v1.SELinuxOptions': {
        1: ('user', 'string', 8),
        2: ('role', 'string', 8),
        3: ('type', 'string', 8),
        4: ('level', 'string', 8),
    },
    'core.v1.ScaleIOPersistentVolumeSource': {
        1: ('gateway', 'string', 0),
        2: ('system', 'string', 0),
        3: ('secretRef', 'core.v1.SecretReference', 0),
        4: ('sslEnabled', 'bool', 8),
        5: ('protectionDomain', 'string', 8),
        6: ('storagePool', 'string', 8),
        7: ('storageMode', 'string', 8),
        8: ('volumeName', 'string', 8),
        9: ('fsType', 'string', 8),
        10: ('readOnly', 'bool', 8),
    },
    'core.v1.ScaleIOVolumeSource': {
        1: ('gateway', 'string', 0),
        2: ('system', 'string', 0),
        3: ('secretRef', 'core.v1.LocalObjectReference', 0),
        4: ('sslEnabled', 'bool', 8),
        5: ('protectionDomain', 'string', 8),
        6: ('storagePool', 'string', 8),
        7: ('storageMode', 'string', 8),
        8: ('volumeName', 'string', 8),
        9: ('fsType', 'string', 8),
        10: ('readOnly', 'bool', 8),
    },
    'core.v1.ScopeSelector': {
        1: ('matchExpressions', 'core.v1.ScopedResourceSelectorRequirement', 1),
    },
    'core.v1.ScopedResourceSelectorRequirement': {
        1: ('scopeName', 'string', 0),
        2: ('operator', 'string', 8),
        3: ('values', 'string', 1),
    },
    'core.v1.SeccompProfile': {
        1: ('type', 'string', 8),
        2: ('localhostProfile', 'string', 4),
    },
    'core.v1.Secret': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('data', ('string', 'bytes'), 2),
        3: ('type', 'string', 8),
        4: ('stringData', ('string', 'string'), 2),
        5: ('immutable', 'bool', 4),
    },
    'core.v1.SecretEnvSource': {
        1: ('localObjectReference', 'core.v1.LocalObjectReference', 16),
        2: ('optional', 'bool', 4),
    },
    'core.v1.SecretKeySelector': {
        1: ('localObjectReference', 'core.v1.LocalObjectReference', 16),
        2: ('key', 'string', 0),
        3: ('optional', 'bool', 4),
    },
    'core.v1.SecretList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.Secret', 1),
    },
    'core.v1.SecretProjection': {
        1: ('localObjectReference', 'core.v1.LocalObjectReference', 16),
        2: ('items', 'core.v1.KeyToPath', 1),
        4: ('optional', 'bool', 4),
    },
    'core.v1.SecretReference': {
        1: ('name', 'string', 8),
        2: ('namespace', 'string', 8),
    },
    'core.v1.SecretVolumeSource': {
        1: ('secretName', 'string', 8),
        2: ('items', 'core.v1.KeyToPath', 1),
        3: ('defaultMode', 'int32', 4),
        4: ('optional', 'bool', 4),
    },
    'core.v1.SecurityContext': {
        1: ('capabilities', 'core.v1.Capabilities', 0),
        2: ('privileged', 'bool', 4),
        3: ('seLinuxOptions', 'core.v1.SELinuxOptions', 0),
        4: ('runAsUser', 'int64', 4),
        5: ('runAsNonRoot', 'bool', 4),
        6: ('readOnlyRootFilesystem', 'bool', 4),
        7: ('allowPrivilegeEscalation', 'bool', 4),
        8: ('runAsGroup', 'int64', 4),
        9: ('procMount', 'string', 4),
        10: ('windowsOptions', 'core.v1.WindowsSecurityContextOptions', 0),
        11: ('seccompProfile', 'core.v1.SeccompProfile', 0),
        12: ('appArmorProfile', 'core.v1.AppArmorProfile', 0),
    },
    'core.v1.SerializedReference': {
        1: ('reference', 'core.v1.ObjectReference', 0),
    },
    'core.v1.Service': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'core.v1.ServiceSpec', 0),
        3: ('status', 'core.v1.ServiceStatus', 0),
    },
    'core.v1.ServiceAccount': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('secrets', 'core.v1.ObjectReference', 1),
        3: ('imagePullSecrets', 'core.v1.LocalObjectReference', 1),
        4: ('automountServiceAccountToken', 'bool', 4),
    },
    'core.v1.ServiceAccountList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.ServiceAccount', 1),
    },
    'core.v1.ServiceAccountTokenProjection': {
        1: ('audience', 'string', 8),
        2: ('expirationSeconds', 'int64', 4),
        3: ('path', 'string', 8),
    },
    'core.v1.ServiceList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'core.v1.Service', 1),
    },
    'core.v1.ServicePort': {
        1: ('name', 'string', 8),
        2: ('protocol', 'string', 8),
        3: ('port', 'int32', 0),
        4: ('targetPort', 'intstr.IntOrString', 0),
        5: ('nodePort', 'int32', 8),
        6: ('appProtocol', 'string', 4),
    },
    'core.v1.ServiceProxyOptions': {
        1: ('path', 'string', 8),
    },
    'core.v1.ServiceSpec': {
        1: ('ports', 'core.v1.ServicePort', 1),
        2: ('selector', ('string', 'string'), 2),
        3: ('clusterIP', 'string', 8),
        4: ('type', 'string', 8),
        5: ('externalIPs', 'string', 1),
        7: ('sessionAffinity', 'string', 8),
        8: ('loadBalancerIP', 'string', 8),
        9: ('loadBalancerSourceRanges', 'string', 1),
        10: ('externalName', 'string', 8),
        11: ('externalTrafficPolicy', 'string', 8),
        12: ('healthCheckNodePort', 'int32', 8),
        13: ('publishNotReadyAddresses', 'bool', 8),
        14: ('sessionAffinityConfig', 'core.v1.SessionAffinityConfig', 0),
        17: ('ipFamilyPolicy', 'string', 4),
        18: ('clusterIPs', 'string', 1),
        19: ('ipFamilies', 'string', 1),
        20: ('allocateLoadBalancerNodePorts', 'bool', 4),
        21: ('loadBalancerClass', 'string', 4),
        22: ('internalTrafficPolicy', 'string', 4),
        23: ('trafficDistribution', 'string', 4),
    },
    'core.v1.ServiceStatus': {
        1: ('loadBalancer', 'core.v1.LoadBalancerStatus', 0),
        2: ('conditions', 'meta.v1.Condition', 1),
    },
    'core.v1.SessionAffinityConfig': {
        1: ('clientIP', 'core.v1.ClientIPConfig', 0),
    },
    'core.v1.SleepAction': {
        1: ('seconds', 'int64', 0),
    },
    'core.v1.StorageOSPersistentVolumeSource': {
        1: ('volumeName', 'string', 8),
        2: ('volumeNamespace', 'string', 8),
        3: ('fsType', 'string', 8),
        4: ('readOnly', 'bool', 8),
        5: ('secretRef', 'core.v1.ObjectReference', 0),
    },
    'core.v1.StorageOSVolumeSource': {
        1: ('volumeName', 'string', 8),
        2: ('volumeNamespace', 'string', 8),
        3: ('fsType', 'string', 8),
        4: ('readOnly', 'bool', 8),
        5: ('secretRef', 'core.v1.LocalObjectReference', 0),
    },
    'core.v1.Sysctl': {
        1: ('name', 'string', 8),
        2: ('value', 'string', 8),
    },
    'core.v1.TCPSocketAction': {
        1: ('port', 'intstr.IntOrString', 0),
        2: ('host', 'string', 8),
    },
    'core.v1.Taint': {
        1: ('key', 'string', 8),
        2: ('value', 'string', 8),
        3: ('effect', 'string', 0),
        4: ('timeAdded', 'meta.v1.Time', 0),
    },
    'core.v1.Toleration': {
        1: ('key', 'string', 8),
        2: ('operator', 'string', 8),
        3: ('value', 'string', 8),
        4: ('effect', 'string', 8),
        5: ('tolerationSeconds', 'int64', 4),
    },
    'core.v1.TopologySelectorLabelRequirement': {
        1: ('key', 'string', 8),
        2: ('values', 'string', 1),
    },
    'core.v1.TopologySelectorTerm': {
        1: ('matchLabelExpressions', 'core.v1.TopologySelectorLabelRequirement', 1),
    },
    'core.v1.TopologySpreadConstraint': {
        1: ('maxSkew', 'int32', 0),
        2: ('topologyKey', 'string', 0),
        3: ('whenUnsatisfiable', 'string', 0),
        4: ('labelSelector', 'meta.v1.LabelSelector', 0),
        5: ('minDomains', 'int32', 4),
        6: ('nodeAffinityPolicy', 'string', 4),
        7: ('nodeTaintsPolicy', 'string', 4),
        8: ('matchLabelKeys', 'string', 1),
    },
    'core.v1.TypedLocalObjectReference': {
        1: ('apiGroup', 'string', 4),
        2: ('kind', 'string', 8),
        3: ('name', 'string', 8),
    },
    'core.v1.TypedObjectReference': {
        1: ('apiGroup', 'string', 4),
        2: ('kind', 'string', 8),
        3: ('name', 'string', 8),
        4: ('namespace', 'string', 4),
    },
    'core.v1.Volume': {
        1: ('name', 'string', 8),
        2: ('volumeSource', 'core.v1.VolumeSource', 16),
    },
    'core.v1.VolumeDevice': {
        1: ('name', 'string', 8),
        2: ('devicePath', 'string', 0),
    },
    'core.v1.VolumeMount': {
        1: ('name', 'string', 8),
        2: ('readOnly', 'bool', 8),
        3: ('mountPath', 'string', 0),
        4: ('subPath', 'string', 8),
        5: ('mountPropagation', 'string', 4),
        6: ('subPathExpr', 'string', 8),
        7: ('recursiveReadOnly', 'string', 4),
    },
    'core.v1.VolumeMountStatus': {
        1: ('name', 'string', 8),
        2: ('mountPath', 'string', 0),
        3: ('readOnly', 'bool', 8),
        4: ('recursiveReadOnly', 'string', 4),
    },
    'core.v1.VolumeNodeAffinity': {
        1: ('required', 'core.v1.NodeSelector', 0),
    },
    'core.v1.VolumeProjection': {
        1: ('secret', 'core.v1.SecretProjection', 0),
        2: ('downwardAPI', 'core.v1.DownwardAPIProjection', 0),
        3: ('configMap', 'core.v1.ConfigMapProjection', 0),
        4: ('serviceAccountToken', 'core.v1.ServiceAccountTokenProjection', 0),
        5: ('clusterTrustBundle', 'core.v1.ClusterTrustBundleProjection', 0),
    },
    'core.v1.VolumeResourceRequirements': {
        1: ('limits', ('string', 'resource.Quantity'), 2),
        2: ('requests', ('string', 'resource.Quantity'), 2),
    },
    'core.v1.VolumeSource': {
        1: ('hostPath', 'core.v1.HostPathVolumeSource', 0),
        2: ('emptyDir', 'core.v1.EmptyDirVolumeSource', 0),
        3: ('gcePersistentDisk', 'core.v1.GCEPersistentDiskVolumeSource', 0),
        4: ('awsElasticBlockStore', 'core.v1.AWSElasticBlockStoreVolumeSource', 0),
        5: ('gitRepo', 'core.v1.GitRepoVolumeSource', 0),
        6: ('secret', 'core.v1.SecretVolumeSource', 0),
        7: ('nfs', 'core.v1.NFSVolumeSource', 0),
        8: ('iscsi', 'core.v1.ISCSIVolumeSource', 0),
        9: ('glusterfs', 'core.v1.GlusterfsVolumeSource', 0),
        10: ('persistentVolumeClaim', 'core.v1.PersistentVolumeClaimVolumeSource', 0),
        11: ('rbd', 'core.v1.RBDVolumeSource', 0),
        12: ('flexVolume', 'core.v1.FlexVolumeSource', 0),
        13: ('cinder', 'core.v1.CinderVolumeSource', 0),
        14: ('cephfs', 'core.v1.CephFSVolumeSource', 0),
        15: ('flocker', 'core.v1.FlockerVolumeSource', 0),
        16: ('downwardAPI', 'core.v1.DownwardAPIVolumeSource', 0),
        17: ('fc', 'core.v1.FCVolumeSource', 0),
        18: ('azureFile', 'core.v1.AzureFileVolumeSource', 0),
        19: ('configMap', 'core.v1.ConfigMapVolumeSource', 0),
        20: ('vsphereVolume', 'core.v1.VsphereVirtualDiskVolumeSource', 0),
        21: ('quobyte', 'core.v1.QuobyteVolumeSource', 0),
        22: ('azureDisk', 'core.v1.AzureDiskVolumeSource', 0),
        23: ('photonPersistentDisk', 'core.v1.PhotonPersistentDiskVolumeSource', 0),
        24: ('portworxVolume', 'core.v1.PortworxVolumeSource', 0),
        25: ('scaleIO', 'core.v1.ScaleIOVolumeSource', 0),
        26: ('projected', 'core.v1.ProjectedVolumeSource', 0),
        27: ('storageos', 'core.v1.StorageOSVolumeSource', 0),
        28: ('csi', 'core.v1.CSIVolumeSource', 0),
        29: ('ephemeral', 'core.v1.EphemeralVolumeSource', 0),
        30: ('image', 'core.v1.ImageVolumeSource', 0),
    },
    'core.v1.VsphereVirtualDiskVolumeSource': {
        1: ('volumePath', 'string', 0),
        2: ('fsType', 'string', 8),
        3: ('storagePolicyName', 'string', 8),
        4: ('storagePolicyID', 'string', 8),
    },
    'core.v1.WeightedPodAffinityTerm': {
        1: ('weight', 'int32', 0),
        2: ('podAffinityTerm', 'core.v1.PodAffinityTerm', 0),
    },
    'core.v1.WindowsSecurityContextOptions': {
        1: ('gmsaCredentialSpecName', 'string', 4),
        2: ('gmsaCredentialSpec', 'string', 4),
        3: ('runAsUserName', 'string', 4),
        4: ('hostProcess', 'bool', 4),
    },
    'discovery.v1.Endpoint': {
        1: ('addresses', 'string', 1),
        2: ('conditions', 'discovery.v1.EndpointConditions', 0),
        3: ('hostname', 'string', 4),
        4: ('targetRef', 'core.v1.ObjectReference', 0),
        5: ('deprecatedTopology', ('string', 'string'), 2),
        6: ('nodeName', 'string', 4),
        7: ('zone', 'string', 4),
        8: ('hints', 'discovery.v1.EndpointHints', 0),
    },
    'discovery.v1.EndpointConditions': {
        1: ('ready', 'bool', 4),
        2: ('serving', 'bool', 4),
        3: ('terminating', 'bool', 4),
    },
    'discovery.v1.EndpointHints': {
        1: ('forZones', 'discovery.v1.ForZone', 1),
        2: ('forNodes', 'discovery.v1.ForNode', 1),
    },
    'discovery.v1.EndpointPort': {
        1: ('name', 'string', 4),
        2: ('protocol', 'string', 4),
        3: ('port', 'int32', 4),
        4: ('appProtocol', 'string', 4),
    },
    'discovery.v1.EndpointSlice': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('endpoints', 'discovery.v1.Endpoint', 1),
        3: ('ports', 'discovery.v1.EndpointPort', 1),
        4: ('addressType', 'string', 0),
    },
    'discovery.v1.EndpointSliceList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'discovery.v1.EndpointSlice', 1),
    },
    'discovery.v1.ForNode': {
        1: ('name', 'string', 8),
    },
    'discovery.v1.ForZone': {
        1: ('name', 'string', 8),
    },
    'events.v1.Event': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('eventTime', 'meta.v1.MicroTime', 0),
        3: ('series', 'events.v1.EventSeries', 0),
        4: ('reportingController', 'string', 8),
        5: ('reportingInstance', 'string', 8),
        6: ('action', 'string', 8),
        7: ('reason', 'string', 8),
        8: ('regarding', 'core.v1.ObjectReference', 0),
        9: ('related', 'core.v1.ObjectReference', 0),
        10: ('note', 'string', 8),
        11: ('type', 'string', 8),
        12: ('deprecatedSource', 'core.v1.EventSource', 0),
        13: ('deprecatedFirstTimestamp', 'meta.v1.Time', 0),
        14: ('deprecatedLastTimestamp', 'meta.v1.Time', 0),
        15: ('deprecatedCount', 'int32', 8),
    },
    'events.v1.EventList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'events.v1.Event', 1),
    },
    'events.v1.EventSeries': {
        1: ('count', 'int32', 0),
        2: ('lastObservedTime', 'meta.v1.MicroTime', 0),
    },
    'flowcontrol.v1.ExemptPriorityLevelConfiguration': {
        1: ('nominalConcurrencyShares', 'int32', 4),
        2: ('lendablePercent', 'int32', 4),
    },
    'flowcontrol.v1.FlowDistinguisherMethod': {
        1: ('type', 'string', 8),
    },
    'flowcontrol.v1.FlowSchema': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'flowcontrol.v1.FlowSchemaSpec', 0),
        3: ('status', 'flowcontrol.v1.FlowSchemaStatus', 0),
    },
    'flowcontrol.v1.FlowSchemaCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastTransitionTime', 'meta.v1.Time', 0),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
    },
    'flowcontrol.v1.FlowSchemaList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'flowcontrol.v1.FlowSchema', 1),
    },
    'flowcontrol.v1.FlowSchemaSpec': {
        1: ('priorityLevelConfiguration', 'flowcontrol.v1.PriorityLevelConfigurationReference', 0),
        2: ('matchingPrecedence', 'int32', 0),
        3: ('distinguisherMethod', 'flowcontrol.v1.FlowDistinguisherMethod', 0),
        4: ('rules', 'flowcontrol.v1.PolicyRulesWithSubjects', 1),
    },
    'flowcontrol.v1.FlowSchemaStatus': {
        1: ('conditions', 'flowcontrol.v1.FlowSchemaCondition', 1),
    },
    'flowcontrol.v1.GroupSubject': {
        1: ('name', 'string', 8),
    },
    'flowcontrol.v1.LimitResponse': {
        1: ('type', 'string', 8),
        2: ('queuing', 'flowcontrol.v1.QueuingConfiguration', 0),
    },
    'flowcontrol.v1.LimitedPriorityLevelConfiguration': {
        1: ('nominalConcurrencyShares', 'int32', 4),
        2: ('limitResponse', 'flowcontrol.v1.LimitResponse', 0),
        3: ('lendablePercent', 'int32', 4),
        4: ('borrowingLimitPercent', 'int32', 4),
    },
    'flowcontrol.v1.NonResourcePolicyRule': {
        1: ('verbs', 'string', 1),
        6: ('nonResourceURLs', 'string', 1),
    },
    'flowcontrol.v1.PolicyRulesWithSubjects': {
        1: ('subjects', 'flowcontrol.v1.Subject', 1),
        2: ('resourceRules', 'flowcontrol.v1.ResourcePolicyRule', 1),
        3: ('nonResourceRules', 'flowcontrol.v1.NonResourcePolicyRule', 1),
    },
    'flowcontrol.v1.PriorityLevelConfiguration': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'flowcontrol.v1.PriorityLevelConfigurationSpec', 0),
        3: ('status', 'flowcontrol.v1.PriorityLevelConfigurationStatus', 0),
    },
    'flowcontrol.v1.PriorityLevelConfigurationCondition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('lastTransitionTime', 'meta.v1.Time', 0),
        4: ('reason', 'string', 8),
        5: ('message', 'string', 8),
    },
    'flowcontrol.v1.PriorityLevelConfigurationList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'flowcontrol.v1.PriorityLevelConfiguration', 1),
    },
    'flowcontrol.v1.PriorityLevelConfigurationReference': {
        1: ('name', 'string', 8),
    },
    'flowcontrol.v1.PriorityLevelConfigurationSpec': {
        1: ('type', 'string', 8),
        2: ('limited', 'flowcontrol.v1.LimitedPriorityLevelConfiguration', 0),
        3: ('exempt', 'flowcontrol.v1.ExemptPriorityLevelConfiguration', 0),
    },
    'flowcontrol.v1.PriorityLevelConfigurationStatus': {
        1: ('conditions', 'flowcontrol.v1.PriorityLevelConfigurationCondition', 1),
    },
    'flowcontrol.v1.QueuingConfiguration': {
        1: ('queues', 'int32', 0),
        2: ('handSize', 'int32', 0),
        3: ('queueLengthLimit', 'int32', 0),
    },
    'flowcontrol.v1.ResourcePolicyRule': {
        1: ('verbs', 'string', 1),
        2: ('apiGroups', 'string', 1),
        3: ('resources', 'string', 1),
        4: ('clusterScope', 'bool', 8),
        5: ('namespaces', 'string', 1),
    },
    'flowcontrol.v1.ServiceAccountSubject': {
        1: ('namespace', 'string', 8),
        2: ('name', 'string', 8),
    },
    'flowcontrol.v1.Subject': {
        1: ('kind', 'string', 8),
        2: ('user', 'flowcontrol.v1.UserSubject', 0),
        3: ('group', 'flowcontrol.v1.GroupSubject', 0),
        4: ('serviceAccount', 'flowcontrol.v1.ServiceAccountSubject', 0),
    },
    'flowcontrol.v1.UserSubject': {
        1: ('name', 'string', 8),
    },
    'intstr.IntOrString': {
        1: ('type', 'int64', 8),
        2: ('intVal', 'int32', 8),
        3: ('strVal', 'string', 8),
    },
    'meta.v1.APIGroup': {
        1: ('name', 'string', 8),
        2: ('versions', 'meta.v1.GroupVersionForDiscovery', 1),
        3: ('preferredVersion', 'meta.v1.GroupVersionForDiscovery', 0),
        4: ('serverAddressByClientCIDRs', 'meta.v1.ServerAddressByClientCIDR', 1),
    },
    'meta.v1.APIGroupList': {
        1: ('groups', 'meta.v1.APIGroup', 1),
    },
    'meta.v1.APIResource': {
        1: ('name', 'string', 8),
        2: ('namespaced', 'bool', 0),
        3: ('kind', 'string', 8),
        4: ('verbs', 'meta.v1.Verbs', 0),
        5: ('shortNames', 'string', 1),
        6: ('singularName', 'string', 0),
        7: ('categories', 'string', 1),
        8: ('group', 'string', 8),
        9: ('version', 'string', 8),
        10: ('storageVersionHash', 'string', 8),
    },
    'meta.v1.APIResourceList': {
        1: ('groupVersion', 'string', 0),
        2: ('resources', 'meta.v1.APIResource', 1),
    },
    'meta.v1.APIVersions': {
        1: ('versions', 'string', 1),
        2: ('serverAddressByClientCIDRs', 'meta.v1.ServerAddressByClientCIDR', 1),
    },
    'meta.v1.ApplyOptions': {
        1: ('dryRun', 'string', 1),
        2: ('force', 'bool', 0),
        3: ('fieldManager', 'string', 8),
    },
    'meta.v1.Condition': {
        1: ('type', 'string', 8),
        2: ('status', 'string', 8),
        3: ('observedGeneration', 'int64', 8),
        4: ('lastTransitionTime', 'meta.v1.Time', 0),
        5: ('reason', 'string', 8),
        6: ('message', 'string', 8),
    },
    'meta.v1.CreateOptions': {
        1: ('dryRun', 'string', 1),
        3: ('fieldManager', 'string', 8),
        4: ('fieldValidation', 'string', 8),
    },
    'meta.v1.DeleteOptions': {
        1: ('gracePeriodSeconds', 'int64', 4),
        2: ('preconditions', 'meta.v1.Preconditions', 0),
        3: ('orphanDependents', 'bool', 4),
        4: ('propagationPolicy', 'string', 4),
        5: ('dryRun', 'string', 1),
        6: ('ignoreStoreReadErrorWithClusterBreakingPotential', 'bool', 4),
    },
    'meta.v1.Duration': {
        1: ('duration', 'int64', 8),
    },
    'meta.v1.FieldSelectorRequirement': {
        1: ('key', 'string', 8),
        2: ('operator', 'string', 8),
        3: ('values', 'string', 1),
    },
    'meta.v1.FieldsV1': {
        1: ('Raw', 'bytes', 4),
    },
    'meta.v1.GetOptions': {
        1: ('resourceVersion', 'string', 8),
    },
    'meta.v1.GroupKind': {
        1: ('group', 'string', 8),
        2: ('kind', 'string', 8),
    },
    'meta.v1.GroupResource': {
        1: ('group', 'string', 8),
        2: ('resource', 'string', 8),
    },
    'meta.v1.GroupVersion': {
        1: ('group', 'string', 8),
        2: ('version', 'string', 8),
    },
    'meta.v1.GroupVersionForDiscovery': {
        1: ('groupVersion', 'string', 0),
        2: ('version', 'string', 8),
    },
    'meta.v1.GroupVersionKind': {
        1: ('group', 'string', 8),
        2: ('version', 'string', 8),
        3: ('kind', 'string', 8),
    },
    'meta.v1.GroupVersionResource': {
        1: ('group', 'string', 8),
        2: ('version', 'string', 8),
        3: ('resource', 'string', 8),
    },
    'meta.v1.LabelSelector': {
        1: ('matchLabels', ('string', 'string'), 2),
        2: ('matchExpressions', 'meta.v1.LabelSelectorRequirement', 1),
    },
    'meta.v1.LabelSelectorRequirement': {
        1: ('key', 'string', 8),
        2: ('operator', 'string', 8),
        3: ('values', 'string', 1),
    },
    'meta.v1.List': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'runtime.RawExtension', 1),
    },
    'meta.v1.ListMeta': {
        1: ('selfLink', 'string', 8),
        2: ('resourceVersion', 'string', 8),
        3: ('continue', 'string', 8),
        4: ('remainingItemCount', 'int64', 4),
    },
    'meta.v1.ListOptions': {
        1: ('labelSelector', 'string', 8),
        2: ('fieldSelector', 'string', 8),
        3: ('watch', 'bool', 8),
        4: ('resourceVersion', 'string', 8),
        5: ('timeoutSeconds', 'int64', 4),
        7: ('limit', 'int64', 8),
        8: ('continue', 'string', 8),
        9: ('allowWatchBookmarks', 'bool', 8),
        10: ('resourceVersionMatch', 'string', 8),
        11: ('sendInitialEvents', 'bool', 4),
    },
    'meta.v1.ManagedFieldsEntry': {
        1: ('manager', 'string', 8),
        2: ('operation', 'string', 8),
        3: ('apiVersion', 'string', 8),
        4: ('time', 'meta.v1.Time', 0),
        6: ('fieldsType', 'string', 8),
        7: ('fieldsV1', 'meta.v1.FieldsV1', 0),
        8: ('subresource', 'string', 8),
    },
    'meta.v1.MicroTime': {
        1: ('seconds', 'int64', 8),
        2: ('nanos', 'int32', 8),
    },
    'meta.v1.ObjectMeta': {
        1: ('name', 'string', 8),
        2: ('generateName', 'string', 8),
        3: ('namespace', 'string', 8),
        4: ('selfLink', 'string', 8),
        5: ('uid', 'string', 8),
        6: ('resourceVersion', 'string', 8),
        7: ('generation', 'int64', 8),
        8: ('creationTimestamp', 'meta.v1.Time', 0),
        9: ('deletionTimestamp', 'meta.v1.Time', 0),
        10: ('deletionGracePeriodSeconds', 'int64', 4),
        11: ('labels', ('string', 'string'), 2),
        12: ('annotations', ('string', 'string'), 2),
        13: ('ownerReferences', 'meta.v1.OwnerReference', 1),
        14: ('finalizers', 'string', 1),
        17: ('managedFields', 'meta.v1.ManagedFieldsEntry', 1),
    },
    'meta.v1.OwnerReference': {
        1: ('kind', 'string', 8),
        3: ('name', 'string', 8),
        4: ('uid', 'string', 8),
        5: ('apiVersion', 'string', 8),
        6: ('controller', 'bool', 4),
        7: ('blockOwnerDeletion', 'bool', 4),
    },
    'meta.v1.PartialObjectMetadata': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
    },
    'meta.v1.PartialObjectMetadataList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'meta.v1.PartialObjectMetadata', 1),
    },
    'meta.v1.Patch': {
    },
    'meta.v1.PatchOptions': {
        1: ('dryRun', 'string', 1),
        2: ('force', 'bool', 4),
        3: ('fieldManager', 'string', 8),
        4: ('fieldValidation', 'string', 8),
    },
    'meta.v1.Preconditions': {
        1: ('uid', 'string', 4),
        2: ('resourceVersion', 'string', 4),
    },
    'meta.v1.RootPaths': {
        1: ('paths', 'string', 1),
    },
    'meta.v1.ServerAddressByClientCIDR': {
        1: ('clientCIDR', 'string', 0),
        2: ('serverAddress', 'string', 0),
    },
    'meta.v1.Status': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('status', 'string', 8),
        3: ('message', 'string', 8),
        4: ('reason', 'string', 8),
        5: ('details', 'meta.v1.StatusDetails', 0),
        6: ('code', 'int32', 8),
    },
    'meta.v1.StatusCause': {
        1: ('reason', 'string', 8),
        2: ('message', 'string', 8),
        3: ('field', 'string', 8),
    },
    'meta.v1.StatusDetails': {
        1: ('name', 'string', 8),
        2: ('group', 'string', 8),
        3: ('kind', 'string', 8),
        4: ('causes', 'meta.v1.StatusCause', 1),
        5: ('retryAfterSeconds', 'int32', 8),
        6: ('uid', 'string', 8),
    },
    'meta.v1.TableOptions': {
        1: ('includeObject', 'string', 8),
    },
    'meta.v1.Time': {
        1: ('seconds', 'int64', 8),
        2: ('nanos', 'int32', 8),
    },
    'meta.v1.Timestamp': {
        1: ('seconds', 'int64', 8),
        2: ('nanos', 'int32', 8),
    },
    'meta.v1.TypeMeta': {
        1: ('kind', 'string', 8),
        2: ('apiVersion', 'string', 8),
    },
    'meta.v1.UpdateOptions': {
        1: ('dryRun', 'string', 1),
        2: ('fieldManager', 'string', 8),
        3: ('fieldValidation', 'string', 8),
    },
    'meta.v1.Verbs': {
        1: ('items', 'string', 1),
    },
    'meta.v1.WatchEvent': {
        1: ('type', 'string', 8),
        2: ('object', 'runtime.RawExtension', 0),
    },
    'networking.v1.HTTPIngressPath': {
        1: ('path', 'string', 8),
        2: ('backend', 'networking.v1.IngressBackend', 0),
        3: ('pathType', 'string', 4),
    },
    'networking.v1.HTTPIngressRuleValue': {
        1: ('paths', 'networking.v1.HTTPIngressPath', 1),
    },
    'networking.v1.IPAddress': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'networking.v1.IPAddressSpec', 0),
    },
    'networking.v1.IPAddressList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'networking.v1.IPAddress', 1),
    },
    'networking.v1.IPAddressSpec': {
        1: ('parentRef', 'networking.v1.ParentReference', 0),
    },
    'networking.v1.IPBlock': {
        1: ('cidr', 'string', 0),
        2: ('except', 'string', 1),
    },
    'networking.v1.Ingress': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'networking.v1.IngressSpec', 0),
        3: ('status', 'networking.v1.IngressStatus', 0),
    },
    'networking.v1.IngressBackend': {
        3: ('resource', 'core.v1.TypedLocalObjectReference', 0),
        4: ('service', 'networking.v1.IngressServiceBackend', 0),
    },
    'networking.v1.IngressClass': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'networking.v1.IngressClassSpec', 0),
    },
    'networking.v1.IngressClassList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'networking.v1.IngressClass', 1),
    },
    'networking.v1.IngressClassParametersReference': {
        1: ('apiGroup', 'string', 4),
        2: ('kind', 'string', 8),
        3: ('name', 'string', 8),
        4: ('scope', 'string', 4),
        5: ('namespace', 'string', 4),
    },
    'networking.v1.IngressClassSpec': {
        1: ('controller', 'string', 8),
        2: ('parameters', 'networking.v1.IngressClassParametersReference', 0),
    },
    'networking.v1.IngressList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'networking.v1.Ingress', 1),
    },
    'networking.v1.IngressLoadBalancerIngress': {
        1: ('ip', 'string', 8),
        2: ('hostname', 'string', 8),
        4: ('ports', 'networking.v1.IngressPortStatus', 1),
    },
    'networking.v1.IngressLoadBalancerStatus': {
        1: ('ingress', 'networking.v1.IngressLoadBalancerIngress', 1),
    },
    'networking.v1.IngressPortStatus': {
        1: ('port', 'int32', 0),
        2: ('protocol', 'string', 8),
        3: ('error', 'string', 4),
    },
    'networking.v1.IngressRule': {
        1: ('host', 'string', 8),
        2: ('ingressRuleValue', 'networking.v1.IngressRuleValue', 16),
    },
    'networking.v1.IngressRuleValue': {
        1: ('http', 'networking.v1.HTTPIngressRuleValue', 0),
    },
    'networking.v1.IngressServiceBackend': {
        1: ('name', 'string', 8),
        2: ('port', 'networking.v1.ServiceBackendPort', 0),
    },
    'networking.v1.IngressSpec': {
        1: ('defaultBackend', 'networking.v1.IngressBackend', 0),
        2: ('tls', 'networking.v1.IngressTLS', 1),
        3: ('rules', 'networking.v1.IngressRule', 1),
        4: ('ingressClassName', 'string', 4),
    },
    'networking.v1.IngressStatus': {
        1: ('loadBalancer', 'networking.v1.IngressLoadBalancerStatus', 0),
    },
    'networking.v1.IngressTLS': {
        1: ('hosts', 'string', 1),
        2: ('secretName', 'string', 8),
    },
    'networking.v1.NetworkPolicy': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'networking.v1.NetworkPolicySpec', 0),
    },
    'networking.v1.NetworkPolicyEgressRule': {
        1: ('ports', 'networking.v1.NetworkPolicyPort', 1),
        2: ('to', 'networking.v1.NetworkPolicyPeer', 1),
    },
    'networking.v1.NetworkPolicyIngressRule': {
        1: ('ports', 'networking.v1.NetworkPolicyPort', 1),
        2: ('from', 'networking.v1.NetworkPolicyPeer', 1),
    },
    'networking.v1.NetworkPolicyList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'networking.v1.NetworkPolicy', 1),
    },
    'networking.v1.NetworkPolicyPeer': {
        1: ('podSelector', 'meta.v1.LabelSelector', 0),
        2: ('namespaceSelector', 'meta.v1.LabelSelector', 0),
        3: ('ipBlock', 'networking.v1.IPBlock', 0),
    },
    'networking.v1.NetworkPolicyPort': {
        1: ('protocol', 'string', 4),
        2: ('port', 'intstr.IntOrString', 0),
        3: ('endPort', 'int32', 4),
    },
    'networking.v1.NetworkPolicySpec': {
        1: ('podSelector', 'meta.v1.LabelSelector', 0),
        2: ('ingress', 'networking.v1.NetworkPolicyIngressRule', 1),
        3: ('egress', 'networking.v1.NetworkPolicyEgressRule', 1),
        4: ('policyTypes', 'string', 1),
    },
    'networking.v1.ParentReference': {
        1: ('group', 'string', 8),
        2: ('resource', 'string', 8),
        3: ('namespace', 'string', 8),
        4: ('name', 'string', 8),
    },
    'networking.v1.ServiceBackendPort': {
        1: ('name', 'string', 8),
        2: ('number', 'int32', 8),
    },
    'networking.v1.ServiceCIDR': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'networking.v1.ServiceCIDRSpec', 0),
        3: ('status', 'networking.v1.ServiceCIDRStatus', 0),
    },
    'networking.v1.ServiceCIDRList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'networking.v1.ServiceCIDR', 1),
    },
    'networking.v1.ServiceCIDRSpec': {
        1: ('cidrs', 'string', 1),
    },
    'networking.v1.ServiceCIDRStatus': {
        1: ('conditions', 'meta.v1.Condition', 1),
    },
    'node.v1.Overhead': {
        1: ('podFixed', ('string', 'resource.Quantity'), 2),
    },
    'node.v1.RuntimeClass': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('handler', 'string', 0),
        3: ('overhead', 'node.v1.Overhead', 0),
        4: ('scheduling', 'node.v1.Scheduling', 0),
    },
    'node.v1.RuntimeClassList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'node.v1.RuntimeClass', 1),
    },
    'node.v1.Scheduling': {
        1: ('nodeSelector', ('string', 'string'), 2),
        2: ('tolerations', 'core.v1.Toleration', 1),
    },
    'policy.v1.Eviction': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('deleteOptions', 'meta.v1.DeleteOptions', 0),
    },
    'policy.v1.PodDisruptionBudget': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'policy.v1.PodDisruptionBudgetSpec', 0),
        3: ('status', 'policy.v1.PodDisruptionBudgetStatus', 0),
    },
    'policy.v1.PodDisruptionBudgetList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'policy.v1.PodDisruptionBudget', 1),
    },
    'policy.v1.PodDisruptionBudgetSpec': {
        1: ('minAvailable', 'intstr.IntOrString', 0),
        2: ('selector', 'meta.v1.LabelSelector', 0),
        3: ('maxUnavailable', 'intstr.IntOrString', 0),
        4: ('unhealthyPodEvictionPolicy', 'string', 4),
    },
    'policy.v1.PodDisruptionBudgetStatus': {
        1: ('observedGeneration', 'int64', 8),
        2: ('disruptedPods', ('string', 'meta.v1.Time'), 2),
        3: ('disruptionsAllowed', 'int32', 0),
        4: ('currentHealthy', 'int32', 0),
        5: ('desiredHealthy', 'int32', 0),
        6: ('expectedPods', 'int32', 0),
        7: ('conditions', 'meta.v1.Condition', 1),
    },
    'rbac.v1.AggregationRule': {
        1: ('clusterRoleSelectors', 'meta.v1.LabelSelector', 1),
    },
    'rbac.v1.ClusterRole': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('rules', 'rbac.v1.PolicyRule', 1),
        3: ('aggregationRule', 'rbac.v1.AggregationRule', 0),
    },
    'rbac.v1.ClusterRoleBinding': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('subjects', 'rbac.v1.Subject', 1),
        3: ('roleRef', 'rbac.v1.RoleRef', 0),
    },
    'rbac.v1.ClusterRoleBindingList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'rbac.v1.ClusterRoleBinding', 1),
    },
    'rbac.v1.ClusterRoleList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'rbac.v1.ClusterRole', 1),
    },
    'rbac.v1.PolicyRule': {
        1: ('verbs', 'string', 1),
        2: ('apiGroups', 'string', 1),
        3: ('resources', 'string', 1),
        4: ('resourceNames', 'string', 1),
        5: ('nonResourceURLs', 'string', 1),
    },
    'rbac.v1.Role': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('rules', 'rbac.v1.PolicyRule', 1),
    },
    'rbac.v1.RoleBinding': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('subjects', 'rbac.v1.Subject', 1),
        3: ('roleRef', 'rbac.v1.RoleRef', 0),
    },
    'rbac.v1.RoleBindingList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'rbac.v1.RoleBinding', 1),
    },
    'rbac.v1.RoleList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'rbac.v1.Role', 1),
    },
    'rbac.v1.RoleRef': {
        1: ('apiGroup', 'string', 8),
        2: ('kind', 'string', 8),
        3: ('name', 'string', 8),
    },
    'rbac.v1.Subject': {
        1: ('kind', 'string', 8),
        2: ('apiGroup', 'string', 8),
        3: ('name', 'string', 8),
        4: ('namespace', 'string', 8),
    },
    'resource.Quantity': {
        1: ('string', 'string', 4),
    },
    'runtime.RawExtension': {
        1: ('raw', 'bytes', 4),
    },
    'scheduling.v1.PriorityClass': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('value', 'int32', 0),
        3: ('globalDefault', 'bool', 8),
        4: ('description', 'string', 8),
        5: ('preemptionPolicy', 'string', 4),
    },
    'scheduling.v1.PriorityClassList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'scheduling.v1.PriorityClass', 1),
    },
    'storage.v1.CSIDriver': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'storage.v1.CSIDriverSpec', 0),
    },
    'storage.v1.CSIDriverList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'storage.v1.CSIDriver', 1),
    },
    'storage.v1.CSIDriverSpec': {
        1: ('attachRequired', 'bool', 4),
        2: ('podInfoOnMount', 'bool', 4),
        3: ('volumeLifecycleModes', 'string', 1),
        4: ('storageCapacity', 'bool', 4),
        5: ('fsGroupPolicy', 'string', 4),
        6: ('tokenRequests', 'storage.v1.TokenRequest', 1),
        7: ('requiresRepublish', 'bool', 4),
        8: ('seLinuxMount', 'bool', 4),
        9: ('nodeAllocatableUpdatePeriodSeconds', 'int64', 4),
    },
    'storage.v1.CSINode': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'storage.v1.CSINodeSpec', 0),
    },
    'storage.v1.CSINodeDriver': {
        1: ('name', 'string', 8),
        2: ('nodeID', 'string', 0),
        3: ('topologyKeys', 'string', 1),
        4: ('allocatable', 'storage.v1.VolumeNodeResources', 0),
    },
    'storage.v1.CSINodeList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'storage.v1.CSINode', 1),
    },
    'storage.v1.CSINodeSpec': {
        1: ('drivers', 'storage.v1.CSINodeDriver', 1),
    },
    'storage.v1.CSIStorageCapacity': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('nodeTopology', 'meta.v1.LabelSelector', 0),
        3: ('storageClassName', 'string', 0),
        4: ('capacity', 'resource.Quantity', 0),
        5: ('maximumVolumeSize', 'resource.Quantity', 0),
    },
    'storage.v1.CSIStorageCapacityList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'storage.v1.CSIStorageCapacity', 1),
    },
    'storage.v1.StorageClass': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('provisioner', 'string', 0),
        3: ('parameters', ('string', 'string'), 2),
        4: ('reclaimPolicy', 'string', 4),
        5: ('mountOptions', 'string', 1),
        6: ('allowVolumeExpansion', 'bool', 4),
        7: ('volumeBindingMode', 'string', 4),
        8: ('allowedTopologies', 'core.v1.TopologySelectorTerm', 1),
    },
    'storage.v1.StorageClassList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'storage.v1.StorageClass', 1),
    },
    'storage.v1.TokenRequest': {
        1: ('audience', 'string', 8),
        2: ('expirationSeconds', 'int64', 4),
    },
    'storage.v1.VolumeAttachment': {
        1: ('metadata', 'meta.v1.ObjectMeta', 0),
        2: ('spec', 'storage.v1.VolumeAttachmentSpec', 0),
        3: ('status', 'storage.v1.VolumeAttachmentStatus', 0),
    },
    'storage.v1.VolumeAttachmentList': {
        1: ('metadata', 'meta.v1.ListMeta', 0),
        2: ('items', 'storage.v1.VolumeAttachment', 1),
    },
    'storage.v1.VolumeAttachmentSource': {
        1: ('persistentVolumeName', 'string', 4),
        2: ('inlineVolumeSpec', 'core.v1.PersistentVolumeSpec', 0),
    },
    'storage.v1.VolumeAttachmentSpec': {
        1: ('attacher', 'string', 0),
        2: ('source', 'storage.v1.VolumeAttachmentSource', 0),
        3: ('nodeName', 'string', 8),
    },
    'storage.v1.VolumeAttachmentStatus': {
        1: ('attached', 'bool', 0),
        2: ('attachmentMetadata', ('string', 'string'), 2),
        3: ('attachError', 'storage.v1.VolumeError', 0),
        4: ('detachError', 'storage.v1.VolumeError', 0),
    },
    'storage.v1.VolumeError': {
        1: ('time', 'meta.v1.Time', 0),
        2: ('message', 'string', 8),
        3: ('errorCode', 'int32', 4),
    },
    'storage.v1.VolumeNodeResources': {
        1: ('count', 'int32', 4),
    },
}
