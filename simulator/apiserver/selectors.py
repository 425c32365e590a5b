"""Label and field selectors, parsed and matched as k8s.io/apimachinery does.

Label selectors follow ``labels.Parse`` (the ``-l`` / ``labelSelector=`` syntax) and
``metav1.LabelSelectorAsSelector`` (the ``{matchLabels, matchExpressions}`` objects in
Deployment/ReplicaSet/Service specs). Field selectors follow ``fields.ParseSelector``.

The label-key / label-value / DNS-name syntax checks live here too (they are what
``NewRequirement`` validates); ``validation.py`` reuses them for metadata.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# --- name syntax (k8s.io/apimachinery/pkg/util/validation) --------------------------------

_DNS1123_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN = _DNS1123_LABEL + r"(\." + _DNS1123_LABEL + r")*"
_DNS1035_LABEL = r"[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED_NAME = r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = r"(" + _QUALIFIED_NAME + r")?"

DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
    "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    f"'{_DNS1123_LABEL}')")
DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    f"'{_DNS1123_SUBDOMAIN}')")
DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
    f"validation is '{_DNS1035_LABEL}')")
_QUALIFIED_NAME_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    f"'{_QUALIFIED_NAME}')")
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    f"for validation is '{_LABEL_VALUE}')")


def _max_len(n: int) -> str:
    return f"must be no more than {n} characters"


def dns1123_label_errors(value: str) -> list[str]:
    errs = [] if len(value) <= 63 else [_max_len(63)]
    return errs + ([] if re.fullmatch(_DNS1123_LABEL, value) else [DNS1123_LABEL_MSG])


def dns1123_subdomain_errors(value: str) -> list[str]:
    errs = [] if len(value) <= 253 else [_max_len(253)]
    return errs + ([] if re.fullmatch(_DNS1123_SUBDOMAIN, value) else [DNS1123_SUBDOMAIN_MSG])


def dns1035_label_errors(value: str) -> list[str]:
    errs = [] if len(value) <= 63 else [_max_len(63)]
    return errs + ([] if re.fullmatch(_DNS1035_LABEL, value) else [DNS1035_LABEL_MSG])


def qualified_name_errors(value: str) -> list[str]:
    """IsQualifiedName: label and annotation keys, ``[prefix/]name``."""
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
        errs: list[str] = []
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs = ["prefix part must be non-empty"]
        else:
            errs = [f"prefix part {m}" for m in dns1123_subdomain_errors(prefix)]
    else:
        return ["a qualified name " + _QUALIFIED_NAME_MSG
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    if not name:
        return errs + ["name part must be non-empty"]
    if len(name) > 63:
        errs.append("name part " + _max_len(63))
    if not re.fullmatch(_QUALIFIED_NAME, name):
        errs.append("name part " + _QUALIFIED_NAME_MSG)
    return errs


def label_value_errors(value: str) -> list[str]:
    errs = [] if len(value) <= 63 else [_max_len(63)]
    return errs + ([] if re.fullmatch(_LABEL_VALUE, value) else [_LABEL_VALUE_MSG])


# --- label selectors ----------------------------------------------------------------------

_SET_OPS = ("in", "notin")
_EXACT_OPS = ("=", "==", "!=")


@dataclass(frozen=True, slots=True)
class Requirement:
    """One ``key op values`` term; operators spelled as ``selection.Operator`` is."""

    key: str
    operator: str  # "=", "==", "!=", "in", "notin", "exists", "!", "gt", "lt"
    values: tuple[str, ...] = ()

    def matches(self, labels: dict[str, Any]) -> bool:
        has = self.key in labels
        value = labels.get(self.key)
        if self.operator in ("=", "==", "in"):
            return has and value in self.values
        if self.operator in ("!=", "notin"):
            return not has or value not in self.values
        if self.operator == "exists":
            return has
        if self.operator == "!":
            return not has
        # Gt/Lt: both sides must parse as integers, otherwise the label does not match.
        try:
            left, right = int(str(value)), int(self.values[0])
        except (ValueError, IndexError):
            return False
        return has and (left > right if self.operator == "gt" else left < right)

    def __str__(self) -> str:
        if self.operator == "exists":
            return self.key
        if self.operator == "!":
            return "!" + self.key
        if self.operator in _SET_OPS:
            return f"{self.key} {self.operator} ({','.join(sorted(self.values))})"
        sym = {"gt": ">", "lt": "<"}.get(self.operator, self.operator)
        return f"{self.key}{sym}{self.values[0] if self.values else ''}"


def _field_error(path: str, value: Any, msg: str) -> str:
    shown = f'"{value}"' if isinstance(value, str) else "[]string{" + ", ".join(f'"{v}"' for v in value) + "}"
    return f"{path}: Invalid value: {shown}: {msg}"


def new_requirement(key: str, operator: str, values: tuple[str, ...] | list[str] = ()) -> Requirement:
    """NewRequirement: validate key, operator arity and values; ValueError on failure."""
    values = tuple(values)
    errs: list[str] = []
    if msgs := qualified_name_errors(key):
        errs.append(_field_error("key", key, "; ".join(msgs)))
    if operator in _SET_OPS and not values:
        errs.append(_field_error("values", values, "for 'in', 'notin' operators, values set can't be empty"))
    elif operator in _EXACT_OPS and len(values) != 1:
        errs.append(_field_error("values", values, "exact-match compatibility requires one single value"))
    elif operator in ("exists", "!") and values:
        errs.append(_field_error("values", values, "values set must be empty for exists and does not exist"))
    elif operator in ("gt", "lt"):
        if len(values) != 1:
            errs.append(_field_error("values", values,
                                     "for 'Gt', 'Lt' operators, exactly one value is required"))
        for i, v in enumerate(values):
            if not re.fullmatch(r"[+-]?\d+", v):
                errs.append(_field_error(f"values[{i}]", v,
                                         "for 'Gt', 'Lt' operators, the value must be an integer"))
    for i, v in enumerate(values):
        if msgs := label_value_errors(v):
            errs.append(_field_error(f"values[{i}]", v, "; ".join(msgs)))
    if errs:
        raise ValueError(errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]")
    return Requirement(key, operator, values)


class LabelSelector:
    """An AND of requirements. ``LabelSelector()`` is Everything; ``nothing()`` matches no object."""

    __slots__ = ("requirements", "_nothing")

    def __init__(self, requirements: tuple[Requirement, ...] | list[Requirement] = (), *,
                 nothing: bool = False) -> None:
        # Like internalSelector, requirements are kept sorted by key for a canonical String().
        self.requirements = tuple(sorted(requirements, key=lambda r: r.key))
        self._nothing = nothing

    @classmethod
    def nothing(cls) -> LabelSelector:
        return cls(nothing=True)

    @property
    def empty(self) -> bool:
        """True for Everything (matches all labels); False for nothing() and any requirement."""
        return not self._nothing and not self.requirements

    def matches(self, labels: dict[str, Any] | None) -> bool:
        if self._nothing:
            return False
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements)

    def __repr__(self) -> str:
        return "LabelSelector(<nothing>)" if self._nothing else f"LabelSelector({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, LabelSelector) and self._nothing == other._nothing
                and self.requirements == other.requirements)

    def __hash__(self) -> int:
        return hash((self._nothing, self.requirements))

    @classmethod
    def from_dict(cls, selector: dict[str, Any] | None) -> LabelSelector:
        """metav1.LabelSelectorAsSelector.

        A missing (``None``) selector selects *nothing* -- e.g. a Service without a selector
        gets no endpoints -- while an empty ``{}`` selector selects *everything*.
        Raises ValueError for a malformed selector.
        """
        if selector is None:
            return cls.nothing()
        if not isinstance(selector, dict):
            raise ValueError(f"invalid label selector: {selector!r}")
        match_labels = selector.get("matchLabels") or {}
        expressions = selector.get("matchExpressions") or []
        if not isinstance(match_labels, dict) or not isinstance(expressions, list):
            raise ValueError("invalid label selector: matchLabels must be a map and matchExpressions a list")
        reqs = [new_requirement(str(k), "=", [v if isinstance(v, str) else str(v)])
                for k, v in match_labels.items()]
        ops = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}
        for expr in expressions:
            if not isinstance(expr, dict):
                raise ValueError(f"invalid label selector requirement: {expr!r}")
            op = ops.get(expr.get("operator"))  # type: ignore[arg-type]
            if op is None:
                raise ValueError(f'"{expr.get("operator")}" is not a valid label selector operator')
            values = expr.get("values") or []
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ValueError("invalid label selector: values must be a list of strings")
            reqs.append(new_requirement(str(expr.get("key", "")), op, values))
        return cls(reqs)


_SPECIAL = "!=(),<>"


def _lex(text: str) -> list[str]:
    """Tokens: identifiers, and the operators ``! != = == ( ) , < >``."""
    tokens: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in _SPECIAL:
            two = text[i:i + 2]
            if two in ("!=", "=="):
                tokens.append(two)
                i += 2
            else:
                tokens.append(c)
                i += 1
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in _SPECIAL:
                j += 1
            tokens.append(text[i:j])
            i = j
    return tokens


def _is_ident(tok: str | None) -> bool:
    return tok is not None and tok not in ("!", "!=", "=", "==", "(", ")", ",", "<", ">")


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _lex(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str | None:
        tok = self.peek()
        self.pos += 1
        return tok

    def requirement(self) -> Requirement:
        negate = self.peek() == "!"
        if negate:
            self.take()
        key = self.take()
        if not _is_ident(key) or key in _SET_OPS:
            raise ValueError(f"found '{key or ''}', expected: identifier")
        if negate or self.peek() in (None, ","):
            return new_requirement(key, "!" if negate else "exists")  # type: ignore[arg-type]
        op = self.take()
        if op in _SET_OPS:
            return new_requirement(key, op, self.value_set())  # type: ignore[arg-type]
        if op in ("=", "==", "!=", "<", ">"):
            value = self.peek()
            if value is None or value == ",":
                value = ""  # `a=` selects the empty value, as in Kubernetes
            elif not _is_ident(value):
                raise ValueError(f"found '{value}', expected: identifier")
            else:
                self.take()
            return new_requirement(key, {"<": "lt", ">": "gt"}.get(op, op), [value])  # type: ignore[arg-type]
        raise ValueError(f"found '{op}', expected: in, notin, =, ==, !=, gt, lt")

    def value_set(self) -> list[str]:
        tok = self.take()
        if tok != "(":
            raise ValueError(f"found '{tok or ''}', expected: '('")
        values: list[str] = []
        expect_value = True
        while True:
            tok = self.take()
            if tok == ")":
                if expect_value:
                    values.append("")
                return values
            if tok == ",":
                if expect_value:
                    values.append("")
                expect_value = True
            elif _is_ident(tok) and expect_value:
                values.append(tok)  # type: ignore[arg-type]
                expect_value = False
            else:
                raise ValueError(f"found '{tok or ''}', expected: ',', ')' or identifier")


def parse_label_selector(text: str) -> LabelSelector:
    """labels.Parse: ``a=b,c!=d,e in (f,g),h notin (i),j,!k,l>5``; raises ValueError."""
    parser = _Parser(text)
    reqs: list[Requirement] = []
    while parser.peek() is not None:
        if not (_is_ident(parser.peek()) or parser.peek() == "!"):
            raise ValueError(f"found '{parser.peek()}', expected: !, identifier, or 'end of string'")
        try:
            reqs.append(parser.requirement())
        except ValueError as err:
            raise ValueError(f"unable to parse requirement: {err}") from None
        sep = parser.take()
        if sep == ",":
            if not (_is_ident(parser.peek()) or parser.peek() == "!"):
                raise ValueError(f"found '{parser.peek() or ''}', expected: identifier after ','")
        elif sep is not None:
            raise ValueError(f"found '{sep}', expected: ',' or 'end of string'")
    return LabelSelector(reqs)


# --- field selectors ----------------------------------------------------------------------

# Fields that are Go booleans: an unset one reads as "false", as fields.Set renders them.
_BOOL_FIELDS = frozenset({"spec.unschedulable", "spec.hostNetwork"})
# Event's ``source`` field selector means source.component (events field set).
_ALIASES = {"source": "source.component"}


def _split_terms(text: str) -> list[str]:
    terms, start, in_slash = [], 0, False
    for i, c in enumerate(text):
        if in_slash:
            in_slash = False
        elif c == "\\":
            in_slash = True
        elif c == ",":
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    return terms


def _unescape(value: str) -> str:
    out, in_slash = [], False
    for c in value:
        if in_slash:
            if c not in "\\=,":
                raise ValueError(f"invalid field selector: invalid escape sequence: \\{c}")
            out.append(c)
            in_slash = False
        elif c == "\\":
            in_slash = True
        elif c in ",=":
            raise ValueError(f"invalid field selector: unescaped character in value: {c}")
        else:
            out.append(c)
    if in_slash:
        raise ValueError("invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def field_value(obj: dict[str, Any], path: str) -> str:
    """The string a field selector compares: missing → "", booleans → "true"/"false"."""
    cur: Any = obj
    for part in _ALIASES.get(path, path).split("."):
        cur = cur.get(part) if isinstance(cur, dict) else None
    if cur is None:
        return "false" if path in _BOOL_FIELDS else ""
    if isinstance(cur, bool):
        return "true" if cur else "false"
    return cur if isinstance(cur, str) else str(cur)


class FieldSelector:
    """An AND of ``field=value`` / ``field!=value`` terms."""

    __slots__ = ("requirements",)

    def __init__(self, requirements: tuple[tuple[str, str, str], ...] | list[tuple[str, str, str]] = (),
                 ) -> None:
        self.requirements = tuple(sorted(requirements))

    @property
    def empty(self) -> bool:
        return not self.requirements

    def matches(self, obj: dict[str, Any]) -> bool:
        for fld, op, value in self.requirements:
            if (field_value(obj, fld) == value) != (op != "!="):
                return False
        return True

    def exact(self, fld: str) -> str | None:
        """The value an ``=``/``==`` term pins ``fld`` to (watch caches index spec.nodeName this way)."""
        for name, op, value in self.requirements:
            if name == fld and op != "!=":
                return value
        return None

    def fields(self) -> set[str]:
        return {r[0] for r in self.requirements}

    def __str__(self) -> str:
        def esc(v: str) -> str:
            return v.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")
        return ",".join(f"{f}{'!=' if op == '!=' else '='}{esc(v)}" for f, op, v in self.requirements)

    def __repr__(self) -> str:
        return f"FieldSelector({str(self)!r})"


def parse_field_selector(text: str) -> FieldSelector:
    """fields.ParseSelector; raises ValueError like ``invalid selector: ...``."""
    reqs: list[tuple[str, str, str]] = []
    for term in _split_terms(text) if text else []:
        if not term:
            continue
        for i in range(len(term)):
            op = next((o for o in ("!=", "==", "=") if term.startswith(o, i)), None)
            if op:
                reqs.append((term[:i], op, _unescape(term[i + len(op):])))
                break
        else:
            raise ValueError(f"invalid selector: '{text}'; can't understand '{term}'")
    return FieldSelector(reqs)
