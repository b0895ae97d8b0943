"""URL map. Vietnamese paths, English names (app:model_action)."""

from django.urls import include, path

from ptdv.organizations.views import HomeView, health

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("suc-khoe/", health, name="health"),
    path("", include("ptdv.access.urls")),
    path("to-chuc/", include("ptdv.organizations.urls")),
    path("nhan-su/", include("ptdv.people.urls")),
    path("nhat-ky/", include("ptdv.audit.urls")),
    path("ket-nap/", include("ptdv.admissions.urls")),
    path("chi-tieu/", include("ptdv.targets.urls")),
    path("bao-cao/", include("ptdv.reports.urls")),
    path("nhap-du-lieu/", include("ptdv.spreadsheets.urls")),
    path("api/", include("ptdv.api.urls")),
]
