"""The four role groups and their model permissions, created by the schema itself (not by the demo):
a production install (``dondoc setup``) has them after ``migrate``. Same rules as
``services.setup.ensure_roles``, frozen here. Also: Vietnamese names (verbose_name) for the fields the
admin showed in English (no change to the tables)."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ROLES = ("Văn phòng", "Lãnh đạo", "Đơn vị", "Quản trị")
REGISTRY_MODELS = ("unit", "unitalias", "unitgroup", "profile")
ADMIN_EXTRA = ("user", "group")


def create_role_groups(apps: Any, schema_editor: Any) -> None:
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations (post_migrate): create them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission = apps.get_model("auth", "Permission")
    groups = {name: group_model.objects.get_or_create(name=name)[0] for name in ROLES}
    registry = list(
        permission.objects.filter(content_type__app_label="tracking", content_type__model__in=REGISTRY_MODELS)
    )
    users = list(
        permission.objects.filter(content_type__app_label="auth", content_type__model__in=ADMIN_EXTRA)
    )
    lockouts = list(
        permission.objects.filter(
            content_type__app_label="axes", codename__in=("view_accessattempt", "delete_accessattempt")
        )
    )
    groups["Quản trị"].permissions.add(*registry, *users, *lockouts)
    groups["Văn phòng"].permissions.add(*registry)


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0005_one_pending_extension_per_task"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="audit_events",
                to="tracking.document",
                verbose_name="văn bản",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="task",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="audit_events",
                to="tracking.task",
                verbose_name="nhiệm vụ",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="audit_events",
                to="tracking.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người duyệt",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="extractor_version",
            field=models.CharField(blank=True, max_length=20, verbose_name="phiên bản bộ trích xuất"),
        ),
        migrations.AlterField(
            model_name="document",
            name="media_type",
            field=models.CharField(max_length=100, verbose_name="kiểu tệp"),
        ),
        migrations.AlterField(
            model_name="document",
            name="search_key",
            field=models.TextField(blank=True, editable=False, verbose_name="khóa tìm kiếm"),
        ),
        migrations.AlterField(
            model_name="document",
            name="sha256",
            field=models.CharField(max_length=64, unique=True, verbose_name="mã băm SHA-256"),
        ),
        migrations.AlterField(
            model_name="document",
            name="uploaded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người nhập",
            ),
        ),
        migrations.AlterField(
            model_name="extension",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="thời điểm đề nghị"),
        ),
        migrations.AlterField(
            model_name="extension",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thời điểm quyết định"),
        ),
        migrations.AlterField(
            model_name="extension",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người quyết định",
            ),
        ),
        migrations.AlterField(
            model_name="extension",
            name="requested_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người đề nghị",
            ),
        ),
        migrations.AlterField(
            model_name="extension",
            name="task",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="extensions",
                to="tracking.task",
                verbose_name="nhiệm vụ",
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="user",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="profile",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người dùng",
            ),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="author",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người báo cáo",
            ),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="thời điểm báo cáo"),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="task",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="tracking.task",
                verbose_name="nhiệm vụ",
            ),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="tracking.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AlterField(
            model_name="reportattachment",
            name="file",
            field=models.FileField(upload_to="reports/%Y/%m/", verbose_name="tệp"),
        ),
        migrations.AlterField(
            model_name="reportattachment",
            name="original_name",
            field=models.CharField(max_length=255, verbose_name="tên tệp"),
        ),
        migrations.AlterField(
            model_name="reportattachment",
            name="report",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="attachments",
                to="tracking.progressreport",
                verbose_name="báo cáo",
            ),
        ),
        migrations.AlterField(
            model_name="reportattachment",
            name="sha256",
            field=models.CharField(max_length=64, verbose_name="mã băm SHA-256"),
        ),
        migrations.AlterField(
            model_name="reportattachment",
            name="size",
            field=models.PositiveIntegerField(verbose_name="dung lượng (byte)"),
        ),
        migrations.AlterField(
            model_name="task",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo"),
        ),
        migrations.AlterField(
            model_name="task",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tasks",
                to="tracking.document",
                verbose_name="văn bản",
            ),
        ),
        migrations.AlterField(
            model_name="task",
            name="search_key",
            field=models.TextField(default="", editable=False, verbose_name="khóa tìm kiếm"),
        ),
        migrations.AlterField(
            model_name="task",
            name="split_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="split_into",
                to="tracking.task",
                verbose_name="tách từ nhiệm vụ",
            ),
        ),
        migrations.AlterField(
            model_name="task",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="cập nhật lần cuối"),
        ),
        migrations.AlterField(
            model_name="task",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="phiên bản"),
        ),
        migrations.AlterField(
            model_name="unit",
            name="name_key",
            field=models.CharField(db_index=True, editable=False, max_length=255, verbose_name="khóa tên"),
        ),
        migrations.AlterField(
            model_name="unitalias",
            name="alias_key",
            field=models.CharField(editable=False, max_length=255, unique=True, verbose_name="khóa tên"),
        ),
        migrations.AlterField(
            model_name="unitalias",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="aliases",
                to="tracking.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AlterField(
            model_name="unitgroup",
            name="name_key",
            field=models.CharField(editable=False, max_length=255, unique=True, verbose_name="khóa tên"),
        ),
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
