"""A production install: ``dondoc setup`` on an empty data dir (schema, role groups by migration, the
office's unit registry from a file, the first admin), then a unit officer made through the one-step
form, who signs in. Real processes on a real SQLite file; the registry import's bad rows."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook  # type: ignore[import-untyped]

from dondoc.tracking.models import AuditEvent, Profile, Role, Unit
from dondoc.tracking.services.unit_import import UnitFileError, import_units

Login = Callable[[str], Client]
ADMIN_PASSWORD = "Quan-tri-Hoa-Lam-2026"
OFFICER_PASSWORD = "Can-bo-so-tai-chinh-2026"
REGISTRY = (
    "Mã đơn vị,Tên đơn vị,Tên viết tắt,Đơn vị cấp trên,Loại\n"
    "UBND,Ủy ban nhân dân tỉnh Bình Giang,UBND tỉnh,,Ủy ban nhân dân\n"
    'STC,Sở Tài chính,STC,UBND,"Sở, ban, ngành"\n'
    "SXD,Sở Xây dựng,SXD,UBND,so\n"
    "VP,Văn phòng UBND tỉnh,VP,UBND,Văn phòng\n"
)
# Run inside the installed system (``dondoc manage shell``): the admin creates the officer through the
# form, then the officer signs in on the login page.
SCRIPT = f"""
from django.test import Client
from dondoc.tracking.models import Unit
admin = Client()
r = admin.post("/dang-nhap/", {{"username": "quantri", "password": "{ADMIN_PASSWORD}"}})
assert r.status_code == 302, r.status_code
form = admin.get("/tai-khoan/moi/")
assert form.status_code == 200 and "Tạo tài khoản cán bộ" in form.content.decode()
r = admin.post("/tai-khoan/moi/", {{
    "username": "canbo.stc", "full_name": "Ngô Thị Hạnh", "email": "", "role": "Đơn vị",
    "unit": Unit.objects.get(short_name="STC").pk,
    "password": "{OFFICER_PASSWORD}", "password2": "{OFFICER_PASSWORD}"}}, follow=True)
assert "Đã tạo tài khoản «canbo.stc»" in r.content.decode(), r.content.decode()[:3000]
officer = Client()
r = officer.post("/dang-nhap/", {{"username": "canbo.stc", "password": "{OFFICER_PASSWORD}"}}, follow=True)
html = r.content.decode()
assert r.status_code == 200 and "Ngô Thị Hạnh" in html and "Sở Tài chính" in html, html[:2000]
print("OFFICER-SIGNED-IN")
"""


def _dondoc(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run(
        [sys.executable, "-m", "dondoc", *args],
        env={**base, "DONDOC_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_setup_then_unit_officer_through_the_form_signs_in(tmp_path: Path) -> None:
    data, registry = tmp_path / "du-lieu", tmp_path / "don-vi.csv"
    registry.write_text(REGISTRY, encoding="utf-8")
    out = _dondoc(
        "setup", "--units", str(registry), "--admin", "quantri", "--no-input",
        data_dir=data, DONDOC_ADMIN_PASSWORD=ADMIN_PASSWORD,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (
        "Đã nhập danh mục đơn vị: 4 đơn vị" in out.stdout and "Đã tạo quản trị viên «quantri»" in out.stdout
    )
    assert (data / "dondoc.sqlite3").is_file()
    check = _dondoc(
        "manage", "shell", "-c",
        "from django.contrib.auth.models import Group; from dondoc.tracking.models import *; "
        "print(sorted(Group.objects.values_list('name', flat=True)), Document.objects.count(), "
        "Unit.objects.get(short_name='STC').parent.name)",
        data_dir=data,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip().splitlines()[-1] == (
        "['Lãnh đạo', 'Quản trị', 'Văn phòng', 'Đơn vị'] 0 Ủy ban nhân dân tỉnh Bình Giang"
    )  # the role groups, no demo documents, the parents from the file
    signed_in = _dondoc("manage", "shell", "-c", SCRIPT, data_dir=data)
    assert signed_in.returncode == 0, signed_in.stderr
    assert "OFFICER-SIGNED-IN" in signed_in.stdout
    # Run again: nothing duplicated, the admin step is skipped.
    again = _dondoc("setup", "--units", str(registry), "--no-input", data_dir=data)
    assert again.returncode == 0, again.stderr and "bỏ qua bước tạo quản trị viên" in again.stdout


def test_setup_without_a_password_says_what_is_needed(tmp_path: Path) -> None:
    out = _dondoc("setup", "--admin", "quantri", "--no-input", data_dir=tmp_path / "d")
    assert out.returncode == 2 and "DONDOC_ADMIN_PASSWORD" in out.stderr


def test_role_groups_exist_from_the_migration(db: None) -> None:
    names = set(Group.objects.values_list("name", flat=True))
    assert names == {r.value for r in Role}
    assert Group.objects.get(name=Role.ADMIN.value).permissions.filter(codename="add_user").exists()


def test_registry_file_with_bad_rows_imports_nothing(db: None, tmp_path: Path) -> None:
    bad = tmp_path / "don-vi.csv"
    bad.write_text(
        REGISTRY + "STC,Sở Y tế,SYT,UBND,so\n,Sở Nội vụ,,,\nTTr,,,KHONG-CO,Phường\n", encoding="utf-8"
    )
    with pytest.raises(UnitFileError) as err:
        import_units(bad)
    text = err.value.message
    assert "dòng 6: mã «STC» đã có ở dòng 3" in text
    assert "dòng 7: thiếu «Mã đơn vị»" in text
    assert "dòng 8: thiếu «Tên đơn vị»" in text and "loại «Phường» không hợp lệ" in text
    assert "không có đơn vị cấp trên «KHONG-CO»" in text
    assert Unit.objects.count() == 0
    missing = tmp_path / "thieu-cot.csv"
    missing.write_text("Tên đơn vị\nSở Tài chính\n", encoding="utf-8")
    with pytest.raises(UnitFileError, match="thiếu cột «Mã đơn vị»"):
        import_units(missing)


def test_registry_from_xlsx(db: None, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for line in REGISTRY.splitlines():
        sheet.append(next(iter(__import__("csv").reader([line]))))
    path = tmp_path / "don-vi.xlsx"
    book.save(path)
    units = import_units(path)
    assert len(units) == 4 and Unit.objects.get(short_name="SXD").parent == Unit.objects.get(
        short_name="UBND tỉnh"
    )
    assert import_units(path) and Unit.objects.count() == 4  # again: updated, not duplicated


def test_officer_form_is_for_admins_and_checks_everything(
    users: dict[str, User], registry: dict[str, Unit]
) -> None:
    office = Client()
    office.force_login(users["vanphong"])
    assert office.get(reverse("tracking:account_create")).status_code == 403
    admin = Client()
    admin.force_login(users["quantri"])
    url = reverse("tracking:account_create")
    form = {"username": "moi", "full_name": "Cán bộ Mới", "role": Role.UNIT.value, "unit": ""}
    no_unit = admin.post(url, {**form, "password": OFFICER_PASSWORD, "password2": OFFICER_PASSWORD})
    assert no_unit.status_code == 400 and "phải thuộc một đơn vị" in no_unit.content.decode()
    weak = admin.post(url, {**form, "unit": registry["Sở Y tế"].pk, "password": "123", "password2": "123"})
    assert weak.status_code == 400 and "Mật khẩu quá ngắn" in weak.content.decode()
    assert not User.objects.filter(username="moi").exists()
    ok = admin.post(
        url,
        {**form, "unit": registry["Sở Y tế"].pk, "password": OFFICER_PASSWORD, "password2": OFFICER_PASSWORD},
    )
    assert ok.status_code == 302
    user = User.objects.get(username="moi")
    assert Profile.objects.get(user=user).unit == registry["Sở Y tế"] and not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [Role.UNIT.value]
    assert AuditEvent.objects.filter(action="account.created").exists()
    taken = admin.post(
        url,
        {**form, "unit": registry["Sở Y tế"].pk, "password": OFFICER_PASSWORD, "password2": OFFICER_PASSWORD},
    )
    assert taken.status_code == 400 and "đã có người dùng" in taken.content.decode()


def test_admin_strings_are_vietnamese(users: dict[str, User]) -> None:
    """Every field and model of the app has a Vietnamese name, and the admin's actions say what they do
    in Vietnamese (the admin pages show them)."""
    from django.apps import apps
    from django.contrib import admin

    def vietnamese(text: object) -> bool:
        return any(ord(ch) > 127 for ch in str(text))

    for model in apps.get_app_config("tracking").get_models():
        assert vietnamese(model._meta.verbose_name), model
        english = [
            f.name
            for f in model._meta.get_fields()
            if getattr(f, "verbose_name", None) and f.name != "id" and not vietnamese(f.verbose_name)
        ]
        assert english == [], (model.__name__, english)
    client = Client()
    client.force_login(users["quantri"])
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "tracking":
            continue
        request = client.get("/quan-tri/").wsgi_request
        request.user = users["quantri"]
        for _func, _name, description in model_admin.get_actions(request).values():
            assert vietnamese(description), (model.__name__, description)
    index = client.get("/quan-tri/").content.decode()
    assert "Quản trị" in index or "quản trị" in index
