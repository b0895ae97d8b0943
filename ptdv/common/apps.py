from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "ptdv.common"
    label = "common"
