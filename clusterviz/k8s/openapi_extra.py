"""Hand-written OpenAPI v3 schemas for what Kubernetes' own definitions do not cover:
the simulation kinds (``sim.clusterviz.io/v1`` Fault, Simulation, TrafficFlow) and ``metrics.k8s.io``,
so ``kubectl explain fault.spec`` works like it does for built-in kinds."""

from __future__ import annotations

from typing import Any

REF = "#/components/schemas/"
META = "io.k8s.apimachinery.pkg.apis.meta.v1."


def _object(
    description: str,
    properties: dict[str, Any],
    *,
    gvk: tuple[str, str, str] | None = None,
    required: list[str] | None = None,
) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": description, "type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if gvk:
        schema["x-kubernetes-group-version-kind"] = [{"group": gvk[0], "version": gvk[1], "kind": gvk[2]}]
    return schema


def _field(kind: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "description": description, **extra}


def _typemeta(kind: str) -> dict[str, Any]:
    return {
        "apiVersion": _field(
            "string", "APIVersion defines the versioned schema of this representation of an object."
        ),
        "kind": _field(
            "string",
            f"Kind is a string value representing the REST resource this object represents ({kind}).",
        ),
        "metadata": {
            "allOf": [{"$ref": REF + META + "ObjectMeta"}],
            "default": {},
            "description": "Standard object's metadata.",
        },
    }


SIM = "io.clusterviz.sim.v1."
METRICS = "io.k8s.metrics.pkg.apis.metrics.v1beta1."


def extra_schemas() -> dict[str, Any]:
    usage = {
        "type": "object",
        "additionalProperties": {"$ref": REF + "io.k8s.apimachinery.pkg.api.resource.Quantity"},
        "description": "The memory and cpu usage over the window.",
    }
    return {
        SIM + "Fault": _object(
            "Fault breaks one part of the simulated cluster while it exists; deleting it heals.",
            {
                **_typemeta("Fault"),
                "spec": {"allOf": [{"$ref": REF + SIM + "FaultSpec"}], "description": "What breaks."},
                "status": {
                    "allOf": [{"$ref": REF + SIM + "FaultStatus"}],
                    "description": "Whether it took effect.",
                },
            },
            gvk=("sim.clusterviz.io", "v1", "Fault"),
        ),
        SIM + "FaultSpec": _object(
            "FaultSpec says what breaks.",
            {
                "type": _field(
                    "string",
                    "NodeDown (the machine is off), KubeletDown (the kubelet stops), "
                    "NetworkPartition (nodes cut off from the control plane) or ComponentDown "
                    "(a control-plane component stops).",
                    enum=["NodeDown", "KubeletDown", "NetworkPartition", "ComponentDown"],
                ),
                "node": _field("string", "The node it happens to (NodeDown, KubeletDown, ComponentDown)."),
                "nodes": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "The nodes cut off from the control plane (NetworkPartition).",
                },
                "component": _field(
                    "string",
                    "kube-apiserver, etcd, kube-scheduler or kube-controller-manager (ComponentDown).",
                ),
            },
            required=["type"],
        ),
        SIM + "FaultStatus": _object(
            "FaultStatus says whether the fault is in effect.",
            {
                "phase": _field("string", "Active, or Failed (with the reason in message)."),
                "message": _field("string", "What the fault does, or why it failed."),
                "startedAt": _field("string", "When it took effect.", format="date-time"),
            },
        ),
        SIM + "Simulation": _object(
            "Simulation is the clock of the simulated cluster (one object, named cluster).",
            {
                **_typemeta("Simulation"),
                "spec": {
                    "allOf": [{"$ref": REF + SIM + "SimulationSpec"}],
                    "description": "The clock's settings.",
                },
                "status": {
                    "allOf": [{"$ref": REF + SIM + "SimulationStatus"}],
                    "description": "The clock now.",
                },
            },
            gvk=("sim.clusterviz.io", "v1", "Simulation"),
        ),
        SIM + "SimulationSpec": _object(
            "SimulationSpec sets the clock.",
            {
                "speed": _field("number", "Simulated seconds per wall-clock second (above 0, at most 1000)."),
                "paused": _field("boolean", "Whether simulated time stands still."),
                "timing": _field(
                    "string",
                    "kubernetes (Kubernetes' default delays) or classroom (shortened ones).",
                    enum=["kubernetes", "classroom"],
                ),
            },
        ),
        SIM + "SimulationStatus": _object(
            "SimulationStatus is the clock now.",
            {
                "time": _field("number", "Simulated seconds since the cluster started."),
                "timing": _field("string", "The timing profile in effect."),
                "speed": _field("number", "The speed in effect."),
                "paused": _field("boolean", "Whether simulated time stands still."),
            },
        ),
        SIM + "TrafficFlow": _object(
            "TrafficFlow sends simulated requests to a Service from one node while it exists.",
            {
                **_typemeta("TrafficFlow"),
                "spec": {
                    "allOf": [{"$ref": REF + SIM + "TrafficFlowSpec"}],
                    "description": "Where the requests go, from where, how fast.",
                },
                "status": {
                    "allOf": [{"$ref": REF + SIM + "TrafficFlowStatus"}],
                    "description": "What the requests met so far.",
                },
            },
            gvk=("sim.clusterviz.io", "v1", "TrafficFlow"),
        ),
        SIM + "TrafficFlowSpec": _object(
            "TrafficFlowSpec says where the requests go, from where and how fast.",
            {
                "service": _field("string", "The Service's name."),
                "namespace": _field("string", "The Service's namespace (default: default)."),
                "port": _field(
                    "integer", "The Service port to send to (default: its first port).", format="int32"
                ),
                "fromNode": _field(
                    "string",
                    "The node the client runs on: its kube-proxy rules route the requests.",
                ),
                "rate": _field(
                    "number", "Requests per simulated second, 0.1 to 100 (default: 1).", format="double"
                ),
                "nodePort": _field(
                    "boolean",
                    "Send to fromNode's InternalIP:nodePort, as a client outside the cluster would.",
                ),
            },
            required=["service", "fromNode"],
        ),
        SIM + "TrafficFlowStatus": _object(
            "TrafficFlowStatus counts the requests; written at most twice per simulated second.",
            {
                "phase": _field(
                    "string", "Running; Waiting while fromNode is powered off; Failed if it is gone."
                ),
                "message": _field("string", "Why it is Waiting or Failed."),
                "sent": _field("integer", "Requests sent.", format="int64"),
                "succeeded": _field("integer", "Requests that reached a serving pod.", format="int64"),
                "failed": _field("integer", "Requests that failed.", format="int64"),
                "lastError": _field("string", "What the client saw when a request last failed."),
                "lastEndpoint": _field("string", "The endpoint (ip:port) the latest request went to."),
                "byEndpoint": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "format": "int64"},
                    "description": "Requests per endpoint (ip:port) iptables picked.",
                },
                "startedAtSeconds": _field("number", "Simulated time the flow started."),
                "updatedAtSeconds": _field(
                    "number", "Simulated time of the last request these counts include."
                ),
            },
        ),
        METRICS + "NodeMetrics": _object(
            "NodeMetrics sets resource usage metrics of a node.",
            {
                **_typemeta("NodeMetrics"),
                "timestamp": _field("string", "The end of the measurement window.", format="date-time"),
                "window": _field("string", "The length of the measurement window."),
                "usage": usage,
            },
            gvk=("metrics.k8s.io", "v1beta1", "NodeMetrics"),
        ),
        METRICS + "PodMetrics": _object(
            "PodMetrics sets resource usage metrics of a pod.",
            {
                **_typemeta("PodMetrics"),
                "timestamp": _field("string", "The end of the measurement window.", format="date-time"),
                "window": _field("string", "The length of the measurement window."),
                "containers": {
                    "type": "array",
                    "description": "Metrics for all containers.",
                    "items": _object(
                        "ContainerMetrics sets resource usage metrics of a container.",
                        {"name": _field("string", "Container name."), "usage": usage},
                    ),
                },
            },
            gvk=("metrics.k8s.io", "v1beta1", "PodMetrics"),
        ),
    }
