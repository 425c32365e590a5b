"""Label selectors and node selector terms, compiled once per pod.

Mirrors k8s.io/apimachinery/pkg/labels (metav1.LabelSelectorAsSelector) and
k8s.io/component-helpers/scheduling/corev1/nodeaffinity.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Labels = dict[str, str]


class LabelSelector:
    """A compiled metav1.LabelSelector; ``None`` input selects nothing, ``{}`` everything."""

    __slots__ = ("match_labels", "expressions", "nothing")

    def __init__(self, raw: dict[str, Any] | None) -> None:
        # Mirrors LabelSelectorAsSelector: a nil selector is labels.Nothing().
        self.nothing = raw is None
        raw = raw or {}
        self.match_labels: tuple[tuple[str, str], ...] = tuple((raw.get("matchLabels") or {}).items())
        self.expressions: tuple[tuple[str, str, frozenset[str]], ...] = tuple(
            (e.get("key", ""), e.get("operator", ""), frozenset(e.get("values") or ()))
            for e in raw.get("matchExpressions") or ())

    def matches(self, labels: Labels) -> bool:
        if self.nothing:
            return False
        for k, v in self.match_labels:
            if labels.get(k) != v:
                return False
        for k, op, values in self.expressions:
            if not _label_expression(labels, k, op, values):
                return False
        return True

    def with_match_label_keys(self, keys: Iterable[str], labels: Labels) -> LabelSelector:
        """matchLabelKeys: the pod's own values for those keys are ANDed into the selector."""
        extra = tuple((k, labels[k]) for k in keys if k in labels)
        if not extra or self.nothing:
            return self
        merged = LabelSelector({})
        merged.match_labels = self.match_labels + extra
        merged.expressions = self.expressions
        return merged

    def index_pairs(self) -> list[tuple[str, str]] | None:
        """(key, value) pairs one of which every matching pod must carry, to use an index."""
        if self.match_labels:
            return [self.match_labels[0]]
        for k, op, values in self.expressions:
            if op == "In":
                return [(k, v) for v in sorted(values)]
        return None


def _label_expression(labels: Labels, key: str, op: str, values: frozenset[str]) -> bool:
    if op == "In":
        return key in labels and labels[key] in values
    if op == "NotIn":
        return key not in labels or labels[key] not in values
    if op == "Exists":
        return key in labels
    if op == "DoesNotExist":
        return key not in labels
    return False


def _node_expression(labels: Labels, key: str, op: str, values: list[str]) -> bool:
    if op in ("Gt", "Lt"):
        # Mirrors nodeaffinity: Gt/Lt compare one integer value, otherwise no match.
        if key not in labels or len(values) != 1:
            return False
        try:
            have, want = int(labels[key]), int(values[0])
        except ValueError:
            return False
        return have > want if op == "Gt" else have < want
    return _label_expression(labels, key, op, frozenset(values))


def term_matches(term: dict[str, Any], node_name: str, labels: Labels) -> bool:
    """One NodeSelectorTerm: matchExpressions and matchFields ANDed; an empty term matches nothing."""
    exprs = term.get("matchExpressions") or ()
    fields = term.get("matchFields") or ()
    if not exprs and not fields:
        return False
    for e in exprs:
        if not _node_expression(labels, e.get("key", ""), e.get("operator", ""), e.get("values") or []):
            return False
    for f in fields:
        # Mirrors nodeaffinity: metadata.name is the only supported field.
        if f.get("key") != "metadata.name":
            return False
        if not _node_expression({"metadata.name": node_name}, "metadata.name", f.get("operator", ""),
                                f.get("values") or []):
            return False
    return True


def node_selector_matches(terms: list[dict[str, Any]], node_name: str, labels: Labels) -> bool:
    """A NodeSelector: its terms are ORed."""
    return any(term_matches(t, node_name, labels) for t in terms)
