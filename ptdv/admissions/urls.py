"""Admission pages: the pipeline board, candidacies and their steps, courses, dossiers, to-do."""

from django.urls import path

from ptdv.admissions import urls_courses, urls_dossier
from ptdv.admissions.views import candidacies, parts, pick, todo

app_name = "admissions"

urlpatterns = [
    path("", candidacies.PipelineBoardView.as_view(), name="pipeline_board"),
    path("moi/", candidacies.CandidacyCreateView.as_view(), name="candidacy_create"),
    path("ho-so/<int:pk>/", candidacies.CandidacyDetailView.as_view(), name="candidacy_detail"),
    path("ho-so/<int:pk>/buoc/", candidacies.CandidacyStepView.as_view(), name="candidacy_step"),
    path("ho-so/<int:pk>/gioi-thieu/", parts.IntroductionAddView.as_view(), name="introduction_add"),
    path("gioi-thieu/<int:pk>/thay/", parts.IntroductionEndView.as_view(), name="introduction_end"),
    path("ho-so/<int:pk>/tham-tra/", parts.VerificationAddView.as_view(), name="verification_add"),
    path("tham-tra/<int:pk>/", parts.VerificationUpdateView.as_view(), name="verification_update"),
    path("ho-so/<int:pk>/mau/<str:code>/", parts.CandidacyFormDownloadView.as_view(), name="candidacy_form"),
    path("viec-can-lam/", todo.TodoView.as_view(), name="todo"),
    path("thong-bao/", todo.NotificationListView.as_view(), name="notification_list"),
    path("quy-tac/", todo.RulesView.as_view(), name="rules"),
    path("chon-dang-vien/", pick.member_pick, name="member_pick"),
    *urls_courses.urlpatterns,
    *urls_dossier.urlpatterns,
]
