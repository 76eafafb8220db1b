"""The Django admin as the registry administrator (Quản trị, not a superuser) uses it (issue 11):
it cannot make itself or anyone superuser, give permissions it does not hold or edit a superuser,
and every change of a user's roles, unit or flags, bulk actions included, writes an audit event.

Real admin pages through the test client: the change form is read from the page as a browser would
submit it, then altered the way a forged request would."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from dondoc.tracking.models import AuditEvent, Profile, Role, Unit, UnitGroup

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The fields of the page's main form, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name:
            self.names.add(name)
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self.names.add(name)
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.names.add(name)
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data


def change_form(client: Client, user: User) -> tuple[FormFields, str]:
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    fields = FormFields()
    fields.feed(response.content.decode())
    return fields, url


def submit(client: Client, url: str, data: dict[str, list[str]]) -> Any:
    return client.post(url, {k: v if len(v) != 1 else v[0] for k, v in data.items()})


@pytest.fixture
def admin_client(users: dict[str, User]) -> Client:
    client = Client()
    client.force_login(users["quantri"])
    return client


@pytest.fixture
def superuser(users: dict[str, User]) -> User:
    return User.objects.create_superuser("sieuquantri", password="Rất-bí-mật-2026")


def group_id(role: str) -> str:
    return str(Group.objects.get(name=role).pk)


def test_the_admin_role_sees_no_superuser_staff_or_permission_field(
    admin_client: Client, users: dict[str, User], superuser: User
) -> None:
    fields, _ = change_form(admin_client, users["taichinh"])
    assert {"username", "groups", "is_active"} <= fields.names
    assert not {"is_superuser", "is_staff", "user_permissions"} & fields.names
    # A superuser still has Django's whole form.
    root = Client()
    root.force_login(superuser)
    fields, _ = change_form(root, users["taichinh"])
    assert {"is_superuser", "is_staff", "user_permissions"} <= fields.names


def test_a_forged_post_cannot_make_the_admin_itself_superuser(
    admin_client: Client, users: dict[str, User]
) -> None:
    me = users["quantri"]
    fields, url = change_form(admin_client, me)
    data = dict(fields.data)
    data["is_superuser"] = ["on"]
    data["is_staff"] = ["on"]
    data["user_permissions"] = [str(p.pk) for p in Permission.objects.all()]
    data["groups"] = [group_id(Role.OFFICE), group_id(Role.ADMIN)]
    data["first_name"] = ["Lê Văn Quản"]
    response = submit(admin_client, url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    me.refresh_from_db()
    assert me.first_name == "Lê Văn Quản"  # the save went through …
    assert not me.is_superuser  # … without any of the forged fields
    assert me.user_permissions.count() == 0
    assert set(me.groups.values_list("name", flat=True)) == {Role.ADMIN.value}  # own roles: read-only


def test_the_admin_cannot_make_anyone_else_superuser(admin_client: Client, users: dict[str, User]) -> None:
    target = users["taichinh"]
    fields, url = change_form(admin_client, target)
    data = dict(fields.data)
    data["is_superuser"] = ["on"]
    data["user_permissions"] = [str(Permission.objects.get(codename="delete_task").pk)]
    assert submit(admin_client, url, data).status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser and target.user_permissions.count() == 0


def test_the_admin_cannot_give_a_role_with_permissions_it_does_not_hold(
    admin_client: Client, users: dict[str, User]
) -> None:
    auditors = Group.objects.create(name="Kiểm toán")
    auditors.permissions.set([Permission.objects.get(codename="delete_task")])
    target = users["taichinh"]
    fields, url = change_form(admin_client, target)
    assert str(auditors.pk) not in fields.data.get("groups", [])
    data = dict(fields.data)
    data["groups"] = [str(auditors.pk)]
    response = submit(admin_client, url, data)
    assert response.status_code == 200  # the form again, with the error
    body = response.content.decode()
    assert 'id="id_groups_error"><li>Hãy chọn một lựa chọn hợp lệ.' in body
    assert set(target.groups.values_list("name", flat=True)) == {Role.UNIT.value}


def test_the_admin_cannot_touch_a_superuser_nor_change_the_roles_permissions(
    admin_client: Client, superuser: User
) -> None:
    assert admin_client.get(reverse("admin:auth_user_change", args=[superuser.pk])).status_code in (200, 403)
    response = admin_client.post(
        reverse("admin:auth_user_change", args=[superuser.pk]), {"username": "sieuquantri", "is_active": ""}
    )
    assert response.status_code == 403
    password = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert (
        admin_client.post(password, {"password1": "x-Mới-2026-ab", "password2": "x-Mới-2026-ab"}).status_code
        == 403
    )
    assert superuser.check_password("Rất-bí-mật-2026")
    admin_group = Group.objects.get(name=Role.ADMIN.value)
    everything = [str(p.pk) for p in Permission.objects.all()]
    response = admin_client.post(
        reverse("admin:auth_group_change", args=[admin_group.pk]),
        {"name": Role.ADMIN.value, "permissions": everything},
    )
    assert response.status_code == 403
    assert admin_group.permissions.count() < len(everything)
    assert admin_client.post(reverse("admin:auth_group_add"), {"name": "Mới"}).status_code == 403


def test_a_role_and_unit_change_writes_an_audit_event_with_old_and_new_values(
    admin_client: Client, users: dict[str, User], registry: dict[str, Unit]
) -> None:
    target = users["taichinh"]
    fields, url = change_form(admin_client, target)
    data = dict(fields.data)
    data["groups"] = [group_id(Role.OFFICE)]
    data["profile-0-unit"] = [str(registry["Sở Xây dựng"].pk)]
    response = submit(admin_client, url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.is_staff  # the office role opens the admin; the flag follows the role
    assert Profile.objects.get(user=target).unit == registry["Sở Xây dựng"]
    event = AuditEvent.objects.get(action="user.changed")
    assert event.actor == users["quantri"]
    assert event.changes == {
        "groups": [[Role.UNIT.value], [Role.OFFICE.value]],
        "unit": ["Sở Tài chính", "Sở Xây dựng"],
        "is_staff": [False, True],
    }
    assert "«taichinh»" in event.message and "vai trò: Đơn vị → Văn phòng" in event.message
    # Saving the form again unchanged writes nothing.
    fields, url = change_form(admin_client, target)
    assert submit(admin_client, url, dict(fields.data)).status_code == 302
    assert AuditEvent.objects.filter(action="user.changed").count() == 1


def test_a_unit_change_in_the_profile_admin_records_old_and_new(
    admin_client: Client, users: dict[str, User], registry: dict[str, Unit]
) -> None:
    profile = Profile.objects.get(user=users["xaydung"])
    response = admin_client.post(
        reverse("admin:tracking_profile_change", args=[profile.pk]),
        {"user": str(users["xaydung"].pk), "unit": str(registry["Sở Y tế"].pk)},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.changes == {"unit": ["Sở Xây dựng", "Sở Y tế"]}


def test_bulk_lock_writes_one_event_per_account_and_spares_superusers_and_oneself(
    admin_client: Client, users: dict[str, User], superuser: User
) -> None:
    chosen = [users["taichinh"], users["xaydung"], users["quantri"], superuser]
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "lock_accounts", "_selected_action": [str(u.pk) for u in chosen]},
    )
    assert response.status_code == 302
    active = dict(User.objects.values_list("username", "is_active"))
    assert active["taichinh"] is False and active["xaydung"] is False
    assert active["quantri"] is True and active["sieuquantri"] is True
    events = AuditEvent.objects.filter(action="user.changed").order_by("id")
    assert [e.changes for e in events] == [{"is_active": [True, False]}] * 2
    assert {e.message.split("«")[1].split("»")[0] for e in events} == {"taichinh", "xaydung"}


def test_bulk_delete_writes_one_event_per_object(admin_client: Client, registry: dict[str, Unit]) -> None:
    groups = list(UnitGroup.objects.all())
    assert len(groups) == 2
    response = admin_client.post(
        reverse("admin:tracking_unitgroup_changelist"),
        {"action": "delete_selected", "_selected_action": [str(g.pk) for g in groups], "post": "yes"},
    )
    assert response.status_code == 302
    assert not UnitGroup.objects.exists()
    events = AuditEvent.objects.filter(action="admin.deleted")
    assert sorted(e.message for e in events) == sorted(
        f"Xóa nhóm đơn vị «{g.name}» trong trang quản trị (xóa hàng loạt)." for g in groups
    )


def test_bulk_delete_of_users_is_audited_and_cannot_reach_a_superuser(
    admin_client: Client, users: dict[str, User], superuser: User
) -> None:
    url = reverse("admin:auth_user_changelist")
    refused = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [str(superuser.pk)], "post": "yes"}
    )
    assert refused.status_code == 403
    assert User.objects.filter(pk=superuser.pk).exists()
    gone = users["xatanan"]
    Profile.objects.filter(user=gone).delete()  # the profile's unit is protected, not the user
    done = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [str(gone.pk)], "post": "yes"}
    )
    assert done.status_code == 302
    assert not User.objects.filter(pk=gone.pk).exists()
    event = AuditEvent.objects.get(action="user.deleted")
    assert "«xatanan»" in event.message and event.changes["groups"] == [[Role.UNIT.value], None]


def test_the_admin_lifts_a_sign_in_lockout(admin_client: Client, users: dict[str, User]) -> None:
    from axes.models import AccessAttempt

    def sign_in(password: str) -> int:
        response = Client(REMOTE_ADDR="10.7.0.1").post(
            reverse("login"), {"username": "taichinh", "password": password}
        )
        return response.status_code

    for _ in range(5):
        sign_in("sai-mat-khau")
    assert sign_in(PASSWORD) == 429
    attempts = [str(a.pk) for a in AccessAttempt.objects.all()]
    assert attempts
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "taichinh" in admin_client.get(changelist).content.decode()
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"}
    )
    assert response.status_code == 302
    assert sign_in(PASSWORD) == 302
