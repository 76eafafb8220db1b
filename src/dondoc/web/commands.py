"""The web application's CLI verbs: ``dondoc demo``, ``dondoc serve``, ``dondoc import``,
``dondoc watch-inbox``, ``dondoc remind``,
``dondoc backup``, ``dondoc restore`` and ``dondoc manage``. Django is imported
only when a verb runs."""

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
    "remind": (
        "Ví dụ / example:\n  dondoc remind\n  dondoc remind --date 07/12/2026 --dry-run\n"
        "  # hằng ngày lúc 7 giờ (crontab -e): 0 7 * * * cd /srv/dondoc && .venv/bin/dondoc remind\n"
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

    remind = _parser(
        sub,
        "remind",
        "gửi nhắc việc (đôn đốc) của một ngày: mỗi đơn vị một thư tổng hợp, Lãnh đạo tổng hợp hằng tuần",
    )
    remind.add_argument("--date", metavar="NGÀY", help="ngày nhắc, dd/mm/yyyy (mặc định: hôm nay)")
    remind.add_argument(
        "--dry-run", action="store_true", help="chỉ in những gì sẽ gửi, không gửi và không ghi gì"
    )
    remind.set_defaults(handler=cmd_remind)

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


def cmd_remind(args: argparse.Namespace) -> int:
    setup_django()
    migrate()
    from dondoc.tracking.services.errors import ServiceError
    from dondoc.tracking.services.reminders import run_reminders
    from dondoc.tracking.services.review import parse_date

    try:
        day = parse_date(args.date or "")
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    report = run_reminders(day, dry_run=args.dry_run)
    when = report.day.strftime("%d/%m/%Y")
    if report.dry_run:
        print(f"Chạy thử ngày {when}: sẽ gửi {len(report.messages)} lượt ({report.digests} đơn vị, "
              f"{report.tasks_reminded} nhiệm vụ); {report.already_sent} lượt đã gửi trước đó.")
        for m in report.messages:
            to = ", ".join(m.addresses) if m.addresses else f"{len(m.users)} người dùng"
            print(f"  [{m.channel.label}] {m.subject} → {to}")
        return 0
    print(f"Nhắc việc ngày {when}: {report.digests} đơn vị, {report.tasks_reminded} nhiệm vụ; "
          f"{report.notifications} thông báo, {report.emails_sent} thư đã gửi, {report.retried} thư gửi lại; "
          f"{report.already_sent} lượt đã gửi trước đó (bỏ qua).")
    for subject, error in report.failures:
        print(f"Gửi lỗi (sẽ gửi lại ở lần chạy sau): {subject}: {error}", file=sys.stderr)
    return 1 if report.failures else 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dondoc manage", *args.args])
    return 0
