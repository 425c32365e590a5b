"""What each thing on the diagram is, in plain words (after the seed's Kubernetes Architecture).

The inspector shows these when a person clicks a component, node or pod.
"""
from __future__ import annotations

EXPLANATIONS: dict[str, str] = {
    "kube-apiserver": (
        "The API server is the front end of the control plane: it exposes the Kubernetes API. "
        "Every other component, and kubectl, talks only to it — to read objects, watch them for "
        "changes and write them back. It is the only component that reads and writes etcd."
    ),
    "etcd": (
        "etcd is a distributed, reliable key-value store holding all the data used to manage the "
        "cluster: every node, pod, deployment and event is a key here. Only kube-apiserver talks to it; "
        "its revision counts every write."
    ),
    "kube-scheduler": (
        "The scheduler distributes work across the nodes. It watches for newly created pods that have "
        "no node yet and assigns each one to a node: first it filters out nodes that cannot run the pod, "
        "then it scores the rest and binds the pod to the best one."
    ),
    "kube-controller-manager": (
        "The controllers are the brain behind orchestration. They notice and respond when nodes, "
        "containers or endpoints go down, and make decisions to bring up new containers — for example "
        "starting a new pod when a deployment's replicas field is unsatisfied, or evicting pods from a "
        "node that stopped sending heartbeats."
    ),
    "kubelet": (
        "The kubelet is the agent that runs on each node. It makes sure the containers of the pods "
        "assigned to its node are running, reports the node's and pods' status to the API server, and "
        "renews the node's Lease as a heartbeat: when heartbeats stop, the control plane marks the node "
        "Unknown."
    ),
    "kube-proxy": (
        "kube-proxy is a network proxy on each node that implements part of the Service concept: it "
        "maintains network rules (here iptables) so traffic to a Service reaches one of its pods, from "
        "inside or outside the cluster."
    ),
    "runtime": (
        "The container runtime is the software that actually runs containers: it pulls images and starts "
        "and stops containers when the kubelet asks over the CRI (Container Runtime Interface). Kubernetes "
        "supports containerd, CRI-O and any other CRI implementation."
    ),
    "worker": (
        "A worker node is a machine — physical or virtual — where containers are launched by Kubernetes. "
        "It runs a kubelet, kube-proxy and a container runtime, and hosts the pods of the application. "
        "With more than one node, the application survives the failure of one."
    ),
    "control-plane": (
        "The control-plane node (once called the master) manages the cluster: it runs kube-apiserver, "
        "etcd, the scheduler and the controller manager, which watch over the worker nodes and orchestrate "
        "the containers on them. It runs a kubelet too, for its own static pods."
    ),
    "pod": (
        "A pod is the smallest thing Kubernetes runs: one or more containers that share a network address, "
        "placed together on one node. A Deployment keeps a number of identical pods running and replaces "
        "any that are lost."
    ),
    "kubectl": (
        "kubectl is the command-line tool to deploy and manage applications on the cluster, view cluster "
        "information and the status of its nodes. Like every component, it only talks to kube-apiserver "
        "(on a cluster with several masters, through the load balancer in front of them)."
    ),
}

RUNTIMES = frozenset({"containerd", "crio", "cri-dockerd"})


def explain(thing: str) -> str:
    """The explanation for a component binary, ``worker``, ``control-plane`` or ``pod``."""
    return EXPLANATIONS.get("runtime" if thing in RUNTIMES else thing, "")
