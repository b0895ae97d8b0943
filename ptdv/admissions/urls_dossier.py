"""Dossier file pages (included by urls.py)."""

from django.urls import path

from ptdv.admissions.views import dossier

urlpatterns: list = [
    path(
        "ho-so/<int:pk>/giay-to/tai-len/", dossier.DossierFileUploadView.as_view(), name="dossier_file_upload"
    ),
    path(
        "ho-so/<int:pk>/giay-to/lich-su/",
        dossier.DossierFileHistoryView.as_view(),
        name="dossier_file_history",
    ),
    path("giay-to/<int:pk>/", dossier.DossierFileView.as_view(), name="dossier_file_view"),
]
