"""The ``dondoc`` command line: thin shells over the library's service functions.

Heavy modules are imported inside the commands, so that ``dondoc --help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

EXTRACT_EXAMPLE = """\
Ví dụ:
  dondoc extract thong-bao-71.docx
  dondoc extract van-ban/*.pdf --out ket-qua/
  dondoc extract cong-van.txt --format json
"""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dondoc",
        description="Đôn đốc: trích xuất nhiệm vụ từ văn bản chỉ đạo (Thông báo kết luận, công văn chỉ đạo).",
    )
    parser.add_argument(
        "--version", action="version", version=_version(), help="in phiên bản của chương trình rồi thoát"
    )
    parser.epilog = "Xem hướng dẫn của từng lệnh: dondoc LỆNH --help"
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    extract = sub.add_parser(
        "extract",
        help="trích xuất nhiệm vụ từ tệp văn bản (.docx, .doc, .rtf, .odt, .xlsx, .pdf, .txt, .md)",
        description="Trích xuất nhiệm vụ (đơn vị chủ trì, phối hợp, thời hạn) từ từng tệp văn bản chỉ đạo.",
        epilog=EXTRACT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="tệp văn bản cần trích xuất")
    extract.add_argument(
        "--out", type=Path, metavar="THƯ_MỤC", help="ghi THƯ_MỤC/<tên tệp>.json cho mỗi văn bản"
    )
    extract.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="cách in kết quả khi không có --out (mặc định: table)",
    )
    extract.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
    from dondoc.web.commands import add_web_commands

    add_web_commands(sub)
    return parser


def _version() -> str:
    from dondoc import __version__

    return f"dondoc {__version__}"


def main(argv: list[str] | None = None) -> int:
    from dondoc.cli_vi import vietnamese

    with vietnamese():  # argparse's own texts ("usage:", "options", its errors) in Vietnamese
        parser = _build_parser()
        args = parser.parse_args(argv)
    if args.command == "extract":
        return cmd_extract(args.files, out=args.out, fmt=args.format, progress=not args.no_progress)
    if getattr(args, "handler", None) is not None:
        code: int = args.handler(args)
        return code
    with vietnamese():
        parser.print_help()
    return 0


def cmd_extract(files: list[Path], *, out: Path | None, fmt: str, progress: bool) -> int:
    from rich.console import Console

    from dondoc.errors import DondocError, NeedsOcrError
    from dondoc.pipeline import extract_path

    console = Console(stderr=True)
    stdout = Console(soft_wrap=fmt == "json")
    failures: list[tuple[Path, DondocError]] = []
    results: list[dict[str, Any]] = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    show_bar = progress and len(files) > 1 and console.is_terminal

    deferred: list[Path] = []

    def defer(path: Path) -> None:
        deferred.append(path)
        note = "bản quét, nhận dạng chữ (OCR) sau khi đọc xong các tệp khác"
        console.print(f"[cyan]… {path.name}[/cyan]: {note}")

    def handle(path: Path, *, cheap: bool = False) -> None:
        try:
            with _ocr_off() if cheap else nullcontext():
                result = extract_path(path)
        except NeedsOcrError as exc:
            if cheap:
                defer(path)
                return
            failures.append((path, exc))
            console.print(f"[red]✗ {path.name}[/red]: {exc.message}")
            return
        except DondocError as exc:
            failures.append((path, exc))
            console.print(f"[red]✗ {path.name}[/red]: {exc.message}")
            return
        if cheap and any("cần OCR" in w for w in result.warnings):
            defer(path)  # a mixed PDF: read again with its scanned pages OCR'd
            return
        data = result.to_contract()
        for warning in result.warnings:
            console.print(f"[yellow]! {path.name}[/yellow]: {warning}")
        if out is not None:
            target = out / f"{path.stem}.json"
            tmp = target.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(target)
        else:
            results.append(data)

    # A batch reads every document that needs no OCR first, then OCRs the scans: a slow scan early in
    # the list never holds back the rest (results are written as each document is done).
    cheap = len(files) > 1
    if show_bar:
        from rich.progress import Progress

        with Progress(console=console, transient=True) as bar:
            job = bar.add_task("Đang trích xuất", total=len(files))
            for path in files:
                handle(path, cheap=cheap)
                bar.advance(job, 0 if path in deferred else 1)
            for path in list(deferred):
                handle(path)
                bar.advance(job)
    else:
        for path in files:
            handle(path, cheap=cheap)
        for path in list(deferred):
            handle(path)

    if out is None:
        if fmt == "json":
            payload: Any = results[0] if len(results) == 1 else results
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        else:
            for data in results:
                _print_table(stdout, data)
    done = len(files) - len(failures)
    console.print(f"Đã xử lý {done}/{len(files)} văn bản" + (f", {len(failures)} lỗi." if failures else "."))
    return 1 if failures else 0


@contextmanager
def _ocr_off() -> Iterator[None]:
    """Documents read inside this block skip OCR (``DONDOC_OCR=0``): a scan raises ``NeedsOcrError``."""
    before = os.environ.get("DONDOC_OCR")
    os.environ["DONDOC_OCR"] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["DONDOC_OCR"]
        else:
            os.environ["DONDOC_OCR"] = before


def _print_table(console: Any, data: dict[str, Any]) -> None:
    from rich.table import Table

    doc = data["document"]
    head = " · ".join(str(x) for x in (doc.get("doc_type"), doc.get("number"), doc.get("issuer")) if x)
    console.print(f"\n[bold]{data['source']}[/bold]  {head}")
    if doc.get("title"):
        console.print(f"[italic]{doc['title']}[/italic]")
    tasks = data.get("tasks")
    if tasks is None:
        console.print("(Văn bản loại báo cáo: không trích xuất nhiệm vụ.)")
        return
    table = Table(show_lines=True)
    table.add_column("Mục", no_wrap=True)
    table.add_column("Nhiệm vụ")
    table.add_column("Chủ trì")
    table.add_column("Phối hợp")
    table.add_column("Thời hạn", no_wrap=True)
    for task in tasks:
        content = task["content"]
        table.add_row(
            task.get("section") or "",
            content if len(content) <= 220 else content[:217] + "…",
            "\n".join(u["name"] for u in task["lead"]),
            "\n".join(u["name"] for u in task["support"]),
            "\n".join(_vi_date(d) for d in task["deadlines"]) or (task.get("deadline_text") or ""),
        )
    console.print(table)


def _vi_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


if __name__ == "__main__":
    raise SystemExit(main())
