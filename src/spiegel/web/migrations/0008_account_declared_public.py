# ruff: noqa: RUF012
# mypy: ignore-errors
# Written for issue #13 (Facebook, Instagram, Threads: visibility confirmed per account)

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("spiegel_web", "0007_job_lease"),
    ]

    operations = [
        migrations.AddField(
            model_name="connectedaccount",
            name="declared_public_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="source",
            name="notices",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="connectedaccount",
            name="platform",
            field=models.CharField(
                choices=[
                    ("mastodon", "Mastodon"),
                    ("bluesky", "Bluesky"),
                    ("x", "X / Twitter"),
                    ("linkedin", "LinkedIn"),
                    ("facebook", "Facebook"),
                    ("instagram", "Instagram"),
                    ("threads", "Threads"),
                ],
                max_length=20,
            ),
        ),
    ]
