from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ptdv.reports"
    label = "reports"
    verbose_name = "Tiến độ và báo cáo"
