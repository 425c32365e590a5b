"""Per-cluster Kubernetes API credentials: presenter (read-write) and viewer (read-only)."""

from django.db import migrations, models

import clusterviz.models


def fill_credentials(apps, schema_editor):
    ClusterDefinition = apps.get_model("clusterviz", "ClusterDefinition")
    for definition in ClusterDefinition.objects.all():
        definition.presenter_credential = clusterviz.models.new_credential()
        definition.viewer_credential = clusterviz.models.new_credential()
        definition.save(update_fields=["presenter_credential", "viewer_credential"])


class Migration(migrations.Migration):

    dependencies = [
        ("clusterviz", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="clusterdefinition",
            name="presenter_credential",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="clusterdefinition",
            name="viewer_credential",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(fill_credentials, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="clusterdefinition",
            name="presenter_credential",
            field=models.CharField(default=clusterviz.models.new_credential, max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="clusterdefinition",
            name="viewer_credential",
            field=models.CharField(default=clusterviz.models.new_credential, max_length=64, unique=True),
        ),
    ]
