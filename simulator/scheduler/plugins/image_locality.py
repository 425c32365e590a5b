"""ImageLocality: prefer nodes that already hold the pod's images, scaled by their spread."""
from __future__ import annotations

from typing import Any

from ..node_info import NodeInfo
from ..pod_info import PodInfo

NAME = "ImageLocality"
WEIGHT = 1
_MB = 1024 * 1024
MIN_THRESHOLD = 23 * _MB
MAX_CONTAINER_THRESHOLD = 1000 * _MB


def calculate_priority(sum_scores: int, num_containers: int) -> int:
    if num_containers <= 0:
        return 0
    max_threshold = MAX_CONTAINER_THRESHOLD * num_containers
    clamped = min(max(sum_scores, MIN_THRESHOLD), max_threshold)
    return 100 * (clamped - MIN_THRESHOLD) // (max_threshold - MIN_THRESHOLD)


def score(pi: PodInfo, nodes: list[NodeInfo], cache: Any, window: Any) -> list[int] | int:
    images = pi.images()
    total_nodes = len(cache.node_list())
    spread = {img: cache.image_nodes[img] / total_nodes for img in images if img in cache.image_nodes}
    if not spread:
        return 0        # no node holds any of the images: every node scores the minimum
    # Mirrors sumImageScores: each container counts, so an image used twice counts twice.
    wanted = [(img, spread[img]) for img in images if img in spread]
    out = []
    for ni in nodes:
        held = ni.images
        total = sum(int(held[img] * s) for img, s in wanted if img in held)
        out.append(calculate_priority(total, len(images)))
    return out
