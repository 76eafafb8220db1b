"""Authentication hardening (issue 11): the secret key, login throttling, token lifetime and
revocation, password rules and the session lifetime.

Everything through real requests on the test client or real processes (the settings module imported
in a subprocess with its own data dir), no mocks."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from dondoc.web import secret

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
OLD_PUBLIC_KEY = "dondoc-insecure-demo-key-change-me-in-production-0123456789"
LOCKED = "Tài khoản tạm khóa: đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút."


# ------------------------------------------------------------------------------------ secret key


def settings_key(data_dir: Path) -> str:
    """SECRET_KEY as a fresh process computes it, with DONDOC_SECRET_KEY unset."""
    env = {k: v for k, v in os.environ.items() if k not in ("DONDOC_SECRET_KEY", "DATABASE_URL")}
    env.update(DONDOC_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="dondoc.web.settings")
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_secret_key_is_generated_once_per_data_dir_and_kept_private(tmp_path: Path) -> None:
    first = settings_key(tmp_path / "a")
    key_file = tmp_path / "a" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() == first
    assert len(first) >= 50 and first != OLD_PUBLIC_KEY
    assert settings_key(tmp_path / "a") == first  # the next start reuses it
    assert settings_key(tmp_path / "b") != first  # another installation gets its own


def test_no_public_default_key_is_left() -> None:
    source = (REPO / "src/dondoc/web/settings.py").read_text()
    assert OLD_PUBLIC_KEY not in source
    assert settings.SECRET_KEY != OLD_PUBLIC_KEY


def test_workers_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: secret.load_or_create(tmp_path), range(32)))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left behind


def test_a_key_file_readable_by_others_is_closed_and_a_truncated_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("k" * 64)
    path.chmod(0o644)
    assert secret.load_or_create(tmp_path) == "k" * 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("")
    with pytest.raises(secret.SecretKeyError, match="quá ngắn"):
        secret.load_or_create(tmp_path)


def messages_cookie(text: str) -> str:
    storage = CookieStorage(HttpRequest())
    value = storage._encode([Message(constants.INFO, text)])
    assert value is not None
    return value


def test_a_cookie_signed_with_the_old_public_key_is_rejected(users: dict[str, User]) -> None:
    client = Client()
    client.force_login(users["vanphong"])
    with override_settings(SECRET_KEY=OLD_PUBLIC_KEY):
        forged = messages_cookie("Thông điệp giả mạo")
    client.cookies["messages"] = forged
    assert "Thông điệp giả mạo" not in client.get(reverse("tracking:dashboard")).content.decode()
    # The same cookie signed with the installation's key is shown: the page does show messages.
    client.cookies["messages"] = messages_cookie("Thông điệp thật")
    assert "Thông điệp thật" in client.get(reverse("tracking:dashboard")).content.decode()
    # A tampered signature is refused too, and so is any value signed with the old key.
    client.cookies["messages"] = messages_cookie("Thông điệp thật")[:-4] + "AAAA"
    assert "Thông điệp thật" not in client.get(reverse("tracking:dashboard")).content.decode()
    old = signing.dumps({"user": 1}, key=OLD_PUBLIC_KEY)
    with pytest.raises(signing.BadSignature):
        signing.loads(old)


# ------------------------------------------------------------------------------- login throttling


def web_login(username: str, password: str, ip: str = "10.0.0.1") -> tuple[int, str, Client]:
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code, response.content.decode(), client


def api_login(username: str, password: str, ip: str = "10.0.0.1") -> tuple[int, dict[str, str]]:
    response = Client(REMOTE_ADDR=ip).post("/api/token/", {"username": username, "password": password})
    return response.status_code, response.json()


def test_web_login_locks_an_account_after_five_failures_even_with_the_right_password(
    users: dict[str, User],
) -> None:
    for i in range(4):
        status, body, _ = web_login("taichinh", "sai-mat-khau", ip=f"10.0.1.{i}")
        assert status == 200 and "Tên đăng nhập hoặc mật khẩu không đúng." in body
    status, body, _ = web_login("taichinh", "sai-mat-khau", ip="10.0.1.9")
    assert status == 429
    assert LOCKED in body
    # Locked per account: the right password from yet another address is refused.
    status, body, client = web_login("taichinh", PASSWORD, ip="10.0.1.10")
    assert status == 429 and LOCKED in body
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    status, _, client = web_login("xaydung", PASSWORD, ip="10.0.1.11")
    assert status == 302 and client.session["_auth_user_id"] == str(users["xaydung"].pk)


def test_login_locks_an_address_that_tries_many_accounts(users: dict[str, User]) -> None:
    assert settings.DONDOC_LOGIN_ADDRESS_FAILURE_LIMIT == 20
    for i in range(19):
        web_login(f"khong-co-{i}", "sai-mat-khau", ip="10.0.2.1")
    # An office behind one address: a few typing errors of its people lock nobody out.
    status, _, _ = web_login("vanphong", PASSWORD, ip="10.0.2.1")
    assert status == 302
    for i in range(20):
        web_login(f"khong-co-{i}", "sai-mat-khau", ip="10.0.2.1")
    status, body, _ = web_login("lanhdao", PASSWORD, ip="10.0.2.1")
    assert status == 429 and LOCKED in body
    status, _, _ = web_login("lanhdao", PASSWORD, ip="10.0.2.2")
    assert status == 302


def test_a_forged_forwarded_for_header_does_not_evade_the_address_lockout(users: dict[str, User]) -> None:
    for i in range(20):
        Client(REMOTE_ADDR="10.0.3.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").post(
            reverse("login"), {"username": f"u{i}", "password": "x"}
        )
    response = Client(REMOTE_ADDR="10.0.3.1", HTTP_X_FORWARDED_FOR="192.0.2.99").post(
        reverse("login"), {"username": "vanphong", "password": PASSWORD}
    )
    assert response.status_code == 429


def test_a_successful_login_clears_earlier_failures(users: dict[str, User]) -> None:
    for _ in range(4):
        web_login("lanhdao", "sai-mat-khau")
    assert web_login("lanhdao", PASSWORD)[0] == 302
    for _ in range(4):
        assert web_login("lanhdao", "sai-mat-khau")[0] == 200
    assert web_login("lanhdao", PASSWORD)[0] == 302


def test_someone_elses_successful_login_does_not_clear_an_accounts_failures(users: dict[str, User]) -> None:
    for _ in range(4):
        web_login("taichinh", "sai-mat-khau", ip="10.0.4.1")
    assert web_login("xaydung", PASSWORD, ip="10.0.4.1")[0] == 302  # an account of one's own
    status, body, _ = web_login("taichinh", "sai-mat-khau", ip="10.0.4.1")
    assert status == 429 and LOCKED in body


def test_api_token_is_throttled_too(users: dict[str, User]) -> None:
    for _ in range(4):
        status, body = api_login("taichinh", "sai-mat-khau")
        assert status == 400 and body["code"] == "invalid_credentials"
    status, body = api_login("taichinh", "sai-mat-khau")
    assert status == 429
    assert body == {"detail": LOCKED, "code": "locked_out"}
    status, body = api_login("taichinh", PASSWORD, ip="10.9.9.9")
    assert status == 429 and body["code"] == "locked_out"
    # The web login of the same account is locked as well: one count for both.
    assert web_login("taichinh", PASSWORD, ip="10.9.9.8")[0] == 429
    assert api_login("xaydung", PASSWORD, ip="10.9.9.7")[0] == 200


# ----------------------------------------------------------------------------------- API tokens


def test_a_token_expires_after_its_lifetime(users: dict[str, User]) -> None:
    assert dt.timedelta(hours=24) == settings.DONDOC_TOKEN_TTL
    status, body = api_login("taichinh", PASSWORD)
    assert status == 200
    key = body["token"]
    token = Token.objects.get(key=key)
    assert dt.datetime.fromisoformat(body["expires"]) == token.created + dt.timedelta(hours=24)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/tasks/").status_code == 200
    Token.objects.filter(key=key).update(created=token.created - dt.timedelta(hours=24, seconds=1))
    expired = client.get("/api/tasks/")
    assert expired.status_code == 401
    assert expired.json() == {
        "detail": "Mã truy cập đã hết hạn: hãy lấy mã mới tại /api/token/.",
        "code": "token_expired",
    }
    assert not Token.objects.filter(key=key).exists()
    _, fresh = api_login("taichinh", PASSWORD)
    assert fresh["token"] != key
    assert Client(HTTP_AUTHORIZATION=f"Token {fresh['token']}").get("/api/tasks/").status_code == 200


@override_settings(DONDOC_TOKEN_TTL=dt.timedelta(hours=1))
def test_the_token_lifetime_is_a_setting(users: dict[str, User]) -> None:
    _, body = api_login("taichinh", PASSWORD)
    token = Token.objects.get(key=body["token"])
    Token.objects.filter(pk=token.pk).update(created=token.created - dt.timedelta(minutes=61))
    assert Client(HTTP_AUTHORIZATION=f"Token {body['token']}").get("/api/tasks/").status_code == 401


def test_logout_revokes_the_token(users: dict[str, User]) -> None:
    _, body = api_login("taichinh", PASSWORD)
    client = Client(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.post("/api/logout/").status_code == 204
    assert client.get("/api/tasks/").status_code == 401
    assert not Token.objects.filter(user=users["taichinh"]).exists()
    assert Client().post("/api/logout/").status_code == 401


def test_signing_out_of_the_web_application_revokes_the_token(users: dict[str, User]) -> None:
    _, body = api_login("vanphong", PASSWORD)
    status, _, browser = web_login("vanphong", PASSWORD)
    assert status == 302
    assert browser.post(reverse("logout")).status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Token {body['token']}").get("/api/tasks/").status_code == 401


def test_a_password_change_revokes_the_token(users: dict[str, User]) -> None:
    _, body = api_login("taichinh", PASSWORD)
    _, other = api_login("xaydung", PASSWORD)
    user = User.objects.get(username="taichinh")
    user.first_name = "Phạm Thị Lan"
    user.save()  # saving without a new password keeps the token
    assert Client(HTTP_AUTHORIZATION=f"Token {body['token']}").get("/api/tasks/").status_code == 200
    user.set_password("mat-khau-moi-2027")
    user.save()
    assert Client(HTTP_AUTHORIZATION=f"Token {body['token']}").get("/api/tasks/").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Token {other['token']}").get("/api/tasks/").status_code == 200


# ------------------------------------------------------------------------------ password rules


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("taichinh2", "Mật khẩu quá giống với Tên đăng nhập."),
        ("Ab3$xy", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("password123", "Mật khẩu này quá phổ biến."),
        ("73918264051", "Mật khẩu này hoàn toàn là số."),
    ],
)
def test_password_rules_speak_vietnamese(users: dict[str, User], password: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, users["taichinh"])
    assert message in caught.value.messages
    validate_password("Ngọn-núi-xanh-2026", users["taichinh"])  # a good one passes


def test_the_admin_password_form_answers_in_vietnamese_to_an_english_browser(users: dict[str, User]) -> None:
    admin = User.objects.create_superuser("sieuquantri", password="Rất-bí-mật-2026")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[users["taichinh"].pk])
    response = client.post(url, {"password1": "1234567890", "password2": "1234567890"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu này quá phổ biến." in body
    assert "Mật khẩu này hoàn toàn là số." in body
    assert "too common" not in body


# ------------------------------------------------------------------------------------- sessions


def test_a_sign_in_lasts_one_working_day(users: dict[str, User]) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    status, _, client = web_login("vanphong", PASSWORD)
    assert status == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 8 * 3600
    assert cookie["httponly"]
