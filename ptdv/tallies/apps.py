from django.apps import AppConfig


class TalliesConfig(AppConfig):
    name = "ptdv.tallies"
    label = "tallies"
    verbose_name = "Số liệu tổng hợp sẵn"
