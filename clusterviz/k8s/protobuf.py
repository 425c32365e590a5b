"""Decode Kubernetes protobuf request bodies (``application/vnd.kubernetes.protobuf``).

kubectl >= 1.32 sends every typed-clientset write (``kubectl create deployment|namespace|
configmap|secret|service|job|...``, ``autoscale``, ``auth can-i``, ``create token``,
``drain --disable-eviction``) as protobuf and does not fall back to JSON on a 415. This
module turns such a body into the dict the apiserver would get from the JSON form of the
same object.

Wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf)::

    "k8s\\x00" + runtime.Unknown{1: typeMeta{1: apiVersion, 2: kind}, 2: raw,
                                 3: contentEncoding, 4: contentType}

``raw`` is the object encoded with the gogo-generated marshallers of k8s.io/api, whose
schema lives in :mod:`clusterviz.k8s.protobuf_schema` (generated from the descriptors
compiled into kubectl itself). JSON conventions reproduced here:

* ``apiVersion``/``kind`` come from the envelope (the raw object carries no TypeMeta).
* ``meta/v1.Time`` and ``MicroTime`` become RFC 3339 strings; the zero time (an empty
  message) is left out, as ``creationTimestamp: null`` means the same thing.
* ``resource.Quantity`` becomes its string, ``IntOrString`` an int or a str,
  ``meta/v1.Duration`` Go's duration text (``"1h0m0s"``), ``RawExtension``/``FieldsV1``
  the embedded JSON, ``bytes`` base64 (as Go's encoding/json does), ``map<>`` a dict.
* Zero values follow Go's ``omitempty``: Go pointers (proto2 fields the wire carries only
  when set, e.g. ``spec.replicas``) are kept whenever present, even when 0 or false;
  non-pointer scalars tagged ``omitempty`` are dropped when zero; empty lists and maps
  are dropped; structs that are present stay, even empty (``resources: {}``).
* Fields embedded with ``json:",inline"`` (``Probe.handler``, ``Volume.volumeSource``,
  ``SecretKeySelector.localObjectReference``, ...) are flattened into their parent.
* Unknown field numbers (newer clients) and fields whose wire type does not match the
  schema are skipped, as protobuf does.

Malformed input raises :class:`ProtobufError` (a ``ValueError``): truncated data, bad
wire types, lengths past the end, nesting deeper than :data:`MAX_DEPTH`, an envelope
without the magic prefix or without a kind this schema knows.
"""
from __future__ import annotations

import base64
import json
import math
import struct
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from clusterviz.k8s.protobuf_schema import (
    GROUP_PACKAGES,
    INLINE,
    MAP,
    MESSAGES,
    OMITEMPTY,
    POINTER,
    REPEATED,
)

__all__ = [
    "CONTENT_TYPE",
    "MAGIC",
    "MAX_DEPTH",
    "ProtobufError",
    "decode",
    "decode_message",
    "is_protobuf",
    "message_for",
]

MAGIC = b"k8s\x00"
CONTENT_TYPE = "application/vnd.kubernetes.protobuf"
#: Deepest message nesting accepted (real objects stay under 20; JSONSchemaProps aside).
MAX_DEPTH = 64

_VARINT, _I64, _LEN, _SGROUP, _EGROUP, _I32 = 0, 1, 2, 3, 4, 5
_MAX_FIELD = (1 << 29) - 1
_ZERO_TIME = -62135596800  # Go's time.Time{}.Unix(): 0001-01-01T00:00:00Z
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ProtobufError(ValueError):
    """The body is not a well-formed Kubernetes protobuf message."""


def is_protobuf(content_type: str | None) -> bool:
    """True for ``application/vnd.kubernetes.protobuf`` (parameters ignored)."""
    if not content_type:
        return False
    return content_type.split(";", 1)[0].strip().lower() == CONTENT_TYPE


# --------------------------------------------------------------------------- wire level

def _varint(buf: bytes, pos: int, end: int) -> tuple[int, int]:
    result = 0
    shift = 0
    start = pos
    while True:
        if pos >= end:
            raise ProtobufError(f"truncated varint at byte {start}")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result & 0xFFFFFFFFFFFFFFFF, pos
        shift += 7
        if shift >= 70:
            raise ProtobufError(f"varint longer than 10 bytes at byte {start}")


def _skip_group(buf: bytes, pos: int, end: int, num: int, depth: int) -> int:
    """Skip a (deprecated) group whose start tag for field ``num`` was just read."""
    while True:
        if pos >= end:
            raise ProtobufError(f"unterminated group for field {num}")
        key, pos = _varint(buf, pos, end)
        inner, wt = key >> 3, key & 7
        if wt == _EGROUP:
            if inner != num:
                raise ProtobufError(f"group for field {num} closed by field {inner}")
            return pos
        pos = _skip_value(buf, pos, end, inner, wt, depth + 1)


def _skip_value(buf: bytes, pos: int, end: int, num: int, wt: int, depth: int) -> int:
    if depth > MAX_DEPTH:
        raise ProtobufError(f"groups nested deeper than {MAX_DEPTH}")
    if wt == _VARINT:
        return _varint(buf, pos, end)[1]
    if wt == _I64:
        pos += 8
    elif wt == _I32:
        pos += 4
    elif wt == _LEN:
        length, pos = _varint(buf, pos, end)
        pos += length
    elif wt == _SGROUP:
        return _skip_group(buf, pos, end, num, depth)
    else:
        raise ProtobufError(f"invalid wire type {wt} for field {num}")
    if pos > end:
        raise ProtobufError(f"field {num} runs past the end of its message")
    return pos


def _fields(buf: bytes, start: int, end: int, depth: int) -> Iterator[tuple[int, int, Any]]:
    """Yield ``(field number, wire type, value)``; a LEN value is a ``(start, end)`` slice."""
    pos = start
    while pos < end:
        key, pos = _varint(buf, pos, end)
        num, wt = key >> 3, key & 7
        if num == 0 or num > _MAX_FIELD:
            raise ProtobufError(f"invalid field number {num} at byte {pos}")
        if wt == _VARINT:
            value, pos = _varint(buf, pos, end)
        elif wt == _LEN:
            length, pos = _varint(buf, pos, end)
            if length > end - pos:
                raise ProtobufError(f"field {num}: length {length} runs past the end of its message")
            value = (pos, pos + length)
            pos += length
        elif wt == _I64:
            if pos + 8 > end:
                raise ProtobufError(f"field {num}: truncated 64-bit value")
            value = int.from_bytes(buf[pos:pos + 8], "little")
            pos += 8
        elif wt == _I32:
            if pos + 4 > end:
                raise ProtobufError(f"field {num}: truncated 32-bit value")
            value = int.from_bytes(buf[pos:pos + 4], "little")
            pos += 4
        elif wt == _SGROUP:
            pos = _skip_group(buf, pos, end, num, depth)
            continue
        else:
            raise ProtobufError(f"invalid wire type {wt} for field {num}")
        yield num, wt, value


# --------------------------------------------------------------------------- scalars

def _signed(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _zigzag(value: int) -> int:
    return (value >> 1) ^ -(value & 1)


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ProtobufError(f"non-finite number {value!r} has no JSON form")
    return value


_SCALARS: dict[str, tuple[int, Any]] = {
    # type: (wire type, converter from the raw wire value)
    "int32": (_VARINT, lambda v: _signed(v, 32)),
    "int64": (_VARINT, lambda v: _signed(v, 64)),
    "uint32": (_VARINT, lambda v: v & 0xFFFFFFFF),
    "uint64": (_VARINT, lambda v: v),
    "sint32": (_VARINT, lambda v: _signed(_zigzag(v & 0xFFFFFFFF), 32)),
    "sint64": (_VARINT, _zigzag),
    "bool": (_VARINT, lambda v: v != 0),
    "enum": (_VARINT, lambda v: _signed(v, 32)),
    "fixed64": (_I64, lambda v: v),
    "sfixed64": (_I64, lambda v: _signed(v, 64)),
    "double": (_I64, lambda v: _finite(struct.unpack("<d", v.to_bytes(8, "little"))[0])),
    "fixed32": (_I32, lambda v: v),
    "sfixed32": (_I32, lambda v: _signed(v, 32)),
    "float": (_I32, lambda v: _finite(struct.unpack("<f", v.to_bytes(4, "little"))[0])),
    "string": (_LEN, None),
    "bytes": (_LEN, None),
}


def _scalar_values(buf: bytes, typ: str, occurrences: list[tuple[int, Any]], depth: int) -> list[Any]:
    """Decode every occurrence of a scalar field (packed or not); mismatched wire types are skipped."""
    wire, convert = _SCALARS[typ]
    out: list[Any] = []
    for wt, value in occurrences:
        if wt == wire:
            if typ == "string":
                out.append(bytes(buf[value[0]:value[1]]).decode("utf-8", "replace"))
            elif typ == "bytes":
                out.append(bytes(buf[value[0]:value[1]]))
            else:
                out.append(convert(value))
        elif wt == _LEN and wire != _LEN:  # packed repeated numbers
            start, end = value
            pos = start
            while pos < end:
                if wire == _VARINT:
                    raw, pos = _varint(buf, pos, end)
                else:
                    size = 8 if wire == _I64 else 4
                    if pos + size > end:
                        raise ProtobufError(f"truncated packed {typ} value")
                    raw = int.from_bytes(buf[pos:pos + size], "little")
                    pos += size
                out.append(convert(raw))
    return out


def _json_scalar(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


# --------------------------------------------------------------------------- messages

def _collect(buf: bytes, segments: list[tuple[int, int]], known: dict, depth: int) -> dict[int, list]:
    if depth > MAX_DEPTH:
        raise ProtobufError(f"messages nested deeper than {MAX_DEPTH}")
    found: dict[int, list] = {}
    for start, end in segments:
        for num, wt, value in _fields(buf, start, end, depth):
            if num in known:
                found.setdefault(num, []).append((wt, value))
    return found


def _message(buf: bytes, segments: list[tuple[int, int]], name: str, depth: int) -> Any:
    """Decode one message (all its merged segments) into its JSON value."""
    special = _SPECIAL.get(name)
    if special is not None:
        return special(buf, segments, name, depth)
    return _plain(buf, segments, name, depth)


def _plain(buf: bytes, segments: list[tuple[int, int]], name: str, depth: int) -> dict[str, Any]:
    schema = MESSAGES[name]
    found = _collect(buf, segments, schema, depth)
    out: dict[str, Any] = {}
    inlined: list[dict[str, Any]] = []
    for num in sorted(found):
        key, typ, flags = schema[num]
        occurrences = found[num]
        if flags & MAP:
            value = _map(buf, occurrences, typ, depth)
            if value:
                out[key] = value
        elif typ in _SCALARS:
            if not flags & REPEATED:  # packed encoding is for repeated fields only
                occurrences = [o for o in occurrences if o[0] == _SCALARS[typ][0]]
            values = _scalar_values(buf, typ, occurrences, depth)
            if flags & REPEATED:
                if values:
                    out[key] = [_json_scalar(v) for v in values]
            elif values:
                value = values[-1]
                if flags & POINTER or not (flags & OMITEMPTY and not value):
                    out[key] = _json_scalar(value)
        else:
            parts = [v for wt, v in occurrences if wt == _LEN]
            if not parts:
                continue
            if flags & REPEATED:
                items = [_message(buf, [part], typ, depth + 1) for part in parts]
                if items:
                    out[key] = items
            else:
                value = _message(buf, parts, typ, depth + 1)
                if value is None:
                    continue
                if flags & INLINE and isinstance(value, dict):
                    inlined.append(value)
                else:
                    out[key] = value
    for extra in inlined:  # Go: the outer struct's own fields win over promoted ones
        for key, value in extra.items():
            out.setdefault(key, value)
    return out


def _map(buf: bytes, occurrences: list[tuple[int, Any]], typ: tuple[str, str], depth: int) -> dict[str, Any]:
    key_type, value_type = typ
    out: dict[str, Any] = {}
    entry_fields = {1: None, 2: None}
    for wt, value in occurrences:
        if wt != _LEN:
            continue
        found = _collect(buf, [value], entry_fields, depth + 1)
        keys = _scalar_values(buf, key_type, found.get(1, []), depth)
        key = keys[-1] if keys else _zero(key_type)
        if isinstance(key, bytes):
            key = key.decode("utf-8", "replace")
        key = key if isinstance(key, str) else json.dumps(key)
        if value_type in _SCALARS:
            values = _scalar_values(buf, value_type, found.get(2, []), depth)
            out[key] = _json_scalar(values[-1] if values else _zero(value_type))
        else:
            parts = [v for w, v in found.get(2, []) if w == _LEN]
            out[key] = _message(buf, parts, value_type, depth + 2)
    return out


def _zero(typ: str) -> Any:
    return {"string": "", "bytes": b"", "bool": False, "double": 0.0, "float": 0.0}.get(typ, 0)


def _raw_fields(buf: bytes, segments: list[tuple[int, int]], spec: dict[int, str],
                depth: int) -> dict[int, Any]:
    """Last value of each listed scalar field of a special message (number -> type)."""
    found = _collect(buf, segments, spec, depth)
    out: dict[int, Any] = {}
    for num, typ in spec.items():
        values = _scalar_values(buf, typ, found.get(num, []), depth)
        out[num] = values[-1] if values else _zero(typ)
    return out


def _time(seconds: int, nanos: int, micro: bool) -> str:
    try:
        moment = _EPOCH + timedelta(seconds=seconds, microseconds=nanos // 1000 if micro else 0)
    except OverflowError:
        raise ProtobufError(f"time {seconds}s is out of range") from None
    text = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
            f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    return f"{text}.{moment.microsecond:06d}Z" if micro else f"{text}Z"


def _decode_time(buf: bytes, segments: list[tuple[int, int]], name: str, depth: int) -> str | None:
    if all(start == end for start, end in segments):
        return None  # Go marshals the zero time as an empty message; JSON says null
    raw = _raw_fields(buf, segments, {1: "int64", 2: "int32"}, depth)
    micro = name.endswith("MicroTime")
    seconds, nanos = raw[1], raw[2] if micro else 0  # Time drops nanos (JSON has seconds only)
    seconds += nanos // 1_000_000_000
    nanos %= 1_000_000_000
    if seconds == _ZERO_TIME and nanos == 0:
        return None
    if not _ZERO_TIME <= seconds <= 253402300799:  # 0001-01-01 .. 9999-12-31
        raise ProtobufError(f"{name.rsplit('.', 1)[-1]} {seconds}s is outside years 1-9999")
    return _time(seconds, nanos, micro)


def go_duration(nanos: int) -> str:
    """Go's ``time.Duration.String()``: ``"1h0m0s"``, ``"1.5s"``, ``"300ms"``, ``"0s"``."""
    sign = "-" if nanos < 0 else ""
    u = abs(nanos)
    if u == 0:
        return "0s"
    if u < 1_000_000_000:
        if u < 1_000:
            return f"{sign}{u}ns"
        if u < 1_000_000:
            return f"{sign}{_frac(u, 3)}µs"
        return f"{sign}{_frac(u, 6)}ms"
    text = f"{_frac(u % 60_000_000_000, 9)}s"
    minutes = u // 60_000_000_000
    if minutes:
        text = f"{minutes % 60}m{text}"
        if minutes >= 60:
            text = f"{minutes // 60}h{text}"
    return sign + text


def _frac(value: int, digits: int) -> str:
    whole, rest = divmod(value, 10 ** digits)
    tail = f"{rest:0{digits}d}".rstrip("0")
    return f"{whole}.{tail}" if tail else str(whole)


def _decode_duration(buf: bytes, segments: list[tuple[int, int]], name: str, depth: int) -> str:
    return go_duration(_raw_fields(buf, segments, {1: "int64"}, depth)[1])


def _decode_quantity(buf: bytes, segments: list[tuple[int, int]], name: str, depth: int) -> str:
    return _raw_fields(buf, segments, {1: "string"}, depth)[1] or "0"


def _decode_int_or_string(buf: bytes, segments: list[tuple[int, int]], name: str, depth: int) -> int | str:
    raw = _raw_fields(buf, segments, {1: "int64", 2: "int32", 3: "string"}, depth)
    if raw[1] == 0:
        return raw[2]
    if raw[1] == 1:
        return raw[3]
    raise ProtobufError(f"IntOrString has impossible type {raw[1]}")


def _embedded_json(data: bytes, what: str, depth: int) -> Any:
    if not data:
        return None
    if data.startswith(MAGIC):
        return _envelope(data, depth + 1)
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ProtobufError(f"{what} does not hold valid JSON: {exc}") from None


def _decode_raw_extension(buf: bytes, segments: list[tuple[int, int]], name: str, depth: int) -> Any:
    return _embedded_json(_raw_fields(buf, segments, {1: "bytes"}, depth)[1], name.rsplit(".", 1)[-1], depth)


def _decode_list_wrapper(buf: bytes, segments: list[tuple[int, int]], name: str, depth: int) -> list[str]:
    found = _collect(buf, segments, {1: None}, depth)
    return _scalar_values(buf, "string", found.get(1, []), depth)


_SPECIAL = {
    "meta.v1.Time": _decode_time,
    "meta.v1.MicroTime": _decode_time,
    "meta.v1.Duration": _decode_duration,
    "resource.Quantity": _decode_quantity,
    "intstr.IntOrString": _decode_int_or_string,
    "runtime.RawExtension": _decode_raw_extension,
    "meta.v1.FieldsV1": _decode_raw_extension,
    "meta.v1.Verbs": _decode_list_wrapper,  # []string types: a JSON list, not an object
}
_SPECIAL.update({name: _decode_list_wrapper for name in MESSAGES if name.endswith(".ExtraValue")})


# --------------------------------------------------------------------------- envelope

def message_for(api_version: str, kind: str) -> str | None:
    """The schema message for an apiVersion/kind (``apps/v1``, ``Deployment`` -> ``apps.v1.Deployment``)."""
    group, _, version = api_version.rpartition("/")
    package = GROUP_PACKAGES.get(group)
    if package is not None:
        name = f"{package}.{version}.{kind}"
        if name in MESSAGES:
            return name
    # Options and Status types are registered in every group version but live in meta/v1.
    name = f"meta.v1.{kind}"
    return name if name in MESSAGES else None


def decode_message(raw: bytes, message: str) -> dict[str, Any]:
    """Decode a bare message (no envelope) of the schema type ``message``."""
    if message not in MESSAGES:
        raise ProtobufError(f"unknown protobuf message {message!r}")
    value = _message(memoryview(bytes(raw)), [(0, len(raw))], message, 0)
    if not isinstance(value, dict):
        raise ProtobufError(f"{message} is not an object")
    return value


def decode(body: bytes) -> dict[str, Any]:
    """Decode a ``k8s\\0``-prefixed Kubernetes protobuf body to its JSON-shaped dict."""
    if not isinstance(body, bytes | bytearray | memoryview):
        raise ProtobufError(f"expected bytes, got {type(body).__name__}")
    return _envelope(bytes(body), 0)


def _envelope(body: bytes, depth: int) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise ProtobufError(f"objects nested deeper than {MAX_DEPTH}")
    if not body.startswith(MAGIC):
        raise ProtobufError(
            f"not a Kubernetes protobuf body: expected prefix {MAGIC!r}, got {bytes(body[:4])!r}")
    buf = memoryview(body)
    unknown = _collect(buf, [(len(MAGIC), len(body))], {1: None, 2: None, 3: None, 4: None}, depth)
    type_meta = [v for wt, v in unknown.get(1, []) if wt == _LEN]
    names = _raw_fields(buf, type_meta, {1: "string", 2: "string"}, depth + 1)
    api_version, kind = names[1], names[2]
    raw = _scalar_values(buf, "bytes", unknown.get(2, []), depth)
    raw_bytes = raw[-1] if raw else b""
    encoding = _scalar_values(buf, "string", unknown.get(3, []), depth)
    if encoding and encoding[-1]:
        raise ProtobufError(f"unsupported contentEncoding {encoding[-1]!r}")
    content_type = _scalar_values(buf, "string", unknown.get(4, []), depth)
    if not kind or not api_version:
        raise ProtobufError("protobuf envelope names no apiVersion/kind")
    if content_type and content_type[-1] and not is_protobuf(content_type[-1]):
        if content_type[-1].split(";", 1)[0].strip() != "application/json":
            raise ProtobufError(f"unsupported embedded contentType {content_type[-1]!r}")
        obj = _embedded_json(raw_bytes, f"{kind} body", depth)
        if not isinstance(obj, dict):
            raise ProtobufError(f"{kind} body is not a JSON object")
    else:
        message = message_for(api_version, kind)
        if message is None:
            raise ProtobufError(f"no protobuf schema for {api_version} {kind}")
        obj = _message(memoryview(raw_bytes), [(0, len(raw_bytes))], message, depth + 1)
    return {"apiVersion": api_version, "kind": kind, **obj}
