"""At most one pending extension request per task (a partial unique index).

A register written before the constraint may hold several pending requests of one task (two
requests at the same moment): the first stays pending, the later ones are closed as rejected with a
note saying why, so that the index can be built."""

from typing import Any

from django.db import migrations, models

PENDING = "cho_quyet_dinh"
REJECTED = "khong_dong_y"
NOTE = "Tự động đóng khi nâng cấp: nhiệm vụ đã có một đề nghị gia hạn khác đang chờ quyết định."


def close_duplicates(apps: Any, schema_editor: Any) -> None:
    extension = apps.get_model("tracking", "Extension")
    seen: set[int] = set()
    for ext in extension.objects.filter(decision=PENDING).order_by("task_id", "created_at", "id"):
        if ext.task_id in seen:
            ext.decision = REJECTED
            ext.decision_note = NOTE
            ext.save(update_fields=["decision", "decision_note"])
        seen.add(ext.task_id)


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0004_document_search_key"),
    ]

    operations = [
        migrations.RunPython(close_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="extension",
            constraint=models.UniqueConstraint(
                condition=models.Q(("decision", "cho_quyet_dinh")),
                fields=("task",),
                name="one_pending_extension_per_task",
            ),
        ),
    ]
