"""Django admin for the registry administrators (Quản trị) and the office."""

from django.contrib import admin

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


class AliasInline(admin.TabularInline):  # type: ignore[type-arg]
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "short_name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "name_key", "aliases__alias")
    filter_horizontal = ("successors",)
    inlines = [AliasInline]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name",)
    filter_horizontal = ("members",)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "unit")
    autocomplete_fields = ("unit",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "doc_type", "issued_date", "state", "created_at")
    list_filter = ("state", "source")
    search_fields = ("number", "title", "original_name")
    readonly_fields = ("sha256", "extraction", "normalized_text")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
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


admin.site.register(ProgressReport)
admin.site.register(Extension)
admin.site.site_header = "Đôn đốc — quản trị"
admin.site.site_title = "Đôn đốc"
