"""Awareness-course pages (included by urls.py)."""

from django.urls import path

from ptdv.admissions.views import courses

urlpatterns: list = [
    path("lop-hoc/", courses.CourseListView.as_view(), name="course_list"),
    path("lop-hoc/mo-lop/", courses.CourseCreateView.as_view(), name="course_create"),
    path("lop-hoc/<int:pk>/", courses.CourseDetailView.as_view(), name="course_detail"),
    path("lop-hoc/<int:pk>/ghi-danh/", courses.CourseEnrolView.as_view(), name="course_enrol"),
    path("lop-hoc/<int:pk>/hoan-thanh/", courses.CourseCompleteView.as_view(), name="course_complete"),
]
