"""Django admin for the registry administrators (Quản trị) and the office."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from dondoc.tracking.admin_accounts import register as register_accounts
from dondoc.tracking.models import (
    AuditEvent,
    Document,
    Extension,
    Profile,
    ProgressReport,
    Task,
    Unit,
    UnitAlias,
    UnitGroup,
)


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Registry edits made in the Django admin write audit events like every other change."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        fields = ", ".join(form.changed_data) if change else ""
        verb = f"Sửa ({fields})" if change else "Thêm"
        changes: dict[str, tuple[Any, Any]] = {}
        if stored is not None:
            for name in form.changed_data:
                field = obj._meta.get_field(name) if hasattr(obj, name) else None
                if field is not None and field.concrete and not field.many_to_many:
                    changes[name] = (getattr(stored, name), getattr(obj, name))
        self._audit(
            request,
            obj,
            "admin.changed" if change else "admin.added",
            f"{verb} {obj._meta.verbose_name} «{obj}» trong trang quản trị.",
            changes,
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self._audit(
            request, obj, "admin.deleted", f"Xóa {obj._meta.verbose_name} «{obj}» trong trang quản trị."
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """The bulk action "delete selected": one audit event per object deleted."""
        for obj in queryset:
            self._audit(
                request,
                obj,
                "admin.deleted",
                f"Xóa {obj._meta.verbose_name} «{obj}» trong trang quản trị (xóa hàng loạt).",
            )
        super().delete_queryset(request, queryset)

    def _audit(
        self,
        request: HttpRequest,
        obj: Model,
        action: str,
        message: str,
        changes: dict[str, tuple[Any, Any]] | None = None,
    ) -> None:
        from dondoc.tracking.services import audit

        unit = obj if isinstance(obj, Unit) else None
        if isinstance(obj, Profile):  # a user's unit
            unit = obj.unit
        audit.record(request.user, action, message, unit=unit, changes=changes)


class AliasInline(admin.TabularInline):  # type: ignore[type-arg]
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "name_key", "aliases__alias")
    filter_horizontal = ("successors",)
    inlines = [AliasInline]


@admin.register(UnitGroup)
class UnitGroupAdmin(AuditedAdmin):
    list_display = ("name",)
    filter_horizontal = ("members",)


@admin.register(Profile)
class ProfileAdmin(AuditedAdmin):
    list_display = ("user", "unit")
    autocomplete_fields = ("unit",)


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    list_display = ("number", "doc_type", "issued_date", "state", "created_at")
    list_filter = ("state", "source")
    search_fields = ("number", "title", "original_name")
    readonly_fields = ("sha256", "extraction", "normalized_text")


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ("id", "document", "lead", "deadline", "state")
    list_filter = ("state",)
    search_fields = ("content",)
    raw_id_fields = ("document", "lead", "split_from", "repeat_of")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "actor", "action", "message")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


register_accounts(admin.site)
admin.site.register(ProgressReport)
admin.site.register(Extension)
admin.site.site_header = "Đôn đốc — quản trị"
admin.site.site_title = "Đôn đốc"
