"""The web application's CLI verbs: ``dondoc demo``, ``dondoc serve``, ``dondoc import``,
``dondoc watch-inbox``, ``dondoc backup``, ``dondoc restore``, ``dondoc report`` and ``dondoc manage``.
Django is imported only when a verb runs."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

EXAMPLES = {
    "demo": (
        "Ví dụ / example:\n  dondoc demo\n  DATABASE_URL=postgres://dondoc:mk@localhost/dondoc dondoc demo\n"
    ),
    "serve": "Ví dụ / example:\n  dondoc serve\n  dondoc serve --port 8080 --host 0.0.0.0 --workers 4\n",
    "import": (
        "Ví dụ / example:\n  dondoc import thong-bao-45.docx\n  dondoc import van-ban/*.pdf --user vanphong\n"
    ),
    "watch-inbox": (
        "Ví dụ / example:\n  dondoc watch-inbox\n  dondoc watch-inbox --dir /srv/dondoc/inbox --once\n"
    ),
    "report": (
        "Ví dụ / examples:\n"
        "  dondoc report --period 2026-11 --format docx --out bao-cao-thang-11.docx\n"
        '  dondoc report --period 2026-Q4 --as-of 05/01/2027 --unit "Sở Tài chính" \\\n'
        "      --format xlsx --out q4.xlsx\n"
        '  dondoc report --period 01/11/2026-15/12/2026 --leader "Nguyễn Văn An" \\\n'
        "      --format pdf --out bc.pdf\n"
        "Kỳ: 2026-11 hoặc 11/2026 (tháng), 2026-Q4 (quý), 2026-H1/2026-H2 (6 tháng), 2026 (năm),\n"
        "01/11/2026-15/12/2026 (khoảng ngày).\n"
    ),
    "manage": "Ví dụ / example:\n  dondoc manage createsuperuser\n  dondoc manage migrate\n",
    "backup": (
        "Ví dụ / example:\n  dondoc backup /srv/sao-luu/dondoc-$(date +%F).tar.gz\n"
        "  DATABASE_URL=postgres://dondoc:mk@localhost/dondoc dondoc backup sao-luu.tar.gz\n"
    ),
    "restore": (
        "Ví dụ / example:\n"
        "  DONDOC_DATA_DIR=/srv/dondoc-moi dondoc restore /srv/sao-luu/dondoc-2026-12-07.tar.gz\n"
    ),
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=verbosity, interactive=False)


def _parser(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=EXAMPLES[name],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return p


def add_web_commands(sub: Any) -> None:
    demo = _parser(sub, "demo", "tạo cơ sở dữ liệu và nạp dữ liệu mẫu (đơn vị, người dùng, văn bản mẫu)")
    demo.set_defaults(handler=cmd_demo)

    serve = _parser(sub, "serve", "chạy ứng dụng web (gunicorn) tại http://127.0.0.1:8000")
    serve.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    serve.add_argument("--workers", type=int, default=3, help="số tiến trình (mặc định 3)")
    serve.set_defaults(handler=cmd_serve)

    imp = _parser(sub, "import", "nhập văn bản vào hệ thống: trích xuất và tạo nhiệm vụ chờ duyệt")
    imp.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="tệp văn bản (.docx, .pdf, .txt, .md)"
    )
    imp.add_argument("--user", help="tên đăng nhập ghi vào nhật ký là người nhập")
    imp.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
    imp.set_defaults(handler=cmd_import)

    watch = _parser(sub, "watch-inbox", "theo dõi thư mục nhận: nhập mọi tệp mới đặt vào")
    watch.add_argument("--dir", type=Path, help="thư mục nhận (mặc định: DONDOC_INBOX_DIR hoặc var/inbox)")
    watch.add_argument("--interval", type=float, default=5.0, help="số giây giữa hai lần quét")
    watch.add_argument("--once", action="store_true", help="quét một lần rồi thoát")
    watch.set_defaults(handler=cmd_watch_inbox)

    bak = _parser(
        sub,
        "backup",
        "sao lưu toàn bộ dữ liệu (cơ sở dữ liệu và mọi tệp đã lưu) vào một tệp, kể cả khi ứng dụng đang chạy",
    )
    bak.add_argument("file", type=Path, metavar="FILE", help="tệp sao lưu sẽ ghi (.tar.gz)")
    bak.set_defaults(handler=cmd_backup)

    res = _parser(
        sub, "restore", "khôi phục một tệp sao lưu vào hệ thống trống (thư mục dữ liệu và cơ sở dữ liệu mới)"
    )
    res.add_argument("file", type=Path, metavar="FILE", help="tệp sao lưu do «dondoc backup» ghi")
    res.set_defaults(handler=cmd_restore)

    rep = _parser(
        sub,
        "report",
        "lập báo cáo tình hình thực hiện văn bản chỉ đạo của một kỳ (tổng hợp theo đơn vị, biểu chi tiết)",
    )
    rep.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo (xem ví dụ bên dưới)")
    rep.add_argument("--as-of", metavar="NGÀY", help="ngày tính số liệu, dd/mm/yyyy (mặc định: cuối kỳ)")
    rep.add_argument("--unit", metavar="ĐƠN_VỊ", help="chỉ một đơn vị (tên hoặc mã số trong danh mục)")
    rep.add_argument("--leader", metavar="TÊN", help="chỉ các văn bản do lãnh đạo này ký")
    rep.add_argument("--doc-type", metavar="LOẠI", help="chỉ một loại văn bản (ví dụ «Thông báo kết luận»)")
    rep.add_argument("--format", required=True, choices=("docx", "xlsx", "pdf"), help="định dạng tệp")
    rep.add_argument("--out", required=True, type=Path, metavar="TỆP", help="tệp sẽ ghi")
    rep.set_defaults(handler=cmd_report)

    manage = _parser(sub, "manage", "chạy lệnh quản trị Django (migrate, createsuperuser, …)")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    migrate()
    from dondoc.tracking.demo import DEMO_PASSWORD, load_demo

    logins = load_demo()
    print("Đã nạp dữ liệu mẫu: UBND tỉnh Hòa Lâm (giả định).")
    print(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
    for username, role, unit in logins:
        print(f"  {username:<12} {role:<10} {unit}")
    print("Chạy «dondoc serve» rồi mở http://127.0.0.1:8000")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    migrate()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Đôn đốc đang chạy tại http://{args.host}:{args.port}  (Ctrl+C để dừng)", flush=True)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "dondoc.web.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--timeout",
        "120",
    ]
    os.execv(sys.executable, argv)
    return 0  # pragma: no cover


def _actor(username: str | None) -> Any:
    if not username:
        return None
    from django.contrib.auth.models import User

    return User.objects.filter(username=username).first()


def cmd_import(args: argparse.Namespace) -> int:
    setup_django()
    migrate()
    from rich.console import Console
    from rich.progress import Progress

    from dondoc.tracking.services.ingestion import import_one_path

    console = Console(stderr=True)
    actor = _actor(args.user)
    if args.user and actor is None:
        console.print(f"[red]Không có người dùng «{args.user}».[/red]")
        return 2
    failures = 0
    show_bar = not args.no_progress and len(args.files) > 1 and console.is_terminal
    with Progress(console=console, transient=True, disable=not show_bar) as bar:
        job = bar.add_task("Đang nhập văn bản", total=len(args.files))
        for path in args.files:
            outcome = import_one_path(path, actor, source="cli")
            if outcome.ok:
                assert outcome.document is not None
                n = outcome.document.tasks.count()
                console.print(
                    f"[green]✓ {path.name}[/green]: {n} nhiệm vụ chờ duyệt (văn bản #{outcome.document.pk})"
                )
            else:
                failures += 1
                console.print(f"[red]✗ {path.name}[/red]: {outcome.error}")
            bar.advance(job)
    console.print(
        f"Đã nhập {len(args.files) - failures}/{len(args.files)} tệp"
        + (f", {failures} lỗi." if failures else ".")
    )
    return 1 if failures else 0


def cmd_watch_inbox(args: argparse.Namespace) -> int:
    setup_django()
    migrate()
    from django.conf import settings

    from dondoc.tracking.services.inbox import scan_inbox

    inbox = Path(args.dir or settings.INBOX_DIR)
    inbox.mkdir(parents=True, exist_ok=True)
    print(f"Đang theo dõi thư mục {inbox} (Ctrl+C để dừng)", flush=True)
    try:
        while True:
            for line in scan_inbox(inbox):
                print(line, flush=True)
            if args.once:
                return 0
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def cmd_backup(args: argparse.Namespace) -> int:
    setup_django()
    from dondoc.tracking.services.backup import BackupError, backup

    try:
        report = backup(args.file)
    except BackupError as exc:
        print(f"Không sao lưu được: {exc.message}", file=sys.stderr)
        return 1
    print(
        f"Đã sao lưu vào {report.path}: cơ sở dữ liệu {report.vendor} ({report.total_rows} dòng), "
        f"{report.files} tệp ({report.file_bytes / 1048576:.1f} MB)."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    setup_django()
    from dondoc.tracking.services.backup import BackupError, restore

    try:
        report = restore(args.file)
    except BackupError as exc:
        print(f"Không khôi phục được: {exc.message}", file=sys.stderr)
        return 1
    migrate()  # a backup of an older version: bring its schema up to date
    print(
        f"Đã khôi phục {report.path}: cơ sở dữ liệu {report.vendor} ({report.total_rows} dòng), "
        f"{report.files} tệp ({report.file_bytes / 1048576:.1f} MB). Chạy «dondoc serve» để mở lại hệ thống."
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import timezone

    from dondoc.tracking.services.errors import ServiceError
    from dondoc.tracking.services.report.build import build_report
    from dondoc.tracking.services.report.files import write_report
    from dondoc.tracking.services.report.request import parse_request

    params = {
        "ky": args.period,
        "ngay": args.as_of or "",
        "don_vi": args.unit or "",
        "lanh_dao": args.leader or "",
        "loai": args.doc_type or "",
    }
    try:
        req = parse_request(params, timezone.localdate())
        report = build_report(None, req.period, req.as_of, req.scope)
        write_report(None, report, args.format, args.out)
    except ServiceError as exc:
        print(f"Không lập được báo cáo: {exc.message}", file=sys.stderr)
        return 2
    total = report.combined.total
    print(
        f"Đã ghi {args.out}: báo cáo {report.period.label}, số liệu đến {report.as_of:%d/%m/%Y}, "
        f"{total.total} nhiệm vụ ({total.done} đã hoàn thành, {total.open} chưa hoàn thành)."
    )
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dondoc manage", *args.args])
    return 0
