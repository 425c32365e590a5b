"""ClusterIP and NodePort allocation, as the apiserver's service REST storage does."""
from __future__ import annotations

import ipaddress
from typing import Any

from ..objects import Obj


class Allocator:
    def __init__(self, cidr: str, node_ports: tuple[int, int]) -> None:
        self.network = ipaddress.ip_network(cidr)
        self._next_ip = 1
        self._ips: set[str] = set()
        self._ports_range = node_ports
        self._next_port = node_ports[0]
        self._ports: set[int] = set()

    def reserve_ip(self, ip: str) -> None:
        self._ips.add(ip)

    def allocate_service(self, svc: Obj) -> list[Any]:
        """Fill spec.clusterIP(s) and nodePorts; returns what was taken, to undo on failure."""
        spec = svc.setdefault("spec", {})
        taken: list[Any] = []
        if spec.get("clusterIP") != "None" and spec.get("type", "ClusterIP") != "ExternalName":
            ip = spec.get("clusterIP") or self._free_ip()
            if ip in self._ips and spec.get("clusterIP"):
                raise ValueError(f"spec.clusterIP: Invalid value: \"{ip}\": provided IP is already allocated")
            if ipaddress.ip_address(ip) not in self.network:
                raise ValueError(f"spec.clusterIP: Invalid value: \"{ip}\": "
                                 "provided IP is not in the valid range")
            self._ips.add(ip)
            taken.append(ip)
            spec["clusterIP"] = ip
            spec["clusterIPs"] = [ip]
        if spec.get("type") in ("NodePort", "LoadBalancer"):
            for port in spec.get("ports") or []:
                if isinstance(port, dict):
                    node_port = port.get("nodePort") or self._free_port()
                    if node_port in self._ports and port.get("nodePort"):
                        raise ValueError(f"spec.ports.nodePort: Invalid value: {node_port}: "
                                         "provided port is already allocated")
                    self._ports.add(node_port)
                    taken.append(node_port)
                    port["nodePort"] = node_port
        return taken

    def release(self, taken: list[Any]) -> None:
        for item in taken:
            (self._ports if isinstance(item, int) else self._ips).discard(item)

    def release_object(self, plural: str, obj: Obj) -> None:
        if plural != "services":
            return
        spec = obj.get("spec") or {}
        self._ips.discard(spec.get("clusterIP", ""))
        for port in spec.get("ports") or []:
            if isinstance(port, dict):
                self._ports.discard(port.get("nodePort", 0))

    def _free_ip(self) -> str:
        size = self.network.num_addresses
        for _ in range(size):
            candidate = str(self.network.network_address + self._next_ip)
            self._next_ip = self._next_ip % (size - 2) + 1
            if candidate not in self._ips:
                return candidate
        raise ValueError("range is full")

    def _free_port(self) -> int:
        low, high = self._ports_range
        for _ in range(high - low + 1):
            port = self._next_port
            self._next_port = low if port >= high else port + 1
            if port not in self._ports:
                return port
        raise ValueError("range is full")
