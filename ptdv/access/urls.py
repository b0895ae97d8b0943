from django.urls import path

from ptdv.access import views
from ptdv.access.views import security

app_name = "access"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/bao-mat/", security.SecurityView.as_view(), name="security"),
    path("tai-khoan/xac-thuc/", security.OTPVerifyView.as_view(), name="otp_verify"),
    path("tai-khoan/doi-mat-khau/", security.PasswordChangeView.as_view(), name="password_change"),
    path("tai-khoan/", views.UserListView.as_view(), name="user_list"),
    path("tai-khoan/them/", views.UserCreateView.as_view(), name="user_create"),
    path("tai-khoan/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("tai-khoan/<int:pk>/mo-khoa/", security.UserUnlockView.as_view(), name="user_unlock"),
    path("tai-khoan/<int:pk>/dat-lai-xac-thuc/", security.UserOTPResetView.as_view(), name="user_otp_reset"),
    path("tai-khoan/<int:pk>/cap-quyen/", views.GrantCreateView.as_view(), name="grant_create"),
    path("tai-khoan/quyen/<int:pk>/thu-hoi/", views.GrantRevokeView.as_view(), name="grant_revoke"),
]
