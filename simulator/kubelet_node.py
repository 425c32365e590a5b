"""The Node and Lease objects a kubelet writes, as pure builders.

Mirrors kubelet's initialNode / setNodeStatus on a kubeadm-installed Ubuntu machine,
and the node lease controller's Lease (``kube-node-lease`` namespace).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .objects import Obj, parse_cpu, parse_memory

KUBELET_VERSION = "v1.32.4"
OS_IMAGE = "Ubuntu 24.04.1 LTS"
KERNEL_VERSION = "6.8.0-51-generic"
EPHEMERAL_STORAGE_KI = 101_430_960           # a 100 GB root disk
EVICTION_MEMORY = 100 * 1024 * 1024          # evictionHard memory.available<100Mi
EVICTION_NODEFS = 0.10                       # evictionHard nodefs.available<10%
MAX_PODS = 110
LEASE_NAMESPACE = "kube-node-lease"
SOCKETS = {"containerd": "unix:///var/run/containerd/containerd.sock", "cri-o": "unix:///var/run/crio/crio.sock",
           "docker": "unix:///var/run/cri-dockerd.sock"}
PRESSURE = (("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"))
READY = ("KubeletReady", "kubelet is posting ready status")


_SECOND: list[Any] = [None, None, ""]     # (epoch, whole second, its text): kubelets renew in step


def micro_time(epoch: datetime, seconds: float) -> str:
    """metav1.MicroTime, as Lease renewTime is written."""
    whole = int(seconds)
    if _SECOND[0] is not epoch or _SECOND[1] != whole:
        _SECOND[:] = [epoch, whole, (epoch + timedelta(seconds=whole)).strftime("%Y-%m-%dT%H:%M:%S")]
    return f"{_SECOND[2]}.{int((seconds - whole) * 1e6):06d}Z"


def node_labels(node: str, role: str, extra: dict[str, str]) -> dict[str, str]:
    labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
              "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": node, "kubernetes.io/os": "linux"}
    if role == "control-plane":
        # kubeadm's mark-control-plane phase.
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    labels.update(extra)
    return labels


def capacity(cpu: str, memory: str, max_pods: int) -> tuple[dict[str, str], dict[str, str]]:
    """(capacity, allocatable): allocatable is capacity less the hard eviction thresholds."""
    mem = parse_memory(memory)
    disk = EPHEMERAL_STORAGE_KI * 1024
    cap = {"cpu": str(cpu), "ephemeral-storage": f"{EPHEMERAL_STORAGE_KI}Ki", "hugepages-1Gi": "0",
           "hugepages-2Mi": "0", "memory": f"{mem // 1024}Ki", "pods": str(max_pods)}
    alloc = dict(cap, memory=f"{(mem - EVICTION_MEMORY) // 1024}Ki",
                 **{"ephemeral-storage": str(int(disk * (1 - EVICTION_NODEFS)))})
    return cap, alloc


def node_info(*, machine_id: str, system_uuid: str, boot_id: str, runtime_version: str) -> dict[str, str]:
    return {"architecture": "amd64", "bootID": boot_id, "containerRuntimeVersion": runtime_version,
            "kernelVersion": KERNEL_VERSION, "kubeProxyVersion": KUBELET_VERSION,
            "kubeletVersion": KUBELET_VERSION, "machineID": machine_id, "operatingSystem": "linux",
            "osImage": OS_IMAGE, "systemUUID": system_uuid}


def conditions(*, now: str, since: dict[str, str], ready: bool, ready_reason: tuple[str, str]) -> list[Obj]:
    """The four node conditions, with ``since`` holding each one's lastTransitionTime."""
    out = [{"type": kind, "status": "False", "reason": reason, "message": message, "lastHeartbeatTime": now,
            "lastTransitionTime": since.get(kind, now)} for kind, reason, message in PRESSURE]
    out.append({"type": "Ready", "status": "True" if ready else "False", "reason": ready_reason[0],
                "message": ready_reason[1], "lastHeartbeatTime": now,
                "lastTransitionTime": since.get("Ready", now)})
    return out


def node_object(*, node: str, labels: dict[str, str], annotations: dict[str, str], taints: list[Obj],
                pod_cidr: str, internal_ip: str, status: Obj) -> Obj:
    spec: Obj = {"podCIDR": pod_cidr, "podCIDRs": [pod_cidr]}
    if taints:
        spec["taints"] = [dict(t) for t in taints]
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": node, "labels": labels, "annotations": annotations},
            "spec": spec,
            "status": dict(status, addresses=[{"type": "InternalIP", "address": internal_ip},
                                              {"type": "Hostname", "address": node}],
                           daemonEndpoints={"kubeletEndpoint": {"Port": 10250}})}


def node_annotations(runtime_kind: str) -> dict[str, str]:
    return {"kubeadm.alpha.kubernetes.io/cri-socket": SOCKETS.get(runtime_kind, SOCKETS["containerd"]),
            "node.alpha.kubernetes.io/ttl": "0",
            "volumes.kubernetes.io/controller-managed-attach-detach": "true"}


def lease_object(*, node: str, node_uid: str | None, duration: float, renew_time: str) -> Obj:
    meta: Obj = {"name": node, "namespace": LEASE_NAMESPACE}
    if node_uid:
        meta["ownerReferences"] = [owner_ref(node, node_uid)]
    return {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": meta,
            "spec": {"holderIdentity": node, "leaseDurationSeconds": int(duration), "renewTime": renew_time}}


def renewed(lease: Obj, *, node: str, node_uid: str | None, duration: float, renew_time: str) -> Obj:
    """The lease with a new renewTime; a shallow copy (the apiserver copies what it stores)."""
    body = {**lease, "spec": {**lease["spec"], "holderIdentity": node, "leaseDurationSeconds": int(duration),
                              "renewTime": renew_time}}
    if node_uid and not lease["metadata"].get("ownerReferences"):
        body["metadata"] = dict(lease["metadata"], ownerReferences=[owner_ref(node, node_uid)])
    return body


def owner_ref(node: str, node_uid: str) -> Obj:
    return {"apiVersion": "v1", "kind": "Node", "name": node, "uid": node_uid}


def node_ref(node: str) -> Obj:
    """What the kubelet's node events point at (its UID is the node's name, as upstream)."""
    return {"kind": "Node", "apiVersion": "v1", "metadata": {"name": node, "uid": node}}


def requests_of(pod: Obj) -> tuple[int, int]:
    """(millicores, bytes) a pod requests: max(sum of containers, largest init container)."""
    spec = pod.get("spec") or {}

    def one(c: Any) -> tuple[int, int]:
        req = ((c or {}).get("resources") or {}).get("requests") or {}
        return parse_cpu(req.get("cpu")), parse_memory(req.get("memory"))
    apps = [one(c) for c in spec.get("containers") or []]
    inits = [one(c) for c in spec.get("initContainers") or []]
    cpu = max([sum(a[0] for a in apps)] + [i[0] for i in inits])
    mem = max([sum(a[1] for a in apps)] + [i[1] for i in inits])
    return cpu, mem


def admit(requests: tuple[int, int], active: list[tuple[int, int]], *, max_pods: int, cpu: int,
          memory: int) -> tuple[str, str] | None:
    """Mirrors the kubelet's admission: (reason, message) when the pod does not fit what is left."""
    checks = [("pods", 1, len(active), max_pods)]
    if requests[0] or requests[1]:
        checks.append(("cpu", requests[0], sum(r[0] for r in active), cpu))
        checks.append(("memory", requests[1], sum(r[1] for r in active), memory))
    for resource, requested, used, capacity in checks:
        if requested and used + requested > capacity:
            return (f"OutOf{resource}", f"Pod was rejected: Node didn't have enough resource: {resource}, "
                    f"requested: {requested}, used: {used}, capacity: {capacity}")
    return None
