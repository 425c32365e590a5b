"""What kubeadm puts into a fresh cluster: static control-plane pods, kube-proxy, CoreDNS."""
from __future__ import annotations

from .objects import Obj

K8S_VERSION = "v1.32.4"
CONTROL_PLANE_COMPONENTS = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")
_IMAGES = {
    "etcd": "registry.k8s.io/etcd:3.5.16-0",
    "kube-apiserver": f"registry.k8s.io/kube-apiserver:{K8S_VERSION}",
    "kube-controller-manager": f"registry.k8s.io/kube-controller-manager:{K8S_VERSION}",
    "kube-scheduler": f"registry.k8s.io/kube-scheduler:{K8S_VERSION}",
}
_REQUESTS = {"etcd": "100m", "kube-apiserver": "250m", "kube-controller-manager": "200m",
             "kube-scheduler": "100m"}
_COMMANDS = {
    "etcd": ["etcd", "--data-dir=/var/lib/etcd",
             "--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379"],
    "kube-apiserver": ["kube-apiserver", "--advertise-address={ip}", "--etcd-servers=https://127.0.0.1:2379",
                       "--service-cluster-ip-range=10.96.0.0/12", "--secure-port=6443"],
    "kube-controller-manager": ["kube-controller-manager", "--leader-elect=true",
                                "--node-monitor-grace-period=50s", "--cluster-cidr=10.244.0.0/16"],
    "kube-scheduler": ["kube-scheduler", "--leader-elect=true"],
}


def static_pods(node_ip: str) -> list[Obj]:
    """The manifests kubeadm writes to /etc/kubernetes/manifests on a control-plane node."""
    pods = []
    for component in CONTROL_PLANE_COMPONENTS:
        pods.append({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": component, "namespace": "kube-system",
                         "labels": {"component": component, "tier": "control-plane"}},
            "spec": {
                "hostNetwork": True,
                "priorityClassName": "system-node-critical",
                "containers": [{
                    "name": component, "image": _IMAGES[component], "imagePullPolicy": "IfNotPresent",
                    "command": [part.replace("{ip}", node_ip) for part in _COMMANDS[component]],
                    "resources": {"requests": {"cpu": _REQUESTS[component]}},
                }],
                "tolerations": [{"operator": "Exists", "effect": "NoExecute"}],
            },
        })
    return pods


def kube_proxy() -> list[Obj]:
    return [
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"app": "kube-proxy"}},
         "data": {"config.conf": "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
                                 "kind: KubeProxyConfiguration\n"
                                 "mode: iptables\nclusterCIDR: 10.244.0.0/16\n"}},
        {"apiVersion": "apps/v1", "kind": "DaemonSet",
         "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"k8s-app": "kube-proxy"}},
         "spec": {
             "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
             "template": {
                 "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                 "spec": {
                     "hostNetwork": True,
                     "priorityClassName": "system-node-critical",
                     "serviceAccountName": "kube-proxy",
                     "nodeSelector": {"kubernetes.io/os": "linux"},
                     "tolerations": [{"operator": "Exists"}],
                     "containers": [{
                         "name": "kube-proxy", "image": f"registry.k8s.io/kube-proxy:{K8S_VERSION}",
                         "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                     "--hostname-override=$(NODE_NAME)"],
                         "securityContext": {"privileged": True},
                     }],
                 },
             },
         }},
    ]


def coredns() -> list[Obj]:
    labels = {"k8s-app": "kube-dns"}
    return [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "coredns", "namespace": "kube-system"},
         "data": {"Corefile": ".:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n"
                              "    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n"
                              "       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n"
                              "    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n"
                              "    reload\n    loadbalance\n}\n"}},
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "coredns", "namespace": "kube-system", "labels": labels},
         "spec": {
             "replicas": 2,
             "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
             "selector": {"matchLabels": labels},
             "template": {
                 "metadata": {"labels": labels},
                 "spec": {
                     "priorityClassName": "system-cluster-critical",
                     "serviceAccountName": "coredns",
                     "nodeSelector": {"kubernetes.io/os": "linux"},
                     "tolerations": [
                         {"key": "CriticalAddonsOnly", "operator": "Exists"},
                         {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
                     "affinity": {"podAntiAffinity": {
                         "preferredDuringSchedulingIgnoredDuringExecution": [{
                             "weight": 100, "podAffinityTerm": {
                                 "labelSelector": {"matchExpressions": [
                                     {"key": "k8s-app", "operator": "In", "values": ["kube-dns"]}]},
                                 "topologyKey": "kubernetes.io/hostname"}}]}},
                     "containers": [{
                         "name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.11.3",
                         "args": ["-conf", "/etc/coredns/Corefile"],
                         "resources": {"limits": {"memory": "170Mi"},
                                       "requests": {"cpu": "100m", "memory": "70Mi"}},
                         "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                   {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                                   {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                         "readinessProbe": {"httpGet": {"path": "/ready", "port": 8181, "scheme": "HTTP"},
                                            "periodSeconds": 10},
                     }],
                 },
             },
         }},
        {"apiVersion": "v1", "kind": "Service",
         "metadata": {"name": "kube-dns", "namespace": "kube-system",
                      "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                 "kubernetes.io/name": "CoreDNS"},
                      "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}},
         "spec": {"clusterIP": "10.96.0.10", "selector": labels,
                  "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                            {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                            {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]}},
    ]


def kubernetes_service(apiserver_ips: list[str]) -> list[Obj]:
    """The ``kubernetes`` Service and its endpoints, kept by the apiserver's endpoint reconciler."""
    labels = {"component": "apiserver", "provider": "kubernetes"}
    return [
        {"apiVersion": "v1", "kind": "Service",
         "metadata": {"name": "kubernetes", "namespace": "default", "labels": labels},
         "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP",
                                                        "targetPort": 6443}]}},
        {"apiVersion": "v1", "kind": "Endpoints",
         "metadata": {"name": "kubernetes", "namespace": "default", "labels": {
             "endpointslice.kubernetes.io/skip-mirror": "true"}},
         "subsets": [{"addresses": [{"ip": ip} for ip in apiserver_ips],
                      "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]},
        {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
         "metadata": {"name": "kubernetes", "namespace": "default",
                      "labels": {"kubernetes.io/service-name": "kubernetes"}},
         "addressType": "IPv4",
         "endpoints": [{"addresses": [ip], "conditions": {"ready": True}} for ip in apiserver_ips],
         "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]},
    ]


def cluster_info(server: str) -> list[Obj]:
    return [
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "cluster-info", "namespace": "kube-public"},
         "data": {"kubeconfig": f"apiVersion: v1\nclusters:\n- cluster:\n    server: {server}\n"
                                "  name: \"\"\n"
                                "contexts: null\ncurrent-context: \"\"\nkind: Config\n"
                                "preferences: {}\nusers: null\n"}},
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "kubeadm-config", "namespace": "kube-system"},
         "data": {"ClusterConfiguration": "apiVersion: kubeadm.k8s.io/v1beta4\n"
                                          "kind: ClusterConfiguration\n"
                                          f"kubernetesVersion: {K8S_VERSION}\n"
                                          "networking:\n  podSubnet: 10.244.0.0/16\n"
                                          "  serviceSubnet: 10.96.0.0/12\n  dnsDomain: cluster.local\n"}},
    ]
