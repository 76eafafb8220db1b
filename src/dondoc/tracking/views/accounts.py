"""Quản trị: a unit officer (or any account) in one Vietnamese form: user, role and unit at once."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from dondoc.tracking.models import Role, Unit
from dondoc.tracking.services import access, accounts, params
from dondoc.tracking.services.errors import ServiceError


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit id in plain ASCII digits (Django's field would take "１２"): else a Vietnamese 400."""

    def to_python(self, value: object) -> object:
        try:
            params.parse_int(value, "Đơn vị")
        except params.BadParameter as exc:
            raise forms.ValidationError(exc.message) from exc
        return super().to_python(value)


class AccountForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices, initial=Role.UNIT)
    unit = UnitChoiceField(
        label="Đơn vị", queryset=Unit.objects.order_by("name"), required=False, empty_label="— Chọn đơn vị —"
    )
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "Hai lần nhập mật khẩu không khớp.")
        return data


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    if not access.is_admin(request.user):
        raise PermissionDenied("Chỉ Quản trị mới tạo được tài khoản.")
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = accounts.create_account(
                request.user,
                username=d["username"],
                password=d["password"],
                full_name=d["full_name"],
                role=Role(d["role"]),
                unit=d["unit"],
                email=d["email"] or "",
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            unit = f" thuộc {d['unit'].name}" if d["unit"] else ""
            messages.success(request, f"Đã tạo tài khoản «{user.username}» ({Role(d['role']).label}{unit}).")
            return redirect(reverse("tracking:account_create"))
    status = 400 if request.method == "POST" else 200
    return render(request, "tracking/accounts/create.html", {"form": form}, status=status)


urlpatterns = [path("tai-khoan/moi/", account_create, name="account_create")]
