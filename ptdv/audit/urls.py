from django.urls import path

from ptdv.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditEventListView.as_view(), name="auditevent_list"),
    path("truy-cap/", views.AccessRecordListView.as_view(), name="accessrecord_list"),
]
