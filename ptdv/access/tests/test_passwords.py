"""Password policy in Vietnamese, and changing one's own password (audited, still signed in)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from ptdv.access.models import User
from ptdv.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
CHANGE = reverse("access:password_change")
PASSWORD = "mat-khau-thu-1"


def messages_for(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


def test_a_password_shorter_than_10_characters_is_refused():
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự (đang có 9)." in messages_for("Ab-cdefgh")


def test_a_common_password_is_refused():
    assert "Mật khẩu này quá phổ biến, dễ bị đoán ra. Hãy chọn mật khẩu khác." in messages_for("password123")


def test_a_password_of_digits_only_is_refused():
    assert "Mật khẩu không được chỉ gồm chữ số: hãy thêm chữ cái hoặc ký hiệu." in messages_for("3920571846")


def test_a_password_like_the_username_or_name_is_refused():
    user = User(username="nguyenvanbay", first_name="Bảy", last_name="Nguyễn Văn")
    assert "Mật khẩu quá giống tên đăng nhập. Hãy chọn mật khẩu khác hẳn." in messages_for(
        "nguyenvanbay1", user
    )


def test_a_long_unusual_password_passes():
    assert messages_for("Chibo-Toan-2026", User(username="bithu.toan")) == []


def test_changing_the_password_checks_the_old_one_and_both_new_ones(client, clerk):
    client.force_login(clerk)
    wrong_old = client.post(
        CHANGE,
        {"old_password": "sai", "new_password1": "Hoa-Sen-Vang-2026", "new_password2": "Hoa-Sen-Vang-2026"},
    ).content.decode()
    assert "Mật khẩu hiện tại không đúng." in wrong_old
    mismatch = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": "Hoa-Sen-Vang-2026", "new_password2": "Hoa-Sen"}
    ).content.decode()
    assert "Hai lần nhập mật khẩu mới không giống nhau." in mismatch
    weak = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    ).content.decode()
    assert "quá ngắn" in weak and "chỉ gồm chữ số" in weak
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(code="user.password_changed").exists()


def test_a_password_change_is_audited_and_keeps_the_user_signed_in(client, clerk):
    client.force_login(clerk)
    response = client.post(
        CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": "Hoa-Sen-Vang-2026",
            "new_password2": "Hoa-Sen-Vang-2026",
        },
    )
    assert response.url == reverse("access:security")
    assert "Đã đổi mật khẩu" in client.get(response.url).content.decode()
    assert client.get(reverse("people:person_list")).status_code == 200
    clerk.refresh_from_db()
    assert clerk.check_password("Hoa-Sen-Vang-2026")
    event = AuditEvent.objects.get(code="user.password_changed")
    assert event.actor == clerk and event.target_id == str(clerk.pk)
    assert "Hoa-Sen" not in str(event.before) + str(event.after)
