from django.urls import path

from ptdv.people import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("them/", views.PersonCreateView.as_view(), name="person_create"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/cccd/", views.PersonNationalIdRevealView.as_view(), name="person_national_id"),
    path("<int:pk>/sua/", views.PersonUpdateView.as_view(), name="person_update"),
    path("<int:pk>/su-kien/", views.MembershipEventCreateView.as_view(), name="membership_event_create"),
    path(
        "su-kien/<int:pk>/dinh-chinh/",
        views.MembershipEventCorrectView.as_view(),
        name="membership_event_correct",
    ),
]
