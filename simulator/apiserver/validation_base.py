"""The shared pieces of object validation: Go-style value rendering, the error collector
and typed field access (validation.py checks the Kubernetes kinds, validation_sim.py the
simulation's own)."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

Obj = dict[str, Any]
Cause = dict[str, str]

RESTART_POLICIES = ("Always", "OnFailure", "Never")
DNS_POLICIES = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
PROTOCOLS = ("SCTP", "TCP", "UDP")
SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
TAINT_EFFECTS = ("NoExecute", "NoSchedule", "PreferNoSchedule")
SELECTOR_OPS = ("DoesNotExist", "Exists", "In", "NotIn")
NODE_PORT_RANGE = (30000, 32767)
POD_UPDATE_MSG = ("pod updates may not change fields other than `spec.containers[*].image`,"
                  "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                  "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
                  "(allow it to be set to 1 if it was previously negative)")
QUANTITY_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
PORT_RANGE_MSG = "must be between 1 and 65535, inclusive"
PERCENT_MSG = ("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or "
               "'93%', regex used for validation is '[0-9]+%')")
NON_NEGATIVE = "must be greater than or equal to 0"
CONFIG_KEY_MSG = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
                  "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
                  "'[-._a-zA-Z0-9]+')")


# --- rendering values as Go's %q / %#v would ---------------------------------------------

def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def show(value: Any) -> str:
    """A value as ``field.Error`` prints it (strings quoted, []string{...}, map[string]string{...})."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[]string{" + ", ".join(_quote(v) for v in value) + "}"
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        pairs = sorted((str(k), v) for k, v in value.items())
        return "map[string]string{" + ", ".join(f"{_quote(k)}:{_quote(v)}" for k, v in pairs) + "}"
    try:
        return json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(value)


def show_selector(selector: Any) -> str:
    """A metav1.LabelSelector as %#v renders it in "field is immutable" messages."""
    if not isinstance(selector, dict):
        return show(selector)
    labels, exprs = selector.get("matchLabels"), selector.get("matchExpressions")
    shown_exprs = "[]v1.LabelSelectorRequirement(nil)"
    if isinstance(exprs, list) and exprs:
        shown_exprs = "[]v1.LabelSelectorRequirement{" + ", ".join(
            f"v1.LabelSelectorRequirement{{Key:{show(x.get('key', ''))}, "
            f"Operator:{show(x.get('operator', ''))}, "
            f"Values:{show(x.get('values')) if x.get('values') else '[]string(nil)'}}}"
            if isinstance(x, dict) else show(x) for x in exprs) + "}"
    shown_labels = show(labels) if labels else "map[string]string(nil)"
    return f"v1.LabelSelector{{MatchLabels:{shown_labels}, MatchExpressions:{shown_exprs}}}"


class _Errors:
    """A field.ErrorList, each error already rendered as a StatusCause."""

    def __init__(self) -> None:
        self.causes: list[Cause] = []

    def add(self, reason: str, field: str, message: str) -> None:
        self.causes.append({"reason": reason, "message": message, "field": field})

    def required(self, field: str, detail: str = "") -> None:
        self.add("FieldValueRequired", field, "Required value" + (f": {detail}" if detail else ""))

    def invalid(self, field: str, value: Any, detail: str, *, shown: str | None = None) -> None:
        text = show(value) if shown is None else shown
        self.add("FieldValueInvalid", field, f"Invalid value: {text}: {detail}")

    def not_supported(self, field: str, value: Any, allowed: tuple[str, ...] | list[str]) -> None:
        options = ", ".join(_quote(a) for a in allowed)
        message = f"Unsupported value: {show(value)}: supported values: {options}"
        self.add("FieldValueNotSupported", field, message)

    def duplicate(self, field: str, value: Any, *, shown: str | None = None) -> None:
        self.add("FieldValueDuplicate", field, f"Duplicate value: {show(value) if shown is None else shown}")

    def forbidden(self, field: str, detail: str) -> None:
        self.add("FieldValueForbidden", field, f"Forbidden: {detail}")

    def type_invalid(self, field: str, value: Any, expected: str) -> None:
        self.add("FieldValueTypeInvalid", field, f"Invalid value: {show(value)}: must be of type {expected}")


# --- typed access -------------------------------------------------------------------------

_TYPE_NAMES = {dict: "object", list: "array", str: "string", int: "integer", float: "number", bool: "boolean"}


def _typed(e: _Errors, container: Any, key: str, path: str, want: type) -> Any:
    """``container[key]`` if it has JSON type ``want`` (None when absent or mistyped)."""
    value = container.get(key) if isinstance(container, dict) else None
    if value is None:
        return None
    if want is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, want) and not (isinstance(value, bool) and want is not bool):
        return value
    if want is float and isinstance(value, int) and not isinstance(value, bool):
        return value
    e.type_invalid(path, value, _TYPE_NAMES[want])
    return None


def _items(e: _Errors, container: Any, key: str, path: str, want: type = dict) -> list[tuple[int, Any]]:
    """Well-typed elements of the list at ``container[key]``; mistyped ones become causes."""
    out = []
    for i, item in enumerate(_typed(e, container, key, path, list) or []):
        if isinstance(item, want) and not isinstance(item, bool):
            out.append((i, item))
        else:
            e.type_invalid(f"{path}[{i}]", item, _TYPE_NAMES[want])
    return out


def _enum(e: _Errors, container: Any, key: str, path: str, allowed: tuple[str, ...]) -> str | None:
    value = _typed(e, container, key, path, str)
    if value and value not in allowed:
        e.not_supported(path, value, allowed)
        return None
    return value or None


def _non_negative(e: _Errors, container: Any, key: str, path: str) -> int | None:
    value = _typed(e, container, key, path, int)
    if value is not None and value < 0:
        e.invalid(path, value, NON_NEGATIVE)
    return value


def _unique_name(e: _Errors, container: Obj, key: str, path: str, seen: set[str],
                 check: Callable[[str], list[str]], *, required: bool = True) -> str | None:
    """A required, syntactically valid name not used before in ``seen`` (containers, ports ...)."""
    name = _typed(e, container, key, path, str)
    if not name:
        if required and container.get(key) in (None, ""):
            e.required(path)
        return None
    for msg in check(name):
        e.invalid(path, name, msg)
    if name in seen:
        e.duplicate(path, name)
    seen.add(name)
    return name


def _port(e: _Errors, container: Obj, key: str, path: str, *, missing: str = "ok") -> int | None:
    """A port number; ``missing`` says what an absent/zero port is: "ok", "required" or "invalid"."""
    value = _typed(e, container, key, path, int)
    if value is None and container.get(key) is not None:
        return None  # mistyped, already reported
    if not value:
        if missing == "required":
            e.required(path)
        elif missing == "invalid":
            e.invalid(path, 0, PORT_RANGE_MSG)
        return None
    if not 1 <= value <= 65535:
        e.invalid(path, value, PORT_RANGE_MSG)
    return value


def _port_name_errors(name: str) -> list[str]:
    """IsValidPortName (IANA_SVC_NAME)."""
    checks = [
        (len(name) > 15, "must be no more than 15 characters"),
        (not re.fullmatch(r"[-a-z0-9]+", name),
         "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
        (not re.search(r"[a-z]", name), "must contain at least one letter (a-z)"),
        ("--" in name, "must not contain consecutive hyphens"),
        (name.startswith("-") or name.endswith("-"), "must not begin or end with a hyphen"),
    ]
    return [msg for failed, msg in checks if failed]


_QUANTITY = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?")
_SUFFIX = {"n": Fraction(1, 10**9), "u": Fraction(1, 10**6), "m": Fraction(1, 1000), "k": 10**3, "M": 10**6,
           "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30,
           "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}


def parse_quantity(value: Any) -> Fraction | None:
    """resource.ParseQuantity, exactly; None when the text is not a quantity."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    m = _QUANTITY.fullmatch(str(value))
    if not m:
        return None
    number, suffix = Fraction(m.group(1)), m.group(2) or ""
    if suffix[:1] in ("e", "E"):
        exponent = int(suffix[1:])
        return number * Fraction(10) ** exponent if abs(exponent) <= 64 else None
    return number * _SUFFIX.get(suffix, 1)
