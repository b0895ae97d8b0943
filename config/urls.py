"""URL map."""

from django.urls import include, path

urlpatterns = []
