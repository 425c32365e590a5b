"""``kubectl rollout``: status and history (reads); undo, restart, pause and resume (writes)."""

from __future__ import annotations

import json
from typing import Any

from simulator.apiserver.registry import BY_PLURAL
from simulator.errors import ApiError

from .console import Flags, Session, Usage, command, namespace_of, one_target, parse
from .console_write import int_flag, kubectl_line

REVISION = "deployment.kubernetes.io/revision"


@command("rollout")
def rollout(s: Session, args: list[str]) -> int:
    if not args or args[0] not in VERBS:
        raise Usage("rollout needs a subcommand: status, history, undo, restart, pause or resume")
    verb = args[0]
    pos, flags = parse(
        args[1:],
        Flags(
            values={"--to-revision": "to-revision", "--revision": "revision", "--timeout": "timeout"},
            bools={"-w": "watch", "--watch": "watch"},
        ),
        name=f"rollout {verb}",
    )
    res, name = one_target(pos, what="deployment")
    if res.plural != "deployments":
        raise Usage(f"no {verb} for {res.plural}: only deployments are rolled out here")
    namespace = namespace_of(s, flags)
    deployment = s.api.get("deployments", name, namespace=namespace, actor=s.actor)
    s.trace_read("get", res, namespace, name)
    s.touch_object(deployment)
    return VERBS[verb](s, deployment, flags)


def _status(s: Session, d: dict[str, Any], flags: dict[str, Any]) -> int:
    """One pass of kubectl's DeploymentStatusViewer (the console does not block and wait)."""
    name, spec, status = d["metadata"]["name"], d.get("spec") or {}, d.get("status") or {}
    want = spec.get("replicas", 1)
    if d["metadata"].get("generation", 0) > status.get("observedGeneration", 0):
        s.print("Waiting for deployment spec update to be observed...")
    elif status.get("updatedReplicas", 0) < want:
        s.print(
            f'Waiting for deployment "{name}" rollout to finish: {status.get("updatedReplicas", 0)} out of '
            f"{want} new replicas have been updated..."
        )
    elif status.get("replicas", 0) > status.get("updatedReplicas", 0):
        s.print(
            f'Waiting for deployment "{name}" rollout to finish: '
            f"{status.get('replicas', 0) - status.get('updatedReplicas', 0)} old replicas are pending "
            "termination..."
        )
    elif status.get("availableReplicas", 0) < status.get("updatedReplicas", 0):
        s.print(
            f'Waiting for deployment "{name}" rollout to finish: {status.get("availableReplicas", 0)} of '
            f"{status.get('updatedReplicas', 0)} updated replicas are available..."
        )
    else:
        s.print(f'deployment "{name}" successfully rolled out')
    return 0


def _owned(s: Session, d: dict[str, Any]) -> list[dict[str, Any]]:
    uid = d["metadata"].get("uid")
    items = s.cluster.objects("replicasets", namespace=d["metadata"].get("namespace"))
    return sorted(
        (rs for rs in items if any(r.get("uid") == uid for r in rs["metadata"].get("ownerReferences") or [])),
        key=lambda rs: int((rs["metadata"].get("annotations") or {}).get(REVISION, 0)),
    )


def _history(s: Session, d: dict[str, Any], flags: dict[str, Any]) -> int:
    lines = [f"deployment.apps/{d['metadata']['name']} ", "REVISION  CHANGE-CAUSE"]
    for rs in _owned(s, d):
        annotations = rs["metadata"].get("annotations") or {}
        lines.append(
            f"{annotations.get(REVISION, '0'):<10}{annotations.get('kubernetes.io/change-cause', '<none>')}"
        )
    s.print("\n".join(lines) + "\n")
    return 0


def _undo(s: Session, d: dict[str, Any], flags: dict[str, Any]) -> int:
    name, namespace = d["metadata"]["name"], d["metadata"].get("namespace", "default")
    current = int((d["metadata"].get("annotations") or {}).get(REVISION, 0))
    history = {int((rs["metadata"].get("annotations") or {}).get(REVISION, 0)): rs for rs in _owned(s, d)}
    target = (
        int_flag(flags["to-revision"], "to-revision")
        if flags.get("to-revision")
        else max((r for r in history if r < current), default=0)
    )
    if target not in history:
        raise Usage(
            f"unable to find specified revision {target} in history"
            if flags.get("to-revision")
            else f'no rollout history found for deployment "{name}"'
        )
    template = json.loads(json.dumps((history[target].get("spec") or {}).get("template") or {}))
    (template.get("metadata") or {}).get("labels", {}).pop("pod-template-hash", None)
    if template == (d.get("spec") or {}).get("template"):
        s.print(
            f"deployment.apps/{name} skipped rollback (current template already matches revision {target})"
        )
        return 0
    try:
        s.require_write("patch", BY_PLURAL["deployments"], namespace=namespace, name=name)
        s.api.patch(
            "deployments",
            name,
            [{"op": "replace", "path": "/spec/template", "value": template}],
            namespace=namespace,
            patch_type="json",
            actor=s.actor,
            summary=kubectl_line(["rollout", "undo", f"deployment/{name}", f"--to-revision={target}"]),
        )
    except ApiError as exc:
        if exc.code == 0:
            raise
        raise Usage(f"failed restoring revision {target}: {exc.message}") from None
    s.print(f"deployment.apps/{name} rolled back")
    return 0


def _restart(s: Session, d: dict[str, Any], flags: dict[str, Any]) -> int:
    patch = {
        "spec": {
            "template": {
                "metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": s.cluster.core.clock.now()}}
            }
        }
    }
    _patch(s, d, patch, "restart")
    s.print(f"deployment.apps/{d['metadata']['name']} restarted")
    return 0


def _pause(s: Session, d: dict[str, Any], flags: dict[str, Any]) -> int:
    name = d["metadata"]["name"]
    if (d.get("spec") or {}).get("paused"):
        raise Usage(f'deployments.apps "{name}" is already paused')
    _patch(s, d, {"spec": {"paused": True}}, "pause")
    s.print(f"deployment.apps/{name} paused")
    return 0


def _resume(s: Session, d: dict[str, Any], flags: dict[str, Any]) -> int:
    name = d["metadata"]["name"]
    if not (d.get("spec") or {}).get("paused"):
        raise Usage(f'deployments.apps "{name}" is not paused')
    _patch(s, d, {"spec": {"paused": None}}, "resume")
    s.print(f"deployment.apps/{name} resumed")
    return 0


def _patch(s: Session, d: dict[str, Any], patch: dict[str, Any], verb: str) -> None:
    """kubectl rollout restart/pause/resume: one strategic merge patch; refusals read "failed to patch"."""
    name, namespace = d["metadata"]["name"], d["metadata"].get("namespace", "default")
    try:
        s.require_write("patch", BY_PLURAL["deployments"], namespace=namespace, name=name)
        s.api.patch(
            "deployments",
            name,
            patch,
            namespace=namespace,
            patch_type="strategic",
            actor=s.actor,
            summary=kubectl_line(["rollout", verb, f"deployment/{name}"]),
        )
    except ApiError as exc:
        if exc.code == 0:
            raise
        raise Usage(f"failed to patch: {exc.message}") from None


VERBS = {"status": _status, "history": _history, "undo": _undo, "restart": _restart, "pause": _pause,
         "resume": _resume}
