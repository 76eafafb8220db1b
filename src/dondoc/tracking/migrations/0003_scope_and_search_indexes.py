"""Indexes for a unit's scope and for text search.

* ``task_ids_by_lead`` and the (unit, task) indexes of the support and co-lead tables: the id
  subquery of a unit's scope (``access.task_ids_involving``) is read from indexes alone;
* on PostgreSQL, a trigram index (``pg_trgm``) on ``Task.search_key``, so that the diacritic-free
  ``LIKE '%…%'`` search reads the index instead of every task. ``pg_trgm`` is a trusted extension
  (the database owner may create it); when it cannot be created the search still works, unindexed,
  and the migration says so.
"""

from __future__ import annotations

import sys
from typing import Any

from django.db import migrations, models, transaction

THROUGH_INDEXES = (
    ("task_supports_by_unit", "tracking_task_supports"),
    ("task_co_leads_by_unit", "tracking_task_co_leads"),
)


def create_through_indexes(apps: Any, schema_editor: Any) -> None:
    q = schema_editor.quote_name
    for name, table in THROUGH_INDEXES:
        schema_editor.execute(f"CREATE INDEX {q(name)} ON {q(table)} ({q('unit_id')}, {q('task_id')})")


def drop_through_indexes(apps: Any, schema_editor: Any) -> None:
    for name, _table in THROUGH_INDEXES:
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX task_search_trgm ON tracking_task USING gin (search_key gin_trgm_ops)"
            )
    except Exception as exc:  # no right to create the extension: keep going, unindexed
        print(f"\n  pg_trgm unavailable ({exc}); text search stays unindexed.", file=sys.stderr)


def drop_trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS task_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0002_task_grid_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["lead", "id"], name="task_ids_by_lead"),
        ),
        migrations.RunPython(create_through_indexes, drop_through_indexes),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
