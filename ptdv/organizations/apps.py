from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "ptdv.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng"
