"""View models: immutable, comparable snapshots of what each box on the page shows.

Equality is the diff: the stream sends a fragment for a box only when its model changed.
``attrs`` are what an attribute-only update carries; everything else needs a re-render.
"""
from __future__ import annotations

from dataclasses import dataclass

Attrs = tuple[tuple[str, str], ...]


def flag(value: bool) -> str:
    return "true" if value else "false"


def clock_text(seconds: float) -> str:
    """A countdown as people read one: ``3:12``."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


LEADER_ELECTED = ("kube-scheduler", "kube-controller-manager")
SPEEDS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)


@dataclass(frozen=True, slots=True)
class Clock:
    now: float
    label: str
    speed: float
    paused: bool
    timing: str

    @property
    def setting(self) -> tuple[float, bool, str]:
        """What the presenter's time controls show (the clock's time changes every tick)."""
        return self.speed, self.paused, self.timing

    @property
    def speeds(self) -> tuple[tuple[str, bool], ...]:
        """The speed menu: each choice as the option's value and whether it is the clock's."""
        choices = sorted({*SPEEDS, self.speed})    # a speed set through the API shows too
        return tuple((f"{speed:g}", speed == self.speed) for speed in choices)


@dataclass(frozen=True, slots=True)
class Component:
    name: str           # the binary: kube-scheduler, kubelet, containerd
    talker: str         # its topology node: kube-scheduler, kubelet/worker-2, etcd@control-plane-2
    node: str           # the machine it runs on
    running: bool
    dom_id: str
    role: str           # control-plane, agent or runtime
    row: int
    col: int
    # What its chip says about its part in the group, as a data-state word and as text:
    # kube-scheduler and kube-controller-manager: leader, standby, paused or stopped (every
    # cluster); an etcd member: its Raft role; a kube-apiserver behind the load balancer:
    # serving, no-etcd, cut-off or down ("in rotation" / "out of rotation"). "" for the rest.
    state: str = ""
    mark: str = ""

    @property
    def key(self) -> str:
        """Its live one-line detail's key (and DOM id suffix): ``etcd``, ``etcd-control-plane-2``."""
        return self.talker.replace("@", "-")

    @property
    def attrs(self) -> Attrs:
        if not self.state:
            return (("data-running", flag(self.running)),)
        return (("data-running", flag(self.running)), ("data-state", self.state))

    @property
    def pausable(self) -> bool:
        """A leader-elected process: the presenter can freeze it (a ComponentPaused fault)."""
        return self.name in LEADER_ELECTED


@dataclass(frozen=True, slots=True)
class Pod:
    namespace: str
    name: str
    dom_id: str
    short: str          # what the chip says: the random suffix of a controller's pod
    phase: str          # status.phase
    status: str         # kubectl's STATUS column: Running, ContainerCreating, CrashLoopBackOff ...
    ready: bool
    restarts: int
    node: str
    terminating: bool
    images: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"

    @property
    def attrs(self) -> Attrs:
        return (("data-phase", self.phase), ("data-status", self.status), ("data-ready", flag(self.ready)),
                ("data-terminating", flag(self.terminating)))

    @property
    def label(self) -> tuple[str, int, tuple[str, ...]]:
        """What only a re-render shows (chip text and tooltip)."""
        return self.short, self.restarts, self.images


@dataclass(frozen=True, slots=True)
class Group:
    """The pods of one owner (a Deployment, DaemonSet, StatefulSet or bare pods) on one node."""

    dom_id: str
    namespace: str
    owner: str
    label: str
    pods: tuple[Pod, ...]

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(pod.dom_id for pod in self.pods)


@dataclass(frozen=True, slots=True)
class Countdown:
    label: str          # "Unknown in", "pods evicted in"
    seconds: float

    @property
    def text(self) -> str:
        return clock_text(self.seconds)


@dataclass(frozen=True, slots=True)
class Node:
    name: str
    role: str
    dom_id: str
    state: str          # the Ready condition as kubectl prints it: Ready, NotReady or Unknown
    cordoned: bool
    draining: bool
    powered: bool
    kubelet_running: bool
    partitioned: bool
    slot: int
    problem: str        # what a person did to it: "machine down", "kubelet stopped", "network cut"
    countdown: Countdown | None
    version: str
    controls: bool = True   # the presenter's node buttons: every worker, and masters of an HA cluster

    @property
    def status_text(self) -> str:
        """The STATUS column of ``kubectl get nodes``."""
        return f"{self.state},SchedulingDisabled" if self.cordoned else self.state

    @property
    def attrs(self) -> Attrs:
        return (("data-state", self.state), ("data-cordoned", flag(self.cordoned)),
                ("data-draining", flag(self.draining)), ("data-powered", flag(self.powered)),
                ("data-kubelet", flag(self.kubelet_running)), ("data-partitioned", flag(self.partitioned)))

    @property
    def badge(self) -> tuple[str, str, str | None, str | None]:
        """What the status line shows: re-rendered when any of it changes."""
        countdown = self.countdown
        return (self.status_text, self.problem, countdown.label if countdown else None,
                countdown.text if countdown else None)


@dataclass(frozen=True, slots=True)
class Machine:
    node: Node
    agents: tuple[Component, ...]       # kubelet, kube-proxy, the runtime
    groups: tuple[Group, ...]

    @property
    def dom_id(self) -> str:
        return self.node.dom_id

    @property
    def layout(self) -> tuple[tuple[str, ...], ...]:
        """Which groups hold which pods: a change here re-renders the node's pod area."""
        return tuple((g.dom_id, *g.members) for g in self.groups)


@dataclass(frozen=True, slots=True)
class Pending:
    pod: Pod
    owner: str
    queue: str          # activeQ, backoffQ, unschedulablePods, or "" when no scheduler holds it
    reason: str         # the PodScheduled condition's reason: Unschedulable, SchedulerError ...


@dataclass(frozen=True, slots=True)
class Deployment:
    namespace: str
    name: str
    dom_id: str
    desired: int
    ready: int
    updated: int


@dataclass(frozen=True, slots=True)
class Edge:
    dom_id: str
    source: str         # dom id of the caller
    dest: str           # dom id of the callee
    talk: str
    inner: bool = False  # both ends in one machine box: only packets show it, not a line
    label: str = ""      # a short caption drawn on the wire, where it teaches (who talks to whom)
    arc: int = 0         # etcd peers: how many master boxes apart (2 and more arc over the masters)

    @property
    def label_at(self) -> str:
        """Where on the wire its caption sits, 0 at the caller's end and 1 at the callee's."""
        from .build import LABEL_AT

        return f"{LABEL_AT.get(self.label, 0.5):g}"


@dataclass(frozen=True, slots=True)
class Backend:
    """One kube-apiserver as the load balancer sees it."""

    name: str           # kube-apiserver@control-plane-2
    node: str
    in_rotation: bool   # the balancer sends new connections to it
    serving: bool       # it runs, is reachable and its etcd member can answer


@dataclass(frozen=True, slots=True)
class LoadBalancer:
    """kubeadm's controlPlaneEndpoint in front of the apiservers of a highly available cluster."""

    dom_id: str
    endpoint: str       # 10.0.0.10:6443
    backends: tuple[Backend, ...]

    @property
    def in_rotation(self) -> int:
        return sum(b.in_rotation for b in self.backends)

    @property
    def state(self) -> str:
        """ok: every apiserver serves; degraded: some are out; fallback: none passes /healthz but
        the balancer still sends to those it reaches; down: it reaches none."""
        if not self.in_rotation:
            return "down"
        if not any(b.serving for b in self.backends):
            return "fallback"
        return "ok" if all(b.serving and b.in_rotation for b in self.backends) else "degraded"

    @property
    def text(self) -> str:
        total = len(self.backends)
        if self.state == "fallback":
            return f"no apiserver passes GET /healthz: tries all {self.in_rotation}"
        if self.state == "down":
            return f"none of {total} apiservers reachable"
        return f"{self.in_rotation} of {total} apiservers in rotation · checks GET /healthz"


@dataclass(frozen=True, slots=True)
class Diagram:
    cluster: str
    clock: Clock
    control_plane: tuple[Machine, ...]
    workers: tuple[Machine, ...]
    components: tuple[Component, ...]               # kube-apiserver, etcd, kube-scheduler, kcm
    details: tuple[tuple[str, str], ...]            # (dom id, live one-line text) per component
    queue: tuple[Pending, ...]
    why: tuple[tuple[str, str], ...]                # (node, reason) of the first unschedulable pod
    deployments: tuple[Deployment, ...]
    edges: tuple[Edge, ...]
    density: str                                    # "roomy" or "compact" (many workers)
    # A highly available control plane (several masters): the load balancer in front of the
    # apiservers, and what etcd's Raft group lacks ("" while it has a leader with a quorum).
    ha: bool = False
    lb: LoadBalancer | None = None
    etcd_problem: str = ""
    queue_at: str = "component-kube-scheduler"      # dom id of the scheduler that shows the queue

    @property
    def machines(self) -> tuple[Machine, ...]:
        return self.control_plane + self.workers

    @property
    def masters(self) -> tuple[tuple[Machine, tuple[Component, ...]], ...]:
        """Each control-plane machine with the control-plane components it runs (HA boxes)."""
        return tuple((machine, tuple(c for c in self.components if c.node == machine.node.name))
                     for machine in self.control_plane)

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)

    def detail(self, key: str) -> str:
        return dict(self.details).get(key, "")
