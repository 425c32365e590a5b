"""Reading manifests the way ``kubectl apply -f`` does, safely.

YAML is parsed with PyYAML's safe loader, then held to what sigs.k8s.io/yaml turns
into JSON: only the core tags (no ``!!python/...``, no custom ``!tags``), string keys,
timestamps kept as strings, no duplicate keys. Alias bombs ("billion laughs",
CVE-2019-11253) are refused before anything is expanded, and input is capped at the
apiserver's 3 MiB request limit. ``kind: List`` documents are flattened into their items.
"""
from __future__ import annotations

import math
from typing import Any

import yaml

MAX_BYTES = 3 * 1024 * 1024  # kube-apiserver's MaxRequestBodyBytes
MAX_ALIASED_NODES = 10_000  # nodes an alias may add by expansion, per document
MAX_LIST_DEPTH = 8
MAX_DEPTH = 100  # nesting; Kubernetes objects stay far below this
_END = object()

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(_CORE + t for t in
                          ("str", "int", "float", "bool", "null", "seq", "map", "merge", "timestamp"))

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ManifestError(ValueError):
    """A manifest that cannot be loaded; the message names the document (1-based)."""


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps timestamps as the strings the user wrote (JSON has no dates)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        # Keys become JSON strings as they are read, so ``1:`` and ``true:`` stay distinct.
        self.flatten_mapping(node)
        return {_key(self.construct_object(k, deep=deep)): self.construct_object(v, deep=deep)
                for k, v in node.value}


_Loader.add_constructor(_CORE + "timestamp", lambda loader, node: loader.construct_scalar(node))


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _where(node: yaml.Node) -> str:
    mark = node.start_mark
    return f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""


def _compose(loader: Any) -> yaml.Node | None | object:
    """The next document's node graph (``_END`` after the last), built without recursion.

    libyaml's composer recurses in C (deep nesting segfaults) and its parser is quadratic
    in flow depth, so events are consumed here and nesting is capped as it is read.
    """
    if loader.check_event(yaml.StreamStartEvent):
        loader.get_event()
    if loader.check_event(yaml.StreamEndEvent):
        return _END
    loader.get_event()  # DocumentStartEvent
    anchors: dict[str, yaml.Node] = {}
    stack: list[list[Any]] = []  # [collection node, pending mapping key]
    root: yaml.Node | None = None
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.DocumentEndEvent):
            return root
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()[0].end_mark = event.end_mark
            continue
        node = _node_for(loader, event, anchors)
        if not stack:
            root = node
        elif isinstance(stack[-1][0], yaml.SequenceNode):
            stack[-1][0].value.append(node)
        elif stack[-1][1] is None:
            stack[-1][1] = node
        else:
            stack[-1][0].value.append((stack[-1][1], node))
            stack[-1][1] = None
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise ManifestError(f"document is nested too deeply{_where(node)}")
            stack.append([node, None])


def _node_for(loader: Any, event: Any, anchors: dict[str, yaml.Node]) -> yaml.Node:
    if isinstance(event, yaml.AliasEvent):
        if event.anchor not in anchors:
            raise ManifestError(f"found undefined alias {event.anchor!r}")
        return anchors[event.anchor]
    node: yaml.Node
    if isinstance(event, yaml.ScalarEvent):
        tag = event.tag
        if tag in (None, "!"):
            tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    else:
        cls = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
        tag = event.tag if event.tag not in (None, "!") else loader.resolve(cls, None, event.implicit)
        node = cls(tag, [], event.start_mark, None, flow_style=event.flow_style)
    if event.anchor is not None:
        anchors[event.anchor] = node
    return node


def _check_graph(root: yaml.Node) -> None:
    """Refuse unsafe tags, duplicate keys, cycles and alias blow-up, without expanding anything.

    Aliases make the node graph a DAG; its expanded size and depth are memoised per node,
    so a billion-laughs document is rejected in time proportional to its text.
    """
    memo: dict[int, tuple[int, int]] = {}
    visiting: set[int] = set()

    def visit(node: yaml.Node, depth: int) -> tuple[int, int]:
        ident = id(node)
        if ident in visiting:
            raise ManifestError(f"recursive YAML alias{_where(node)}")
        size, height = memo.get(ident) or (0, 0)
        if not size:
            if node.tag not in _ALLOWED_TAGS:
                raise ManifestError(f"YAML tag {_short(node.tag)} is not allowed{_where(node)}")
            visiting.add(ident)
            children: list[yaml.Node] = []
            if isinstance(node, yaml.SequenceNode):
                children = node.value
            elif isinstance(node, yaml.MappingNode):
                _check_keys(node)
                children = [n for pair in node.value for n in pair]
            size = 1
            for child in children:
                child_size, child_height = visit(child, depth + 1)
                size, height = min(size + child_size, 10**12), max(height, child_height + 1)
            visiting.discard(ident)
            memo[ident] = (size, height)
        if depth + height > MAX_DEPTH:
            raise ManifestError(f"document is nested too deeply{_where(node)}")
        return size, height

    expanded = visit(root, 0)[0]
    if expanded - len(memo) > MAX_ALIASED_NODES:
        raise ManifestError("yaml: document contains excessive aliasing")


def _check_keys(node: yaml.MappingNode) -> None:
    seen: set[str] = set()
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            shape = "sequence" if isinstance(key, yaml.SequenceNode) else "mapping"
            raise ManifestError(f"mapping keys must be strings, not a {shape}{_where(key)}")
        if key.tag == _CORE + "merge":
            continue
        if key.value in seen:
            raise ManifestError(f'mapping key "{key.value}" already defined{_where(key)}')
        seen.add(key.value)


def _to_json(value: Any) -> Any:
    """Copy (aliases share objects) into plain JSON: string keys, finite numbers."""
    if isinstance(value, dict):
        return {_key(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise ManifestError(f"unsupported value: {value} (JSON has no infinity or NaN)")
    return value


def _key(key: Any) -> str:
    # sigs.k8s.io/yaml renders non-string scalar keys as their JSON text.
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def _expand_lists(doc: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """Flatten ``kind: List`` (and ``PodList`` ...) into its items, as kubectl's builder does."""
    kind = doc.get("kind")
    if not (isinstance(kind, str) and kind.endswith("List") and "items" in doc):
        return [doc]
    items = doc["items"]
    if not isinstance(items, list):
        raise ManifestError("items must be a list")
    if depth >= MAX_LIST_DEPTH:
        raise ManifestError("lists are nested too deeply")
    out: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ManifestError(f"items[{i}]: expected a mapping (a Kubernetes object), got {_kind_of(item)}")
        out.extend(_expand_lists(item, depth + 1))
    return out


def _kind_of(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__)


def load_documents(text: str) -> list[dict[str, Any]]:
    """Every object in a multi-document YAML (or JSON) stream; raises ManifestError."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if len(text) > MAX_BYTES or len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ManifestError(f"request entity too large: limit is {MAX_BYTES}")
    loader = _Loader(text)
    docs: list[dict[str, Any]] = []
    index = 0
    try:
        while True:
            index += 1
            try:
                node = _compose(loader)
            except yaml.YAMLError as err:
                raise ManifestError(f"document {index}: {_yaml_message(err)}") from None
            except ManifestError as err:
                raise ManifestError(f"document {index}: {err}") from None
            if node is _END:
                return docs
            docs.extend(_load_one(loader, node, index))  # type: ignore[arg-type]
    finally:
        loader.dispose()


def _load_one(loader: Any, node: yaml.Node | None, index: int) -> list[dict[str, Any]]:
    if node is None:
        return []
    try:
        _check_graph(node)
        data = _to_json(loader.construct_document(node))
        if data is None:
            return []
        if not isinstance(data, dict):
            raise ManifestError(f"expected a mapping (a Kubernetes object), got {_kind_of(data)}")
        return _expand_lists(data)
    except ManifestError as err:
        raise ManifestError(f"document {index}: {err}") from None
    except (yaml.YAMLError, RecursionError, TypeError, ValueError) as err:
        raise ManifestError(f"document {index}: {_yaml_message(err)}") from None


def _yaml_message(err: BaseException) -> str:
    if isinstance(err, yaml.MarkedYAMLError) and err.problem_mark is not None:
        problem = err.problem or ""
        if "nesting depth" in problem:  # PyYAML >= 6.0.4 stops deep nesting itself
            problem = "document is nested too deeply"
        return f"yaml: line {err.problem_mark.line + 1}: {problem}"
    if isinstance(err, RecursionError):
        return "yaml: document is nested too deeply"
    return f"yaml: {err}"


def dump_yaml(obj: Any) -> str:
    """YAML as ``kubectl get -o yaml`` prints it: keys in object order, block style."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(obj, Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True)
