"""Web benchmark: dashboard and task list latency with 100k tasks and 50 concurrent users.

For each database (SQLite always; PostgreSQL when ``--database-url`` is given or
``DONDOC_TEST_DATABASE_URL`` is set) the script

1. seeds a fresh database: ~60 units, ~2k documents, 100k tasks spread over states and deadlines,
   support units, one audit event per task, and the benchmark users (bulk inserts);
2. starts the real server (``dondoc serve``: gunicorn, several workers) on its own data dir;
3. logs in 50 users (a mix of office, leader and unit users) through the login form, with real
   session cookies, one thread each;
4. has every user request each page several times (closed loop; a think time between requests,
   then a second phase without think time for throughput) and prints p50/p95/max and requests/s per
   page next to the target (p95 < 200 ms). A missed target never fails the script;
5. profiles the SQL of any page above target (query count, total time, slowest queries).

    .venv/bin/python scripts/bench_web.py
    .venv/bin/python scripts/bench_web.py --database-url postgres://dondoc:pw@127.0.0.1/dondoc
    .venv/bin/python scripts/bench_web.py --tasks 20000 --users 20 --sqlite-only

The PostgreSQL role must be allowed to create databases: the script uses its own database
``<name>_bench`` on that server and drops it at the end (``--keep`` keeps data dirs and databases).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 200.0
PASSWORD = "bench-dondoc-2026"

# ---------------------------------------------------------------------------------------------------
# Seeding (runs in a child process with the database's environment)

EXTRA_UNITS = [
    ("Sở Công Thương", "SCT", "so"),
    ("Sở Khoa học và Công nghệ", "SKHCN", "so"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "so"),
    ("Sở Tư pháp", "STP", "so"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", "so"),
    ("Ban Quản lý các khu công nghiệp tỉnh", "BQLKCN", "khac"),
    ("Đài Phát thanh và Truyền hình tỉnh", "PTTH", "khac"),
    ("Bảo hiểm xã hội tỉnh", "BHXH", "khac"),
    ("Thuế tỉnh Hòa Lâm", "Thuế", "khac"),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS", "khac"),
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh", "BQLDA", "trung_tam"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC", "trung_tam"),
    ("Trung tâm Kiểm soát bệnh tật tỉnh", "CDC", "trung_tam"),
    ("Liên minh Hợp tác xã tỉnh", "LMHTX", "doan_the"),
]
COMMUNES = [
    "Bình Minh",
    "Cẩm Khê",
    "Đông Hưng",
    "Gia Phú",
    "Hà Thanh",
    "Hưng Lộc",
    "Kim Sơn",
    "Lạc Thủy",
    "Long Hải",
    "Mỹ Đức",
    "Nam Sách",
    "Ngọc Lặc",
    "Phú Xuyên",
    "Quảng Điền",
    "Sơn Dương",
    "Tam Đảo",
    "Thạch Thất",
    "Thanh Ba",
    "Tiên Lữ",
    "Trà Lĩnh",
    "Vân Hồ",
    "Vĩnh Tường",
    "Xuân Trường",
    "Yên Lạc",
    "An Lão",
    "Bảo Yên",
    "Cao Phong",
    "Đầm Hà",
    "Hải Hậu",
    "Kỳ Sơn",
]
VERBS = [
    "Chủ trì, phối hợp với các đơn vị liên quan rà soát, hoàn thiện",
    "Khẩn trương tham mưu UBND tỉnh ban hành",
    "Tổ chức kiểm tra, đánh giá tình hình thực hiện",
    "Đẩy nhanh tiến độ giải ngân vốn đầu tư công đối với",
    "Xây dựng kế hoạch triển khai",
    "Báo cáo UBND tỉnh kết quả thực hiện",
    "Tăng cường công tác quản lý nhà nước về",
    "Hướng dẫn các địa phương thực hiện",
]
OBJECTS = [
    "dự án đường giao thông liên xã Tân An - Đồng Mơ",
    "phương án bồi thường, hỗ trợ, tái định cư khu công nghiệp phía Bắc",
    "kế hoạch phòng, chống dịch bệnh trên gia súc, gia cầm",
    "hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới nâng cao",
    "công tác cải cách thủ tục hành chính và chuyển đổi số",
    "quy hoạch sử dụng đất giai đoạn 2026 - 2030",
    "chương trình mục tiêu quốc gia giảm nghèo bền vững",
    "việc sắp xếp, xử lý nhà, đất thuộc sở hữu nhà nước",
    "công tác bảo đảm trật tự an toàn giao thông dịp cuối năm",
    "dự toán ngân sách nhà nước năm 2027",
    "tình hình khai thác khoáng sản trái phép trên địa bàn",
    "kiên cố hóa trường lớp học và nhà công vụ cho giáo viên",
]
SEARCHES = ["giai ngan von", "nong thon moi", "chuyen doi so", "tai dinh cu", "khoang san", "ngan sach"]
TAILS = ["", " trên địa bàn tỉnh", ", bảo đảm đúng quy định", ", báo cáo kết quả về UBND tỉnh", " năm 2026"]
DEADLINE_TEXTS = ["trước ngày {d}", "hoàn thành trước {d}", "báo cáo trước ngày {d}", "trong tháng {m}"]


def seed(n_tasks: int, n_documents: int, n_users: int, seed_value: int) -> dict[str, Any]:
    """Create the benchmark data in the (empty, migrated) database; returns users and filter values."""
    from django.apps import apps
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from dondoc.textutil import fold_words
    from dondoc.tracking.demo import load_registry, load_users
    from dondoc.tracking.models import (
        AuditEvent,
        Document,
        DocumentState,
        Profile,
        Role,
        Task,
        TaskState,
        Unit,
        UnitKind,
    )
    from dondoc.tracking.services.setup import ensure_roles

    rng = random.Random(seed_value)
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        registry = load_registry()
        load_users(registry)
        units = list(registry.values())
        for name, short, kind in EXTRA_UNITS:
            units.append(Unit.objects.create(name=name, short_name=short, kind=UnitKind(kind)))
        for commune in COMMUNES:
            units.append(Unit.objects.create(name=f"UBND xã {commune}", kind=UnitKind.UBND))
        # Lead units follow a long tail: a few units lead many tasks, most lead a few hundred.
        weights = [1.0 / (1 + i) ** 0.8 for i in range(len(units))]
        rng.shuffle(weights)

        groups = ensure_roles()
        hashed = make_password(PASSWORD)
        n_office = max(1, n_users // 5)
        n_leader = max(1, n_users // 10)
        n_unit = max(1, n_users - n_office - n_leader)
        unit_users = rng.sample(units, min(n_unit, len(units)))
        specs: list[tuple[str, str, Unit | None]] = []
        specs += [
            (f"bench_vp{i:02d}", Role.OFFICE.value, registry["Văn phòng UBND tỉnh"]) for i in range(n_office)
        ]
        specs += [(f"bench_ld{i:02d}", Role.LEADER.value, None) for i in range(n_leader)]
        specs += [
            (f"bench_dv{i:02d}", Role.UNIT.value, unit_users[i % len(unit_users)]) for i in range(n_unit)
        ]
        User.objects.bulk_create([User(username=u, password=hashed) for u, _, _ in specs])
        by_name = {u.username: u for u in User.objects.filter(username__startswith="bench_")}
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=by_name[u].pk, group_id=groups[role].pk) for u, role, _ in specs]
        )
        Profile.objects.bulk_create([Profile(user=by_name[u], unit=unit) for u, _, unit in specs])

        office = by_name[specs[0][0]]
        docs = []
        confirmed_at = timezone.now() - dt.timedelta(days=400)
        for i in range(n_documents):
            issued = today - dt.timedelta(days=rng.randint(0, 540))
            confirmed = rng.random() > 0.03
            body = "\n".join(
                f"{j}. {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}." for j in range(1, 40)
            )
            docs.append(
                Document(
                    file=f"documents/bench/{i}.txt",
                    original_name=f"thong-bao-{i + 1}.txt",
                    sha256=hashlib.sha256(f"bench-{seed_value}-{i}".encode()).hexdigest(),
                    size=len(body.encode()),
                    media_type="text/plain",
                    source="api",
                    number=f"{i + 1}/TB-UBND",
                    doc_type="Thông báo",
                    title=f"Kết luận của Chủ tịch UBND tỉnh tại cuộc họp số {i + 1}",
                    issuer="UBND tỉnh Hòa Lâm",
                    place="Hòa Lâm",
                    issued_date=issued,
                    normalized_text=body,
                    state=DocumentState.CONFIRMED if confirmed else DocumentState.REVIEW,
                    uploaded_by=office,
                    confirmed_by=office if confirmed else None,
                    confirmed_at=confirmed_at if confirmed else None,
                )
            )
        Document.objects.bulk_create(docs, batch_size=500)
        docs = list(Document.objects.only("id", "state", "issued_date").order_by("id"))

        states = [
            (TaskState.IN_PROGRESS, 45),
            (TaskState.AWAITING, 8),
            (TaskState.DONE, 40),
            (TaskState.REDO, 3),
            (TaskState.REFUSED, 1),
            (TaskState.POSTPONED, 3),
        ]
        state_values = [s for s, _ in states]
        state_weights = [w for _, w in states]
        batch: list[Task] = []
        supports: list[tuple[int, list[int]]] = []  # (index in batch, unit ids)
        through_s = Task.supports.through
        n_created = 0

        def flush() -> None:
            nonlocal n_created
            created = Task.objects.bulk_create(batch, batch_size=2000)
            rows = [through_s(task_id=created[i].pk, unit_id=uid) for i, uids in supports for uid in uids]
            through_s.objects.bulk_create(rows, batch_size=5000)
            AuditEvent.objects.bulk_create(
                [
                    AuditEvent(
                        actor=office,
                        action="task.confirmed",
                        message="Duyệt nhiệm vụ: chính thức theo dõi.",
                        task=t,
                        document_id=t.document_id,
                    )
                    for t in created
                    if t.state != TaskState.DRAFT
                ],
                batch_size=2000,
            )
            n_created += len(created)
            batch.clear()
            supports.clear()

        per_doc = max(1, n_tasks // max(1, len(docs)))
        for i in range(n_tasks):
            doc = docs[min(i // per_doc, len(docs) - 1)]
            issued = doc.issued_date or today
            recurring = rng.random() < 0.05
            deadline = (
                None if recurring or rng.random() < 0.12 else issued + dt.timedelta(days=rng.randint(7, 240))
            )
            if doc.state == DocumentState.REVIEW:
                state = TaskState.DRAFT
            else:
                state = rng.choices(state_values, state_weights)[0]
            completed_on = None
            if state == TaskState.DONE:
                base = deadline or issued + dt.timedelta(days=60)
                completed_on = min(today, base + dt.timedelta(days=rng.randint(-30, 20)))
            lead = rng.choices(units, weights)[0]
            content = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}."
            text = ""
            if recurring:
                text = "thường xuyên"
            elif deadline is not None:
                text = rng.choice(DEADLINE_TEXTS).format(d=f"{deadline:%d/%m/%Y}", m=f"{deadline:%m/%Y}")
            batch.append(
                Task(
                    document_id=doc.pk,
                    order=i % per_doc + 1,
                    section=str(rng.randint(1, 5)),
                    content=content,
                    search_key=fold_words(content),
                    lead=lead,
                    lead_mention=lead.name,
                    deadline=deadline,
                    deadline_text=text,
                    recurring=recurring,
                    evidence={"task": {"rule": "bench", "start": 0, "end": 10, "text": content[:40]}},
                    state=state,
                    completed_on=completed_on,
                    result="Đã hoàn thành theo yêu cầu."
                    if state in (TaskState.DONE, TaskState.AWAITING)
                    else "",
                )
            )
            n_support = rng.choices([0, 1, 2, 3], [45, 30, 15, 10])[0]
            if n_support:
                supports.append(
                    (len(batch) - 1, list({u.pk for u in rng.sample(units, n_support) if u.pk != lead.pk}))
                )
            if len(batch) >= 5000:
                flush()
        if batch:
            flush()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk insert: statistics, and the visibility map that lets
            # index-only scans skip the table.
            tables = [m._meta.db_table for m in apps.get_app_config("tracking").get_models()]
            tables += [Task.supports.through._meta.db_table, Task.co_leads.through._meta.db_table]
            cur.execute("VACUUM (ANALYZE) " + ", ".join(connection.ops.quote_name(t) for t in tables))
        else:
            cur.execute("ANALYZE")
    filter_unit = max(units, key=lambda u: weights[units.index(u)])
    return {
        "users": [(u, role) for u, role, _ in specs],
        "filter_unit": filter_unit.pk,
        "tasks": n_created,
        "documents": len(docs),
        "units": len(units),
        "seconds": round(time.perf_counter() - started, 1),
    }


# ---------------------------------------------------------------------------------------------------
# Profiling (child process): the SQL behind each slow page, for one office user and one unit user


def profile(pages: list[tuple[str, str]], usernames: list[str]) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for username in usernames:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, path in pages:
            client.get(path)  # warm up
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(path)
                total_ms = (time.perf_counter() - t0) * 1000
            queries = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
            sql_ms = sum(t for t, _ in queries)
            print(
                f"  {name} as {username}: HTTP {response.status_code}, {total_ms:.0f} ms in all, "
                f"{len(queries)} queries, {sql_ms:.0f} ms in SQL"
            )
            for t, sql in sorted(queries, reverse=True)[:4]:
                sql = re.sub(r"\s+", " ", sql)
                print(f"    {t:7.1f} ms  {sql[:300]}{'…' if len(sql) > 300 else ''}")


# ---------------------------------------------------------------------------------------------------
# Load generation (main process, no Django)


@dataclass
class Session:
    username: str
    role: str
    opener: urllib.request.OpenerDirector


@dataclass
class Samples:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0


def login(base: str, username: str, role: str) -> Session:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/dang-nhap/", timeout=60) as r:
        html = r.read().decode()
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if m is None:
        raise RuntimeError("login page has no CSRF token")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": m.group(1), "username": username, "password": PASSWORD, "next": "/"}
    ).encode()
    req = urllib.request.Request(f"{base}/dang-nhap/", data=data, headers={"Referer": f"{base}/dang-nhap/"})
    # The redirect after a successful login is not followed: logins are not what is measured.
    no_redirect = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    try:
        with no_redirect.open(req, timeout=120) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status != 302 or not any(c.name == "sessionid" for c in jar):
        raise RuntimeError(f"login failed for {username} (HTTP {status})")
    return Session(username, role, opener)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(session: Session, url: str) -> float:
    t0 = time.perf_counter()
    with session.opener.open(url, timeout=120) as r:
        r.read()
        final = r.geturl()
        status = r.status
    ms = (time.perf_counter() - t0) * 1000
    if status != 200 or "dang-nhap" in final:
        raise RuntimeError(f"HTTP {status} {final}")
    return ms


def run_phase(
    sessions: list[Session],
    url_for: Callable[[Session], str],
    requests_each: int,
    think_s: float,
    budget_s: float = 1e9,
) -> Samples:
    """Every session requests its URL ``requests_each`` times (closed loop), or until ``budget_s``."""
    out = Samples()
    stop_at = time.perf_counter() + budget_s
    lock = threading.Lock()
    start_gate = threading.Barrier(len(sessions) + 1)

    def user(session: Session, seed_value: int) -> None:
        rng = random.Random(seed_value)
        url = url_for(session)
        start_gate.wait()
        if think_s:
            time.sleep(rng.uniform(0, think_s))  # users do not all click at the same instant
        for _ in range(requests_each):
            if time.perf_counter() > stop_at:
                break
            try:
                ms = fetch(session, url)
                with lock:
                    out.latencies_ms.append(ms)
            except (OSError, RuntimeError, urllib.error.URLError) as exc:
                with lock:
                    out.errors.append(f"{session.username}: {exc}")
            if think_s:
                time.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))

    threads = [threading.Thread(target=user, args=(s, i), daemon=True) for i, s in enumerate(sessions)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    out.wall_s = time.perf_counter() - t0
    return out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


# ---------------------------------------------------------------------------------------------------
# Orchestration


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child(env: dict[str, str], *args: str) -> str:
    """Run this script's hidden sub-command in a child process with ``env``; returns its stdout."""
    proc = subprocess.run(
        [sys.executable, __file__, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"sub-command {args[0]} failed")
    return proc.stdout


def dondoc_bin() -> str:
    candidate = Path(sys.executable).parent / "dondoc"
    return str(candidate) if candidate.exists() else "dondoc"


def start_server(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    proc = subprocess.Popen(
        [dondoc_bin(), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited (code {proc.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5) as r:
                if r.status == 200:
                    return proc
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    stop_server(proc)
    raise SystemExit(f"the server did not answer within 180 s; see {log}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def pg_bench_url(url: str) -> tuple[str, str, str]:
    """(URL of the benchmark database, its name, the URL of the server's maintenance connection)."""
    parts = urllib.parse.urlsplit(url)
    name = (parts.path.lstrip("/") or "dondoc") + "_bench"
    bench = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    return bench, name, admin


def pg_recreate(admin_url: str, name: str, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@dataclass
class Page:
    name: str
    url_for: Callable[[Session], str]


def bench_database(label: str, database_url: str | None, args: argparse.Namespace) -> list[str]:
    """Seed, serve, load, report. Returns the names of pages above target (for the summary)."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"dondoc-bench-{label.lower()}-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DONDOC_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="dondoc.web.settings")
    admin_url = name = ""
    if database_url:
        database_url, name, admin_url = pg_bench_url(database_url)
        pg_recreate(admin_url, name)
        env["DATABASE_URL"] = database_url
    print(f"\n=== {label} ===", flush=True)
    proc = None
    slow: list[str] = []
    try:
        subprocess.run([dondoc_bin(), "manage", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
        info = json.loads(
            child(env, "_seed", str(args.tasks), str(args.documents), str(args.users), str(args.seed))
        )
        print(
            f"seeded {info['tasks']} tasks, {info['documents']} documents, {info['units']} units, "
            f"{len(info['users'])} users in {info['seconds']} s",
            flush=True,
        )
        port = free_port()
        proc = start_server(env, port, args.workers, data_dir / "server.log")
        base = f"http://127.0.0.1:{port}"
        print(f"server: dondoc serve --workers {args.workers} on {base}", flush=True)
        t0 = time.perf_counter()
        sessions: list[Session] = []
        lock = threading.Lock()

        def do_login(username: str, role: str) -> None:
            try:
                s = login(base, username, role)
            except (OSError, RuntimeError) as exc:
                print(f"login of {username} failed: {exc}", file=sys.stderr)
                return
            with lock:
                sessions.append(s)

        threads = [threading.Thread(target=do_login, args=(u, r)) for u, r in info["users"]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if len(sessions) != len(info["users"]):
            raise SystemExit("some logins failed; see the errors above")
        mix = Counter(s.role for s in sessions)
        print(
            f"{len(sessions)} users logged in ({', '.join(f'{n} {r}' for r, n in mix.most_common())}) "
            f"in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        unit_filter = info["filter_unit"]
        year = dt.date.today().year

        def filtered(s: Session) -> str:
            if s.role == "Đơn vị":
                return (
                    f"{base}/nhiem-vu/?trang_thai=dang_thuc_hien&han_tu=01/01/{year - 1}&han_den=31/12/{year}"
                )
            return f"{base}/nhiem-vu/?don_vi={unit_filter}&o=chua_qua_han"

        def search(s: Session) -> str:
            # Users search for different things (each phrase is in an eighth to a twelfth of the tasks):
            # the list's cached totals are then shared by a few users, not by all of them.
            phrase = SEARCHES[int(hashlib.sha1(s.username.encode()).hexdigest(), 16) % len(SEARCHES)]
            return f"{base}/nhiem-vu/?q={urllib.parse.quote_plus(phrase)}"

        pages = [
            Page("dashboard", lambda s: f"{base}/"),
            Page("task list, page 1", lambda s: f"{base}/nhiem-vu/"),
            Page("task list, filtered", filtered),
            Page("task list, text search", search),
        ]
        warm = sessions[: 2 * args.workers]
        for page in pages:  # warm every worker and the database cache
            run_phase(warm, page.url_for, 1, 0.0)
        phases = [(f"think time {args.think:g} s", args.think)] if args.think > 0 else []
        phases.append(("no think time (saturation)", 0.0))
        for phase_name, think in phases:
            print(
                f"\n{label}, {len(sessions)} concurrent users, {args.requests} requests each, {phase_name}:"
            )
            print(
                f"  {'page':<24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}"
                f"  target p95<{TARGET_P95_MS:.0f} ms"
            )
            for page in pages:
                samples = run_phase(sessions, page.url_for, args.requests, think, args.budget)
                lat = samples.latencies_ms
                p95 = percentile(lat, 95)
                ok = p95 < TARGET_P95_MS
                if not ok and think == args.think and page.name not in slow:
                    slow.append(page.name)
                rate = len(lat) / samples.wall_s if samples.wall_s else 0.0
                print(
                    f"  {page.name:<24} {len(lat):>5} {percentile(lat, 50):>8.0f} {p95:>8.0f} "
                    f"{max(lat, default=float('nan')):>8.0f} {rate:>7.1f}  {'met' if ok else 'MISSED'}"
                    + (
                        f"  ({len(samples.errors)} errors, e.g. {samples.errors[0]})"
                        if samples.errors
                        else ""
                    ),
                    flush=True,
                )
        if proc is not None:
            stop_server(proc)
            proc = None
        if slow or args.profile:
            office = next(u for u, r in info["users"] if r == "Văn phòng")
            unit_user = next(u for u, r in info["users"] if r == "Đơn vị")
            paths = [
                ("dashboard", "/"),
                ("task list, page 1", "/nhiem-vu/"),
                ("task list, filtered", f"/nhiem-vu/?don_vi={unit_filter}&o=chua_qua_han"),
                ("task list, text search", "/nhiem-vu/?q=giai+ngan+von"),
            ]
            wanted = [p for p in paths if args.profile or p[0] in slow]
            print(f"\nSQL profile ({label}; one request each, after a warm-up):")
            print(child(env, "_profile", json.dumps(wanted), office, unit_user), end="")
    finally:
        if proc is not None:
            stop_server(proc)
        if args.keep:
            print(f"(kept {data_dir}" + (f" and database {name})" if name else ")"))
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            if name:
                pg_recreate(admin_url, name, drop_only=True)
    return slow


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("_seed", "_profile"):
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")
        django.setup()
        if argv[0] == "_seed":
            n_tasks, n_docs, n_users, seed_value = (int(x) for x in argv[1:5])
            print(json.dumps(seed(n_tasks, n_docs, n_users, seed_value)))
        else:
            profile([tuple(p) for p in json.loads(argv[1])], argv[2:])
        return 0

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL server (default: $DONDOC_TEST_DATABASE_URL)")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--postgresql-only", action="store_true", help="skip SQLite")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=2_000)
    parser.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument("--requests", type=int, default=8, help="requests per user per page and phase")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="at most this many seconds per page and phase"
    )
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests, s")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="profile the SQL of every page")
    parser.add_argument("--keep", action="store_true", help="keep the data dirs and the bench database")
    args = parser.parse_args(argv)

    pg_url = None if args.sqlite_only else (args.database_url or os.environ.get("DONDOC_TEST_DATABASE_URL"))
    print(
        f"dondoc web benchmark: {args.tasks} tasks, {args.users} users, {args.workers} gunicorn workers, "
        f"{os.cpu_count()} CPUs; target p95 < {TARGET_P95_MS:.0f} ms"
    )
    summary: dict[str, list[str]] = {}
    if not args.postgresql_only:
        summary["SQLite"] = bench_database("SQLite", None, args)
    if pg_url:
        summary["PostgreSQL"] = bench_database("PostgreSQL", pg_url, args)
    else:
        print("\n(PostgreSQL skipped: give --database-url or set DONDOC_TEST_DATABASE_URL)")
    print()
    for db, slow in summary.items():
        print(
            f"{db}: "
            + (f"p95 above target on: {', '.join(slow)}" if slow else "p95 target met on every page")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
