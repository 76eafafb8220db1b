"""A covering index for the per-unit report (issue 13): tasks by document with the grid columns."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tracking", "0012_vietnamese_field_names")]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["document", "lead", "state", "deadline", "completed_on"], name="task_report_cover"
            ),
        ),
    ]
