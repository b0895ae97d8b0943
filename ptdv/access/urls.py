from django.urls import path

from ptdv.access import views

app_name = "access"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.UserListView.as_view(), name="user_list"),
    path("tai-khoan/them/", views.UserCreateView.as_view(), name="user_create"),
    path("tai-khoan/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("tai-khoan/<int:pk>/cap-quyen/", views.GrantCreateView.as_view(), name="grant_create"),
    path("tai-khoan/quyen/<int:pk>/thu-hoi/", views.GrantRevokeView.as_view(), name="grant_revoke"),
]
