# ruff: noqa: RUF012
# mypy: ignore-errors


import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("spiegel_web", "0008_account_declared_public"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidenceannotation",
            name="review_note",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="evidenceannotation",
            name="review_status",
            field=models.CharField(blank=True, db_index=True, max_length=10),
        ),
        migrations.AddField(
            model_name="evidenceannotation",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="evidenceannotation",
            name="reviewed_by",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="organisation",
            name="auto_release_days",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="organisation",
            name="judge_first",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="organisation",
            name="window_days",
            field=models.PositiveIntegerField(default=365),
        ),
        migrations.AddField(
            model_name="organisation",
            name="work_posts_only",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="profilesnapshot",
            name="classifier_version",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="source",
            name="dropped",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="source",
            name="file_removed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="ThirdPartyObjection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("handle", models.CharField(max_length=200)),
                ("note", models.TextField(blank=True)),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("recorded_by", models.CharField(blank=True, max_length=200)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="objections",
                        to="spiegel_web.organisation",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "handle"), name="spiegel_objection_org_handle"
                    )
                ],
            },
        ),
    ]
