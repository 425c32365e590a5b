"""From a container's ``command``/``args`` to the Program it runs.

Classroom manifests run a handful of shell idioms (``sleep 3600``, ``echo hi; exit 1``,
``while true; do date; sleep 5; done``); this reads them the way ``sh -c`` would,
enough to know what is printed, when the process exits and with which code. Anything
else runs the image's own process, as ``exec`` would.
"""
from __future__ import annotations

import re
import shlex
from functools import lru_cache

from .runtime_programs import Line, Program
from .runtime_servers import EXECUTABLES, SERVERS, refusal

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
BUILTINS = frozenset({"sleep", "echo", "printf", "exit", "true", "false", ":", "date", "hostname", "env",
                      "printenv", "tail", "cat", "trap", "wait", "set", "exec", "ls", "wget", "curl", "nc",
                      "touch", "mkdir", "rm", "cd", "export", "while", "for", "until"})
_FOREVER = float("inf")
_EPSILON = 0.01
_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)")


@lru_cache(maxsize=4096)
def program_for(image_program: str, needs_env: tuple[str, ...], command: tuple[str, ...],
                args: tuple[str, ...], env: tuple[tuple[str, str], ...]) -> Program:
    """The process a container runs (cached: identical containers share one Program)."""
    argv = list(command) + list(args) if command else list(args)
    env_names = {name for name, _ in env}
    if not argv or _basename(argv[0]) not in SHELLS | BUILTINS | {"python", "python3"}:
        if needs_env and not env_names & set(needs_env):
            return refusal(image_program, needs_env)
        return SERVERS.get(image_program, SERVERS["generic"])
    exe = _basename(argv[0])
    if exe in ("python", "python3"):
        return _python(argv[1:])
    if exe in SHELLS:
        script = argv[argv.index("-c") + 1] if "-c" in argv[:-1] else ""
        return _Shell(dict(env), image_program).run(script)
    return _Shell(dict(env), image_program).run(shlex.join(argv))


def _basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _duration(text: str) -> float:
    """``sleep``'s argument: seconds, or with an s/m/h/d suffix; ``infinity`` never ends."""
    if text in ("infinity", "inf"):
        return _FOREVER
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        if text and text[-1] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text)
    except ValueError:
        return 0.0


class _Shell:
    """Runs a script once, symbolically: a clock, printed lines, the last status."""

    def __init__(self, env: dict[str, str], image_program: str) -> None:
        self.env = {"HOSTNAME": "@host@", "HOME": "/root",
                    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", **env}
        self.image_program = image_program
        self.t = 0.0
        self.lines: list[Line] = []
        self.status = 0
        self.graceful = False

    def run(self, script: str) -> Program:
        script = (script.replace("$(date)", "@date@").replace("`date`", "@date@")
                  .replace("$(hostname)", "@host@").replace("`hostname`", "@host@"))
        try:
            lexer = shlex.shlex(script.replace("\n", " ; "), posix=True, punctuation_chars=";&|")
            lexer.whitespace_split = True
            tokens = list(lexer)
        except ValueError:
            return self._finish(2, ["sh: syntax error: unterminated quoted string"])
        return self._block(_statements(tokens))

    def _block(self, statements: list[tuple[list[str], str]]) -> Program:
        i, skip = 0, False
        while i < len(statements):
            words, sep = statements[i]
            if words and words[0] in ("while", "until") and not skip:
                body, i = _loop_body(statements, i)
                return self._forever(body)
            if words and words[0] == "for" and not skip:
                body, i = _loop_body(statements, i)
                for item in words[3:] if len(words) > 2 and words[2] == "in" else []:
                    self.env[words[1]] = item
                    for inner, _ in body:
                        ended = self._command(inner)
                        if ended is not None:
                            return ended
                continue
            if not skip:
                done = self._command(words)
                if done is not None:
                    return done
            skip = (sep == "&&" and self.status != 0) or (sep == "||" and self.status == 0)
            i += 1
        return self._finish(self.status)

    def _forever(self, body: list[tuple[list[str], str]]) -> Program:
        start, before = self.t, len(self.lines)
        for words, _ in body:
            ended = self._command(words)
            if ended is not None:
                return ended
        every = max(self.t - start, 1.0)   # a loop that never sleeps still prints no faster than this
        repeated = tuple((t - start, s) for t, s in self.lines[before:])
        return Program(startup=tuple(self.lines[:before]), repeated=repeated, every=every, loop_from=start,
                       stop_seconds=_EPSILON if self.graceful else None)

    def _command(self, words: list[str]) -> Program | None:
        """Run one simple command; a Program when the script ends here (exit, exec, forever)."""
        while words and words[0] in ("do", "done", "then", "fi", "else"):
            words = words[1:]
        words = [self._expand(w) for w in words]
        if not words:
            return None
        name, rest = _basename(words[0]), words[1:]
        if name == "exec" and rest:
            name, rest = _basename(rest[0]), rest[1:]
        if name in EXECUTABLES:
            server = SERVERS.get(EXECUTABLES[name] or self.image_program, SERVERS["generic"])
            return server.shifted(self.t, tuple(self.lines))
        handler = getattr(self, "_cmd_" + name.replace(":", "colon"), None)
        if handler is None:
            self._say(f"sh: {name}: not found")
            self.status = 127
            return None
        return handler(rest)

    def _say(self, text: str) -> None:
        self.lines.append((self.t, text))

    def _expand(self, word: str) -> str:
        return _VAR.sub(lambda m: self.env.get(m.group(1) or m.group(2), ""), word)

    def _finish(self, code: int | None, extra: list[str] | None = None) -> Program:
        for text in extra or []:
            self._say(text)
        return Program(startup=tuple(self.lines), exit_after=max(self.t, _EPSILON),
                       exit_code=code or 0, stop_seconds=_EPSILON if self.graceful else None)

    # -- builtins ----------------------------------------------------------------------
    def _cmd_sleep(self, rest: list[str]) -> Program | None:
        seconds = _duration(rest[0]) if rest else 0.0
        if seconds == _FOREVER:
            return Program(startup=tuple(self.lines), stop_seconds=_EPSILON if self.graceful else None)
        self.t += seconds
        self.status = 0
        return None

    def _cmd_tail(self, rest: list[str]) -> Program | None:
        if "-f" in rest or "-F" in rest:
            return Program(startup=tuple(self.lines), stop_seconds=_EPSILON if self.graceful else None)
        self.status = 0
        return None

    def _cmd_echo(self, rest: list[str]) -> None:
        words = [w for w in rest if w not in ("-n", "-e")]
        for text in " ".join(words).split("\\n"):
            self._say(text)
        self.status = 0

    def _cmd_printf(self, rest: list[str]) -> None:
        if rest:
            text = rest[0]
            for arg in rest[1:]:
                text = text.replace("%s", arg, 1).replace("%d", arg, 1)
            for part in [p for p in text.split("\\n") if p]:
                self._say(part)
        self.status = 0

    def _cmd_date(self, rest: list[str]) -> None:
        self._say("@date@")
        self.status = 0

    def _cmd_hostname(self, rest: list[str]) -> None:
        self._say("@host@")
        self.status = 0

    def _cmd_env(self, rest: list[str]) -> None:
        if rest and not rest[0].startswith("-"):
            self.env[rest[0]] = self.env.get(rest[0], "")
            self._say(self.env[rest[0]])
        else:
            for key, value in self.env.items():
                self._say(f"{key}={value}")
        self.status = 0

    _cmd_printenv = _cmd_env

    def _cmd_exit(self, rest: list[str]) -> Program:
        code = int(rest[0]) if rest and rest[0].lstrip("-").isdigit() else self.status
        return self._finish(code & 0xFF)

    def _cmd_true(self, rest: list[str]) -> None:
        self.status = 0

    _cmd_colon = _cmd_true

    def _cmd_false(self, rest: list[str]) -> None:
        self.status = 1

    def _cmd_trap(self, rest: list[str]) -> None:
        # A TERM handler makes the shell stop promptly on SIGTERM instead of waiting for SIGKILL.
        self.graceful = self.graceful or any(sig in ("TERM", "SIGTERM", "15") for sig in rest[1:])
        self.status = 0

    def _cmd_noop(self, rest: list[str]) -> None:
        self.status = 0

    _cmd_cat = _cmd_wait = _cmd_set = _cmd_ls = _cmd_wget = _cmd_curl = _cmd_nc = _cmd_noop
    _cmd_touch = _cmd_mkdir = _cmd_rm = _cmd_cd = _cmd_export = _cmd_noop


def _statements(tokens: list[str]) -> list[tuple[list[str], str]]:
    """Split tokens into (words, separator) at ``;``, ``&&``, ``||``."""
    out: list[tuple[list[str], str]] = []
    words: list[str] = []
    for token in tokens:
        if token in (";", "&&", "||", "&", "|"):
            if words:
                out.append((words, token))
            words = []
        else:
            words.append(token)
    if words:
        out.append((words, ";"))
    return out


def _loop_body(statements: list[tuple[list[str], str]], i: int) -> tuple[list[tuple[list[str], str]], int]:
    """The statements between ``do`` and the matching ``done``; and the index after it."""
    body: list[tuple[list[str], str]] = []
    depth, j = 0, i + 1
    while j < len(statements):
        words, sep = statements[j]
        if words[0] in ("while", "for", "until"):
            depth += 1
        if words[0] == "done":
            if depth == 0:
                return [(w, s) for w, s in body if w], j + 1
            depth -= 1
        body.append((words, sep))
        j += 1
    return [(w, s) for w, s in body if w], j


_PRINT = re.compile(r"""print\((['"])(.*?)\1\)""")
_SLEEP = re.compile(r"sleep\((\d+(?:\.\d+)?)\)")


def _python(argv: list[str]) -> Program:
    """``python -c CODE``, ``python -m http.server``; a script file does not exist in the image."""
    if "-c" in argv[:-1]:
        code = argv[argv.index("-c") + 1]
        printed = tuple((0.05, m.group(2)) for m in _PRINT.finditer(code))
        if "while True" in code:
            sleep = _SLEEP.search(code)
            return Program(repeated=printed, every=float(sleep.group(1)) if sleep else 1.0, loop_from=0.05,
                           stop_seconds=None)
        return Program(startup=printed, exit_after=0.06, stop_seconds=None)
    if argv[:2] == ["-m", "http.server"]:
        port = argv[2] if len(argv) > 2 else "8000"
        return Program(startup=((0.05, f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ..."),),
                       stop_seconds=None)
    target = argv[0] if argv else ""
    if not target:
        return SERVERS["python"]
    message = f"python3: can't open file '/{target.lstrip('/')}': [Errno 2] No such file or directory"
    return Program(startup=((0.04, message),), exit_after=0.05, exit_code=2, stop_seconds=None)
