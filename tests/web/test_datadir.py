"""The data directory: one documented default, independent of the current directory, printed by
every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dondoc.web.datadir import data_dir


def test_default_is_the_xdg_data_dir(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert data_dir({"HOME": str(home)}) == Path.home() / ".local" / "share" / "dondoc"
    assert data_dir({"XDG_DATA_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "dondoc"
    assert data_dir({"XDG_DATA_HOME": "relative/dir"}) == Path.home() / ".local" / "share" / "dondoc"
    assert data_dir({"DONDOC_DATA_DIR": str(tmp_path / "d"), "XDG_DATA_HOME": "/x"}) == tmp_path / "d"


def test_commands_print_where_the_data_lives_not_in_the_current_dir(tmp_path: Path) -> None:
    home, cwd = tmp_path / "home", tmp_path / "work"
    cwd.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DONDOC_DATA_DIR", "XDG_DATA_HOME")
    }
    env["HOME"] = str(home)
    src = str(Path(__file__).resolve().parents[2] / "src")  # the other directory must not hide the code
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    out = subprocess.run(
        [sys.executable, "-m", "dondoc", "manage", "migrate", "-v", "0"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    expected = home / ".local" / "share" / "dondoc"
    first = out.stderr.splitlines()[0]
    assert first.startswith(f"Thư mục dữ liệu: {expected} ") and "SQLite" in first
    assert (expected / "dondoc.sqlite3").is_file()
    assert not (cwd / "var").exists() and list(cwd.iterdir()) == []
