from django.urls import path

from ptdv.spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.ImportJobListView.as_view(), name="importjob_list"),
    path("moi/", views.ImportJobCreateView.as_view(), name="importjob_create"),
    path("mau/<str:kind>.xlsx", views.TemplateDownloadView.as_view(), name="template_download"),
    path("<int:pk>/", views.ImportJobDetailView.as_view(), name="importjob_detail"),
    path("<int:pk>/tien-do/", views.ImportJobProgressView.as_view(), name="importjob_progress"),
    path("<int:pk>/chon-cot/", views.ImportJobMapView.as_view(), name="importjob_map"),
    path("<int:pk>/trung/", views.ImportJobDecideView.as_view(), name="importjob_decide"),
    path("<int:pk>/chay-thu/", views.ImportJobDryRunView.as_view(), name="importjob_dry_run"),
    path("<int:pk>/nhap/", views.ImportJobCommitView.as_view(), name="importjob_commit"),
    path("<int:pk>/dong-loi.xlsx", views.RejectedDownloadView.as_view(), name="importjob_rejected"),
    path("<int:pk>/tep-goc/", views.OriginalDownloadView.as_view(), name="importjob_original"),
]
