"""Repeated wrong passwords lock the username for a while; an admin of the account may lift it."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from ptdv.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-1"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng"
LOCKED = "Tài khoản tạm khóa"
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def sign_in(client, username, password, agent="Trình duyệt thử"):
    return client.post(
        reverse("access:login"), {"username": username, "password": password}, HTTP_USER_AGENT=agent
    )


def fail(client, username, times, **kwargs):
    return [sign_in(client, username, "sai-mat-khau", **kwargs) for _ in range(times)]


def test_a_wrong_password_says_so_without_telling_whether_the_username_exists(client, clerk):
    wrong_password = sign_in(client, clerk.username, "sai-mat-khau").content.decode()
    unknown_user = sign_in(client, "khong-ai-ca", "sai-mat-khau").content.decode()
    assert WRONG in wrong_password and WRONG in unknown_user
    assert "không tồn tại" not in wrong_password + unknown_user


@time_machine.travel(START, tick=False)
def test_five_wrong_passwords_lock_the_account_and_even_the_right_one_is_refused(client, clerk):
    responses = fail(client, clerk.username, 5)
    assert all(WRONG in r.content.decode() for r in responses[:4])
    assert responses[4].status_code == 429

    refused = sign_in(client, clerk.username, PASSWORD)
    page = refused.content.decode()
    assert refused.status_code == 429
    assert LOCKED in page and "thử lại sau 30 phút" in page and "liên hệ quản trị viên" in page
    assert "_auth_user_id" not in client.session


def test_the_right_password_works_again_after_the_cool_off(client, clerk):
    with time_machine.travel(START, tick=False) as traveller:
        fail(client, clerk.username, 5)
        traveller.shift(dt.timedelta(minutes=29))
        assert sign_in(client, clerk.username, PASSWORD).status_code == 429
        traveller.shift(dt.timedelta(minutes=31))
        response = sign_in(client, clerk.username, PASSWORD)
    assert response.status_code == 302 and response.url == "/"


@time_machine.travel(START, tick=False)
def test_failures_from_different_browsers_and_addresses_add_up_for_one_username(client, clerk):
    for number in range(5):
        client.post(
            reverse("access:login"),
            {"username": clerk.username, "password": "sai"},
            HTTP_USER_AGENT=f"Trình duyệt {number}",
            REMOTE_ADDR=f"10.0.0.{number}",
        )
    assert sign_in(client, clerk.username, PASSWORD, agent="Trình duyệt mới").status_code == 429


@time_machine.travel(START, tick=False)
def test_a_locked_username_does_not_lock_colleagues_behind_the_same_address(
    client, clerk, provincial_officer
):
    fail(client, clerk.username, 5)
    assert sign_in(client, provincial_officer.username, PASSWORD).status_code == 302


@time_machine.travel(START, tick=False)
def test_a_success_before_the_limit_starts_the_count_again(client, clerk):
    fail(client, clerk.username, 4)
    assert sign_in(client, clerk.username, PASSWORD).status_code == 302
    client.logout()
    fail(client, clerk.username, 4)
    assert sign_in(client, clerk.username, PASSWORD).status_code == 302


@time_machine.travel(START, tick=False)
def test_an_admin_in_scope_sees_the_lock_and_unlocks_it_with_an_audit_event(
    client, clerk, provincial_officer
):
    fail(client, clerk.username, 5)
    client.force_login(provincial_officer)
    detail = client.get(clerk.get_absolute_url()).content.decode()
    assert (
        "Tạm khóa" in detail and "Mở khóa đăng nhập" in detail and "15:30 ngày 02/03/2026" in detail
    )  # 08:00 UTC + 30 min, Hà Nội time

    response = client.post(reverse("access:user_unlock", args=[clerk.pk]))
    assert response.url == clerk.get_absolute_url()
    assert not AccessAttempt.objects.filter(username=clerk.username).exists()
    event = AuditEvent.objects.get(code="user.login_unlocked")
    assert event.actor == provincial_officer and event.target_id == str(clerk.pk)
    assert event.before == {"failures": 5}

    client.logout()
    assert sign_in(client, clerk.username, PASSWORD).status_code == 302


@time_machine.travel(START, tick=False)
def test_an_admin_out_of_scope_cannot_unlock_and_gets_a_404(client, clerk, unrelated_officer):
    fail(client, clerk.username, 5)
    client.force_login(unrelated_officer)
    assert client.post(reverse("access:user_unlock", args=[clerk.pk])).status_code == 404
    assert client.get(reverse("access:user_unlock", args=[clerk.pk])).status_code == 404
    assert AccessAttempt.objects.filter(username=clerk.username).exists()
    assert not AuditEvent.objects.filter(code="user.login_unlocked").exists()


def test_the_unlock_confirmation_page_asks_before_acting(client, clerk, provincial_officer):
    client.force_login(provincial_officer)
    page = client.get(reverse("access:user_unlock", args=[clerk.pk])).content.decode()
    assert "Cho phép nhaplieu đăng nhập lại ngay" in page
    assert timezone.now()  # the page itself changes nothing
    assert not AuditEvent.objects.filter(code="user.login_unlocked").exists()
