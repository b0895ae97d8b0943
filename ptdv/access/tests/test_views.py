"""Accounts: organisation admins manage accounts only inside their subtree, and never hand out more."""

from django.urls import reverse

from ptdv.access.models import Grant, User
from ptdv.access.roles import Role
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import make_user


def new_account(org, **overrides):
    return {
        "username": "bithu.toan",
        "last_name": "Nguyễn Văn",
        "first_name": "Bảy",
        "password": "Chibo-Toan-2026",
        "organization": org.pk,
        "role": Role.CLERK,
        **overrides,
    }


def test_a_provincial_admin_creates_a_cell_secretary_account_with_a_clerk_grant(
    client, provincial_officer, tree
):
    client.force_login(provincial_officer)
    response = client.post(reverse("access:user_create"), new_account(tree.cell))
    user = User.objects.get(username="bithu.toan")
    assert response.url == user.get_absolute_url()
    assert list(user.grants.values_list("organization", "role")) == [(tree.cell.pk, Role.CLERK)]
    assert user.check_password("Chibo-Toan-2026")
    assert {"user.created", "grant.created"} <= set(AuditEvent.objects.values_list("code", flat=True))
    assert "Tạo tài khoản" in client.get(user.get_absolute_url()).content.decode()


def test_the_new_secretary_can_log_in_and_sees_only_their_cell(client, provincial_officer, tree):
    client.force_login(provincial_officer)
    client.post(reverse("access:user_create"), new_account(tree.cell))
    client.logout()
    response = client.post(
        reverse("access:login"), {"username": "bithu.toan", "password": "Chibo-Toan-2026"}, follow=True
    )
    page = response.content.decode()
    assert "Chi bộ Tổ Toán" in page and "Đảng bộ xã An Bình" not in page


def test_an_organisation_admin_cannot_make_a_national_admin(client, provincial_officer, tree):
    client.force_login(provincial_officer)
    response = client.post(reverse("access:user_create"), new_account(tree.cell, role=Role.NATIONAL_ADMIN))
    assert "Chỉ quản trị toàn quốc mới cấp được" in response.content.decode()
    assert not User.objects.filter(username="bithu.toan").exists()


def test_an_admin_cannot_grant_on_an_organisation_outside_their_subtree(client, unrelated_officer, tree):
    client.force_login(unrelated_officer)
    response = client.post(reverse("access:user_create"), new_account(tree.cell))
    assert response.status_code == 200 and not User.objects.filter(username="bithu.toan").exists()


def test_a_weak_password_and_a_username_with_diacritics_are_explained(client, provincial_officer, tree):
    client.force_login(provincial_officer)
    page = client.post(
        reverse("access:user_create"), new_account(tree.cell, username="bíthư", password="123")
    ).content.decode()
    assert "Tên đăng nhập chỉ gồm chữ không dấu" in page
    assert "Mật khẩu" in page and "quá ngắn" in page
    assert not User.objects.exclude(username__in=["tinh"]).exists()


def test_revoking_a_grant_removes_the_access_and_is_audited(client, provincial_officer, tree):
    secretary = make_user("bithu", org=tree.cell, role=Role.CLERK)
    grant = secretary.grants.get()
    client.force_login(provincial_officer)
    assert "Thu hồi vai trò" in client.get(reverse("access:grant_revoke", args=[grant.pk])).content.decode()
    client.post(reverse("access:grant_revoke", args=[grant.pk]))
    assert not Grant.objects.filter(pk=grant.pk).exists()
    event = AuditEvent.objects.get(code="grant.revoked")
    assert event.before == {"user": "bithu", "organization": "Chi bộ Tổ Toán", "role": "clerk"}


def test_people_who_administer_nothing_do_not_see_account_or_audit_pages(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("access:user_list")).status_code == 404
    assert client.get(reverse("audit:auditevent_list")).status_code == 404
    assert "Tài khoản</a>" not in client.get(reverse("home")).content.decode()


def test_a_wrong_password_gets_a_vietnamese_message(client, clerk):
    page = client.post(
        reverse("access:login"), {"username": clerk.username, "password": "sai"}
    ).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page
