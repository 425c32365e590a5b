"""``python manage.py createcluster NAME``: a cluster the running server serves.

``--runtime`` picks every node's container runtime (containerd, cri-o, or docker: Docker
Engine through cri-dockerd); ``--runtimes cri-o,docker`` overrides it per worker, in order
(worker-1 gets the first; workers past the list, and the control plane, keep ``--runtime``).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterviz.models import ClusterDefinition, Runtime, Timing

# A DNS label, as it appears in the URL /k8s/<name>/... and in kubeconfig names.
NAME = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
MAX_WORKERS = 1000
MAX_CONTROL_PLANES = 7


class Command(BaseCommand):
    help = "Create a simulated cluster definition; the server starts it on first use."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--timing", choices=[t.value for t in Timing], default=Timing.KUBERNETES.value)
        parser.add_argument(
            "--control-planes",
            type=int,
            default=1,
            help="control-plane nodes (3 or 5 for high availability: stacked etcd, a load balancer, "
            "leader election)",
        )
        parser.add_argument("--speed", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--runtime",
            choices=[r.value for r in Runtime],
            default=Runtime.CONTAINERD.value,
            help="every node's container runtime (docker is Docker Engine via cri-dockerd)",
        )
        parser.add_argument(
            "--runtimes",
            default="",
            metavar="LIST",
            help="per-worker runtimes in worker order, comma-separated (e.g. containerd,cri-o,docker); "
            "the other nodes run --runtime",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"]
        if not NAME.match(name):
            raise CommandError(
                f'invalid cluster name "{name}": use lowercase letters, digits and "-" '
                "(at most 63, starting and ending with a letter or digit)"
            )
        if not 0 <= options["workers"] <= MAX_WORKERS:
            raise CommandError(f"--workers must be between 0 and {MAX_WORKERS}")
        if not 1 <= options["control_planes"] <= MAX_CONTROL_PLANES:
            raise CommandError(f"--control-planes must be between 1 and {MAX_CONTROL_PLANES} (3 or 5 for HA)")
        if not 0 < options["speed"] <= 1000:
            raise CommandError("--speed must be above 0 and at most 1000")
        runtimes = [r.strip() for r in options["runtimes"].split(",") if r.strip()]
        supported = [r.value for r in Runtime]
        unknown = [r for r in runtimes if r not in supported]
        if unknown:
            choices = ", ".join(supported)
            raise CommandError(
                f'--runtimes: unknown container runtime "{unknown[0]}": supported values: {choices}'
            )
        if len(runtimes) > options["workers"]:
            raise CommandError(f"--runtimes lists {len(runtimes)} runtimes for {options['workers']} workers")
        if ClusterDefinition.objects.filter(name=name).exists():
            raise CommandError(f'cluster "{name}" already exists')
        ClusterDefinition.objects.create(
            name=name,
            workers=options["workers"],
            control_planes=options["control_planes"],
            timing=options["timing"],
            speed=options["speed"],
            seed=options["seed"],
            runtime=options["runtime"],
            worker_runtimes=",".join(runtimes),
        )
        mix = options["runtime"]
        if runtimes:
            mix = ", ".join(f"worker-{i} {r}" for i, r in enumerate(runtimes, start=1))
            mix += f", the other nodes {options['runtime']}"
        self.stdout.write(
            f'cluster "{name}" created ({options["control_planes"]} control plane'
            f'{"s" if options["control_planes"] > 1 else ""}, {options["workers"]} workers, '
            f'{options["timing"]} timing, '
            f"speed {options['speed']:g}, seed {options['seed']})\n"
            f"container runtime: {mix}\n"
            f"kubeconfig: python manage.py kubeconfig {name} > {name}.kubeconfig"
        )
