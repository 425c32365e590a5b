"""Plugin statuses (framework.Status), shared immutable values so the hot path allocates nothing."""
from __future__ import annotations

# Mirrors framework.Code: plain Unschedulable may be fixed by preemption; Unresolvable may not.
UNSCHEDULABLE = 2
UNSCHEDULABLE_AND_UNRESOLVABLE = 3
MAX_NODE_SCORE = 100


class Status:
    """A filter rejection: the plugin, its reasons (as Kubernetes words them) and the code."""

    __slots__ = ("plugin", "reasons", "code", "message")

    def __init__(self, plugin: str, reasons: tuple[str, ...], code: int = UNSCHEDULABLE) -> None:
        self.plugin = plugin
        self.reasons = reasons
        self.code = code
        self.message = ", ".join(reasons)     # Mirrors Status.Message(): reasons joined by ", "

    @property
    def unresolvable(self) -> bool:
        return self.code == UNSCHEDULABLE_AND_UNRESOLVABLE

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Status) and self.plugin == other.plugin and self.reasons == other.reasons
                and self.code == other.code)

    def __hash__(self) -> int:
        return hash((self.plugin, self.reasons, self.code))

    def __repr__(self) -> str:
        return f"Status({self.plugin!r}, {self.message!r}, code={self.code})"


def default_normalize(scores: list[int], reverse: bool = False) -> list[int]:
    """Mirrors helper.DefaultNormalizeScore: scale to 0..100 by the maximum, optionally reversed."""
    top = max(scores, default=0)
    if top == 0:
        return [MAX_NODE_SCORE] * len(scores) if reverse else scores
    if reverse:
        return [MAX_NODE_SCORE - MAX_NODE_SCORE * s // top for s in scores]
    return [MAX_NODE_SCORE * s // top for s in scores]
