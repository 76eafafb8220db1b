"""Documents are found without diacritics: a folded search key of number, trích yếu, issuer and file name."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

from dondoc.textutil import fold_words

FIELDS = ("number", "title", "issuer", "original_name")


def fill(apps: Any, schema_editor: Any) -> None:
    Document = apps.get_model("tracking", "Document")
    for doc in Document.objects.only("id", *FIELDS).iterator():
        key = fold_words(" ".join(str(getattr(doc, f) or "") for f in FIELDS))
        Document.objects.filter(pk=doc.pk).update(search_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0003_scope_and_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_key",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
