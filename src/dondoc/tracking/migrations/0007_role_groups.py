"""The four role groups and their model permissions, created by the schema itself (not by the demo):
a production install (``dondoc setup``) has them after ``migrate``. Same rules as
``services.setup.ensure_roles``, frozen here."""

from typing import Any

from django.db import migrations

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
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
