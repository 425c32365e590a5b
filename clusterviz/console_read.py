"""Console commands that only read: get, describe, logs, events, cluster-info, version, api-resources."""

from __future__ import annotations

import json
from typing import Any

import yaml

from simulator.apiserver.registry import RESOURCES, Resource
from simulator.errors import ApiError

from .console import Flags, Session, Usage, command, kind_prefix, namespace_of, parse, targets
from .console_describe import describe_object
from .diagram.ids import dom_id
from .k8s import printers
from .k8s.discovery import VERSION_INFO

KUSTOMIZE_VERSION = "v5.5.0"
GET_FLAGS = Flags(
    values={
        "-o": "output",
        "--output": "output",
        "-l": "selector",
        "--selector": "selector",
        "--field-selector": "field-selector",
        "--sort-by": "sort-by",
        "--chunk-size": "chunk-size",
    },
    bools={
        "-A": "all-namespaces",
        "--all-namespaces": "all-namespaces",
        "--show-labels": "show-labels",
        "-w": "watch",
        "--watch": "watch",
        "--no-headers": "no-headers",
        "--show-kind": "show-kind",
    },
)
OUTPUTS = ("", "wide", "yaml", "json", "name")


# -- get ---------------------------------------------------------------------------------------
@command("get")
def get(s: Session, args: list[str]) -> int:
    pos, flags = parse(args, GET_FLAGS, name="get")
    output = flags.get("output", "")
    if output not in OUTPUTS:
        raise Usage(
            f'unable to match a printer suitable for the output format "{output}", allowed formats are: '
            "json,name,wide,yaml"
        )
    if flags.get("watch"):
        raise Usage("watching (-w) is not available in this console: the diagram shows every change live")
    wanted = targets(pos)
    if not wanted:
        raise Usage(
            'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list '
            'of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain '
            '<resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n'
            "See 'kubectl get -h' for help and examples"
        )
    namespace = namespace_of(s, flags)
    everywhere = bool(flags.get("all-namespaces"))
    found: list[tuple[Resource, list[dict[str, Any]]]] = []
    failed = False
    for res, names in wanted:
        items, missing = _fetch(s, res, names, namespace=None if everywhere else namespace, flags=flags)
        failed = failed or missing
        found.append((res, items))
    _print_found(
        s,
        found,
        flags,
        output,
        namespace=namespace,
        everywhere=everywhere,
        named=any(names for _, names in wanted),
    )
    return 1 if failed else 0


def _fetch(
    s: Session, res: Resource, names: list[str], *, namespace: str | None, flags: dict[str, Any]
) -> tuple[list[dict[str, Any]], bool]:
    ns = (namespace or "") if res.namespaced else ""
    if not names:
        items, _ = s.api.list(
            res.plural,
            namespace=namespace if res.namespaced else None,
            label_selector=flags.get("selector"),
            field_selector=flags.get("field-selector"),
            actor=s.actor,
        )
        s.trace_read("list", res, ns)
        for obj in items:
            s.touch_object(obj)
        return items, False
    items, missing = [], False
    for name in names:
        try:
            obj = s.api.get(
                res.plural, name, namespace=ns or "default" if res.namespaced else "", actor=s.actor
            )
        except ApiError as exc:
            if exc.code != 404:
                raise
            from .console import error_text

            s.print(error_text(s, exc))
            missing = True
            continue
        s.trace_read("get", res, ns or "default" if res.namespaced else "", name)
        s.touch_object(obj)
        items.append(obj)
    return items, missing


def _print_found(
    s: Session,
    found: list[tuple[Resource, list[dict[str, Any]]]],
    flags: dict[str, Any],
    output: str,
    *,
    namespace: str,
    everywhere: bool,
    named: bool,
) -> None:
    everything = [obj for _, items in found for obj in items]
    if output in ("yaml", "json"):
        if not everything:
            return
        doc = (
            everything[0]
            if named and len(everything) == 1 and len(found) == 1
            else {
                "apiVersion": "v1",
                "items": everything,
                "kind": "List",
                "metadata": {"resourceVersion": ""},
            }
        )
        s.print(dump(doc, output))
        return
    if output == "name":
        for res, items in found:
            s.print("".join(f"{kind_prefix(res)}/{obj['metadata']['name']}\n" for obj in items))
        return
    if not everything:
        if not named:
            s.print(printers.no_resources_message(namespace, all_namespaces=everywhere))
        return
    with_kind = len([1 for _, items in found if items]) > 1 or bool(flags.get("show-kind"))
    tables = [
        table_text(
            s,
            res,
            items,
            wide=output == "wide",
            everywhere=everywhere,
            show_labels=bool(flags.get("show-labels")),
            with_kind=with_kind,
            headers=not flags.get("no-headers"),
        )
        for res, items in found
        if items
    ]
    s.print("\n".join(tables))


def table_text(
    s: Session,
    res: Resource,
    items: list[dict[str, Any]],
    *,
    wide: bool = False,
    everywhere: bool = False,
    show_labels: bool = False,
    with_kind: bool = False,
    headers: bool = True,
) -> str:
    """``kubectl get`` output for one kind, from the same printers the REST API serves."""
    cluster = s.cluster
    if not with_kind and headers:
        return printers.text(
            res,
            items,
            now=cluster.now,
            clock=cluster.core.clock,
            wide=wide,
            all_namespaces=everywhere,
            show_labels=show_labels,
        )
    table = printers.table(
        res, items, resource_version="", include_object="Object", now=cluster.now, clock=cluster.core.clock
    )
    if with_kind:
        for row in table["rows"]:
            row["cells"] = [f"{kind_prefix(res)}/{row['cells'][0]}", *row["cells"][1:]]
    text = printers.render(
        table, wide=wide, with_namespace=everywhere and res.namespaced, show_labels=show_labels
    )
    return text if headers else text.split("\n", 1)[1]


class _GoYamlDumper(yaml.SafeDumper):
    """Quotes like go-yaml (sigs.k8s.io/yaml): double quotes where quoting is needed, ``|`` blocks
    for multi-line strings."""

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", data, style="|" if "\n" in data.rstrip("\n") else None
    )


_GoYamlDumper.add_representer(str, _str)


def dump(obj: Any, output: str) -> str:
    """``-o yaml`` (sigs.k8s.io/yaml: keys sorted, block style) or ``-o json`` (4-space indent)."""
    if output == "json":
        return json.dumps(obj, indent=4, sort_keys=True, ensure_ascii=False) + "\n"
    return yaml.dump(
        obj, Dumper=_GoYamlDumper, sort_keys=True, default_flow_style=False, allow_unicode=True, width=10_000
    )


# -- describe ----------------------------------------------------------------------------------
DESCRIBE_FLAGS = Flags(
    values={"-l": "selector", "--selector": "selector"},
    bools={"-A": "all-namespaces", "--all-namespaces": "all-namespaces", "--show-events": "show-events"},
)


@command("describe")
def describe(s: Session, args: list[str]) -> int:
    pos, flags = parse(args, DESCRIBE_FLAGS, name="describe")
    wanted = targets(pos)
    if not wanted:
        raise Usage(
            'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete '
            "list of supported resources."
        )
    namespace = namespace_of(s, flags)
    everywhere = bool(flags.get("all-namespaces"))
    texts, failed = [], False
    for res, names in wanted:
        items, missing = _fetch(s, res, names, namespace=None if everywhere else namespace, flags=flags)
        failed = failed or missing
        texts += [describe_object(s, res, obj, events=flags.get("show-events", True)) for obj in items]
    if not texts and not failed:
        s.print(printers.no_resources_message(namespace, all_namespaces=everywhere))
    s.print("\n\n".join(text.rstrip("\n") for text in texts))
    return 1 if failed else 0


# -- logs --------------------------------------------------------------------------------------
LOGS_FLAGS = Flags(
    values={
        "-c": "container",
        "--container": "container",
        "--tail": "tail",
        "--since": "since",
        "--limit-bytes": "limit-bytes",
    },
    bools={
        "-p": "previous",
        "--previous": "previous",
        "--timestamps": "timestamps",
        "-f": "follow",
        "--follow": "follow",
        "--all-containers": "all-containers",
    },
)


@command("logs")
def logs(s: Session, args: list[str]) -> int:
    pos, flags = parse(args, LOGS_FLAGS, name="logs")
    if len(pos) != 1:
        raise Usage(
            "expected POD or TYPE/NAME is a required argument for the logs command\n"
            "See 'kubectl logs -h' for help and examples"
        )
    namespace = namespace_of(s, flags)
    pod = _pod_for_logs(s, pos[0], namespace)
    tail = _int_flag(flags, "tail", default=-1)
    node = (pod.get("spec") or {}).get("nodeName")
    name = pod["metadata"]["name"]
    if not node:
        raise ApiError(400, "BadRequest", f"pod {name} does not have a host assigned")
    machine = s.cluster.machines.get(node)
    if machine is None:
        raise ApiError(
            500,
            "InternalError",
            f'Get "https://{node}:10250/containerLogs": dial tcp: lookup {node}: no such host',
        )
    lines = machine.kubelet.logs(
        namespace,
        name,
        flags.get("container"),
        None if tail < 0 else tail,
        previous=bool(flags.get("previous")),
        timestamps=bool(flags.get("timestamps")),
    )
    s.touch(dom_id("node", None, node))
    s.print("".join(line + "\n" for line in lines))
    return 0


def _pod_for_logs(s: Session, arg: str, namespace: str) -> dict[str, Any]:
    kind, _, name = arg.rpartition("/")
    res = targets([f"{kind}/{name}"])[0][0] if kind else None
    if res is None or res.plural == "pods":
        pod = s.api.get("pods", name, namespace=namespace, actor=s.actor)
    else:
        owner = s.api.get(res.plural, name, namespace=namespace, actor=s.actor)
        selector = ((owner.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
        pods, _ = s.api.list(
            "pods",
            namespace=namespace,
            actor=s.actor,
            label_selector=",".join(f"{k}={v}" for k, v in sorted(selector.items())) or None,
        )
        if not pods:
            raise Usage(f"timed out waiting for the condition (no pods of {arg})")
        pod = sorted(pods, key=lambda p: p["metadata"].get("creationTimestamp", ""))[0]
        if len(pods) > 1:
            s.print(f"Found {len(pods)} pods, using pod/{pod['metadata']['name']}")
    s.trace_read("get", targets(["pods"])[0][0], namespace, f"{pod['metadata']['name']}/log")
    s.touch_object(pod)
    return pod


def _int_flag(flags: dict[str, Any], key: str, *, default: int) -> int:
    raw = flags.get(key)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise Usage(
            f'invalid argument "{raw}" for "--{key}" flag: strconv.ParseInt: parsing "{raw}": invalid syntax'
        ) from None


# -- events ------------------------------------------------------------------------------------
EVENTS_FLAGS = Flags(
    values={"--for": "for", "--types": "types", "-o": "output", "--output": "output"},
    bools={
        "-A": "all-namespaces",
        "--all-namespaces": "all-namespaces",
        "-w": "watch",
        "--watch": "watch",
        "--no-headers": "no-headers",
    },
)


@command("events")
def events(s: Session, args: list[str]) -> int:
    from .console_describe import events_table

    pos, flags = parse(args, EVENTS_FLAGS, name="events")
    if pos:
        raise Usage(f'unknown command "{pos[0]}" for "kubectl events"')
    everywhere = bool(flags.get("all-namespaces"))
    namespace = namespace_of(s, flags)
    res = targets(["events"])[0][0]
    items, _ = s.api.list("events", namespace=None if everywhere else namespace, actor=s.actor)
    s.trace_read("list", res, "" if everywhere else namespace)
    if flags.get("for"):
        kind, _, name = str(flags["for"]).rpartition("/")
        want = targets([f"{kind}/{name}"])[0][0].kind if kind else None
        items = [
            e
            for e in items
            if (e.get("involvedObject") or {}).get("name") == name
            and (want is None or (e.get("involvedObject") or {}).get("kind") == want)
        ]
    if flags.get("types"):
        types = {t.strip().lower() for t in str(flags["types"]).split(",")}
        items = [e for e in items if str(e.get("type", "")).lower() in types]
    if not items:
        s.print(f"No events found in {namespace} namespace." if not everywhere else "No events found.")
        return 0
    s.print(events_table(s, items, everywhere=everywhere, headers=not flags.get("no-headers")))
    return 0


# -- cluster-info, version, api-resources -------------------------------------------------------
@command("cluster-info")
def cluster_info(s: Session, args: list[str]) -> int:
    pos, _ = parse(args, Flags(), name="cluster-info")
    if pos[:1] == ["dump"]:
        raise Usage("cluster-info dump is not available in this console: try kubectl get all -A")
    s.api.list("services", namespace="kube-system", actor=s.actor)  # fails while the apiserver is down
    services, _ = s.api.list(
        "services",
        namespace="kube-system",
        label_selector="kubernetes.io/cluster-service=true",
        actor=s.actor,
    )
    s.trace_read("list", targets(["services"])[0][0], "kube-system")
    lines = [f"Kubernetes control plane is running at {s.server}"]
    for svc in services:
        meta = svc["metadata"]
        name = (meta.get("labels") or {}).get("kubernetes.io/name") or meta["name"]
        port = next(iter((svc.get("spec") or {}).get("ports") or []), {})
        link = f"{meta['name']}:{port['name']}" if port.get("name") else meta["name"]
        lines.append(f"{name} is running at {s.server}/api/v1/namespaces/kube-system/services/{link}/proxy")
    lines += ["", "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'."]
    s.print("\n".join(lines))
    return 0


@command("version")
def version(s: Session, args: list[str]) -> int:
    _, flags = parse(
        args,
        Flags(values={"-o": "output", "--output": "output"}, bools={"--client": "client"}),
        name="version",
    )
    s.touch_apiserver()
    lines = [f"Client Version: {VERSION_INFO['gitVersion']}", f"Kustomize Version: {KUSTOMIZE_VERSION}"]
    if not flags.get("client"):
        lines.append(f"Server Version: {VERSION_INFO['gitVersion']}")
    s.print("\n".join(lines))
    return 0


@command("api-resources")
def api_resources(s: Session, args: list[str]) -> int:
    parse(args, Flags(), name="api-resources")
    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for res in sorted(RESOURCES, key=lambda r: (r.group != "", r.group, r.plural)):
        rows.append(
            [res.plural, ",".join(res.short_names), res.api_version, str(res.namespaced).lower(), res.kind]
        )
    s.print(printers.tabulate(rows))
    return 0
