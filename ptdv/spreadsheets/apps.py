from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ptdv.spreadsheets"
    verbose_name = "Nhập, xuất bảng tính"
