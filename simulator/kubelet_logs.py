"""The kubelet's log endpoint (``kubectl logs`` goes apiserver → kubelet:10250 → CRI log file).

Errors are worded as kube-apiserver and the kubelet word them, so kubectl prints the
same thing it would against a real cluster.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors

if TYPE_CHECKING:
    from .kubelet import Kubelet
    from .kubelet_status import Slot


def container_logs(kubelet: Kubelet, namespace: str, pod: str, container: str | None, *, tail: int | None,
                   previous: bool, timestamps: bool) -> list[str]:
    address = f"{kubelet.internal_ip}:10250"
    url = f"https://{address}/containerLogs/{namespace}/{pod}/{container or ''}"
    if not kubelet.core.network.reachable(kubelet.node):
        raise errors.ApiError(500, "InternalError", f'Get "{url}": dial tcp {address}: i/o timeout')
    if not kubelet.running:
        raise errors.ApiError(500, "InternalError",
                              f'Get "{url}": dial tcp {address}: connect: connection refused')
    worker = kubelet.pods.by_key.get(f"{namespace}/{pod}")
    if worker is None or worker.gone:
        raise errors.not_found("pods", "", pod)
    slot = _pick(worker.apps, worker.inits, pod, container)
    if previous:
        if slot.last is None or kubelet.runtime.container(slot.last[4]) is None:
            raise errors.bad_request(f'previous terminated container "{slot.name}" in pod "{pod}" not found')
        cid = slot.last[4]
    else:
        if slot.cid is None or kubelet.runtime.container(slot.cid) is None:
            raise errors.bad_request(f'container "{slot.name}" in pod "{pod}" is waiting to start: '
                                     f"{slot.reason}")
        cid = slot.cid
    return kubelet.runtime.logs(cid, tail=tail, timestamps=timestamps)


def _pick(apps: list[Slot], inits: list[Slot], pod: str, container: str | None) -> Slot:
    if container is None:
        if len(apps) == 1:
            return apps[0]
        names = " ".join(s.name for s in apps)
        extra = f" or one of the init containers: [{' '.join(s.name for s in inits)}]" if inits else ""
        raise errors.bad_request(f"a container name must be specified for pod {pod}, "
                                 f"choose one of: [{names}]{extra}")
    for slot in apps + inits:
        if slot.name == container:
            return slot
    raise errors.bad_request(f"container {container} is not valid for pod {pod}")
