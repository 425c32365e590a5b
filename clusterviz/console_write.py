"""Console commands that change the cluster: run, create deployment, apply, scale, delete,
expose, patch, label, annotate. A viewer's write is refused as the viewers' kubeconfig's is."""

from __future__ import annotations

import json
import shlex
from typing import Any

import yaml

from simulator.apiserver.registry import BY_PLURAL, Resource, resource_for
from simulator.errors import ApiError
from simulator.manifests import load_documents

from . import cluster_ops as ops
from .console import (
    Flags,
    Session,
    Usage,
    command,
    error_text,
    kind_prefix,
    namespace_of,
    one_target,
    parse,
    targets,
)
from .roles import PRESENTER

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
REVISION = "deployment.kubernetes.io/revision"
MAX_REPLICAS = 1000


def _required(flags: dict[str, Any], *names: str) -> None:
    missing = [n for n in names if flags.get(n) in (None, "", [])]
    if missing:
        raise Usage(f"required flag(s) {', '.join(chr(34) + n + chr(34) for n in missing)} not set")


def int_flag(raw: Any, flag: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise Usage(
            f'invalid argument "{raw}" for "--{flag}" flag: strconv.ParseInt: parsing "{raw}": invalid syntax'
        ) from None


def kubectl_line(words: list[str]) -> str:
    return shlex.join(["kubectl", *words])


# -- run, create deployment --------------------------------------------------------------------
RUN_FLAGS = Flags(
    values={
        "--image": "image",
        "--restart": "restart",
        "--labels": "labels",
        "-l": "labels",
        "--port": "port",
        "--env": "env",
        "--image-pull-policy": "image-pull-policy",
    },
    bools={
        "--command": "command",
        "--dry-run": "dry-run",
        "--rm": "rm",
        "-i": "stdin",
        "-t": "tty",
        "-it": "tty",
    },
    multi=frozenset({"env"}),
)


@command("run")
def run(s: Session, args: list[str]) -> int:
    pos, flags = parse(args, RUN_FLAGS, name="run")
    if len(pos) != 1:
        raise Usage("NAME is required for run\nSee 'kubectl run -h' for help and examples")
    _required(flags, "image")
    name, namespace = pos[0], namespace_of(s, flags)
    labels = (
        dict(pair.split("=", 1) for pair in str(flags["labels"]).split(",") if "=" in pair)
        if flags.get("labels")
        else {"run": name}
    )
    container: dict[str, Any] = {"name": name, "image": flags["image"], "resources": {}}
    extra = flags.get("--") or []
    if extra:
        container["command" if flags.get("command") else "args"] = list(extra)
    if flags.get("port"):
        container["ports"] = [{"containerPort": int_flag(flags["port"], "port")}]
    if flags.get("env"):
        container["env"] = [{"name": k, "value": v} for k, _, v in (e.partition("=") for e in flags["env"])]
    restart = flags.get("restart") or "Always"
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart},
    }
    s.require_write("create", BY_PLURAL["pods"], namespace=namespace)
    created = ops.through_apiserver(
        s.cluster,
        s.actor,
        kubectl_line(["run", *args]),
        lambda: s.api.create(
            "pods", pod, namespace=namespace, actor=s.actor, summary=kubectl_line(["run", *args])
        ),
    )
    s.touch_object(created)
    s.print(f"pod/{name} created")
    return 0


CREATE_FLAGS = Flags(
    values={"--image": "image", "--replicas": "replicas", "--port": "port"},
    bools={"--dry-run": "dry-run"},
    multi=frozenset({"image"}),
)


@command("create")
def create(s: Session, args: list[str]) -> int:
    if not args or args[0] not in ("deployment", "deploy"):
        raise Usage(
            "only `kubectl create deployment NAME --image=IMAGE [--replicas=N]` is available here; "
            "use `kubectl apply -f -` with YAML for other objects"
        )
    pos, flags = parse(args[1:], CREATE_FLAGS, name="create deployment")
    if len(pos) != 1:
        raise Usage("exactly one NAME is required, got " + str(len(pos)))
    _required(flags, "image")
    replicas = int_flag(flags.get("replicas", 1), "replicas")
    port = int_flag(flags["port"], "port") if flags.get("port") else None
    namespace = namespace_of(s, flags)
    try:
        # Inside the try: kubectl reports a refused create as "failed to create deployment".
        s.require_write("create", BY_PLURAL["deployments"], namespace=namespace)
        created = ops.create_deployment(
            s.cluster,
            pos[0],
            flags["image"],
            replicas=replicas,
            namespace=namespace,
            actor=s.actor,
            command=kubectl_line(["create", *args]),
            port=port,
        )
    except ApiError as exc:
        if exc.code == 0:
            raise
        raise Usage(f"failed to create deployment: {exc.message}") from None
    s.touch_object(created)
    s.print(f"deployment.apps/{pos[0]} created")
    return 0


# -- apply ---------------------------------------------------------------------------------------
@command("apply")
def apply(s: Session, args: list[str]) -> int:
    pos, flags = parse(args, Flags(values={"-f": "filename", "--filename": "filename"}), name="apply")
    if flags.get("filename") != "-":
        raise Usage("paste the YAML on the lines after `kubectl apply -f -` (there are no files here)")
    if not s.stdin.strip():
        raise Usage("no objects passed to apply")
    try:
        docs = load_documents(s.stdin)
    except Exception as exc:  # noqa: BLE001 - any YAML problem is the user's input, not our failure
        raise Usage(f"error parsing STDIN: {exc}") from None
    code = 0
    for doc in docs:
        try:
            s.print(_apply_one(s, doc, namespace_of(s, flags)))
        except Usage as exc:
            s.print(f"error: {exc}")
            code = 1
        except ApiError as exc:
            if exc.code not in (0, 422) and exc.reason != "Forbidden":
                exc = ApiError(
                    exc.code, exc.reason, f'error when applying "STDIN": {exc.message}', details=exc.details
                )
            s.print(error_text(s, exc))
            code = 1
    return code


def _apply_one(s: Session, doc: dict[str, Any], namespace: str) -> str:
    res = resource_for(str(doc.get("apiVersion")), str(doc.get("kind")))
    if res is None:
        name = (doc.get("metadata") or {}).get("name")
        raise Usage(
            f'resource mapping not found for name: "{name}" namespace: "" from "STDIN": no matches for kind '
            f'"{doc.get("kind")}" in version "{doc.get("apiVersion")}"\nensure CRDs are installed first'
        )
    meta = doc.setdefault("metadata", {})
    ns = (meta.get("namespace") or namespace) if res.namespaced else ""
    name = str(meta.get("name", ""))
    applied = json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n"
    meta.setdefault("annotations", {})[LAST_APPLIED] = applied
    label = f"{kind_prefix(res)}/{name}"
    try:
        current = s.api.get(res.plural, name, namespace=ns, actor=s.actor)
    except ApiError as exc:
        if exc.code != 404:
            raise
        s.require_write("create", res, namespace=ns)
        created = s.api.create(
            res.plural,
            doc,
            namespace=ns or None,
            actor=s.actor,
            summary=f"kubectl apply -f - ({label} created)",
        )
        s.touch_object(created)
        return f"{label} created"
    s.require_write("patch", res, namespace=ns, name=name)
    patched = s.api.patch(
        res.plural,
        name,
        doc,
        namespace=ns,
        patch_type="strategic",
        actor=s.actor,
        summary=f"kubectl apply -f - ({label} configured)",
    )
    s.touch_object(patched)
    same = patched["metadata"].get("resourceVersion") == current["metadata"].get("resourceVersion")
    return f"{label} {'unchanged' if same else 'configured'}"


# -- scale, delete, expose ------------------------------------------------------------------------
@command("scale")
def scale(s: Session, args: list[str]) -> int:
    pos, flags = parse(
        args, Flags(values={"--replicas": "replicas", "--current-replicas": "current"}), name="scale"
    )
    _required(flags, "replicas")
    res, name = one_target(pos, what="resource")
    if "scale" not in res.subresources:
        raise Usage(f"cannot scale {res.plural}: only deployments and replicasets have replicas")
    replicas = int_flag(flags["replicas"], "replicas")
    if replicas > MAX_REPLICAS:
        raise Usage(f"--replicas={replicas}: at most {MAX_REPLICAS} replicas in this simulated cluster")
    namespace = namespace_of(s, flags)
    try:
        if s.role != PRESENTER:
            s.api.get(res.plural, name, namespace=namespace, actor=s.actor)   # kubectl reads it first
        s.require_write("patch", res, namespace=namespace, name=name, subresource="scale")
        done = ops.scale(
            s.cluster,
            res.plural,
            name,
            replicas,
            namespace=namespace,
            actor=s.actor,
            command=kubectl_line(["scale", *args]),
        )
    except ApiError as exc:
        if exc.code != 404:
            raise
        raise Usage(f"no objects passed to scale {exc.message}") from None
    s.touch_object(done)
    s.print(f"{kind_prefix(res)}/{name} scaled")
    return 0


DELETE_FLAGS = Flags(
    values={"-l": "selector", "--selector": "selector", "--grace-period": "grace-period"},
    bools={
        "--all": "all",
        "--force": "force",
        "--now": "now",
        "--wait": "wait",
        "--ignore-not-found": "ignore-not-found",
    },
)


@command("delete")
def delete(s: Session, args: list[str]) -> int:
    pos, flags = parse(args, DELETE_FLAGS, name="delete")
    namespace = namespace_of(s, flags)
    wanted = targets(pos)
    if not wanted:
        raise Usage("You must provide one or more resources by argument or filename.")
    grace = (
        int_flag(flags["grace-period"], "grace-period")
        if flags.get("grace-period") is not None
        else (1 if flags.get("now") else None)
    )
    if flags.get("force") and grace in (None, 0):
        grace = 0
        s.print(
            "Warning: Immediate deletion does not wait for confirmation that the running resource has been "
            "terminated. The resource may continue to run on the cluster indefinitely."
        )
    code = 0
    for res, names in wanted:
        ns = namespace if res.namespaced else ""
        if not names:
            if not flags.get("all") and not flags.get("selector"):
                raise Usage(
                    f'resource(s) were provided, but no name was specified (e.g. "kubectl delete '
                    f'{res.plural} NAME", or use --all)'
                )
            items, _ = s.api.list(
                res.plural, namespace=ns or None, label_selector=flags.get("selector"), actor=s.actor
            )
            names = [obj["metadata"]["name"] for obj in items]
            if not names:
                s.print(
                    f"No resources found in {namespace} namespace."
                    if res.namespaced
                    else "No resources found"
                )
        for name in names:
            code |= _delete_one(
                s, res, name, ns, grace=grace, flags=flags, command=kubectl_line(["delete", *args])
            )
    return code


def _delete_one(
    s: Session, res: Resource, name: str, ns: str, *, grace: int | None, flags: dict[str, Any], command: str
) -> int:
    try:
        s.require_write("delete", res, namespace=ns, name=name)
        obj = ops.through_apiserver(
            s.cluster,
            s.actor,
            command,
            lambda: s.api.delete(
                res.plural, name, namespace=ns, actor=s.actor, grace_period_seconds=grace, summary=command
            ),
        )
    except ApiError as exc:
        if exc.code == 404 and flags.get("ignore-not-found"):
            return 0
        s.print(error_text(s, exc))
        return 1
    s.touch_object(obj)
    s.print(f'{kind_prefix(res).split(".")[0]} "{name}" {"force deleted" if grace == 0 else "deleted"}')
    return 0


EXPOSE_FLAGS = Flags(
    values={
        "--port": "port",
        "--target-port": "target-port",
        "--type": "type",
        "--name": "name",
        "--protocol": "protocol",
        "--selector": "selector",
    }
)


@command("expose")
def expose(s: Session, args: list[str]) -> int:
    pos, flags = parse(args, EXPOSE_FLAGS, name="expose")
    res, name = one_target(pos, what="resource to expose")
    namespace = namespace_of(s, flags)
    owner = s.api.get(res.plural, name, namespace=namespace, actor=s.actor)
    spec = owner.get("spec") or {}
    selector = (
        (spec.get("selector") or {}).get("matchLabels")
        if res.plural != "pods"
        else (owner.get("metadata") or {}).get("labels")
    )
    if res.plural == "services":
        selector = spec.get("selector")
    if not selector:
        raise Usage(
            f"couldn't retrieve selectors via --selector flag or introspection: the {res.singular} "
            "has no selector"
        )
    template = (spec.get("template") or {}).get("spec") or spec
    ports = [p for c in template.get("containers") or [] for p in c.get("ports") or []]
    port = flags.get("port") or (ports[0].get("containerPort") if ports else None)
    if port is None:
        raise Usage(
            "couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and "
            "examples"
        )
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": flags.get("name") or name,
            "labels": dict((owner.get("metadata") or {}).get("labels") or {}),
        },
        "spec": {
            "selector": dict(selector),
            "type": flags.get("type") or "ClusterIP",
            "ports": [
                {
                    "port": int_flag(port, "port"),
                    "protocol": flags.get("protocol") or "TCP",
                    "targetPort": _target_port(flags.get("target-port") or port),
                }
            ],
        },
    }
    s.require_write("create", BY_PLURAL["services"], namespace=namespace)
    created = s.api.create(
        "services", service, namespace=namespace, actor=s.actor, summary=kubectl_line(["expose", *args])
    )
    s.touch_object(created)
    s.print(f"service/{created['metadata']['name']} exposed")
    return 0


def _target_port(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


# -- patch, label, annotate ------------------------------------------------------------------------
PATCH_TYPES = ("json", "merge", "strategic")


@command("patch")
def patch(s: Session, args: list[str]) -> int:
    pos, flags = parse(
        args,
        Flags(values={"-p": "patch", "--patch": "patch", "--type": "type"}, bools={"--dry-run": "dry-run"}),
        name="patch",
    )
    res, name = one_target(pos, what="resource to patch")
    raw = flags.get("patch")
    if not raw:
        raise Usage("must specify --patch or --patch-file containing the contents of the patch")
    patch_type = str(flags.get("type") or "strategic")
    if patch_type not in PATCH_TYPES:
        raise Usage(f'--type must be one of {"[" + " ".join(PATCH_TYPES) + "]"}, not "{patch_type}"')
    try:
        document = yaml.safe_load(str(raw))
    except yaml.YAMLError as exc:
        raise Usage(f'unable to parse "{raw}": {exc}') from None
    namespace = namespace_of(s, flags) if res.namespaced else ""
    current = s.api.get(res.plural, name, namespace=namespace, actor=s.actor)
    s.trace_read("get", res, namespace, name)
    s.require_write("patch", res, namespace=namespace, name=name)
    line = kubectl_line(["patch", *args])
    patched = _patch(s, res, name, namespace, document, patch_type, line)
    same = patched == current or (
        patched["metadata"].get("resourceVersion") is not None
        and patched["metadata"].get("resourceVersion") == current["metadata"].get("resourceVersion")
    )
    s.print(f"{kind_prefix(res)}/{name} patched{' (no change)' if same else ''}")
    return 0


def _patch(
    s: Session, res: Resource, name: str, namespace: str, document: Any, patch_type: str, line: str
) -> dict[str, Any]:
    if res.simulation:
        # Faults and the clock live outside the simulated control plane: announce the request.
        ops.announce(s.cluster, s.actor, "patch", f"{res.plural} {name}", line, kind=f"{res.kind}Patched")
        patched = s.api.patch(res.plural, name, document, patch_type=patch_type, actor=ops.APISERVER)
    else:
        patched = ops.through_apiserver(
            s.cluster,
            s.actor,
            line,
            lambda: s.api.patch(
                res.plural, name, document, namespace=namespace, patch_type=patch_type, actor=s.actor,
                summary=line,
            ),
        )
    s.touch_object(patched)
    return patched


@command("label")
def label(s: Session, args: list[str]) -> int:
    return _metadata_map(s, args, "labels", "label", "labeled")


@command("annotate")
def annotate(s: Session, args: list[str]) -> int:
    return _metadata_map(s, args, "annotations", "annotate", "annotated")


def _metadata_map(s: Session, args: list[str], field: str, verb: str, done: str) -> int:
    pos, flags = parse(args, Flags(bools={"--overwrite": "overwrite", "--dry-run": "dry-run"}), name=verb)
    changes = [a for a in pos if "=" in a or (a.endswith("-") and "/" not in a)]
    res, name = one_target([a for a in pos if a not in changes], what=f"resource to {verb}")
    if not changes:
        raise Usage(f"at least one {field[:-1]} update is required")
    namespace = namespace_of(s, flags) if res.namespaced else ""
    current = s.api.get(res.plural, name, namespace=namespace, actor=s.actor)
    s.trace_read("get", res, namespace, name)
    existing = dict((current.get("metadata") or {}).get(field) or {})
    update: dict[str, Any] = {}
    for change in changes:
        if change.endswith("-") and "=" not in change:
            key = change[:-1]
            if key in existing:
                update[key] = None
            continue
        key, _, value = change.partition("=")
        if key in existing and existing[key] != value and not flags.get("overwrite"):
            raise Usage(f"'{key}' already has a value ({existing[key]}), and --overwrite is false")
        if existing.get(key) != value:
            update[key] = value
    s.require_write("patch", res, namespace=namespace, name=name)
    if update:
        _patch(s, res, name, namespace, {"metadata": {field: update}}, "merge", kubectl_line([verb, *args]))
    s.print(f"{kind_prefix(res)}/{name} {done if update or verb == 'annotate' else 'not ' + done}")
    return 0
