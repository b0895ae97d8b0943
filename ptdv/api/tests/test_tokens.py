"""API keys: stored as a digest, refused when revoked or expired, managed on a page, audited."""

import datetime as dt
import hashlib

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from ptdv.api.models import ApiToken
from ptdv.api.services import api_token_create, api_token_revoke
from ptdv.audit.models import AuditEvent

PEOPLE = "/api/people/"


def _client(key: str, scheme: str = "Bearer") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {key}")
    return client


def test_the_key_is_stored_only_as_its_sha256_digest(provincial_officer):
    made = api_token_create(actor=provincial_officer, name="Phần mềm tổng hợp")
    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(made.key.encode()).hexdigest()
    assert made.key not in {stored.digest, stored.prefix, stored.name} and made.key.startswith(stored.prefix)
    assert stored.expires_at.date() == (timezone.now() + dt.timedelta(days=90)).date()


def test_a_valid_key_authenticates_with_bearer_or_token_and_records_its_last_use(provincial_officer):
    made = api_token_create(actor=provincial_officer, name="Khóa")
    assert made.token.last_used_at is None
    assert _client(made.key).get(PEOPLE).status_code == 200
    assert _client(made.key, "Token").get(PEOPLE).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_key_is_refused_401_in_vietnamese(provincial_officer):
    made = api_token_create(actor=provincial_officer, name="Khóa")
    api_token_revoke(actor=provincial_officer, token=made.token)
    response = _client(made.key).get(PEOPLE)
    assert response.status_code == 401
    assert response.json() == {"detail": "Khóa API đã bị thu hồi.", "code": "authentication_failed"}


def test_an_expired_key_is_refused_401(provincial_officer):
    made = api_token_create(actor=provincial_officer, name="Khóa", days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        response = _client(made.key).get(PEOPLE)
    assert response.status_code == 401 and "hết hạn" in response.json()["detail"]


def test_the_key_of_a_deactivated_account_is_refused_401(provincial_officer):
    made = api_token_create(actor=provincial_officer, name="Khóa")
    provincial_officer.is_active = False
    provincial_officer.save()
    assert _client(made.key).get(PEOPLE).status_code == 401


def test_an_unknown_key_or_another_scheme_is_refused_401(provincial_officer, client):
    assert _client("ptdv_khong-co-that").get(PEOPLE).status_code == 401
    # A signed-in browser sending some other Authorization header does not fall back to its session.
    client.force_login(provincial_officer)
    response = client.get(PEOPLE, HTTP_AUTHORIZATION="Basic eHh4Onl5eQ==")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]


def test_creating_and_revoking_a_key_are_audited(provincial_officer):
    made = api_token_create(actor=provincial_officer, name="Khóa")
    api_token_revoke(actor=provincial_officer, token=made.token)
    events = AuditEvent.objects.filter(target_type="api.apitoken").order_by("id")
    assert [(e.code, e.actor) for e in events] == [
        ("api_token.created", provincial_officer),
        ("api_token.revoked", provincial_officer),
    ]
    assert made.key not in str(events[0].after)


def test_the_page_shows_the_new_key_once_and_lists_only_the_prefix_afterwards(client, provincial_officer):
    client.force_login(provincial_officer)
    created = client.post(reverse("api:token_list"), {"name": "Bảng tính tự động", "days": 30})
    assert created.status_code == 200
    key = created.context["new_key"]
    assert key and key in created.content.decode()
    listed = client.get(reverse("api:token_list")).content.decode()
    assert key not in listed and ApiToken.objects.get().prefix in listed and "Bảng tính tự động" in listed


def test_the_page_refuses_a_nameless_key_with_a_vietnamese_message(client, provincial_officer):
    client.force_login(provincial_officer)
    response = client.post(reverse("api:token_list"), {"name": "", "days": 30})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_the_page_revokes_your_own_key_but_not_someone_elses(client, provincial_officer, unrelated_officer):
    mine = api_token_create(actor=provincial_officer, name="Của tôi").token
    theirs = api_token_create(actor=unrelated_officer, name="Của người khác").token
    client.force_login(provincial_officer)
    assert client.post(reverse("api:token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[mine.pk])).status_code == 302
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_the_page_has_no_inline_script_style_or_handlers(client, provincial_officer):
    client.force_login(provincial_officer)
    html = client.get(reverse("api:token_list")).content.decode()
    assert "style=" not in html and " onclick=" not in html
    assert "<script>" not in html and "<script >" not in html


def test_a_browser_session_can_read_but_must_send_the_csrf_token_to_write(tree, clerk):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)
    assert browser.get(PEOPLE).status_code == 200
    body = {
        "full_name": "Lê Văn Phiên",
        "gender": "M",
        "date_of_birth": "1990-01-01",
        "organization": tree.cell.pk,
    }
    response = browser.post(PEOPLE, body, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_a_key_sending_too_many_requests_is_slowed_down_429_in_vietnamese(provincial_officer, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute", "anon": "2/minute"})
    client = _client(api_token_create(actor=provincial_officer, name="Khóa").key)
    assert [client.get(PEOPLE).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(PEOPLE).json()["detail"].startswith("Gửi quá nhiều yêu cầu")


def test_an_anonymous_call_gets_a_json_401_not_the_login_page(client, db):
    response = client.get(PEOPLE)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_the_key_and_docs_pages_still_send_an_anonymous_visitor_to_log_in(client, db):
    for name in ("api:token_list", "api:docs"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_account_security_page_leads_to_the_api_keys_and_the_docs(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("access:security")).content.decode()

    assert reverse("api:token_list") in page and reverse("api:docs") in page
