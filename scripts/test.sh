#!/usr/bin/env bash
# Run the whole test suite: installs the Python dependencies into .venv, lints, type-checks, tests.
# System packages (LibreOffice, fonts) are installed by .ci/run; tests that need them skip without them.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
.venv/bin/ruff check src tests scripts
.venv/bin/mypy
.venv/bin/python -m pytest -q -n 2
