"""Suite-wide fixtures.

On SQLite the test database is a file, as in production (WAL, busy timeout, IMMEDIATE transactions from
the settings), never Django's default shared-cache in-memory database: there a reader meets a table
lock held by another connection (the live server's request against the embedded worker's write) and
fails at once with "database table is locked" instead of waiting.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,  # PostgreSQL: test_dondoc_gw0, _gw1 per worker
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if str(db["ENGINE"]).endswith("sqlite3"):
        # tmp_path_factory is per xdist worker, so each worker has its own file.
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
