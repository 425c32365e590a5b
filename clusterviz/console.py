"""The in-browser kubectl: a command line parsed like kubectl's, run against the live cluster.

``run(session, line)`` takes what the person typed (``kubectl get nodes``; pasted YAML on the
lines after ``kubectl apply -f -``) and returns what real kubectl would print, its exit
status, and the DOM ids of the components and objects the command touched so the page can
highlight them. Every request goes through the simulated ApiServer as ``kubectl (console)``
(reads are traced like the REST API's), tables come from the API's own printers
(``clusterviz.k8s.printers``), and a viewer's write is refused as the viewer credential's
is over HTTP. Runs synchronously on the loop that owns the cluster.
"""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator.apiserver.registry import BY_PLURAL, Resource, lookup
from simulator.apiserver.server import PAST
from simulator.errors import ApiError

from . import cluster_ops as ops
from .diagram.ids import dom_id
from .roles import PRESENTER

logger = logging.getLogger(__name__)

ACTOR = "kubectl (console)"
MAX_INPUT = 256 * 1024
APISERVER_ID = dom_id("component", None, "kube-apiserver")
LOAD_BALANCER = "load-balancer"
# Objects drawn on the page, by kind: their DOM ids come from presenters.dom_id.
DRAWN = {
    "Node": "node",
    "Pod": "pod",
    "Deployment": "deployment",
    "ReplicaSet": "replicaset",
    "Service": "service",
    "DaemonSet": "daemonset",
}


class Usage(Exception):
    """A command kubectl refuses before any request (``error: ...``, exit status 1)."""


@dataclass(frozen=True)
class ConsoleResult:
    command: str
    output: str
    exit_code: int
    touched: tuple[str, ...]


@dataclass
class Session:
    """One command's run: the cluster, who runs it, and what it printed and touched."""

    cluster: Any
    cluster_name: str
    role: str
    server: str = "http://127.0.0.1:8000"
    stdin: str = ""
    actor: str = ACTOR
    out: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)

    @property
    def api(self) -> Any:
        return self.cluster.core.api

    def print(self, text: str) -> None:
        if text:
            self.out.append(text if text.endswith("\n") else text + "\n")

    def touch(self, *ids: str) -> None:
        for one in ids:
            if one not in self.touched:
                self.touched.append(one)

    def touch_apiserver(self) -> None:
        """What a request lights up: the apiserver, or on an HA cluster the load balancer and
        the instance that served it."""
        if getattr(self.api, "routing", None) is None:
            self.touch(APISERVER_ID)
        else:
            self.touch(dom_id("component", None, LOAD_BALANCER),
                       dom_id("component", None, self.api.serving))

    def touch_object(self, obj: dict[str, Any]) -> None:
        kind = DRAWN.get(str(obj.get("kind")))
        meta = obj.get("metadata") or {}
        self.touch_apiserver()
        if kind and meta.get("name"):
            self.touch(dom_id(kind, meta.get("namespace") or None, meta["name"]))

    def require_write(
        self, verb: str, res: Resource, *, namespace: str = "", name: str = "", subresource: str = ""
    ) -> None:
        """A viewer's write stops here, refused exactly as the viewer kubeconfig's is."""
        if self.role == PRESENTER:
            return
        from .k8s import status

        raise status.forbidden(
            verb=verb,
            resource=res.plural,
            group=res.group,
            namespace=namespace if res.namespaced else "",
            subresource=subresource,
            name=name,
        )

    def trace_read(self, verb: str, res: Resource, namespace: str, name: str = "") -> None:
        """Reads are visible traffic too (the ApiServer traces only writes itself)."""
        self.touch_apiserver()
        if res.simulation:
            return
        if not self.api.up:
            return
        target = f"{namespace}/{name}" if namespace and name else name
        obj = (
            f"{res.plural} {target}".rstrip()
            if target
            else (f"{res.plural} {namespace}/" if namespace else res.plural)
        )
        summary = (
            f"{verb} {obj}"
            if name
            else (f"{verb} {res.plural} in {namespace}" if namespace else f"{verb} {res.plural}")
        )
        self.cluster.core.trace.emit(
            self.actor, self.api.name, verb, obj, summary, kind=f"{res.kind}{PAST[verb]}"
        )


Handler = Callable[[Session, list[str]], int]
COMMANDS: dict[str, Handler] = {}
# What ``kubectl get all`` lists, in kubectl's order (the "all" category).
ALL_CATEGORY = ("pods", "services", "daemonsets", "deployments", "replicasets")


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn

    return register


# -- entry point -----------------------------------------------------------------------------
def run(session: Session, line: str) -> ConsoleResult:
    """Run one console input: its first line is the command, the lines after it are stdin."""
    _load_commands()
    text = line[:MAX_INPUT].replace("\r\n", "\n")
    first, _, rest = text.strip("\n").partition("\n")
    shown = first.strip()
    try:
        argv, stdin = split(first, rest)
    except Usage as exc:
        return ConsoleResult(shown, f"error: {exc}\n", 1, ())
    session.stdin = stdin
    if not argv:
        return ConsoleResult(shown, "", 0, ())
    code = _dispatch(session, argv)
    return ConsoleResult(shown, "".join(session.out), code, tuple(session.touched))


def split(first: str, rest: str) -> tuple[list[str], str]:
    """shlex words of the command (without a leading ``kubectl``) and its stdin.

    ``kubectl apply -f - <<EOF`` takes the lines up to ``EOF`` as stdin, as a shell would.
    """
    try:
        words = shlex.split(first)
    except ValueError as exc:
        raise Usage(f"cannot parse the command: {exc}") from None
    if words and words[0] == "kubectl":
        words = words[1:]
    heredoc = next((w for w in words if w.startswith("<<")), None)
    if heredoc is not None:
        words = words[: words.index(heredoc)]
        end = heredoc[2:].lstrip("-").strip("'\"") or "EOF"
        lines = rest.split("\n")
        rest = "\n".join(lines[: lines.index(end)] if end in lines else lines)
    return words, rest


def _dispatch(session: Session, argv: list[str]) -> int:
    name, args = argv[0], argv[1:]
    handler = COMMANDS.get(name)
    if handler is None:
        session.print(
            f'error: unknown command "{name}" for "kubectl"\n\nDid you mean this?\n\t{_closest(name)}\n'
            if _closest(name)
            else f'error: unknown command "{name}" for "kubectl"'
        )
        return 1
    try:
        return handler(session, args)
    except Usage as exc:
        message = str(exc)
        session.print(message if message.startswith(("error:", "Error")) else f"error: {message}")
    except ops.ControlError as exc:
        session.print(
            exc.message
            if exc.message.startswith("error:") or "\n" in exc.message
            else f"error: {exc.message}"
        )
    except ApiError as exc:
        session.print(error_text(session, exc))
    except Exception:  # noqa: BLE001 - a bug in one command must not break the page
        logger.exception("console: %s failed", " ".join(argv)[:200])
        session.print(f'error: "kubectl {name}" failed inside ClusterViz (see the server log)')
    return 1


def _closest(name: str) -> str:
    import difflib

    found = difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.75)
    return found[0] if found else ""


def error_text(session: Session, exc: ApiError) -> str:
    """What kubectl prints for an error the server answered (the same Status as over HTTP)."""
    if exc.code == 0:
        from .k8s.app import _outage_cause
        from .k8s.status import status_of

        _, body = status_of(exc, cluster=session.cluster_name, outage=_outage_cause(session.cluster_name))
        exc = ApiError(body["code"], body["reason"], body["message"])
    causes = (exc.details or {}).get("causes") or []
    if exc.reason == "Invalid" and causes and exc.details.get("name") is not None:
        kind = exc.details.get("kind", "")
        group = exc.details.get("group", "")
        shown = f"{kind}.{group}" if group else kind
        errs = [
            f"{c.get('field')}: {c.get('message')}" if c.get("field") else str(c.get("message"))
            for c in causes
        ]
        head = f'The {shown} "{exc.details["name"]}" is invalid: '
        return head + errs[0] if len(errs) == 1 else head + "\n" + "\n".join(f"* {e}" for e in errs)
    return (
        f"Error from server ({exc.reason}): {exc.message}"
        if exc.reason
        else f"Error from server: {exc.message}"
    )


# -- shared parsing --------------------------------------------------------------------------
@dataclass(frozen=True)
class Flags:
    """Accepted flags: value flags and boolean flags, each alias → canonical name."""

    values: dict[str, str] = field(default_factory=dict)
    bools: dict[str, str] = field(default_factory=dict)
    multi: frozenset[str] = frozenset()


GLOBAL_VALUES = {
    "-n": "namespace",
    "--namespace": "namespace",
    "--kubeconfig": "kubeconfig",
    "--context": "context",
    "--request-timeout": "request-timeout",
    "-v": "v",
}


def parse(args: list[str], spec: Flags, *, name: str) -> tuple[list[str], dict[str, Any]]:
    """pflag-style parsing: ``--flag=v``, ``--flag v``, ``-n v``, ``-nv``, ``--`` ends the flags."""
    values = {**GLOBAL_VALUES, **spec.values}
    positional: list[str] = []
    found: dict[str, Any] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            found["--"] = args[i:]
            break
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        key, eq, value = arg.partition("=")
        if not arg.startswith("--") and not eq and len(arg) > 2 and arg[:2] in values:
            key, value, eq = arg[:2], arg[2:], "="
        if key in spec.bools:
            found[spec.bools[key]] = value.lower() not in ("false", "0") if eq else True
        elif key in values:
            if not eq:
                if i >= len(args):
                    raise Usage(
                        f"flag needs an argument: {_flag_name(key)}\nSee 'kubectl {name} --help' for usage."
                    )
                value, i = args[i], i + 1
            canonical = values[key]
            if canonical in spec.multi:
                found.setdefault(canonical, []).append(value)
            else:
                found[canonical] = value
        elif key.startswith("--"):
            raise Usage(f"unknown flag: {key}\nSee 'kubectl {name} --help' for usage.")
        else:
            raise Usage(
                f"unknown shorthand flag: '{key[1:2]}' in {arg}\nSee 'kubectl {name} --help' for usage."
            )
    return positional, found


def _flag_name(key: str) -> str:
    return f"'{key[1]}' in {key}" if not key.startswith("--") else key


def namespace_of(session: Session, flags: dict[str, Any]) -> str:
    return str(flags.get("namespace") or "default")


def resource(name: str) -> Resource:
    """The resource a kubectl type argument names (plural, singular, kind, short name, plural.group)."""
    found = lookup(name)
    if found is None:
        raise Usage(f'the server doesn\'t have a resource type "{name}"')
    return found


def targets(args: list[str]) -> list[tuple[Resource, list[str]]]:
    """kubectl's resource arguments: ``pods``, ``pods,svc``, ``pod a b``, ``pod/a svc/b``."""
    if not args:
        return []
    if all("/" in arg for arg in args):
        out: list[tuple[Resource, list[str]]] = []
        for arg in args:
            kind, _, name = arg.partition("/")
            if not name:
                raise Usage(f'arguments in resource/name form must have a single resource and name: "{arg}"')
            res = resource(kind)
            if out and out[-1][0] is res:
                out[-1][1].append(name)
            else:
                out.append((res, [name]))
        return out
    if any("/" in arg for arg in args):
        raise Usage(
            "there is no need to specify a resource type as a separate argument when passing arguments in "
            "resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
            "'kubectl get resource resource/<resource_name>'"
        )
    kinds = [k for k in args[0].split(",") if k]
    if len(kinds) > 1 and len(args) > 1:
        raise Usage("you may only specify a single resource type")
    out = []
    for kind in kinds:
        for res in [BY_PLURAL[p] for p in ALL_CATEGORY] if kind == "all" else [resource(kind)]:
            out.append((res, list(args[1:])))
    return out


def kind_prefix(res: Resource) -> str:
    """``pod``, ``deployment.apps``: how kubectl names a kind in ``kind/name`` output."""
    return f"{res.singular}.{res.group}" if res.group else res.singular


def one_target(args: list[str], *, what: str) -> tuple[Resource, str]:
    """``TYPE NAME`` or ``TYPE/NAME`` → (resource, name)."""
    found = targets(args)
    if len(found) != 1 or len(found[0][1]) != 1:
        raise Usage(f"exactly one {what} is required (TYPE NAME or TYPE/NAME)")
    return found[0][0], found[0][1][0]


def join_items(items: Iterable[str]) -> str:
    return ", ".join(items)


def _load_commands() -> None:
    """The command modules register themselves on import."""
    from . import console_nodes, console_read, console_rollout, console_write  # noqa: F401
