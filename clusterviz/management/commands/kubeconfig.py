"""``python manage.py kubeconfig NAME``: print a kubeconfig for a cluster's role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterviz.k8s.kubeconfig import DEFAULT_SERVER, ROLES, kubeconfig_yaml
from clusterviz.models import ClusterDefinition


class Command(BaseCommand):
    help = "Print a kubeconfig that kubectl uses as it is (presenter: read-write, viewer: read-only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--role", choices=ROLES, default="presenter")
        parser.add_argument(
            "--server",
            default=DEFAULT_SERVER,
            help=f"the server's base URL as kubectl reaches it (default {DEFAULT_SERVER})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definition = ClusterDefinition.objects.get(name=options["name"])
        except ClusterDefinition.DoesNotExist:
            raise CommandError(f'cluster "{options["name"]}" does not exist') from None
        server = options["server"]
        if not server.startswith(("http://", "https://")):
            raise CommandError("--server must be an http:// or https:// URL")
        credential = (
            definition.presenter_credential
            if options["role"] == "presenter"
            else definition.viewer_credential
        )
        self.stdout.write(
            kubeconfig_yaml(
                cluster=definition.name, credential=credential, role=options["role"], base=server
            ),
            ending="",
        )
