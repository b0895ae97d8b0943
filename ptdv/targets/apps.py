from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "ptdv.targets"
    label = "targets"
    verbose_name = "Chỉ tiêu phát triển đảng viên"
    default_auto_field = "django.db.models.BigAutoField"
