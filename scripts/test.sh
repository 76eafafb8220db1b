#!/usr/bin/env bash
# Run the whole test suite: installs the Python dependencies into .venv, lints, type-checks, and runs
# pytest on SQLite, then again on PostgreSQL when DONDOC_TEST_DATABASE_URL is set
# (e.g. postgres://dondoc:secret@127.0.0.1:5432/dondoc; the role needs CREATEDB).
# System packages (LibreOffice, fonts, PostgreSQL, chromium) are installed by .ci/run; tests that need
# them skip without them.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
.venv/bin/ruff check src tests scripts
.venv/bin/mypy

# Both databases run even when the first fails, so that one CI run reports everything; the exit code
# is non-zero when either failed.
status=0
echo "== pytest on SQLite"
env -u DATABASE_URL .venv/bin/python -m pytest -q -n 2 || status=1

if [ -n "${DONDOC_TEST_DATABASE_URL:-}" ]; then
  echo "== pytest on PostgreSQL (DONDOC_TEST_DATABASE_URL)"
  DATABASE_URL="$DONDOC_TEST_DATABASE_URL" .venv/bin/python -m pytest -q -n 2 || status=1
else
  echo "== PostgreSQL run skipped: DONDOC_TEST_DATABASE_URL is not set (SQLite only)."
  echo "   .ci/run installs and starts PostgreSQL and sets it."
fi
echo "== fuzz: 20,000 mutated documents through the extraction pipeline (scripts/fuzz_extract.py)"
.venv/bin/python scripts/fuzz_extract.py -n "${DONDOC_FUZZ_INPUTS:-20000}" || status=1
exit $status
