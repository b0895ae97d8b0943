from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "ptdv.admissions"
    label = "admissions"
    verbose_name = "Kết nạp đảng viên"
    default_auto_field = "django.db.models.BigAutoField"
