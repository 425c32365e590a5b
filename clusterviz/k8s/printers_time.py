"""Ages as kubectl shows them: ``duration.HumanDuration`` over simulated time.

Timestamps in objects are RFC 3339 (``2026-01-01T00:05:00Z``, MicroTime with a fraction);
``Ages`` turns them into simulated seconds through the cluster's clock and caches every
stamp and every whole-second age, so a 30,000-row table parses each distinct stamp once.
"""
from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

UNKNOWN = "<unknown>"


@lru_cache(maxsize=65536)
def _human(seconds: int) -> str:
    # k8s.io/apimachinery/pkg/util/duration.HumanDuration, on whole seconds (Go truncates the same way).
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 120:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = seconds // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def human_duration(seconds: float) -> str:
    """``duration.HumanDuration``: ``5s``, ``2m30s``, ``10m``, ``3h5m``, ``2d3h``, ``<invalid>``."""
    return _human(int(seconds))  # int() truncates toward zero, as Go's int(d.Seconds())


class Ages:
    """``translateTimestampSince`` for one table build: ``now`` and the clock are fixed."""

    __slots__ = ("now", "clock", "_stamps", "_days", "_texts")

    def __init__(self, now: float, clock: Any) -> None:
        self.now = float(now)
        self.clock = clock
        self._stamps: dict[str, float | None] = {}
        self._days: dict[str, float] = {}
        self._texts: dict[str, str] = {}

    def seconds(self, stamp: Any) -> float | None:
        """Simulated seconds of an RFC 3339 stamp (None when missing or unreadable)."""
        if not stamp:
            return None
        try:
            return self._stamps[stamp]
        except KeyError:
            value = self._stamps[stamp] = self._parse(stamp)
            return value
        except TypeError:  # not a string
            return None

    def _parse(self, stamp: str) -> float | None:
        try:
            # Fast path for what the simulator writes: YYYY-MM-DDTHH:MM:SS[.ffffff]Z.
            if len(stamp) >= 20 and stamp[10] == "T" and stamp[-1] == "Z" and stamp[13] == ":":
                day = self._days.get(stamp[:10])
                if day is None:
                    day = self._days[stamp[:10]] = float(self.clock.seconds(stamp[:10] + "T00:00:00Z"))
                value = day + int(stamp[11:13]) * 3600 + int(stamp[14:16]) * 60 + int(stamp[17:19])
                if len(stamp) > 20 and stamp[19] == ".":
                    value += float("0" + stamp[19:-1])
                return value
            # Anything else RFC 3339 (an offset instead of Z): normalise to UTC first.
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC)
            whole = moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
            return float(self.clock.seconds(whole)) + moment.microsecond / 1e6
        except (ValueError, TypeError, AttributeError):
            return None

    def since(self, stamp: Any) -> str:
        """The age of ``stamp`` at ``now``; ``<unknown>`` when there is none."""
        try:
            return self._texts[stamp]
        except KeyError:
            at = self.seconds(stamp)
            text = self._texts[stamp] = UNKNOWN if at is None else _human(int(self.now - at))
            return text
        except TypeError:  # not a string (or None)
            return UNKNOWN

    def since_seconds(self, at: float | None) -> str:
        return UNKNOWN if at is None else _human(int(self.now - at))
