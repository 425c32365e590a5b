"""The facade that wires a whole cluster: control plane, machines, faults and the clock.

``Cluster.create(seed=1)`` in a bare REPL gives a running kubeadm-shaped cluster; drive
it with ``advance(seconds)``, ``apply(manifests)`` and Fault objects.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import addons, errors
from .apiserver.registry import BY_PLURAL, resource_for
from .apiserver.routing import ApiInstance, Routing
from .controller_manager import KubeControllerManager
from .core import Core, bootstrap_namespaces, build_core
from .faults import FaultInjector
from .kube_proxy import KubeProxy
from .kubelet import Kubelet
from .manifests import load_documents
from .objects import DEFAULT_EPOCH, Obj, deep_copy
from .profiles import PROFILES
from .runtime import ContainerRuntime
from .scheduler.kube_scheduler import KubeScheduler
from .traffic import TrafficGenerator

RUNTIMES = ("containerd", "cri-o", "docker")
MAX_CONTROL_PLANES = 7
LB_IP = "10.0.0.10"     # the load balancer in front of the apiservers (kubeadm's controlPlaneEndpoint)
CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}


@dataclass
class Machine:
    """One computer of the cluster: its kubelet, kube-proxy and container runtime."""

    name: str
    role: str
    index: int
    internal_ip: str
    runtime: ContainerRuntime
    kubelet: Kubelet
    kube_proxy: KubeProxy
    powered: bool = True


class Cluster:
    def __init__(self, core: Core, *, runtime: str = "containerd") -> None:
        self.core = core
        self.default_runtime = runtime
        self.machines: dict[str, Machine] = {}
        self.control_plane_nodes: list[str] = []
        self.components: dict[str, Any] = {}
        self.speed = 1.0
        self.paused = False
        self.faults = FaultInjector(self)
        self.traffic = TrafficGenerator.attach(self)
        core.sim.listeners.append(self._on_simulation_change)
        self._worker_count = 0
        self.etcd_hosts: list[str] = []      # where the etcd members run (HA): masters, then external hosts

    # -- construction ----------------------------------------------------------
    @classmethod
    def create(cls, *, seed: int = 0, workers: int = 3, control_planes: int = 1, timing: str = "kubernetes",
               epoch: datetime = DEFAULT_EPOCH, runtime: str = "containerd", settle: bool = True,
               trace_keep: int = 100_000, worker_cpu: str = "4", worker_memory: str = "8Gi",
               etcd_members: int | None = None, runtimes: Sequence[str] = ()) -> Cluster:
        if timing not in PROFILES:
            raise ValueError(f'unknown timing "{timing}": supported values: "kubernetes", "classroom"')
        for name in (runtime, *runtimes):
            if name not in RUNTIMES:
                raise ValueError(f'unknown runtime "{name}": supported values: "containerd", "cri-o", '
                                 '"docker"')
        if not 1 <= control_planes <= MAX_CONTROL_PLANES:
            raise ValueError(f"control planes must be 1 to {MAX_CONTROL_PLANES} (3 or 5 for a highly "
                             f"available etcd quorum), got {control_planes}")
        members = control_planes if etcd_members is None else etcd_members
        if not control_planes <= members <= MAX_CONTROL_PLANES:
            raise ValueError(f"etcd members must be {control_planes} to {MAX_CONTROL_PLANES} (one stacked on "
                             f"each control-plane node, the rest external), got {members}")
        core = build_core(seed=seed, timing=timing, epoch=epoch, trace_keep=trace_keep)
        cluster = cls(core, runtime=runtime)
        cluster._bootstrap(workers=workers, control_planes=control_planes, timing=timing,
                           worker_cpu=worker_cpu, worker_memory=worker_memory, etcd_members=members,
                           runtimes=list(runtimes))
        if settle:
            cluster.settle()
        return cluster

    @property
    def ha(self) -> bool:
        """Several control-plane nodes: a load balancer, an etcd Raft group, leader election."""
        return self.core.api.routing is not None

    def _bootstrap(self, *, workers: int, control_planes: int, timing: str, worker_cpu: str,
                   worker_memory: str, etcd_members: int, runtimes: list[str]) -> None:
        core = self.core
        bootstrap_namespaces(core)
        core.api.create("simulations", {"apiVersion": "sim.clusterviz.io/v1", "kind": "Simulation",
                                        "metadata": {"name": "cluster"},
                                        "spec": {"speed": 1.0, "paused": False, "timing": timing}},
                        actor="clusterviz")
        cp_names = [f"control-plane-{i}" for i in range(1, control_planes + 1)]
        ips = [_ip(10 + i) for i in range(1, control_planes + 1)]
        # kubeadm's controlPlaneEndpoint: the load balancer's address when there are several.
        endpoint = f"https://{LB_IP}:6443" if control_planes > 1 else f"https://{ips[0]}:6443"
        self._kubeadm(addons.kubernetes_service(ips) + addons.cluster_info(endpoint))
        if control_planes > 1 or etcd_members > 1:
            extra = [f"etcd-{i}" for i in range(control_planes + 1, etcd_members + 1)]
            self._enable_ha(cp_names, extra)
        for _ in cp_names:
            self._add_machine("control-plane", cpu="2", memory="4Gi")
        for i in range(workers):     # worker-i runs runtimes[i-1]; the rest run the cluster's runtime
            self._add_machine("worker", cpu=worker_cpu, memory=worker_memory,
                              runtime=runtimes[i] if i < len(runtimes) else None)
        for cp in cp_names:
            self._add_control_plane_components(cp)
        for component in self.components.values():
            component.start()
        self._kubeadm(addons.kube_proxy() + addons.coredns())

    def _enable_ha(self, cp_names: list[str], external_etcd: list[str]) -> None:
        """Stacked etcd (one member per control-plane node, plus any external etcd hosts) and the
        apiservers behind a load balancer."""
        from .etcd_raft import RaftGroup

        core = self.core
        self.etcd_hosts = [*cp_names, *external_etcd]
        raft = RaftGroup(core.kernel, core.trace, core.etcd, [f"etcd@{host}" for host in self.etcd_hosts])
        core.etcd.on_commit = raft.committed
        core.etcd.writable = raft.writable
        core.raft = raft
        instances = [ApiInstance(f"kube-apiserver@{cp}", cp, f"etcd@{cp}") for cp in cp_names]
        core.api.routing = Routing(instances, core.network, raft)
        deadline = core.kernel.now + 10.0
        while raft.leader is None and core.kernel.now < deadline:   # the members' first election
            core.kernel.run(until=core.kernel.now + 0.1)

    def _add_control_plane_components(self, cp: str) -> None:
        core = self.core
        suffix = f"@{cp}" if self.ha else ""
        kcm_actor, sched_actor = f"kube-controller-manager{suffix}", f"kube-scheduler{suffix}"
        if self.ha:
            core.api.routing.pin(kcm_actor, cp)
            core.api.routing.pin(sched_actor, cp)
        self.components[f"kube-controller-manager@{cp}"] = KubeControllerManager(core, name=kcm_actor,
                                                                                 identity_host=cp)
        self.components[f"kube-scheduler@{cp}"] = KubeScheduler(
            kernel=core.kernel, client=core.client(sched_actor), informers=core.informers(sched_actor),
            trace=core.trace, timing=core.timing, clock=core.clock, identity_host=cp)

    def _kubeadm(self, objects: list[Obj]) -> None:
        for obj in objects:
            res = resource_for(obj["apiVersion"], obj["kind"])
            assert res is not None
            self.core.api.create(res.plural, obj, actor="kubeadm")

    def settle(self, *, limit: float = 300.0) -> None:
        """Run until every node is Ready and every kube-system pod Running (bounded)."""
        deadline = self.core.kernel.now + limit
        while self.core.kernel.now < deadline:
            self.advance(1.0)
            if self.ready():
                return

    def ready(self) -> bool:
        nodes = self.objects("nodes")
        if len(nodes) != len(self.machines) or not all(_node_ready(n) for n in nodes):
            return False
        pods = [p for p in self.objects("pods") if p["metadata"].get("namespace") == "kube-system"]
        expected = len(self.machines) + 2 + 4 * len(self.control_plane_nodes)
        running = [p for p in pods if (p.get("status") or {}).get("phase") == "Running"
                   and not p["metadata"].get("deletionTimestamp")]
        return len(running) >= expected

    # -- machines --------------------------------------------------------------
    def _add_machine(self, role: str, *, cpu: str, memory: str, runtime: str | None = None) -> str:
        core = self.core
        if role == "control-plane":
            index = len(self.control_plane_nodes) + 1
            name, ip = f"control-plane-{index}", _ip(10 + index)
        else:
            self._worker_count += 1
            index = self._worker_count
            name, ip = f"worker-{index}", _ip(100 + index)
        labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}
        taints: list[Obj] = []
        static: list[Obj] = []
        if role == "control-plane":
            labels["node-role.kubernetes.io/control-plane"] = ""
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
            taints = [dict(CONTROL_PLANE_TAINT)]
            static = addons.static_pods(ip)
            self.control_plane_nodes.append(name)
        pod_cidr = f"10.244.{len(self.machines)}.0/24" if len(self.machines) < 256 else \
            str(ipaddress.ip_network("10.0.0.0/8").network_address + (len(self.machines) << 8)) + "/24"
        rt = ContainerRuntime(core, node=name, kind=runtime or self.default_runtime)
        kubelet = Kubelet(core, node=name, runtime=rt, role=role, cpu=cpu, memory=memory, pod_cidr=pod_cidr,
                          internal_ip=ip, labels=labels, taints=taints, static_pods=static,
                          static_health=lambda container, node=name: self.component_running(container, node))
        machine = Machine(name, role, index, ip, rt, kubelet, KubeProxy(core, node=name))
        self.machines[name] = machine
        kubelet.start()
        machine.kube_proxy.start()
        return name

    def add_node(self, *, runtime: str | None = None) -> str:
        """A new worker machine joins (kubeadm join): its kubelet registers the Node."""
        return self._add_machine("worker", cpu="4", memory="8Gi", runtime=runtime)

    def remove_node(self, name: str, *, actor: str = "kubectl", summary: str | None = None) -> None:
        """The machine is shut down and its Node object deleted (``kubectl delete node``)."""
        machine = self.machines.get(name)
        if machine is None or machine.role != "worker":
            raise ValueError(f'no worker machine named "{name}"')
        self._power(machine, on=False)
        del self.machines[name]
        try:
            self.core.api.delete("nodes", name, actor=actor, summary=summary)
        except errors.ApiError as exc:
            if exc.code != 404:
                raise

    # -- faults ----------------------------------------------------------------
    def check_effect(self, effect: tuple[str, str]) -> str | None:
        kind, target = effect
        if kind in ("machine", "kubelet", "link"):
            return None if target in self.machines else f'node "{target}" not found'
        component, _, node = target.partition("@")
        if component == "etcd" and node in self.etcd_hosts and self.core.raft is not None:
            return None
        if kind == "pause" and f"{component}@{node}" not in self.components:
            return f'no {component} runs on "{node}"'
        if node not in self.control_plane_nodes:
            return f'control-plane node "{node}" not found'
        if component not in addons.CONTROL_PLANE_COMPONENTS:
            return f'unknown component "{component}"'
        return None

    def apply_effect(self, effect: tuple[str, str], *, broken: bool) -> None:
        kind, target = effect
        if kind == "machine":
            self._power(self.machines[target], on=not broken)
        elif kind == "kubelet":
            machine = self.machines[target]
            if broken:
                machine.kubelet.stop()
            elif machine.powered:
                machine.kubelet.start()
        elif kind == "pause":
            instance = self.components[target]
            instance.pause() if broken else instance.resume()
            self.core.trace.emit("clusterviz", self._talker(target), "pause" if broken else "resume",
                                 target, f"{target} {'frozen' if broken else 'resumes where it was'}",
                                 kind="ComponentPaused" if broken else "ComponentResumed")
        elif kind == "link":
            (self.core.network.partitioned.add if broken else self.core.network.partitioned.discard)(target)
            if self.core.raft is not None and target in self.control_plane_nodes:
                self.core.raft.set_isolated(f"etcd@{target}", broken)    # cut off from its peers too
        else:
            component, _, node = target.partition("@")
            self._set_component(component, node, running=not broken)

    def _power(self, machine: Machine, *, on: bool) -> None:
        if machine.powered == on:
            return
        machine.powered = on
        network = self.core.network
        if not on:
            machine.kubelet.stop()
            machine.kube_proxy.stop()
            machine.kube_proxy.flush()      # iptables rules live in the kernel: gone with the power
            machine.runtime.power_off()
            network.down.add(machine.name)
        else:
            network.down.discard(machine.name)
            machine.runtime.power_on()
            if not self.faults.held(("kubelet", machine.name)):
                machine.kubelet.start()
            machine.kube_proxy.start()
        if machine.role == "control-plane":
            for component in addons.CONTROL_PLANE_COMPONENTS:
                if not self.faults.held(("component", f"{component}@{machine.name}")):
                    self._set_component(component, machine.name, running=on)

    def _set_component(self, component: str, node: str, *, running: bool) -> None:
        core = self.core
        if running and node in self.machines and not self.machines[node].powered:
            return
        routing = core.api.routing
        if component == "kube-apiserver" and routing is not None:
            instance = routing.instances[f"kube-apiserver@{node}"]
            instance.up = running
            core.api.up = routing.any_up()
            if not running:
                core.api.watches.close_source(instance.name)
        elif component == "kube-apiserver":
            core.api.start() if running else core.api.stop()
        elif component == "etcd" and core.raft is not None:
            core.raft.set_up(f"etcd@{node}", running)
        elif component == "etcd":
            core.etcd.up = running
        else:
            instance = self.components[f"{component}@{node}"]
            if running and not instance.running:
                instance.start()
            elif not running and instance.running:
                instance.stop()
        core.trace.emit("clusterviz", self._talker(f"{component}@{node}"), "start" if running else "stop",
                        f"{component}@{node}",
                        f"{component} on {node} {'started' if running else 'stopped'}",
                        kind="ComponentStarted" if running else "ComponentStopped")

    def _talker(self, instance: str) -> str:
        """A control-plane process as the trace and topology name it: ``kube-scheduler`` on a
        single master, ``kube-scheduler@control-plane-2`` on an HA one."""
        return instance if self.ha else instance.partition("@")[0]

    def component_running(self, component: str, node: str) -> bool:
        routing = self.core.api.routing
        if component == "kube-apiserver":
            return routing.instances[f"kube-apiserver@{node}"].up if routing is not None else self.core.api.up
        if component == "etcd":
            raft = self.core.raft
            return raft.members[f"etcd@{node}"].up if raft is not None else self.core.etcd.up
        instance = self.components.get(f"{component}@{node}")
        return bool(instance is not None and instance.running)

    # -- the clock -------------------------------------------------------------
    @property
    def now(self) -> float:
        return self.core.kernel.now

    @property
    def timing(self) -> str:
        return self.core.timing.name

    def advance(self, seconds: float) -> None:
        """Run the simulation ``seconds`` forward (the web shell's pacing calls this)."""
        self.run(until=self.core.kernel.now + seconds)

    def run(self, *, until: float) -> None:
        self.core.kernel.run(until=until)
        self._publish_time()

    def _publish_time(self) -> None:
        res = BY_PLURAL["simulations"]
        sim = self.core.sim
        current = sim.get(res, "cluster")
        status = dict(current.get("status") or {})
        status["time"] = round(self.core.kernel.now, 3)
        status["timing"] = self.timing
        status["speed"] = self.speed
        status["paused"] = self.paused
        sim.set_status(res, "cluster", status)

    def configure(self, *, speed: float | None = None, paused: bool | None = None, timing: str | None = None,
                  actor: str = "clusterviz") -> Obj:
        """Change the clock through the Simulation object, as kubectl patch would."""
        spec: Obj = {}
        if speed is not None:
            spec["speed"] = speed
        if paused is not None:
            spec["paused"] = paused
        if timing is not None:
            spec["timing"] = timing
        return self.core.api.patch("simulations", "cluster", {"spec": spec}, actor=actor)

    def _on_simulation_change(self, kind: str, res: Any, obj: Obj, old: Obj | None) -> None:
        if res.plural != "simulations" or kind == "DELETED":
            return
        spec = obj.get("spec") or {}
        self.speed = float(spec.get("speed", 1.0))
        self.paused = bool(spec.get("paused", False))
        timing = spec.get("timing", self.timing)
        if timing != self.timing and timing in PROFILES:
            profile = PROFILES[timing]
            self.core.timing.current = profile
            defaults = self.core.api.settings.defaults
            self.core.api.settings.defaults = type(defaults)(
                not_ready_toleration_seconds=profile.default_toleration_seconds,
                unreachable_toleration_seconds=profile.default_toleration_seconds)

    # -- reading and writing objects ------------------------------------------
    def objects(self, resource: str, *, namespace: str | None = None) -> list[Obj]:
        """Objects straight from storage (the teacher's view; works during outages)."""
        res = BY_PLURAL[resource]
        if res.simulation:
            return self.core.sim.list(res)
        prefix = f"/registry/{res.plural}/{namespace}/" if namespace and res.namespaced else res.etcd_prefix()
        bucket = self.core.etcd._bucket(prefix)
        return [bucket[k].value for k in sorted(bucket) if k.startswith(prefix)]

    def apply(self, manifests: str | Obj | Iterable[Obj], *, actor: str = "kubectl") -> list[Obj]:
        """Create each object, or merge it onto the live one (a simple ``kubectl apply``)."""
        docs = load_documents(manifests) if isinstance(manifests, str) else (
            [manifests] if isinstance(manifests, dict) else list(manifests))
        results = []
        for doc in docs:
            res = resource_for(str(doc.get("apiVersion")), str(doc.get("kind")))
            if res is None:
                raise errors.ApiError(404, "NotFound", f'no matches for kind "{doc.get("kind")}" in version '
                                                       f'"{doc.get("apiVersion")}"')
            meta = doc.get("metadata") or {}
            ns = (meta.get("namespace") or "default") if res.namespaced else ""
            try:
                self.core.api.get(res.plural, str(meta.get("name", "")), namespace=ns, actor=actor)
            except errors.ApiError as exc:
                if exc.code != 404:
                    raise
                results.append(self.core.api.create(res.plural, deep_copy(doc), namespace=ns or None,
                                                    actor=actor))
                continue
            results.append(self.core.api.patch(res.plural, str(meta["name"]), deep_copy(doc), namespace=ns,
                                               patch_type="strategic", actor=actor))
        return results

    def delete(self, resource: str, name: str, *, namespace: str = "", actor: str = "kubectl") -> Obj:
        return self.core.api.delete(resource, name, namespace=namespace, actor=actor)

    def client(self, actor: str = "kubectl") -> Any:
        return self.core.client(actor)


def _ip(offset: int) -> str:
    return str(ipaddress.ip_address("10.0.0.0") + offset)


def _node_ready(node: Obj) -> bool:
    for cond in (node.get("status") or {}).get("conditions") or []:
        if cond.get("type") == "Ready":
            return cond.get("status") == "True"
    return False
