"""The web application's CLI verbs: ``dondoc demo``, ``dondoc setup``, ``dondoc serve``,
``dondoc worker``, ``dondoc periodic``, ``dondoc import``, ``dondoc watch-inbox``, ``dondoc remind``,
``dondoc report``, ``dondoc backup``, ``dondoc restore`` and ``dondoc manage``. Django is imported
only when a verb runs."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

EXAMPLES = {
    "setup": (
        "Ví dụ:\n  dondoc setup --units danh-muc-don-vi.xlsx\n"
        "  DONDOC_ADMIN_PASSWORD=… dondoc setup --units don-vi.csv --admin quantri --email qt@ubnd.gov.vn\n"
        "Tệp danh mục đơn vị (.csv UTF-8 hoặc .xlsx), dòng đầu là tên cột:\n"
        "  Mã đơn vị, Tên đơn vị, Tên viết tắt, Đơn vị cấp trên, Loại\n"
        "  (Mã đơn vị và Tên đơn vị bắt buộc; Đơn vị cấp trên: mã hoặc tên; Loại: ví dụ «Sở, ban, ngành»)\n"
    ),
    "demo": ("Ví dụ:\n  dondoc demo\n  DATABASE_URL=postgres://dondoc:mk@localhost/dondoc dondoc demo\n"),
    "serve": "Ví dụ:\n  dondoc serve\n  dondoc serve --port 8080 --host 0.0.0.0 --workers 4\n",
    "worker": (
        "Ví dụ:\n  dondoc worker\n  dondoc worker --once\n"
        "  DONDOC_JOBS=celery DONDOC_REDIS_URL=redis://127.0.0.1:6379/0 dondoc worker --concurrency 2\n"
    ),
    "periodic": "Ví dụ:\n  dondoc periodic reminders\n  dondoc periodic --cron\n",
    "import": (
        "Ví dụ:\n  dondoc import thong-bao-45.docx\n  dondoc import van-ban/*.pdf --user vanphong\n"
        "  dondoc import van-ban/*.pdf --queue\n"
    ),
    "watch-inbox": ("Ví dụ:\n  dondoc watch-inbox\n  dondoc watch-inbox --dir /srv/dondoc/inbox --once\n"),
    "remind": (
        "Ví dụ:\n  dondoc remind\n  dondoc remind --date 07/12/2026 --dry-run\n"
        "  # hằng ngày lúc 7 giờ (crontab -e): 0 7 * * * cd /srv/dondoc && .venv/bin/dondoc remind\n"
    ),
    "report": (
        "Ví dụ:\n"
        "  dondoc report --period 2026-11 --format docx --out bao-cao-thang-11.docx\n"
        '  dondoc report --period 2026-Q4 --as-of 05/01/2027 --unit "Sở Tài chính" \\\n'
        "      --format xlsx --out q4.xlsx\n"
        '  dondoc report --period 01/11/2026-15/12/2026 --leader "Nguyễn Văn An" \\\n'
        "      --format pdf --out bc.pdf\n"
        "Kỳ: 2026-11 hoặc 11/2026 (tháng), 2026-Q4 (quý), 2026-H1/2026-H2 (6 tháng), 2026 (năm),\n"
        "01/11/2026-15/12/2026 (khoảng ngày).\n"
    ),
    "manage": "Ví dụ:\n  dondoc manage createsuperuser\n  dondoc manage migrate\n",
    "backup": (
        "Ví dụ:\n  dondoc backup /srv/sao-luu/dondoc-$(date +%F).tar.gz\n"
        "  DATABASE_URL=postgres://dondoc:mk@localhost/dondoc dondoc backup sao-luu.tar.gz\n"
    ),
    "restore": (
        "Ví dụ:\n  DONDOC_DATA_DIR=/srv/dondoc-moi dondoc restore /srv/sao-luu/dondoc-2026-12-07.tar.gz\n"
    ),
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")
    import django

    django.setup()
    from django.conf import settings

    from dondoc.web.datadir import describe

    print(describe(Path(settings.DATA_DIR), settings.DATABASES["default"]), file=sys.stderr, flush=True)


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

    setup = _parser(
        sub,
        "setup",
        "chuẩn bị hệ thống để vận hành thật (không có dữ liệu mẫu): cơ sở dữ liệu, vai trò, "
        "danh mục đơn vị của cơ quan, tài khoản quản trị đầu tiên",
    )
    setup.add_argument("--units", type=Path, metavar="TỆP", help="danh mục đơn vị (.csv hoặc .xlsx) cần nhập")
    setup.add_argument("--admin", metavar="TÊN", help="tên đăng nhập của quản trị viên đầu tiên")
    setup.add_argument("--email", metavar="THƯ", default="", help="thư điện tử của quản trị viên")
    setup.add_argument(
        "--no-input",
        action="store_true",
        help="không hỏi gì (mật khẩu lấy từ biến môi trường DONDOC_ADMIN_PASSWORD)",
    )
    setup.set_defaults(handler=cmd_setup)

    serve = _parser(sub, "serve", "chạy ứng dụng web (gunicorn) tại http://127.0.0.1:8000")
    serve.add_argument("--port", type=int, default=8000, metavar="CỔNG", help="cổng (mặc định 8000)")
    serve.add_argument(
        "--host", default="127.0.0.1", metavar="ĐỊA_CHỈ", help="địa chỉ lắng nghe (mặc định 127.0.0.1)"
    )
    serve.add_argument("--workers", type=int, default=3, metavar="SỐ", help="số tiến trình (mặc định 3)")
    serve.add_argument(
        "--no-worker", action="store_true", help="không chạy bộ xử lý văn bản kèm theo (đã chạy riêng)"
    )
    serve.set_defaults(handler=cmd_serve)

    worker = _parser(sub, "worker", "chạy bộ xử lý văn bản nền (trích xuất các tệp đã nhận)")
    worker.add_argument("--once", action="store_true", help="xử lý hết các tệp đang chờ rồi thoát")
    worker.add_argument(
        "--concurrency", type=int, default=1, metavar="SỐ", help="số tiến trình Celery (DONDOC_JOBS=celery)"
    )
    worker.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)
    worker.set_defaults(handler=cmd_worker)

    periodic = _parser(sub, "periodic", "chạy một việc định kỳ (nhắc việc …) hoặc in các dòng crontab")
    periodic.add_argument(
        "name", nargs="?", metavar="TÊN", help="tên việc (DONDOC_PERIODIC), ví dụ reminders"
    )
    periodic.add_argument("--cron", action="store_true", help="in các dòng crontab cho mọi việc định kỳ")
    periodic.set_defaults(handler=cmd_periodic)

    imp = _parser(sub, "import", "nhập văn bản vào hệ thống: trích xuất và tạo nhiệm vụ chờ duyệt")
    imp.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="TỆP",
        help="tệp văn bản (.docx, .doc, .rtf, .odt, .xlsx, .pdf, .txt, .md)",
    )
    imp.add_argument("--user", metavar="TÊN", help="tên đăng nhập ghi vào nhật ký là người nhập")
    imp.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
    imp.add_argument(
        "--queue", action="store_true", help="chỉ xếp hàng cho bộ xử lý nền (dondoc worker), không chờ"
    )
    imp.set_defaults(handler=cmd_import)

    watch = _parser(sub, "watch-inbox", "theo dõi thư mục nhận: nhập mọi tệp mới đặt vào")
    watch.add_argument(
        "--dir",
        type=Path,
        metavar="THƯ_MỤC",
        help="thư mục nhận (mặc định: DONDOC_INBOX_DIR hoặc <thư mục dữ liệu>/inbox)",
    )
    watch.add_argument(
        "--interval", type=float, default=5.0, metavar="GIÂY", help="số giây giữa hai lần quét"
    )
    watch.add_argument("--once", action="store_true", help="quét một lần rồi thoát")
    watch.set_defaults(handler=cmd_watch_inbox)

    bak = _parser(
        sub,
        "backup",
        "sao lưu toàn bộ dữ liệu (cơ sở dữ liệu và mọi tệp đã lưu) vào một tệp, kể cả khi ứng dụng đang chạy",
    )
    bak.add_argument("file", type=Path, metavar="TỆP", help="tệp sao lưu sẽ ghi (.tar.gz)")
    bak.set_defaults(handler=cmd_backup)

    res = _parser(
        sub, "restore", "khôi phục một tệp sao lưu vào hệ thống trống (thư mục dữ liệu và cơ sở dữ liệu mới)"
    )
    res.add_argument("file", type=Path, metavar="TỆP", help="tệp sao lưu do «dondoc backup» ghi")
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
    manage.add_argument(
        "args", nargs=argparse.REMAINDER, metavar="LỆNH_DJANGO", help="lệnh quản trị Django và tham số của nó"
    )
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


def cmd_setup(args: argparse.Namespace) -> int:
    setup_django()
    migrate()  # the role groups come with the schema (migration 0007_role_groups)
    from dondoc.web.setup_cli import run_setup

    return run_setup(args)


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    migrate()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.conf import settings

    if settings.DONDOC_JOBS == "db" and not args.no_worker:
        # Beside gunicorn, which replaces this process (same pid): the worker ends when it does.
        subprocess.Popen([sys.executable, "-m", "dondoc", "worker", "--parent-pid", str(os.getpid())])
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


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    if settings.DONDOC_JOBS == "celery":
        argv = [sys.executable, "-m", "celery", "-A", "dondoc.web.celery_app", "worker"]
        argv += ["--loglevel", "INFO", "--concurrency", str(max(1, args.concurrency))]
        if args.once:
            print("--once chỉ dùng với bộ xử lý nhúng (DONDOC_JOBS=db).", file=sys.stderr)
            return 2
        os.execv(sys.executable, argv)
    if not args.parent_pid:  # started by `dondoc serve`, which has migrated
        migrate()
    from dondoc.tracking.services.worker import lower_priority, run_worker

    lower_priority()
    if not args.parent_pid:
        print("Bộ xử lý văn bản nền đang chạy (Ctrl+C để dừng)", flush=True)
    count = run_worker(once=args.once, parent_pid=args.parent_pid)
    if args.once:
        print(f"Đã xử lý {count} tệp.")
    return 0


def cmd_periodic(args: argparse.Namespace) -> int:
    setup_django()
    if args.name and not args.cron:
        migrate()
    from dondoc.tracking.services import periodic
    from dondoc.tracking.services.errors import ServiceError

    try:
        if args.cron or not args.name:
            for line in periodic.cron_lines():
                print(line)
            return 0
        result = periodic.run(args.name)
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if result is not None:
        print(result)
    return 0


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

    from dondoc.tracking.services.ingestion import NO_TASKS_NOTE, import_one_path

    console = Console(stderr=True)
    actor = _actor(args.user)
    if args.user and actor is None:
        console.print(f"[red]Không có người dùng «{args.user}».[/red]")
        return 2
    if args.queue:
        return _queue_files(console, args.files, actor)
    failures = 0
    show_bar = not args.no_progress and len(args.files) > 1 and console.is_terminal
    with Progress(console=console, transient=True, disable=not show_bar) as bar:
        job = bar.add_task("Đang nhập văn bản", total=len(args.files))
        for path in args.files:
            outcome = import_one_path(path, actor, source="cli")
            if outcome.ok:
                assert outcome.document is not None
                n = outcome.document.tasks.count()
                pk = outcome.document.pk
                if n:
                    console.print(f"[green]✓ {path.name}[/green]: {n} nhiệm vụ chờ duyệt (văn bản #{pk})")
                else:
                    console.print(
                        f"[yellow]! {path.name}[/yellow]: đã nhập (văn bản #{pk}) nhưng "
                        f"{NO_TASKS_NOTE.lower()}."
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


def _queue_files(console: Any, files: list[Path], actor: Any) -> int:
    """``dondoc import --queue``: each file becomes a job for the background workers."""
    from dondoc.errors import DondocError
    from dondoc.tracking.services.jobs import submit

    failures = 0
    for path in files:
        try:
            job = submit(path.read_bytes(), path.name, actor, source="cli")
        except OSError as exc:
            failures += 1
            console.print(f"[red]✗ {path.name}[/red]: Không đọc được tệp: {exc.strerror or exc}")
        except DondocError as exc:
            failures += 1
            console.print(f"[red]✗ {path.name}[/red]: {exc.message}")
        else:
            console.print(f"[green]✓ {path.name}[/green]: đã xếp hàng chờ xử lý (lượt #{job.pk})")
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
            scan = scan_inbox(inbox)
            for line in scan.lines:
                print(line, flush=True)
            if args.once:
                print(
                    f"Đã nhập {scan.imported} tệp, {scan.failed} tệp lỗi, bỏ qua {scan.skipped}.",
                    flush=True,
                )
                return 1 if scan.failed else 0
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
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dondoc manage", *args.args])
    return 0
