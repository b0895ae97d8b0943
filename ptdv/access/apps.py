from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "ptdv.access"
    label = "access"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self) -> None:
        from ptdv.access import signals  # noqa: F401  (connects the sign-in receiver)
