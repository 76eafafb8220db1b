"""Unit pages: registry list and search, unit page scoping, restructuring from the web UI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dondoc.tracking.models import AuditEvent, Document, Task, TaskState, Unit

Login = Callable[[str], Client]


def names(response: object) -> list[str]:
    return [u.name for u in response.context["page"].object_list]  # type: ignore[attr-defined]


def test_list_search_ignores_diacritics_and_uses_aliases(registry: dict[str, Unit], login: Login) -> None:
    client = login("taichinh")
    url = reverse("tracking:unit_list")
    assert names(client.get(url, {"q": "so tai chinh"})) == ["Sở Tài chính"]
    assert names(client.get(url, {"q": "Sở TC"})) == ["Sở Tài chính"]  # alias
    assert names(client.get(url, {"q": "nong nghiep"})) == ["Sở Nông nghiệp và Môi trường"]
    everything = client.get(url)
    assert len(names(everything)) == Unit.objects.count()
    assert '<th scope="col">Tên đơn vị</th>' in everything.content.decode()


def test_unit_autocomplete_kept(registry: dict[str, Unit], login: Login) -> None:
    data = login("vanphong").get(reverse("tracking:unit_autocomplete"), {"q": "so xay dung"}).json()
    assert [r["name"] for r in data["results"]] == ["Sở Xây dựng"]


def test_restructure_merge_moves_open_tasks(confirmed_notice: Document, login: Login) -> None:
    old = Unit.objects.get(name="Sở Xây dựng")
    new = Unit.objects.create(name="Sở Xây dựng và Giao thông")
    open_tasks = list(Task.objects.filter(lead=old, state=TaskState.IN_PROGRESS).values_list("pk", flat=True))
    assert open_tasks
    admin = login("quantri")
    url = reverse("tracking:unit_restructure", args=[old.pk])
    page = admin.get(url)
    assert page.status_code == 200 and '<label for="ngay">' in page.content.decode()
    today = timezone.localdate()
    response = admin.post(
        url,
        {
            "hinh_thuc": "sap_nhap",
            "ngay": f"{today:%d/%m/%Y}",
            "don_vi_moi": new.pk,
            "ly_do": "Nghị quyết 12",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:unit_detail", args=[new.pk])
    [msg] = [str(m) for m in get_messages(response.wsgi_request)]
    assert f"Đã sáp nhập Sở Xây dựng vào Sở Xây dựng và Giao thông từ ngày {today:%d/%m/%Y}" in msg
    old.refresh_from_db()
    assert old.valid_to == today - dt.timedelta(days=1)
    assert list(old.successors.all()) == [new]
    assert set(Task.objects.filter(lead=new).values_list("pk", flat=True)) >= set(open_tasks)
    assert AuditEvent.objects.filter(action="task.unit_restructured").count() >= len(open_tasks)
    assert AuditEvent.objects.filter(action="unit.restructured", unit=old).exists()

    # History keeps the old name: the old unit's page, its validity and its successor.
    html = admin.get(reverse("tracking:unit_detail", args=[old.pk])).content.decode()
    assert "Sở Xây dựng" in html and "Hết hiệu lực" in html and "Sở Xây dựng và Giao thông" in html
    html = admin.get(reverse("tracking:unit_detail", args=[new.pk])).content.decode()
    assert "Kế thừa từ" in html
    # The ended unit shows up under the "ended" filter, not under "active".
    assert "Sở Xây dựng" in names(admin.get(reverse("tracking:unit_list"), {"hieu_luc": "het"}))
    active = names(admin.get(reverse("tracking:unit_list"), {"hieu_luc": "con"}))
    assert "Sở Xây dựng" not in active and "Sở Xây dựng và Giao thông" in active


def test_restructure_rename_and_dissolve(confirmed_notice: Document, login: Login) -> None:
    office = login("vanphong")
    unit = Unit.objects.get(name="Sở Tài chính")
    response = office.post(
        reverse("tracking:unit_restructure", args=[unit.pk]),
        {"hinh_thuc": "doi_ten", "ngay": "01/01/2026", "ten_moi": "Sở Tài chính và Kế hoạch"},
    )
    renamed = Unit.objects.get(name="Sở Tài chính và Kế hoạch")
    assert response["Location"] == reverse("tracking:unit_detail", args=[renamed.pk])
    assert Task.objects.filter(lead=renamed).count() == 2
    unit.refresh_from_db()
    assert unit.name == "Sở Tài chính" and not unit.is_active_on(renamed.valid_from)  # type: ignore[arg-type]
    assert "Sở Tài chính" in names(office.get(reverse("tracking:unit_list"), {"hieu_luc": "het"}))

    school = Unit.objects.get(name="Sở Giáo dục và Đào tạo")
    response = office.post(
        reverse("tracking:unit_restructure", args=[school.pk]),
        {"hinh_thuc": "giai_the", "ngay": "01/01/2026"},
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.valid_to is not None and not school.successors.exists()
    assert Task.objects.filter(lead=school, state=TaskState.IN_PROGRESS).exists()  # the office reassigns


def test_restructure_errors_and_permissions(confirmed_notice: Document, login: Login) -> None:
    unit = Unit.objects.get(name="Sở Xây dựng")
    url = reverse("tracking:unit_restructure", args=[unit.pk])
    for user in ("taichinh", "lanhdao"):
        assert login(user).get(url).status_code == 403
        assert login(user).post(url, {"hinh_thuc": "giai_the", "ngay": "01/01/2026"}).status_code == 403
    unit.refresh_from_db()
    assert unit.valid_to is None
    admin = login("quantri")
    response = admin.post(url, {"hinh_thuc": "sap_nhap", "ngay": "01/07/2026"})
    assert response.status_code == 400 and "Vui lòng chọn đơn vị kế thừa." in response.content.decode()
    response = admin.post(url, {"hinh_thuc": "giai_the", "ngay": "31/06/2026"})
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    unit.refresh_from_db()
    assert unit.valid_to is None
    assert not AuditEvent.objects.filter(action="unit.restructured").exists()


def test_unit_page_scopes_tasks(confirmed_notice: Document, login: Login) -> None:
    stc = Unit.objects.get(name="Sở Tài chính")
    url = reverse("tracking:unit_detail", args=[stc.pk])
    own = login("taichinh").get(url)
    assert own.status_code == 200
    assert own.context["open_total"] == 2
    assert {n for _g, _l, n in own.context["grid"]} != {0}
    html = own.content.decode()
    assert "Sở TC" in html  # alias shown
    # Another unit's user sees the registry entry but none of its tasks.
    other = login("xaydung").get(url)
    assert other.status_code == 200
    assert other.context["open_total"] == 0 and all(n == 0 for _g, _l, n in other.context["grid"])
    assert "giải ngân" not in other.content.decode()
    assert "Sắp xếp lại" not in other.content.decode()
    assert login("vanphong").get(url).context["open_total"] == 2
    assert login("vanphong").get(reverse("tracking:unit_detail", args=[999999])).status_code == 404
