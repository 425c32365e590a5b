"""What a container's process does: when it prints, when it exits, how it takes SIGTERM.

A Program is data, shared by every container started from the same image and command;
log lines are rendered on demand from it (``kubectl logs``), never stored, so a running
container costs no memory however long it runs. Templates carry ``@stamp@`` markers,
filled in with the moment a line was printed (``@nginx@``, ``@clf@``, ``@klog@`` ...).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

Line = tuple[float, str]   # (seconds after the process started, template)


@dataclass(frozen=True, slots=True)
class Program:
    startup: tuple[Line, ...] = ()          # printed once
    repeated: tuple[Line, ...] = ()         # printed every ``every`` seconds from ``loop_from``
    every: float = 0.0
    loop_from: float = 0.0
    exit_after: float | None = None         # None: runs until stopped
    exit_code: int = 0
    exit_reason: str = ""                   # "" → Completed / Error by the exit code
    # Seconds to exit after SIGTERM; None: ignores it (a shell as PID 1 has no handler),
    # so only the SIGKILL at the end of the grace period stops it (exit code 137).
    stop_seconds: float | None = 0.1
    stop_lines: tuple[str, ...] = ()
    probe_line: str = ""                    # what an HTTP probe from the kubelet leaves in the log

    def shifted(self, offset: float, prefix: tuple[Line, ...]) -> Program:
        """This program exec'd ``offset`` seconds into a shell script that printed ``prefix``."""
        return replace(self, startup=prefix + tuple((t + offset, s) for t, s in self.startup),
                       loop_from=self.loop_from + offset,
                       exit_after=None if self.exit_after is None else self.exit_after + offset)


def periodic(first: float, every: float, end: float, lines: tuple[Line, ...],
             limit: int) -> list[tuple[float, str]]:
    """The last ``limit`` iterations of a block printed every ``every`` s from ``first`` until ``end``."""
    if every <= 0 or end < first or not lines:
        return []
    count = int((end - first) // every) + 1
    out: list[tuple[float, str]] = []
    for k in range(max(0, count - max(1, limit // len(lines)) - 1), count):
        base = first + k * every
        out.extend((base + dt, text) for dt, text in lines if base + dt <= end)
    return out


def render(program: Program, *, started: float, end: float, limit: int,
           probe_every: float = 0.0) -> list[tuple[float, str]]:
    """Absolute (time, template) lines printed between ``started`` and ``end``, the last ``limit``."""
    out = [(started + dt, text) for dt, text in program.startup if started + dt <= end]
    out += periodic(started + program.loop_from, program.every, end, program.repeated, limit)
    if probe_every and program.probe_line:
        out += periodic(started + probe_every, probe_every, end, ((0.0, program.probe_line),), limit)
    out.sort(key=lambda item: item[0])
    return out[-limit:]


_FORMATS: dict[str, Callable[[datetime], str]] = {
    "nginx": lambda d: d.strftime("%Y/%m/%d %H:%M:%S"),
    "clf": lambda d: d.strftime("%d/%b/%Y:%H:%M:%S +0000"),
    "redis": lambda d: d.strftime("%d %b %Y %H:%M:%S.%f")[:-3],
    "klog": lambda d: d.strftime("%m%d %H:%M:%S.%f"),
    "iso": lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    "isos": lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"),
    "pg": lambda d: d.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC",
    "apache": lambda d: d.strftime("%a %b %d %H:%M:%S.%f %Y"),
    "date": lambda d: d.strftime("%a %b ") + f"{d.day:2d}" + d.strftime(" %H:%M:%S UTC %Y"),
}
_MARKER = re.compile(r"@(\w+)@")


def fill(template: str, at: datetime, context: dict[str, str]) -> str:
    """Replace ``@stamp@`` markers with the time ``at`` and ``@ip@``-style context values."""
    if "@" not in template:
        return template

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in _FORMATS:
            return _FORMATS[key](at)
        return context.get(key, match.group(0))
    return _MARKER.sub(one, template)


def moment(epoch: datetime, seconds: float) -> datetime:
    return epoch + timedelta(seconds=seconds)


def timestamped(at: datetime, text: str) -> str:
    """``kubectl logs --timestamps``: RFC 3339 with nanoseconds, as the CRI log file holds it."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z " + text
