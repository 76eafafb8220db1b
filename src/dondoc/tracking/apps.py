from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "dondoc.tracking"
    label = "tracking"
    verbose_name = "Theo dõi nhiệm vụ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dondoc.tracking import signals  # noqa: F401 - connects the receivers
