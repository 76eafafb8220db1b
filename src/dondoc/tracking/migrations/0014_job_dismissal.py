"""A failed ingestion job the office will not retry is dismissed: it leaves the pending list, its
history stays (issue 14)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("tracking", "0013_report_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="ingestjob",
            name="dismissed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bỏ qua lúc"),
        ),
        migrations.AddField(
            model_name="ingestjob",
            name="dismissed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người bỏ qua",
            ),
        ),
    ]
