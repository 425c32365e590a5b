"""Column definitions of the server-side Table printers (``meta.k8s.io/v1`` TableColumnDefinition).

Names, types, formats and priorities mirror kube-apiserver 1.32's
``pkg/printers/internalversion/printers.go`` (``AddHandlers``); the descriptions are the
field docs (``SwaggerDoc``) the real server sends. Priority 0 columns are the default view,
priority 1 columns appear with ``kubectl get -o wide``.
"""
from __future__ import annotations

from typing import Any

Column = dict[str, Any]

DOCS: dict[str, str] = {
    "name": (
        "Name must be unique within a namespace. Is required when creating resources, although some "
        "resources may allow a client to request the generation of an appropriate name automatically. Name "
        "is primarily intended for creation idempotence and configuration definition. Cannot be updated. "
        "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
    "age": (
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is "
        "not guaranteed to be set in happens-before order across separate operations. Clients may not set "
        "this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. "
        "Read-only. Null for lists. More info: "
        "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
    "containers": "Names of each container in the template.",
    "images": "Images referenced by each container in the template.",
    "namespace.status": "The status of the namespace",
    "node.status": "The status of the node",
    "node.roles": "The roles of the node",
    "node.version": "Kubelet Version reported by the node.",
    "node.addresses": (
        "List of addresses reachable to the node. Queried from cloud provider, if available. More info: "
        "https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is defined as "
        "mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it "
        "is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for "
        "an example. Consumers should assume that addresses can change during the lifetime of a Node. "
        "However, there are some exceptions where this may not be possible, such as Pods that inherit a "
        "Node's address in its own status or consumers of the downward API (status.hostIP)."),
    "node.os-image": (
        "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
    "node.kernel-version": (
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
    "node.container-runtime": (
        "ContainerRuntime Version reported by the node through runtime remote API (e.g. "
        "containerd://1.4.2)."),
    "pod.ready": "The aggregate readiness state of this pod for accepting traffic.",
    "pod.status": "The aggregate status of the containers in this pod.",
    "pod.restarts": (
        "The number of times the containers in this pod have been restarted and when the last container in "
        "this pod has restarted."),
    "pod.ip": (
        "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet "
        "allocated."),
    "pod.node": (
        "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for "
        "scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for "
        "this node becomes responsible for the lifecycle of this pod. This field should not be used to "
        "express a desire for the pod to be scheduled on a specific node. "
        "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
    "pod.nominated-node": (
        "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be "
        "scheduled right away as preemption victims receive their graceful termination periods. This field "
        "does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the "
        "pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the "
        "resources on this node to a higher priority pod that is created after preemption. As a result, "
        "this field may be different than PodSpec.nodeName when the pod is scheduled."),
    "pod.readiness-gates": (
        "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all "
        "its containers are ready AND all conditions specified in the readiness gates have status equal to "
        "\"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"),
    "service.type": (
        "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are "
        "ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal "
        "IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that "
        "is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If "
        "clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of "
        "endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on "
        "every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on "
        "NodePort and creates an external load-balancer (if supported in the current cloud) which routes "
        "to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified "
        "externalName. Several other fields do not apply to ExternalName services. More info: "
        "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-t"
        "ypes"),
    "service.cluster-ip": (
        "clusterIP is the IP address of the service and is usually assigned randomly. If an address is "
        "specified manually, is in-range (as per system configuration), and is not in use, it will be "
        "allocated to the service; otherwise creation of the service will fail. This field may not be "
        "changed through updates unless the type field is also being changed to ExternalName (which "
        "requires this field to be blank) or the type field is being changed from ExternalName (in which "
        "case this field may optionally be specified, as describe above).  Valid values are \"None\", "
        "empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" "
        "(no virtual IP), which is useful when direct endpoint connections are preferred and proxying is "
        "not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is "
        "specified when creating a Service of type ExternalName, creation will fail. This field will be "
        "wiped when updating a Service to type ExternalName. More info: "
        "https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
    "service.external-ip": (
        "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for "
        "this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring "
        "that traffic arrives at a node with this IP.  A common example is external load-balancers that "
        "are not part of the Kubernetes system."),
    "service.port(s)": (
        "The list of ports that are exposed by this service. More info: "
        "https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
    "service.selector": (
        "Route service traffic to pods with label keys and values matching this selector. If empty or not "
        "present, the service is assumed to have an external process managing its endpoints, which "
        "Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored "
        "if type is ExternalName. More info: "
        "https://kubernetes.io/docs/concepts/services-networking/service/"),
    "endpoints.endpoints": (
        "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according "
        "to the IPs they share. A single address with multiple ports, some of which are ready and some of "
        "which are not (because they come from different containers) will result in the address being "
        "displayed in different subsets for the different ports. No address will appear in both Addresses "
        "and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."),
    "endpoint_slice.addresstype": (
        "addressType specifies the type of address carried by this EndpointSlice. All addresses in this "
        "slice must be the same type. This field is immutable after creation. The following address types "
        "are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. "
        "* FQDN: Represents a Fully Qualified Domain Name."),
    "endpoint_slice.ports": (
        "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must "
        "have a unique name. When ports is empty, it indicates that there are no defined ports. When a "
        "port is defined with a nil port value, it indicates \"all ports\". Each slice may include a "
        "maximum of 100 ports."),
    "endpoint_slice.endpoints": (
        "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 "
        "endpoints."),
    "config_map.data": (
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' "
        "or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in "
        "Data must not overlap with the keys in the BinaryData field, this is enforced during validation "
        "process."),
    "event.last-seen": "The time at which the most recent occurrence of this event was recorded.",
    "event.type": "Type of this event (Normal, Warning), new types could be added in the future",
    "event.reason": (
        "This should be a short, machine understandable string that gives the reason for the transition "
        "into the object's current status."),
    "event.object": "The object that this event is about.",
    "event.subobject": (
        "If referring to a piece of an object instead of an entire object, this string should contain a "
        "valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, "
        "if the object reference is to a container within a pod, this would take on a value like: "
        "\"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the "
        "event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in "
        "this pod). This syntax is chosen only to have some well-defined way of referencing a part of an "
        "object."),
    "event.source": "The component reporting this event. Should be a short machine understandable string.",
    "event.message": "A human-readable description of the status of this operation.",
    "event.first-seen": (
        "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
    "event.count": "The number of times this event has occurred.",
    "lease.holder": (
        "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader "
        "Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name "
        "field."),
    "replica_set.desired": (
        "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit "
        "zero and unspecified. Defaults to 1. More info: "
        "https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-rep"
        "licationcontroller"),
    "replica_set.current": (
        "Replicas is the most recently oberved number of replicas. More info: "
        "https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-rep"
        "licationcontroller"),
    "replica_set.ready": "The number of ready replicas for this replica set.",
    "replica_set.selector": (
        "Selector is a label query over pods that should match the replica count. If the selector is "
        "empty, it is defaulted to the labels present on the pod template. Label keys and values that must "
        "match in order to be controlled by this replica set. More info: "
        "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
    "deployment.ready": "Number of the pod with ready state",
    "deployment.up-to-date": (
        "Total number of non-terminated pods targeted by this deployment that have the desired template "
        "spec."),
    "deployment.available": (
        "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
    "deployment.selector": (
        "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones "
        "affected by this deployment."),
    "daemon_set.desired": (
        "The total number of nodes that should be running the daemon pod (including nodes correctly "
        "running the daemon pod). More info: "
        "https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
    "daemon_set.current": (
        "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon "
        "pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
    "daemon_set.ready": (
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod "
        "running and ready."),
    "daemon_set.up-to-date": "The total number of nodes that are running updated daemon pod",
    "daemon_set.available": (
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod "
        "running and available (ready for at least spec.minReadySeconds)"),
    "daemon_set.node-selector": (
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must "
        "match a node's labels for the pod to be scheduled on that node. More info: "
        "https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    "daemon_set.selector": (
        "A label query over pods that are managed by the daemon set. Must match in order to be controlled. "
        "If empty, defaulted to labels on Pod template. More info: "
        "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
    "fault.type": "What breaks: NodeDown, KubeletDown, NetworkPartition or ComponentDown.",
    "fault.target": "The node(s) or component@node the fault holds down.",
    "fault.phase": "Active while the fault holds; Failed when it could not be applied.",
    "traffic.service": "The Service the requests go to (namespace/name).",
    "traffic.from": "The node the client sends from (or enters at, for NodePort traffic).",
    "traffic.rate": "Requests per simulated second.",
    "traffic.sent": "Requests sent so far.",
    "traffic.ok": "Requests that reached a serving pod.",
    "traffic.failed": "Requests that failed (refused, timed out, no route).",
    "traffic.via": "ClusterIP (through the node's kube-proxy rules) or NodePort.",
    "traffic.last-endpoint": "The endpoint (pod ip:port) iptables picked for the latest request.",
    "traffic.last-error": "What the client saw when a request last failed.",
    "simulation.time": "Simulated time since the cluster started.",
    "simulation.speed": "Simulated seconds per wall-clock second.",
    "simulation.paused": "Whether the simulated clock is stopped.",
    "simulation.timing": "The timing profile: kubernetes (real defaults) or classroom (shortened).",
}


def col(name: str, type_: str, doc: str, *, fmt: str = "", priority: int = 0) -> Column:
    """One TableColumnDefinition; every field is present, as Go serialises it."""
    return {"name": name, "type": type_, "format": fmt, "description": DOCS[doc], "priority": priority}


NAMESPACE = [
    col("Name", "string", "name", fmt="name"),
    col("Status", "string", "namespace.status"),
    col("Age", "string", "age"),
]

NODE = [
    col("Name", "string", "name", fmt="name"),
    col("Status", "string", "node.status"),
    col("Roles", "string", "node.roles"),
    col("Age", "string", "age"),
    col("Version", "string", "node.version"),
    col("Internal-IP", "string", "node.addresses", priority=1),
    col("External-IP", "string", "node.addresses", priority=1),
    col("OS-Image", "string", "node.os-image", priority=1),
    col("Kernel-Version", "string", "node.kernel-version", priority=1),
    col("Container-Runtime", "string", "node.container-runtime", priority=1),
]

POD = [
    col("Name", "string", "name", fmt="name"),
    col("Ready", "string", "pod.ready"),
    col("Status", "string", "pod.status"),
    col("Restarts", "string", "pod.restarts"),
    col("Age", "string", "age"),
    col("IP", "string", "pod.ip", priority=1),
    col("Node", "string", "pod.node", priority=1),
    col("Nominated Node", "string", "pod.nominated-node", priority=1),
    col("Readiness Gates", "string", "pod.readiness-gates", priority=1),
]

SERVICE = [
    col("Name", "string", "name", fmt="name"),
    col("Type", "string", "service.type"),
    col("Cluster-IP", "string", "service.cluster-ip"),
    col("External-IP", "string", "service.external-ip"),
    col("Port(s)", "string", "service.port(s)"),
    col("Age", "string", "age"),
    col("Selector", "string", "service.selector", priority=1),
]

ENDPOINTS = [
    col("Name", "string", "name", fmt="name"),
    col("Endpoints", "string", "endpoints.endpoints"),
    col("Age", "string", "age"),
]

ENDPOINT_SLICE = [
    col("Name", "string", "name", fmt="name"),
    col("AddressType", "string", "endpoint_slice.addresstype"),
    col("Ports", "string", "endpoint_slice.ports"),
    col("Endpoints", "string", "endpoint_slice.endpoints"),
    col("Age", "string", "age"),
]

CONFIG_MAP = [
    col("Name", "string", "name", fmt="name"),
    col("Data", "string", "config_map.data"),
    col("Age", "string", "age"),
]

EVENT = [
    col("Last Seen", "string", "event.last-seen"),
    col("Type", "string", "event.type"),
    col("Reason", "string", "event.reason"),
    col("Object", "string", "event.object"),
    col("Subobject", "string", "event.subobject", priority=1),
    col("Source", "string", "event.source", priority=1),
    col("Message", "string", "event.message"),
    col("First Seen", "string", "event.first-seen", priority=1),
    col("Count", "string", "event.count", priority=1),
    col("Name", "string", "name", fmt="name", priority=1),
]

LEASE = [
    col("Name", "string", "name", fmt="name"),
    col("Holder", "string", "lease.holder"),
    col("Age", "string", "age"),
]

REPLICA_SET = [
    col("Name", "string", "name", fmt="name"),
    col("Desired", "integer", "replica_set.desired"),
    col("Current", "integer", "replica_set.current"),
    col("Ready", "integer", "replica_set.ready"),
    col("Age", "string", "age"),
    col("Containers", "string", "containers", priority=1),
    col("Images", "string", "images", priority=1),
    col("Selector", "string", "replica_set.selector", priority=1),
]

DEPLOYMENT = [
    col("Name", "string", "name", fmt="name"),
    col("Ready", "string", "deployment.ready"),
    col("Up-to-date", "string", "deployment.up-to-date"),
    col("Available", "string", "deployment.available"),
    col("Age", "string", "age"),
    col("Containers", "string", "containers", priority=1),
    col("Images", "string", "images", priority=1),
    col("Selector", "string", "deployment.selector", priority=1),
]


# sim.clusterviz.io/v1 kinds are served like custom resources: their Age is a "date" column, as a
# CustomResourceDefinition's additionalPrinterColumns declare it.

DAEMON_SET = [
    col("Name", "string", "name", fmt="name"),
    col("Desired", "integer", "daemon_set.desired"),
    col("Current", "integer", "daemon_set.current"),
    col("Ready", "integer", "daemon_set.ready"),
    col("Up-to-date", "integer", "daemon_set.up-to-date"),
    col("Available", "integer", "daemon_set.available"),
    col("Node Selector", "string", "daemon_set.node-selector"),
    col("Age", "string", "age"),
    col("Containers", "string", "containers", priority=1),
    col("Images", "string", "images", priority=1),
    col("Selector", "string", "daemon_set.selector", priority=1),
]

FAULT = [
    col("Name", "string", "name", fmt="name"),
    col("Type", "string", "fault.type"),
    col("Target", "string", "fault.target"),
    col("Phase", "string", "fault.phase"),
    col("Age", "date", "age"),
]

TRAFFIC_FLOW = [
    col("Name", "string", "name", fmt="name"),
    col("Service", "string", "traffic.service"),
    col("From", "string", "traffic.from"),
    col("Rate", "number", "traffic.rate"),
    col("Sent", "integer", "traffic.sent"),
    col("OK", "integer", "traffic.ok"),
    col("Failed", "integer", "traffic.failed"),
    col("Age", "date", "age"),
    col("Via", "string", "traffic.via", priority=1),
    col("Last-Endpoint", "string", "traffic.last-endpoint", priority=1),
    col("Last-Error", "string", "traffic.last-error", priority=1),
]

SIMULATION = [
    col("Name", "string", "name", fmt="name"),
    col("Time", "string", "simulation.time"),
    col("Speed", "number", "simulation.speed"),
    col("Paused", "boolean", "simulation.paused"),
    col("Timing", "string", "simulation.timing"),
]

GENERIC = [
    col("Name", "string", "name", fmt="name"),
    col("Age", "date", "age"),
]
