"""Target pages: /chi-tieu/ … (targets), /chi-tieu/doi-tuong/ … (categories), /chi-tieu/nhiem-ky/ … (terms)."""

from django.urls import path

from ptdv.targets import views

app_name = "targets"

urlpatterns = [
    path("", views.TargetListView.as_view(), name="target_list"),
    path("them/", views.TargetCreateView.as_view(), name="target_create"),
    path("<int:pk>/sua/", views.TargetUpdateView.as_view(), name="target_update"),
    path("<int:pk>/xoa/", views.TargetDeleteView.as_view(), name="target_delete"),
    path("doi-tuong/", views.CategoryListView.as_view(), name="category_list"),
    path("doi-tuong/them/", views.CategoryCreateView.as_view(), name="category_create"),
    path("doi-tuong/<int:pk>/sua/", views.CategoryUpdateView.as_view(), name="category_update"),
    path("nhiem-ky/", views.TermListView.as_view(), name="term_list"),
    path("nhiem-ky/them/", views.TermCreateView.as_view(), name="term_create"),
    path("nhiem-ky/<int:pk>/sua/", views.TermUpdateView.as_view(), name="term_update"),
]
