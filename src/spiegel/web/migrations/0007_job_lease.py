# ruff: noqa: RUF012
# mypy: ignore-errors

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("spiegel_web", "0006_deployer_setup"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="lease_until",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
    ]
