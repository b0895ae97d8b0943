"""Report pages under /bao-cao/."""

from django.urls import path

from ptdv.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("da-ket-nap/", views.AdmittedListView.as_view(), name="admitted_list"),
    path("tai-ve/bao-cao.docx", views.ReportDownloadView.as_view(fmt="docx"), name="report_docx"),
    path("tai-ve/bao-cao.pdf", views.ReportDownloadView.as_view(fmt="pdf"), name="report_pdf"),
    path("tai-ve/2-btctw.xlsx", views.StatFormDownloadView.as_view(), name="stat_form_xlsx"),
]
