"""kube-scheduler: the scheduling framework, its default plugins, queue and component."""
from __future__ import annotations

from .framework import DEFAULT, Profile, schedule_one
from .node_info import Cache, NodeInfo
from .result import ScheduleResult

__all__ = ["DEFAULT", "Cache", "NodeInfo", "Profile", "ScheduleResult", "schedule_one"]
