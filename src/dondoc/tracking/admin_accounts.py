"""User accounts in the Django admin: what a registry administrator (Quản trị, not a superuser) may do.

A superuser keeps Django's full user admin. Anyone else who may edit users:

- never sees ``is_superuser``, ``is_staff`` nor ``user_permissions`` (the form has no such field, so
  a forged POST that sends them changes nothing); access to the admin (``is_staff``) follows the
  roles instead: Quản trị and Văn phòng have it, the others do not;
- may give only the roles (groups) whose permissions it holds itself, and cannot change its own roles
  nor deactivate itself;
- cannot change, deactivate or delete a superuser (nor set a superuser's password);
- may only read groups: the permissions of a role are set by a superuser.

Every change of an account's roles, unit, flags or permissions writes an AuditEvent with the old and
new values, whoever makes it in the admin, and so do the bulk actions (lock, unlock, delete).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from dondoc.tracking.models import Profile, Role

STAFF_ROLES = frozenset({Role.ADMIN.value, Role.OFFICE.value})
FIELD_LABELS = {
    "groups": "vai trò",
    "unit": "đơn vị",
    "is_active": "đang hoạt động",
    "is_staff": "vào trang quản trị",
    "is_superuser": "siêu quản trị",
    "user_permissions": "quyền riêng",
}
_BEFORE = "_dondoc_account_before"


def account_state(user: User) -> dict[str, Any]:
    """What the audit compares: roles, unit, flags and the account's own permissions."""
    fresh = User.objects.filter(pk=user.pk).first()
    if fresh is None:
        return {}
    profile = Profile.objects.filter(user=fresh).select_related("unit").first()
    return {
        "groups": sorted(fresh.groups.values_list("name", flat=True)),
        "unit": profile.unit.name if profile is not None and profile.unit is not None else None,
        "is_active": fresh.is_active,
        "is_staff": fresh.is_staff,
        "is_superuser": fresh.is_superuser,
        "user_permissions": sorted(
            f"{app}.{code}"
            for app, code in fresh.user_permissions.values_list("content_type__app_label", "codename")
        ),
    }


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def audit_account(
    request: HttpRequest, user: User, action: str, verb: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    from dondoc.tracking.services import audit

    keys = list(after) or list(before)
    changes = {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}
    if not changes and action == "user.changed":
        return
    parts = [f"{FIELD_LABELS.get(k, k)}: {_shown(a)} → {_shown(b)}" for k, (a, b) in changes.items()]
    detail = f" ({'; '.join(parts)})" if parts else ""
    audit.record(
        request.user,
        action,
        f"{verb} tài khoản «{user.username}» trong trang quản trị{detail}.",
        changes=changes,
    )


def held_permissions(user: Any) -> set[str]:
    perms: set[str] = user.get_all_permissions()
    return perms


def grantable_groups(request: HttpRequest) -> QuerySet[Group]:
    """The groups whose every permission the editor holds itself."""
    if request.user.is_superuser:
        return Group.objects.all()
    held = held_permissions(request.user)
    allowed = [
        g.pk
        for g in Group.objects.prefetch_related("permissions__content_type")
        if {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all()} <= held
    ]
    return Group.objects.filter(pk__in=allowed)


class ProfileInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Profile
    can_delete = False
    autocomplete_fields = ("unit",)
    verbose_name = "đơn vị"
    verbose_name_plural = "đơn vị"


class AccountAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = [ProfileInline]
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff")
    actions = ["lock_accounts", "unlock_accounts"]

    # ---------------------------------------------------------------- what a non-superuser sees
    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        hidden = {"is_superuser", "is_staff", "user_permissions"}
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f not in hidden)})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and obj is not None and obj.pk == request.user.pk:
            readonly += ["groups", "is_active"]  # nobody raises (or locks) itself
        return readonly

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser or "groups" not in form.base_fields:
            return form
        allowed = grantable_groups(request)

        class LimitedForm(form):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                self.fields["groups"].queryset = allowed

            def clean_groups(self) -> Any:
                groups = self.cleaned_data.get("groups")
                if groups is not None:
                    refused = [g.name for g in groups if not allowed.filter(pk=g.pk).exists()]
                    if refused:
                        raise forms.ValidationError(
                            "Bạn không được giao vai trò có quyền mà bạn không có: "
                            + ", ".join(refused)
                            + "."
                        )
                return groups

        return LimitedForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if (
            obj is not None
            and not request.user.is_superuser
            and (obj.is_superuser or obj.pk == request.user.pk)
        ):
            return False
        return super().has_delete_permission(request, obj)

    # ---------------------------------------------------------------------- saving, with audit
    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        if not request.user.is_superuser:
            self._refuse_escalation(request, obj, form)
        setattr(request, _BEFORE, account_state(obj) if change else {})
        super().save_model(request, obj, form, change)

    def _refuse_escalation(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> None:
        """The form already lacks these fields; this is the last line, for any other way in."""
        stored = User.objects.filter(pk=obj.pk).first() if obj.pk else None
        if obj.is_superuser and (stored is None or not stored.is_superuser):
            raise PermissionDenied("Chỉ siêu quản trị mới cấp được quyền siêu quản trị.")
        if stored is not None and stored.is_superuser:
            raise PermissionDenied("Chỉ siêu quản trị mới sửa được tài khoản siêu quản trị.")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user: User = form.instance
        if not request.user.is_superuser:
            if user.user_permissions.exclude(pk__in=self._held_permission_ids(request)).exists():
                raise PermissionDenied("Bạn không được cấp quyền mà bạn không có.")
            staff = bool(STAFF_ROLES & set(user.groups.values_list("name", flat=True)))
            if user.is_staff != staff:
                User.objects.filter(pk=user.pk).update(is_staff=staff)
                user.is_staff = staff
        before = getattr(request, _BEFORE, {})
        after = account_state(user)
        if change:
            audit_account(request, user, "user.changed", "Sửa", before, after)
        else:
            audit_account(request, user, "user.added", "Thêm", {}, after)

    def _held_permission_ids(self, request: HttpRequest) -> list[int]:
        held = held_permissions(request.user)
        return [
            p.pk
            for p in Permission.objects.select_related("content_type")
            if f"{p.content_type.app_label}.{p.codename}" in held
        ]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_account(request, obj, "user.deleted", "Xóa", account_state(obj), {})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        if not request.user.is_superuser and (
            queryset.filter(is_superuser=True).exists() or queryset.filter(pk=request.user.pk).exists()
        ):
            raise PermissionDenied("Không được xóa tài khoản siêu quản trị hoặc tài khoản của chính mình.")
        for user in queryset:
            audit_account(request, user, "user.deleted", "Xóa", account_state(user), {})
        super().delete_queryset(request, queryset)

    # ----------------------------------------------------------------------------- bulk actions
    def _set_active(self, request: HttpRequest, queryset: QuerySet[Any], active: bool) -> None:
        done = skipped = 0
        for user in queryset:
            protected = not request.user.is_superuser and (user.is_superuser or user.pk == request.user.pk)
            if protected or user.is_active == active:
                skipped += protected
                continue
            before = account_state(user)
            User.objects.filter(pk=user.pk).update(is_active=active)
            audit_account(
                request, user, "user.changed", "Mở khóa" if active else "Khóa", before, account_state(user)
            )
            done += 1
        verb = "Đã mở khóa" if active else "Đã khóa"
        self.message_user(request, f"{verb} {done} tài khoản.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"Bỏ qua {skipped} tài khoản (siêu quản trị hoặc tài khoản của chính bạn).",
                messages.WARNING,
            )

    @admin.action(description="Khóa các tài khoản đã chọn", permissions=["change"])
    def lock_accounts(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_active(request, queryset, False)

    @admin.action(description="Mở khóa các tài khoản đã chọn", permissions=["change"])
    def unlock_accounts(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_active(request, queryset, True)


class RoleGroupAdmin(GroupAdmin):
    """Groups are the roles: only a superuser changes them or their permissions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        from dondoc.tracking.services import audit

        before = sorted(form.instance.permissions.values_list("codename", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(form.instance.permissions.values_list("codename", flat=True))
        if before != after or not change:
            audit.record(
                request.user,
                "group.changed" if change else "group.added",
                f"{'Sửa' if change else 'Thêm'} vai trò «{form.instance.name}» trong trang quản trị.",
                changes={"permissions": (before, after)},
            )


def register(site: admin.AdminSite) -> None:
    for model in (User, Group):
        if site.is_registered(model):
            site.unregister(model)
    site.register(User, AccountAdmin)
    site.register(Group, RoleGroupAdmin)
