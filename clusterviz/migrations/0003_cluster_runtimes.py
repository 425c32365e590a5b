"""Container runtimes per cluster (and per worker)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("clusterviz", "0002_cluster_credentials"),
    ]

    operations = [
        migrations.AddField(
            model_name="clusterdefinition",
            name="runtime",
            field=models.CharField(
                choices=[("containerd", "containerd"), ("cri-o", "CRI-O"), ("docker", "Docker Engine (cri-dockerd)")],
                default="containerd",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="clusterdefinition",
            name="worker_runtimes",
            field=models.TextField(blank=True, default=""),
        ),
    ]
