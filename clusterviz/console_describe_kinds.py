"""kubectl's own describers for pods, nodes, deployments, replica sets and services."""

from __future__ import annotations

from typing import Any

from simulator.apiserver.registry import Resource
from simulator.objects import parse_cpu, parse_memory

from .console_describe import NONE, Obj, Writer, _controller, _map, _meta_header, stamp
from .k8s import printers
from .k8s.printers_time import Ages


# -- pods --------------------------------------------------------------------------------------
def _pod(s: Any, w: Writer, res: Resource, pod: Obj) -> None:
    meta, spec, status = pod.get("metadata") or {}, pod.get("spec") or {}, pod.get("status") or {}
    _meta_header(w, pod, namespaced=True)
    w.write(0, f"Priority:\t{spec.get('priority', 0)}\n")
    w.write(0, f"Service Account:\t{spec.get('serviceAccountName') or 'default'}\n")
    node = spec.get("nodeName")
    w.write(0, f"Node:\t{node + '/' + status.get('hostIP', '') if node else NONE}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{stamp(status['startTime'])}\n")
    _map(w, "Labels", meta.get("labels"), "=")
    _map(w, "Annotations", meta.get("annotations"), ": ")
    if meta.get("deletionTimestamp"):
        ages = Ages(s.cluster.now, s.cluster.core.clock)
        w.write(0, f"Status:\tTerminating (lasts {ages.since(meta['deletionTimestamp'])})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 30)}s\n")
    else:
        w.write(0, f"Status:\t{status.get('phase', 'Pending')}\n")
    for key in ("reason", "message"):
        if status.get(key):
            w.write(0, f"{key.title()}:\t{status[key]}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    ips = status.get("podIPs") or []
    w.write(0, "IPs:\n" if ips else f"IPs:\t{NONE}\n")
    for ip in ips:
        w.write(1, f"IP:\t{ip.get('ip')}\n")
    if _controller(pod):
        w.write(0, f"Controlled By:\t{_controller(pod)}\n")
    w.write(0, "Containers:\n")
    states = {c.get("name"): c for c in status.get("containerStatuses") or []}
    for container in spec.get("containers") or []:
        _container(w, container, states.get(container.get("name")))
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \n")
    w.write(0, f"Volumes:\t{NONE}\n")
    w.write(0, f"QoS Class:\t{status.get('qosClass', 'BestEffort')}\n")
    selectors = spec.get("nodeSelector") or {}
    w.write(0, f"Node-Selectors:\t{','.join(f'{k}={v}' for k, v in sorted(selectors.items())) or NONE}\n")
    _tolerations(w, spec.get("tolerations") or [])


def _container(w: Writer, c: Obj, st: Obj | None) -> None:
    st = st or {}
    w.write(1, f"{c.get('name')}:\n")
    if st.get("containerID"):
        w.write(2, f"Container ID:\t{st['containerID']}\n")
    w.write(2, f"Image:\t{c.get('image', '')}\n")
    w.write(2, f"Image ID:\t{st.get('imageID', '')}\n")
    ports = c.get("ports") or []
    w.write(2, f"Port:\t{_ports(ports)}\n")
    w.write(2, f"Host Port:\t{'0/TCP' if ports else NONE}\n")
    for key in ("command", "args"):
        if c.get(key):
            w.write(2, f"{key.title()}:\n")
            for part in c[key]:
                w.write(3, f"{part}\n")
    _state(w, "State", st.get("state") or {"waiting": {}})
    if st.get("lastState"):
        _state(w, "Last State", st["lastState"])
    w.write(2, f"Ready:\t{'True' if st.get('ready') else 'False'}\n")
    w.write(2, f"Restart Count:\t{st.get('restartCount', 0)}\n")
    env = c.get("env") or []
    w.write(2, "Environment:\n" if env else f"Environment:\t{NONE}\n")
    for var in env:
        w.write(3, f"{var.get('name')}:\t{var.get('value', '')}\n")
    w.write(2, f"Mounts:\t{NONE}\n")


def _ports(ports: list[Obj]) -> str:
    return ", ".join(f"{p.get('containerPort')}/{p.get('protocol', 'TCP')}" for p in ports) or NONE


def _state(w: Writer, title: str, state: Obj) -> None:
    if "running" in state:
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{stamp(state['running'].get('startedAt'))}\n")
    elif "terminated" in state:
        t = state["terminated"]
        w.write(2, f"{title}:\tTerminated\n")
        w.write(3, f"Reason:\t{t.get('reason', '')}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        w.write(3, f"Started:\t{stamp(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{stamp(t.get('finishedAt'))}\n")
    elif "waiting" in state:
        w.write(2, f"{title}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")


def _tolerations(w: Writer, tolerations: list[Obj]) -> None:
    if not tolerations:
        w.write(0, f"Tolerations:\t{NONE}\n")
        return
    for i, t in enumerate(tolerations):
        text = t.get("key", "")
        if t.get("value"):
            text += f"={t['value']}"
        if t.get("effect"):
            text += f":{t['effect']}"
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, f"Tolerations:\t{text}\n" if i == 0 else f"\t{text}\n")


# -- nodes -------------------------------------------------------------------------------------
def _node(s: Any, w: Writer, res: Resource, node: Obj) -> None:
    meta, spec, status = node.get("metadata") or {}, node.get("spec") or {}, node.get("status") or {}
    _meta_header(w, node, namespaced=False)
    roles = sorted(
        k.removeprefix("node-role.kubernetes.io/")
        for k in meta.get("labels") or {}
        if k.startswith("node-role.kubernetes.io/")
    )
    w.write(0, f"Roles:\t{','.join(roles) or NONE}\n")
    _map(w, "Labels", meta.get("labels"), "=")
    _map(w, "Annotations", meta.get("annotations"), ": ")
    w.write(0, f"CreationTimestamp:\t{stamp(meta.get('creationTimestamp'))}\n")
    taints = [
        f"{t.get('key')}{'=' + t['value'] if t.get('value') else ''}:{t.get('effect')}"
        for t in spec.get("taints") or []
    ]
    for i, taint in enumerate(taints or [NONE]):
        w.write(0, f"Taints:\t{taint}\n" if i == 0 else f"\t{taint}\n")
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    lease = next(
        (
            obj
            for obj in s.cluster.objects("leases", namespace="kube-node-lease")
            if obj["metadata"]["name"] == meta.get("name")
        ),
        None,
    )
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{((lease or {}).get('spec') or {}).get('holderIdentity', '<unset>')}\n")
    w.write(1, "AcquireTime:\t<unset>\n")
    w.write(1, f"RenewTime:\t{stamp(((lease or {}).get('spec') or {}).get('renewTime'))}\n")
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for c in status.get("conditions") or []:
        w.write(
            1,
            f"{c.get('type')} \t{c.get('status')} \t{stamp(c.get('lastHeartbeatTime'))} \t"
            f"{stamp(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n",
        )
    w.write(0, "Addresses:\n")
    for a in status.get("addresses") or []:
        w.write(1, f"{a.get('type')}:\t{a.get('address')}\n")
    for title, values in (("Capacity", status.get("capacity")), ("Allocatable", status.get("allocatable"))):
        w.write(0, f"{title}:\n")
        for key, value in sorted((values or {}).items()):
            w.write(1, f"{key}:\t{value}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for label, key in (
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("Kube-Proxy Version", "kubeProxyVersion"),
    ):
        w.write(1, f"{label}:\t{info.get(key, '')}\n")
    w.write(0, f"PodCIDR:\t{spec.get('podCIDR', '')}\n")
    w.write(0, f"PodCIDRs:\t{','.join(spec.get('podCIDRs') or [])}\n")
    _node_pods(s, w, node)


def _node_pods(s: Any, w: Writer, node: Obj) -> None:
    name = node["metadata"]["name"]
    pods = [
        p
        for p in s.cluster.objects("pods")
        if (p.get("spec") or {}).get("nodeName") == name
        and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")
    ]
    allocatable = (node.get("status") or {}).get("allocatable") or {}
    cpu_total, mem_total = (
        parse_cpu(allocatable.get("cpu")) or 1,
        parse_memory(allocatable.get("memory")) or 1,
    )
    ages = Ages(s.cluster.now, s.cluster.core.clock)
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t------------\t----------\t---------------\t-------------\t---\n")
    totals = [0, 0, 0, 0]
    for pod in pods:
        sums = _pod_resources(pod)
        totals = [a + b for a, b in zip(totals, sums, strict=True)]
        cells = [
            _pct(_cpu(sums[0]), sums[0], cpu_total),
            _pct(_cpu(sums[1]), sums[1], cpu_total),
            _pct(_mem(sums[2]), sums[2], mem_total),
            _pct(_mem(sums[3]), sums[3], mem_total),
        ]
        row = [
            pod["metadata"].get("namespace", ""),
            pod["metadata"]["name"],
            *cells,
            ages.since(pod["metadata"].get("creationTimestamp")),
        ]
        w.write(1, "\t".join(row) + "\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    w.write(
        1,
        f"cpu\t{_pct(_cpu(totals[0]), totals[0], cpu_total)}\t"
        f"{_pct(_cpu(totals[1]), totals[1], cpu_total)}\n",
    )
    w.write(
        1,
        f"memory\t{_pct(_mem(totals[2]), totals[2], mem_total)}\t"
        f"{_pct(_mem(totals[3]), totals[3], mem_total)}\n",
    )
    for extra in ("ephemeral-storage", "hugepages-1Gi", "hugepages-2Mi"):
        w.write(1, f"{extra}\t0 (0%)\t0 (0%)\n")


def _pod_resources(pod: Obj) -> list[int]:
    sums = [0, 0, 0, 0]
    for c in (pod.get("spec") or {}).get("containers") or []:
        r = c.get("resources") or {}
        req, lim = r.get("requests") or {}, r.get("limits") or {}
        sums[0] += parse_cpu(req.get("cpu", lim.get("cpu")))
        sums[1] += parse_cpu(lim.get("cpu"))
        sums[2] += parse_memory(req.get("memory", lim.get("memory")))
        sums[3] += parse_memory(lim.get("memory"))
    return sums


def _cpu(milli: int) -> str:
    return str(milli // 1000) if milli % 1000 == 0 else f"{milli}m"


def _mem(size: int) -> str:
    for suffix, unit in (("Gi", 1024**3), ("Mi", 1024**2), ("Ki", 1024)):
        if size and size % unit == 0:
            return f"{size // unit}{suffix}"
    return str(size)


def _pct(text: str, value: int, total: int) -> str:
    return f"{text} ({int(value / total * 100)}%)"


# -- workloads and services ---------------------------------------------------------------------
def _selector(spec: Obj) -> str:
    return (
        printers.format_labels((spec.get("selector") or {}).get("matchLabels") or {})
        if "matchLabels" in (spec.get("selector") or {})
        else ",".join(f"{k}={v}" for k, v in sorted((spec.get("selector") or {}).items())) or NONE
    )


def _template(w: Writer, template: Obj) -> None:
    w.write(0, "Pod Template:\n")
    labels = (template.get("metadata") or {}).get("labels") or {}
    w.write(1, f"Labels:\t{','.join(f'{k}={v}' for k, v in sorted(labels.items())) or NONE}\n")
    w.write(1, "Containers:\n")
    for c in (template.get("spec") or {}).get("containers") or []:
        w.write(1, f" {c.get('name')}:\n")
        w.write(2, f"Image:\t{c.get('image', '')}\n")
        ports = c.get("ports") or []
        w.write(2, f"Port:\t{_ports(ports)}\n")
        w.write(2, f"Host Port:\t{'0/TCP' if ports else NONE}\n")
        w.write(2, f"Environment:\t{NONE}\n")
        w.write(2, f"Mounts:\t{NONE}\n")
    w.write(1, f"Volumes:\t{NONE}\n")
    w.write(1, f"Node-Selectors:\t{NONE}\n")
    w.write(1, f"Tolerations:\t{NONE}\n")


def _deployment(s: Any, w: Writer, res: Resource, d: Obj) -> None:
    meta, spec, status = d.get("metadata") or {}, d.get("spec") or {}, d.get("status") or {}
    _meta_header(w, d, namespaced=True)
    w.write(0, f"CreationTimestamp:\t{stamp(meta.get('creationTimestamp'))}\n")
    _map(w, "Labels", meta.get("labels"), "=")
    _map(w, "Annotations", meta.get("annotations"), ": ")
    w.write(0, f"Selector:\t{_selector(spec)}\n")
    unavailable = status.get("unavailableReplicas", 0)
    w.write(
        0,
        f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('updatedReplicas', 0)} updated | "
        f"{status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} available | "
        f"{unavailable} unavailable\n",
    )
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', 'RollingUpdate')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    if strategy.get("type", "RollingUpdate") == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        w.write(
            0,
            f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable', '25%')} max unavailable, "
            f"{rolling.get('maxSurge', '25%')} max surge\n",
        )
    _template(w, spec.get("template") or {})
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")
    owned = [
        rs
        for rs in s.cluster.objects("replicasets", namespace=meta.get("namespace"))
        if _controller(rs) == f"Deployment/{meta.get('name')}"
    ]
    template = spec.get("template") or {}
    new = [rs for rs in owned if _same_template(rs, template)]
    old = [rs for rs in owned if rs not in new and ((rs.get("spec") or {}).get("replicas") or 0) > 0]
    w.write(0, f"OldReplicaSets:\t{', '.join(_rs_line(rs) for rs in old) or NONE}\n")
    w.write(0, f"NewReplicaSet:\t{', '.join(_rs_line(rs) for rs in new) or NONE}\n")


def _same_template(rs: Obj, template: Obj) -> bool:
    mine = dict((rs.get("spec") or {}).get("template") or {})
    labels = dict((mine.get("metadata") or {}).get("labels") or {})
    labels.pop("pod-template-hash", None)
    return labels == ((template.get("metadata") or {}).get("labels") or {}) and mine.get(
        "spec"
    ) == template.get("spec")


def _rs_line(rs: Obj) -> str:
    return (
        f"{rs['metadata']['name']} ({(rs.get('status') or {}).get('replicas', 0)}/"
        f"{(rs.get('spec') or {}).get('replicas', 0)} replicas created)"
    )


def _replica_set(s: Any, w: Writer, res: Resource, rs: Obj) -> None:
    meta, spec, status = rs.get("metadata") or {}, rs.get("spec") or {}, rs.get("status") or {}
    _meta_header(w, rs, namespaced=True)
    w.write(0, f"Selector:\t{_selector(spec)}\n")
    _map(w, "Labels", meta.get("labels"), "=")
    _map(w, "Annotations", meta.get("annotations"), ": ")
    if _controller(rs):
        w.write(0, f"Controlled By:\t{_controller(rs)}\n")
    w.write(0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    phases = [
        str((p.get("status") or {}).get("phase"))
        for p in s.cluster.objects("pods", namespace=meta.get("namespace"))
        if _controller(p) == f"ReplicaSet/{meta.get('name')}"
    ]
    w.write(
        0,
        f"Pods Status:\t{phases.count('Running')} Running / {phases.count('Pending')} Waiting / "
        f"{phases.count('Succeeded')} Succeeded / {phases.count('Failed')} Failed\n",
    )
    _template(w, spec.get("template") or {})


def _service(s: Any, w: Writer, res: Resource, svc: Obj) -> None:
    meta, spec = svc.get("metadata") or {}, svc.get("spec") or {}
    _meta_header(w, svc, namespaced=True)
    _map(w, "Labels", meta.get("labels"), "=")
    _map(w, "Annotations", meta.get("annotations"), ": ")
    w.write(0, f"Selector:\t{_selector(spec)}\n")
    w.write(0, f"Type:\t{spec.get('type', 'ClusterIP')}\n")
    w.write(0, f"IP Family Policy:\t{spec.get('ipFamilyPolicy', 'SingleStack')}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or ['IPv4'])}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or [spec.get('clusterIP', '')])}\n")
    for port in spec.get("ports") or []:
        w.write(
            0, f"Port:\t{port.get('name') or '<unset>'}\t{port.get('port')}/{port.get('protocol', 'TCP')}\n"
        )
        w.write(0, f"TargetPort:\t{port.get('targetPort')}/{port.get('protocol', 'TCP')}\n")
        if port.get("nodePort"):
            w.write(
                0,
                f"NodePort:\t{port.get('name') or '<unset>'}\t"
                f"{port['nodePort']}/{port.get('protocol', 'TCP')}\n",
            )
    slices = [
        e
        for e in s.cluster.objects("endpointslices", namespace=meta.get("namespace"))
        if ((e.get("metadata") or {}).get("labels") or {}).get("kubernetes.io/service-name")
        == meta.get("name")
    ]
    addresses = [a for e in slices for ep in e.get("endpoints") or [] for a in ep.get("addresses") or []]
    w.write(0, f"Endpoints:\t{','.join(addresses) or ''}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', 'None')}\n")
    w.write(0, f"Internal Traffic Policy:\t{spec.get('internalTrafficPolicy', 'Cluster')}\n")


DESCRIBERS = {
    "Pod": _pod,
    "Node": _node,
    "Deployment": _deployment,
    "ReplicaSet": _replica_set,
    "Service": _service,
}
