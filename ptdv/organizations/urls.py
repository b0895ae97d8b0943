from django.urls import path

from ptdv.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationTreeView.as_view(), name="organization_tree"),
    path("chon/", views.organization_pick, name="organization_pick"),
    path("sap-nhap/", views.OrganizationMergeView.as_view(), name="organization_merge"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("<int:pk>/con/", views.OrganizationChildrenView.as_view(), name="organization_children"),
    path("<int:pk>/them/", views.OrganizationCreateView.as_view(), name="organization_create"),
    path("<int:pk>/sua/", views.OrganizationUpdateView.as_view(), name="organization_update"),
    path("<int:pk>/doi-ten/", views.OrganizationRenameView.as_view(), name="organization_rename"),
    path("<int:pk>/chuyen/", views.OrganizationMoveView.as_view(), name="organization_move"),
    path("<int:pk>/giai-the/", views.OrganizationDissolveView.as_view(), name="organization_dissolve"),
    path("<int:pk>/dan-so/", views.PopulationSetView.as_view(), name="population_set"),
]
