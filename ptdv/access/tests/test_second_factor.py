"""Two-step sign-in: compulsory for admins, optional for others, reset by an admin of the account."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ptdv.access.views.security import SESSION_PENDING_KEY
from ptdv.audit.models import AuditEvent
from ptdv.common.tests.test_urls import all_url_names

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]
PASSWORD = "mat-khau-thu-1"
NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
SECURITY = reverse("access:security")
VERIFY = reverse("access:otp_verify")
EXEMPT = {"access:login", "access:logout", "access:security", "access:otp_verify", "health"}


def code_for(key_hex: str, at: dt.datetime = NOW) -> str:
    with time_machine.travel(at, tick=False):
        return f"{totp(bytes.fromhex(key_hex)):06d}"


def enrol(client) -> TOTPDevice:
    client.get(SECURITY)
    key = client.session[SESSION_PENDING_KEY]
    client.post(SECURITY, {"action": "enrol", "token": code_for(key)})
    return TOTPDevice.objects.filter(confirmed=True).latest("pk")


def sign_in_with_password(client, username):
    return client.post(reverse("access:login"), {"username": username, "password": PASSWORD})


@time_machine.travel(NOW, tick=False)
def test_an_admin_without_a_second_factor_is_sent_to_enrol_from_every_page(client, provincial_officer):
    client.force_login(provincial_officer)
    for path in [
        reverse("access:user_list"),
        reverse("audit:auditevent_list"),
        reverse("organizations:organization_tree"),
        reverse("access:password_change"),
        "/",
    ]:
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(f"{SECURITY}?next="), path
    checked = 0
    for name, args in all_url_names():
        if args or name in EXEMPT or name.startswith("api:"):
            continue
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(SECURITY), name
        checked += 1
    assert checked >= 15


@time_machine.travel(NOW, tick=False)
def test_the_enrolment_page_shows_a_qr_code_and_the_secret_as_text(client, provincial_officer):
    client.force_login(provincial_officer)
    page = client.get(SECURITY).content.decode()
    assert "Tài khoản quản trị phải bật xác thực hai bước" in page
    assert 'src="data:image/svg+xml' in page
    secret = client.session[SESSION_PENDING_KEY]
    assert len(secret) == 40 and "otpauth://totp/" in page
    assert not TOTPDevice.objects.exists()  # nothing is stored before a first code proves the secret


@time_machine.travel(NOW, tick=False)
def test_after_enrolling_with_a_first_code_the_admin_reaches_the_admin_pages(client, provincial_officer):
    client.force_login(provincial_officer)
    client.get(SECURITY)
    key = client.session[SESSION_PENDING_KEY]
    response = client.post(
        SECURITY, {"action": "enrol", "token": code_for(key), "next": reverse("access:user_list")}
    )
    assert response.url == reverse("access:user_list")
    assert client.get(reverse("access:user_list")).status_code == 200
    assert client.get(reverse("audit:auditevent_list")).status_code == 200
    device = TOTPDevice.objects.get(user=provincial_officer)
    assert device.confirmed and device.key == key
    event = AuditEvent.objects.get(code="user.otp_enrolled")
    assert event.actor == provincial_officer and event.target_id == str(provincial_officer.pk)


@time_machine.travel(NOW, tick=False)
def test_a_wrong_first_code_is_refused_with_a_message(client, provincial_officer):
    client.force_login(provincial_officer)
    client.get(SECURITY)
    key = client.session[SESSION_PENDING_KEY]
    wrong = code_for(key, NOW + dt.timedelta(minutes=10))
    page = client.post(SECURITY, {"action": "enrol", "token": wrong}).content.decode()
    assert "Mã xác thực không đúng hoặc đã hết hạn" in page
    assert not TOTPDevice.objects.exists()


def test_signing_in_again_asks_for_the_code_and_a_wrong_code_is_refused(client, provincial_officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # retry at once; throttling has its own test
    with time_machine.travel(NOW, tick=False) as traveller:
        client.force_login(provincial_officer)
        device = enrol(client)
        client.logout()
        traveller.shift(dt.timedelta(minutes=2))

        assert sign_in_with_password(client, provincial_officer.username).url == "/"
        home = client.get("/")
        assert home.status_code == 302 and home.url.startswith(f"{VERIFY}?next=")
        assert client.get(reverse("access:user_list")).url.startswith(VERIFY)

        wrong = code_for(device.key, NOW - dt.timedelta(minutes=10))
        page = client.post(VERIFY, {"token": wrong, "next": "/"}).content.decode()
        assert "Mã xác thực không đúng hoặc đã hết hạn" in page
        right = code_for(device.key, NOW + dt.timedelta(minutes=2))
        response = client.post(VERIFY, {"token": right, "next": reverse("access:user_list")})
        assert response.url == reverse("access:user_list")
        assert client.get(reverse("access:user_list")).status_code == 200


def test_quick_repeated_wrong_codes_are_slowed_down(client, provincial_officer):
    with time_machine.travel(NOW, tick=False):
        client.force_login(provincial_officer)
        device = enrol(client)
        client.logout()
        sign_in_with_password(client, provincial_officer.username)
        client.post(VERIFY, {"token": "000000"})
        page = client.post(VERIFY, {"token": code_for(device.key)}).content.decode()
    assert "Hãy đợi 1 giây" in page
    assert client.get("/").status_code == 302


def test_the_verify_step_does_not_follow_a_next_address_to_another_site(client, provincial_officer):
    with time_machine.travel(NOW, tick=False) as traveller:
        client.force_login(provincial_officer)
        device = enrol(client)
        client.logout()
        traveller.shift(dt.timedelta(minutes=1))
        sign_in_with_password(client, provincial_officer.username)
        token = code_for(device.key, NOW + dt.timedelta(minutes=1))
        response = client.post(VERIFY, {"token": token, "next": "https://ke-gian.example/"})
    assert response.url == "/"


@time_machine.travel(NOW, tick=False)
def test_a_clerk_without_a_second_factor_uses_the_site(client, clerk):
    client.force_login(clerk)
    assert client.get("/").status_code == 200
    assert client.get(reverse("people:person_list")).status_code == 200
    assert "Bật thêm một lớp bảo vệ" in client.get(SECURITY).content.decode()


def test_a_clerk_who_turned_it_on_must_give_the_code_and_can_turn_it_off_with_the_password(client, clerk):
    with time_machine.travel(NOW, tick=False) as traveller:
        client.force_login(clerk)
        device = enrol(client)
        client.logout()
        traveller.shift(dt.timedelta(minutes=1))
        sign_in_with_password(client, clerk.username)
        assert client.get("/").url.startswith(VERIFY)
        assert client.get(SECURITY).url.startswith(VERIFY)  # nothing changes before the code
        client.post(VERIFY, {"token": code_for(device.key, NOW + dt.timedelta(minutes=1))})

        refused = client.post(SECURITY, {"action": "remove", "password": "sai"}).content.decode()
        assert "Mật khẩu hiện tại không đúng" in refused and TOTPDevice.objects.exists()
        client.post(SECURITY, {"action": "remove", "password": PASSWORD})
        assert client.get("/").status_code == 200
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(code="user.otp_removed", target_id=str(clerk.pk)).exists()


@time_machine.travel(NOW, tick=False)
def test_an_admin_cannot_turn_their_own_second_factor_off(client, provincial_officer):
    client.force_login(provincial_officer)
    enrol(client)
    page = client.post(SECURITY, {"action": "remove", "password": PASSWORD}).content.decode()
    assert "bắt buộc dùng xác thực hai bước" in page
    assert TOTPDevice.objects.filter(user=provincial_officer).exists()


@time_machine.travel(NOW, tick=False)
def test_an_admin_in_scope_resets_a_lost_phone_and_the_user_must_enrol_again(
    client, provincial_officer, national_admin, tree
):
    client.force_login(provincial_officer)
    enrol(client)
    officer_client = client
    from django.test import Client

    boss = Client()
    boss.force_login(national_admin)
    enrol(boss)
    assert "Đặt lại xác thực hai bước" in boss.get(provincial_officer.get_absolute_url()).content.decode()
    boss.post(reverse("access:user_otp_reset", args=[provincial_officer.pk]))
    assert not TOTPDevice.objects.filter(user=provincial_officer).exists()
    event = AuditEvent.objects.get(code="user.otp_reset")
    assert event.actor == national_admin and event.before == {"devices": 1}
    assert officer_client.get(reverse("access:user_list")).url.startswith(SECURITY)


@time_machine.travel(NOW, tick=False)
def test_an_admin_out_of_scope_cannot_reset_and_gets_a_404(client, clerk, unrelated_officer):
    TOTPDevice.objects.create(user=clerk, name="Điện thoại", confirmed=True)
    client.force_login(unrelated_officer)
    enrol(client)
    assert client.post(reverse("access:user_otp_reset", args=[clerk.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=clerk).exists()


@time_machine.travel(NOW, tick=False)
def test_token_authenticated_api_calls_are_left_to_the_api_but_session_calls_are_not(
    client, provincial_officer
):
    client.force_login(provincial_officer)
    with_token = client.get("/api/khong-co/", HTTP_AUTHORIZATION="Bearer sai-token")
    assert not (with_token.status_code == 302 and with_token.url.startswith(SECURITY))
    session_only = client.get("/api/khong-co/")
    assert session_only.status_code == 302 and session_only.url.startswith(SECURITY)
    header_elsewhere = client.get("/", HTTP_AUTHORIZATION="Bearer sai-token")
    assert header_elsewhere.url.startswith(SECURITY)


@time_machine.travel(NOW, tick=False)
def test_htmx_requests_are_redirected_as_a_whole_page(client, provincial_officer):
    client.force_login(provincial_officer)
    response = client.get(reverse("access:user_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(SECURITY)


@time_machine.travel(NOW, tick=False)
def test_a_superuser_without_any_grant_also_needs_the_second_factor(client, db):
    from ptdv.common.testing.factories import make_user

    client.force_login(make_user("sieuquantri", superuser=True))
    response = client.get(reverse("people:person_list"))
    assert response.status_code == 302 and response.url.startswith(SECURITY)


@time_machine.travel(NOW, tick=False)
def test_a_clerk_made_admin_during_a_session_must_enrol_at_the_next_page(client, clerk, tree):
    from ptdv.access.roles import Role
    from ptdv.access.services import grant_create
    from ptdv.common.testing.factories import SYSTEM

    client.force_login(clerk)
    assert client.get("/").status_code == 200
    grant_create(actor=SYSTEM, user=clerk, organization=tree.cell, role=Role.ORG_ADMIN)
    assert client.get("/").url.startswith(SECURITY)


def test_backup_codes_are_shown_once_audited_and_each_signs_in_only_once(client, clerk):
    with time_machine.travel(NOW, tick=False) as traveller:
        client.force_login(clerk)
        enrol(client)
        page = client.post(SECURITY, {"action": "backup"}).content.decode()
        codes = re.findall(r"<li>([a-z2-7]{4} [a-z2-7]{4})</li>", page)
        assert len(codes) == 10 and "chỉ hiện các mã một lần" in page
        assert AuditEvent.objects.filter(code="user.backup_codes_created").exists()
        assert codes[0] not in client.get(SECURITY).content.decode()
        client.logout()
        traveller.shift(dt.timedelta(minutes=1))

        sign_in_with_password(client, clerk.username)
        form = client.get(f"{VERIFY}?du-phong=1").content.decode()
        assert "Mã dự phòng (8 ký tự)" in form and 'inputmode="text"' in form
        response = client.post(VERIFY, {"token": codes[0].upper(), "du-phong": "1", "next": "/"})
        assert response.url == "/"
        assert "còn 9 mã" in client.get("/").content.decode()
        assert AuditEvent.objects.filter(code="user.backup_code_used", after={"left": 9}).exists()

        client.logout()
        sign_in_with_password(client, clerk.username)
        again = client.post(VERIFY, {"token": codes[0], "du-phong": "1"}).content.decode()
        assert "Mã dự phòng không đúng hoặc đã dùng rồi" in again
        assert client.get("/").url.startswith(VERIFY)
