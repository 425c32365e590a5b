"""``python manage.py createcluster NAME``: a cluster the running server serves."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterviz.models import ClusterDefinition, Timing

# A DNS label, as it appears in the URL /k8s/<name>/... and in kubeconfig names.
NAME = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
MAX_WORKERS = 1000


class Command(BaseCommand):
    help = "Create a simulated cluster definition; the server starts it on first use."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--timing", choices=[t.value for t in Timing], default=Timing.KUBERNETES.value)
        parser.add_argument("--speed", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"]
        if not NAME.match(name):
            raise CommandError(
                f'invalid cluster name "{name}": use lowercase letters, digits and "-" '
                "(at most 63, starting and ending with a letter or digit)"
            )
        if not 0 <= options["workers"] <= MAX_WORKERS:
            raise CommandError(f"--workers must be between 0 and {MAX_WORKERS}")
        if not 0 < options["speed"] <= 1000:
            raise CommandError("--speed must be above 0 and at most 1000")
        if ClusterDefinition.objects.filter(name=name).exists():
            raise CommandError(f'cluster "{name}" already exists')
        ClusterDefinition.objects.create(
            name=name,
            workers=options["workers"],
            timing=options["timing"],
            speed=options["speed"],
            seed=options["seed"],
        )
        self.stdout.write(
            f'cluster "{name}" created ({options["workers"]} workers, {options["timing"]} timing, '
            f"speed {options['speed']:g}, seed {options['seed']})\n"
            f"kubeconfig: python manage.py kubeconfig {name} > {name}.kubeconfig"
        )
