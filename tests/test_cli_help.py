"""``dondoc --help`` and every subcommand's help are in Vietnamese, argparse's own texts included."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest

from dondoc.cli import _build_parser, main
from dondoc.cli_vi import vietnamese

# argparse's own English texts, and English words that used to show (metavars, headers).
ENGLISH = re.compile(
    r"usage:|positional arguments|optional arguments|\boptions:|show this help|version number|"
    r"\berror:|\brequired\b|\bCOMMAND\b|\bFILE\b|\bDIR\b|\bexamples?\b|\bPORT\b|\bUSER\b|\bHOST\b"
)


def subcommands() -> list[str]:
    with vietnamese():
        parser = _build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


@pytest.mark.parametrize("command", ["", *subcommands()])
def test_help_is_vietnamese(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*([command] if command else []), "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: dondoc")
    assert "in hướng dẫn này rồi thoát" in out and "tùy chọn:" in out
    assert not ENGLISH.search(out), ENGLISH.findall(out)


def test_usage_errors_are_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, expected in (
        (["import"], "dondoc import: lỗi: thiếu tham số bắt buộc: TỆP"),
        (["serve", "--port", "x"], "tham số --port: giá trị 'x' không hợp lệ"),
        (["khong-co"], "giá trị 'khong-co' không hợp lệ (chọn một trong:"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert expected in err and not ENGLISH.search(err), err


def test_argparse_is_english_again_outside_dondoc() -> None:
    """The translation is scoped to dondoc's command line: other argparse users are untouched."""
    main_help = argparse.ArgumentParser(prog="x").format_help()
    assert "usage: x" in main_help and "show this help message and exit" in main_help


def test_help_of_the_installed_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dondoc", "--help"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert out.startswith("cách dùng: dondoc") and "các lệnh:" in out and not ENGLISH.search(out)
