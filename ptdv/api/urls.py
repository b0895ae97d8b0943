"""API URL map: /api/<resource>/ (English names from the glossary), the schema, the docs, the keys page."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from ptdv.api.views.candidacies import CandidacyViewSet
from ptdv.api.views.courses import CourseViewSet
from ptdv.api.views.docs import ApiDocsView, ApiSchemaView
from ptdv.api.views.organizations import OrganizationViewSet
from ptdv.api.views.people import PersonViewSet
from ptdv.api.views.progress import ProgressView
from ptdv.api.views.targets import TargetViewSet
from ptdv.api.views.tokens import ApiTokenListView, ApiTokenRevokeView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.include_format_suffixes = False
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("people", PersonViewSet, basename="person")
router.register("candidacies", CandidacyViewSet, basename="candidacy")
router.register("courses", CourseViewSet, basename="course")
router.register("targets", TargetViewSet, basename="target")

urlpatterns = [
    path("khoa/", ApiTokenListView.as_view(), name="token_list"),
    path("khoa/<int:pk>/thu-hoi/", ApiTokenRevokeView.as_view(), name="token_revoke"),
    path("schema/", ApiSchemaView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("progress/", ProgressView.as_view(), name="progress"),
    path("", include(router.urls)),
]
