"""The three PATCH content types kube-apiserver accepts.

* ``application/merge-patch+json`` -- RFC 7386 (:func:`merge_patch`);
* ``application/strategic-merge-patch+json`` -- k8s.io/apimachinery/pkg/util/strategicpatch
  as the server applies it (parallel lists merged, unmatched nulls ignored), with the
  patchStrategy/patchMergeKey struct tags of the built-in types (:func:`strategic_merge_patch`);
* ``application/json-patch+json`` -- RFC 6902 (:func:`json_patch`).

Every function works on copies: inputs are never mutated and results never alias them.
"""
from __future__ import annotations

import json
from typing import Any

from simulator.objects import deep_copy


class PatchError(ValueError):
    """A patch that cannot be applied; the server answers it with 422 / 400."""


# --- RFC 7386 -----------------------------------------------------------------------------

def merge_patch(target: Any, patch: Any) -> Any:
    """JSON merge patch: objects merge recursively, ``null`` deletes, anything else replaces."""
    if not isinstance(patch, dict):
        raise PatchError("merge patch must be a JSON object")
    return _merge(deep_copy(target), patch)


def _merge(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return deep_copy(patch)
    result = target if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge(result.get(key), value)
    return result


# --- strategic merge patch ----------------------------------------------------------------

_CONTAINER_LISTS = frozenset({"containers", "initContainers", "ephemeralContainers"})
# patchMergeKey of lists inside a Container.
_CONTAINER_FIELDS = {"ports": "containerPort", "env": "name", "volumeMounts": "mountPath",
                     "volumeDevices": "devicePath"}
# patchMergeKey of lists inside a PodSpec.
_POD_SPEC_FIELDS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "volumes": "name",
    "imagePullSecrets": "name", "schedulingGates": "name", "resourceClaims": "name",
    "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
}
_STATUS_FIELDS = {"conditions": "type", "podIPs": "ip", "hostIPs": "ip", "resourceClaimStatuses": "name"}
_MERGE_PRIMITIVES = "<primitive>"  # patchStrategy=merge on a list of scalars: a set union


def list_strategy(kind: str, path: tuple[str, ...], field: str) -> str | None:
    """patchMergeKey for ``field`` of the map at ``path`` (list indices dropped).

    None means the list is atomic (replaced, the default: tolerations, envFrom, taints ...);
    ``_MERGE_PRIMITIVES`` means a merged set of scalars (metadata.finalizers, spec.podCIDRs).
    """
    parent = path[-1] if path else ""
    if parent in _CONTAINER_LISTS:
        return _CONTAINER_FIELDS.get(field)
    if parent == "metadata":
        return {"ownerReferences": "uid", "finalizers": _MERGE_PRIMITIVES}.get(field)
    if parent == "status":
        if kind == "Node" and path == ("status",) and field == "addresses":
            return "type"
        return _STATUS_FIELDS.get(field)
    if kind == "Service" and path == ("spec",) and field == "ports":
        return "port"
    if kind == "Node" and path == ("spec",) and field == "podCIDRs":
        return _MERGE_PRIMITIVES
    if parent == "spec":
        return _POD_SPEC_FIELDS.get(field)
    return None


def strategic_merge_patch(target: Any, patch: Any, *, kind: str) -> Any:
    """Apply a strategic merge patch for an object of ``kind`` (Pod, Deployment, Node ...)."""
    if not isinstance(patch, dict):
        raise PatchError("strategic merge patch must be a JSON object")
    base = deep_copy(target) if isinstance(target, dict) else {}
    return _smp_map(base, deep_copy(patch), kind, ())


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


def _fresh(value: Any, kind: str, path: tuple[str, ...]) -> Any:
    """A patch value with nothing to merge into: still honour its directives and nulls."""
    if isinstance(value, dict):
        return _smp_map({}, value, kind, path)
    return _strip_nulls(value)


def _map_directive(patch: dict[str, Any], kind: str, path: tuple[str, ...]) -> dict[str, Any] | None:
    directive = patch.pop("$patch")
    if directive == "replace":
        return _smp_map({}, patch, kind, path)
    if directive == "delete":
        return {}
    if directive == "merge":
        return None  # the default behaviour, spelled out
    raise PatchError(f"unknown patch type: {directive} in map: {patch}")


def _retain_keys(original: dict[str, Any], patch: dict[str, Any]) -> None:
    keep = patch.pop("$retainKeys")
    if not isinstance(keep, list):
        raise PatchError("invalid patch format of retainKeys")
    for key, value in patch.items():
        if value is not None and not key.startswith("$") and key not in keep:
            raise PatchError("invalid patch format of retainKeys")
    for key in [k for k in original if k not in keep]:
        del original[key]


def _smp_map(original: dict[str, Any], patch: dict[str, Any], kind: str,
             path: tuple[str, ...]) -> dict[str, Any]:
    if "$patch" in patch:
        replaced = _map_directive(patch, kind, path)
        if replaced is not None:
            return replaced
    if "$retainKeys" in patch:
        _retain_keys(original, patch)
    for key in [k for k in patch if k.startswith("$setElementOrder/")]:
        _set_element_order(original, patch, key, kind, path)
    for key, value in patch.items():
        delete_list = key.startswith("$deleteFromPrimitiveList/")
        if delete_list:
            key = key.partition("/")[2]
        elif key.startswith("$"):
            raise PatchError(f"unknown patch directive: {key}")
        if not key:
            raise PatchError("invalid patch format of primitive list")
        if value is None:
            original.pop(key, None)
            continue
        current = original.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            original[key] = _smp_map(current, value, kind, path + (key,))
        elif isinstance(current, list) and isinstance(value, list):
            original[key] = _smp_list(current, value, kind, path, key, delete_list)
        elif not delete_list:
            original[key] = (_smp_list([], value, kind, path, key, False) if isinstance(value, list)
                             else _fresh(value, kind, path + (key,)))
    return original


def _set_element_order(original: dict[str, Any], patch: dict[str, Any], directive: str,
                       kind: str, path: tuple[str, ...]) -> None:
    """``$setElementOrder/<field>``: the client's intended order of the merged list."""
    order = patch.pop(directive)
    field = directive.partition("/")[2]
    if not field or not isinstance(order, list):
        raise PatchError("invalid patch format of setElementOrder list")
    merge_key = list_strategy(kind, path, field)
    live = original.get(field)
    if field in patch and live is not None:
        if not isinstance(live, list) or not isinstance(patch[field], list):
            raise PatchError(f"invalid value for {field}: expected a list")
        merged = _smp_list(live, patch.pop(field), kind, path, field, False)
    elif field in patch:
        value = patch.pop(field)
        merged = _smp_list([], value, kind, path, field, False) if isinstance(value, list) else value
    elif isinstance(live, list):
        merged = live
    else:
        return
    if isinstance(merged, list):
        key = None if merge_key == _MERGE_PRIMITIVES else merge_key
        merged = _ordered(merged, order, live if isinstance(live, list) else [], key)
    original[field] = merged


def _hkey(value: Any) -> Any:
    """A hashable identity for a JSON value (True is not 1, 1 is 1.0), as Go compares them."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, str) or value is None:
        return ("s", value)
    return ("j", json.dumps(value, sort_keys=True))


def _identity(item: Any, merge_key: str | None) -> Any:
    if merge_key is None:
        return _hkey(item)
    if not isinstance(item, dict) or merge_key not in item:
        raise PatchError(f"map: {item} does not contain declared merge key: {merge_key}")
    return _hkey(item[merge_key])


def _smp_list(live: list[Any], patch: list[Any], kind: str, path: tuple[str, ...], field: str,
              delete_list: bool) -> list[Any]:
    merge_key = list_strategy(kind, path, field)
    if merge_key is None:
        return live if delete_list else _strip_nulls(patch)
    if not live and not patch:
        return live
    maps = [isinstance(v, dict) for v in live + patch]
    if any(isinstance(v, list) for v in live + patch):
        raise PatchError("lists of lists are not supported")
    if any(maps) and not all(maps):
        raise PatchError(f"list element types are not identical: {field}")
    if not all(maps):
        return _merge_scalars(live, patch, delete_list)
    if merge_key == _MERGE_PRIMITIVES:
        raise PatchError(f"cannot merge lists without merge key for {field}")
    sub = path + (field,)
    live, patch = _list_directives(live, patch, merge_key, kind, sub)
    merged = list(live)
    for item in patch:
        ident = _identity(item, merge_key)
        at = next((i for i, m in enumerate(merged) if _identity(m, merge_key) == ident), None)
        if at is None:
            merged.append(_smp_map({}, item, kind, sub))
        else:
            merged[at] = _smp_map(merged[at], item, kind, sub)
    return _ordered(merged, patch, live, merge_key)


def _merge_scalars(live: list[Any], patch: list[Any], delete_list: bool) -> list[Any]:
    if delete_list:  # $deleteFromPrimitiveList/<field>
        doomed = {_hkey(v) for v in patch}
        return [v for v in live if _hkey(v) not in doomed]
    seen: set[Any] = set()
    merged = []
    for value in live + patch:
        if _hkey(value) not in seen:
            seen.add(_hkey(value))
            merged.append(value)
    return _ordered(merged, patch, live, None)


def _list_directives(live: list[Any], patch: list[Any], merge_key: str, kind: str,
                     path: tuple[str, ...]) -> tuple[list[Any], list[Any]]:
    """mergeSliceWithSpecialElements: ``{$patch: delete, key: x}`` and ``{$patch: replace}`` items."""
    rest, replace = [], False
    for item in patch:
        if "$patch" not in item:
            rest.append(item)
            continue
        directive = item["$patch"]
        if directive == "delete":
            ident = _identity(item, merge_key)
            live = [m for m in live if _identity(m, merge_key) != ident]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            rest.append({k: v for k, v in item.items() if k != "$patch"})
        else:
            raise PatchError(f"unknown patch type: {directive} in map: {item}")
    if replace:
        return [_smp_map({}, item, kind, path) for item in rest], []
    return live, rest


def _first_positions(items: list[Any], merge_key: str | None) -> dict[Any, int]:
    positions: dict[Any, int] = {}
    for i, item in enumerate(items):
        positions.setdefault(_identity(item, merge_key), i)
    return positions


def _ordered(merged: list[Any], patch_order: list[Any], server_order: list[Any],
             merge_key: str | None) -> list[Any]:
    """normalizeElementOrder: patch order wins, server-only items keep their live positions.

    As upstream, an item new to the list is placed before the remaining server-only
    items (``kubectl patch`` adding a container puts it first).
    """
    in_patch = {_identity(v, merge_key) for v in patch_order}
    patch_pos = _first_positions(patch_order, merge_key)
    server_pos = _first_positions(server_order, merge_key)
    right = sorted((v for v in merged if _identity(v, merge_key) in in_patch),
                   key=lambda v: patch_pos[_identity(v, merge_key)])
    left = sorted((v for v in merged if _identity(v, merge_key) not in in_patch),
                  key=lambda v: server_pos.get(_identity(v, merge_key), -1))
    out: list[Any] = []
    i = j = 0
    while i < len(left) or j < len(right):
        if j >= len(right):
            out.append(left[i])
            i += 1
        elif i >= len(left):
            out.append(right[j])
            j += 1
        else:
            li = server_pos.get(_identity(left[i], merge_key), -1)
            ri = server_pos.get(_identity(right[j], merge_key), -1)
            if li >= 0 and ri >= 0 and li < ri:
                out.append(left[i])
                i += 1
            else:
                out.append(right[j])
                j += 1
    return out


# --- RFC 6902 -----------------------------------------------------------------------------

def json_patch(target: Any, ops: Any) -> Any:
    """Apply JSON-patch operations in order; PatchError names the failing operation."""
    if not isinstance(ops, list):
        raise PatchError("json patch must be a JSON array of operations")
    doc = deep_copy(target)
    for op in ops:
        if not isinstance(op, dict):
            raise PatchError(f"invalid operation {op!r}: must be an object")
        handler = _OPS.get(op.get("op"))  # type: ignore[arg-type]
        if handler is None:
            raise PatchError(f"Unexpected kind: {op.get('op')}")
        doc = handler(doc, op)
    return doc


def _pointer(op: dict[str, Any], key: str = "path") -> list[str]:
    text = op.get(key)
    if not isinstance(text, str):
        raise PatchError(f"{op.get('op')} operation missing {key}")
    if text == "":
        return []
    if not text.startswith("/"):
        raise PatchError(f'JSON pointer must be empty or start with a "/": "{text}"')
    return [t.replace("~1", "/").replace("~0", "~") for t in text[1:].split("/")]


def _show(tokens: list[str]) -> str:
    return "/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens) if tokens else ""


def _index(token: str, length: int, *, allow_end: bool) -> int:
    if token == "-" and allow_end:
        return length
    if not token.isdigit() or (len(token) > 1 and token[0] == "0"):
        raise PatchError(f"invalid array index: {token}")
    index = int(token)
    if index > length or (index == length and not allow_end):
        raise PatchError(f"array index out of bounds: {index}")
    return index


def _resolve(doc: Any, tokens: list[str]) -> Any:
    for depth, token in enumerate(tokens):
        if isinstance(doc, dict) and token in doc:
            doc = doc[token]
        elif isinstance(doc, list):
            doc = doc[_index(token, len(doc), allow_end=False)]
        else:
            raise PatchError(f'doc is missing path: "{_show(tokens[:depth + 1])}": missing value')
    return doc


def _value(op: dict[str, Any]) -> Any:
    if "value" not in op:
        raise PatchError(f"{op.get('op')} operation missing value")
    return deep_copy(op["value"])


def _add(doc: Any, tokens: list[str], value: Any) -> Any:
    if not tokens:
        return value
    parent = _resolve(doc, tokens[:-1])
    if isinstance(parent, dict):
        parent[tokens[-1]] = value
    elif isinstance(parent, list):
        parent.insert(_index(tokens[-1], len(parent), allow_end=True), value)
    else:
        raise PatchError(f'add operation does not apply: doc is missing path: "{_show(tokens)}"')
    return doc


def _remove(doc: Any, tokens: list[str]) -> tuple[Any, Any]:
    if not tokens:
        raise PatchError("remove operation does not apply to the whole document")
    parent = _resolve(doc, tokens[:-1])
    if isinstance(parent, dict) and tokens[-1] in parent:
        return doc, parent.pop(tokens[-1])
    if isinstance(parent, list):
        return doc, parent.pop(_index(tokens[-1], len(parent), allow_end=False))
    raise PatchError(f'remove operation does not apply: doc is missing path: "{_show(tokens)}": '
                     "missing value")


def _op_add(doc: Any, op: dict[str, Any]) -> Any:
    return _add(doc, _pointer(op), _value(op))


def _op_remove(doc: Any, op: dict[str, Any]) -> Any:
    return _remove(doc, _pointer(op))[0]


def _op_replace(doc: Any, op: dict[str, Any]) -> Any:
    tokens, value = _pointer(op), _value(op)
    if not tokens:
        return value
    parent = _resolve(doc, tokens[:-1])
    if isinstance(parent, dict) and tokens[-1] in parent:
        parent[tokens[-1]] = value
    elif isinstance(parent, list):
        parent[_index(tokens[-1], len(parent), allow_end=False)] = value
    else:
        raise PatchError(f'replace operation does not apply: doc is missing key: "{_show(tokens)}": '
                         "missing value")
    return doc


def _op_move(doc: Any, op: dict[str, Any]) -> Any:
    source, dest = _pointer(op, "from"), _pointer(op)
    if source == dest:
        _resolve(doc, source)
        return doc
    if dest[:len(source)] == source:
        raise PatchError(f'move operation cannot move "{_show(source)}" into its own child "{_show(dest)}"')
    doc, value = _remove(doc, source)
    return _add(doc, dest, value)


def _op_copy(doc: Any, op: dict[str, Any]) -> Any:
    value = deep_copy(_resolve(doc, _pointer(op, "from")))
    return _add(doc, _pointer(op), value)


def _json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _op_test(doc: Any, op: dict[str, Any]) -> Any:
    tokens = _pointer(op)
    try:
        actual = _resolve(doc, tokens)
    except PatchError:
        actual = _MISSING
    if actual is _MISSING or not _json_equal(actual, _value(op)):
        raise PatchError(f"testing value {_show(tokens)} failed: test failed")
    return doc


_MISSING = object()
_OPS = {"add": _op_add, "remove": _op_remove, "replace": _op_replace,
        "move": _op_move, "copy": _op_copy, "test": _op_test}
