"""``dondoc setup``: the steps after the schema (``migrate``) of a production install, without demo
data: the office's unit registry from a file, then the first administrator (flags, environment
``DONDOC_ADMIN_PASSWORD``, or questions at the terminal)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def _ask(prompt: str, secret: bool = False) -> str:
    return getpass.getpass(prompt) if secret else input(prompt)


def run_setup(args: argparse.Namespace) -> int:
    from django.contrib.auth.models import User

    from dondoc.tracking.services.accounts import create_first_admin
    from dondoc.tracking.services.errors import ServiceError
    from dondoc.tracking.services.unit_import import UnitFileError, import_units

    print("Đã tạo hoặc cập nhật cơ sở dữ liệu và các vai trò (Văn phòng, Lãnh đạo, Đơn vị, Quản trị).")
    if args.units is not None:
        if not args.units.is_file():
            print(f"Không có tệp danh mục đơn vị «{args.units}».", file=sys.stderr)
            return 1
        try:
            units = import_units(args.units)
        except UnitFileError as exc:
            print(exc.message, file=sys.stderr)
            print("Chưa nhập đơn vị nào; sửa tệp rồi chạy lại.", file=sys.stderr)
            return 1
        print(f"Đã nhập danh mục đơn vị: {len(units)} đơn vị từ «{args.units.name}».")
    if User.objects.filter(is_superuser=True).exists() and not args.admin:
        print("Đã có tài khoản quản trị: bỏ qua bước tạo quản trị viên.")
        return 0
    interactive = not args.no_input and sys.stdin.isatty()
    username = args.admin or (_ask("Tên đăng nhập của quản trị viên: ") if interactive else "")
    password = os.environ.get("DONDOC_ADMIN_PASSWORD", "")
    if not password and interactive:
        password = _ask("Mật khẩu: ", secret=True)
        if password != _ask("Nhập lại mật khẩu: ", secret=True):
            print("Hai lần nhập mật khẩu không khớp.", file=sys.stderr)
            return 1
    if not username or not password:
        print(
            "Cần tên đăng nhập (--admin) và mật khẩu (biến môi trường DONDOC_ADMIN_PASSWORD, hoặc chạy "
            "trong cửa sổ dòng lệnh để nhập) của quản trị viên đầu tiên.",
            file=sys.stderr,
        )
        return 2
    try:
        create_first_admin(username, password, args.email)
    except ServiceError as exc:
        print(f"Không tạo được quản trị viên: {exc.message}", file=sys.stderr)
        return 1
    print(f"Đã tạo quản trị viên «{username}». Chạy «dondoc serve» rồi đăng nhập để tạo tài khoản cán bộ.")
    return 0
