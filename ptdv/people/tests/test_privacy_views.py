"""The person's page: national ID masked, revealed on request and logged; who opened the record."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.access.roles import Role
from ptdv.audit.models import AccessKind, AccessRecord
from ptdv.common.testing.factories import make_person, make_user
from ptdv.people.privacy import person_record_viewed

pytestmark = pytest.mark.django_db
TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")


@pytest.fixture
def hoa(tree):
    return make_person(tree.cell, full_name="Lê Thị Hoa")


@pytest.fixture
def viewer(tree):
    return make_user("xem", org=tree.commune, role=Role.VIEWER)


def reveal_url(person):
    return reverse("people:person_national_id", args=[person.pk])


def fragment(html: str) -> str:
    """The national ID cell of the person's page."""
    start = html.index('id="so-cccd"')
    return html[start : html.index("</dd>", start)]


def test_a_clerk_sees_the_masked_national_id_and_a_reveal_button(client, clerk, hoa):
    client.force_login(clerk)
    html = client.get(hoa.get_absolute_url()).content.decode()
    cell = fragment(html)

    assert hoa.masked_national_id() in cell and hoa.national_id not in html
    assert f'hx-post="{reveal_url(hoa)}"' in cell and "Hiện số CCCD" in cell
    # A strict CSP is coming: no inline script, no event handler, no style attribute.
    assert not re.search(r"\son[a-z]+=|\sstyle=|<script", cell)


def test_revealing_returns_the_full_number_and_records_who_which_person_and_organisation(client, clerk, hoa):
    client.force_login(clerk)
    response = client.post(reveal_url(hoa), HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and hoa.national_id in response.content.decode()
    record = AccessRecord.objects.get(kind=AccessKind.REVEALED_ID)
    assert (record.actor, record.target_id, record.organization, record.channel) == (
        clerk,
        str(hoa.pk),
        hoa.organization,
        "web",
    )


def test_a_viewer_sees_no_button_and_a_reveal_is_refused_with_403(client, viewer, hoa):
    client.force_login(viewer)
    page = client.get(hoa.get_absolute_url()).content.decode()
    response = client.post(reveal_url(hoa))

    assert "Hiện số CCCD" not in page
    assert response.status_code == 403 and hoa.national_id not in response.content.decode()
    assert "quyền nhập, sửa" in response.content.decode()
    assert not AccessRecord.objects.filter(kind=AccessKind.REVEALED_ID).exists()


def test_a_reveal_out_of_scope_answers_404_and_records_nothing(client, tree, hoa):
    outsider = make_user("ngoai", org=tree.other_commune, role=Role.CLERK)
    client.force_login(outsider)

    assert client.post(reveal_url(hoa)).status_code == 404
    assert client.get(reveal_url(hoa)).status_code == 404
    assert not AccessRecord.objects.exists()


def test_the_reveal_url_accepts_only_post(client, clerk, hoa):
    client.force_login(clerk)
    assert client.get(reveal_url(hoa)).status_code == 405
    assert not AccessRecord.objects.filter(kind=AccessKind.REVEALED_ID).exists()


def test_opening_the_person_page_records_exactly_one_view_and_htmx_fragments_none(client, clerk, hoa):
    client.force_login(clerk)
    client.get(hoa.get_absolute_url())
    client.get(hoa.get_absolute_url(), HTTP_HX_REQUEST="true")

    views = AccessRecord.objects.filter(kind=AccessKind.VIEWED)
    assert [(r.actor, r.target_id, r.organization) for r in views] == [(clerk, str(hoa.pk), hoa.organization)]


def test_opening_the_edit_form_shows_the_full_number_and_counts_as_a_reveal(client, clerk, hoa):
    client.force_login(clerk)
    html = client.get(reverse("people:person_update", args=[hoa.pk])).content.decode()

    assert f'value="{hoa.national_id}"' in html
    assert AccessRecord.objects.filter(kind=AccessKind.REVEALED_ID, actor=clerk).count() == 1


def test_the_people_list_never_shows_a_full_national_id_even_to_a_clerk(client, clerk, tree, hoa):
    make_person(tree.cell, full_name="Phạm Văn Bình")
    client.force_login(clerk)
    html = client.get(reverse("people:person_list")).content.decode()

    assert "Lê Thị Hoa" in html and hoa.masked_national_id() in html
    assert hoa.national_id not in html and not TWELVE_DIGITS.search(html)


def test_an_organisation_admin_sees_who_opened_the_record(client, provincial_officer, clerk, hoa):
    client.force_login(clerk)
    client.get(hoa.get_absolute_url())
    client.post(reveal_url(hoa))
    client.force_login(provincial_officer)
    html = client.get(hoa.get_absolute_url()).content.decode()

    section = html[html.index('id="ai-da-xem"') :]
    assert "Ai đã xem hồ sơ này" in section
    assert section.count("nhaplieu") == 2 and "Xem số CCCD đầy đủ" in section and "Xem hồ sơ" in section
    assert f"doi_tuong=people.person:{hoa.pk}" in section  # the link to the whole access log of the record


def test_a_clerk_does_not_see_who_opened_the_record(client, clerk, hoa):
    client.force_login(clerk)
    html = client.get(hoa.get_absolute_url()).content.decode()

    assert "Ai đã xem hồ sơ này" not in html


def test_the_person_page_runs_a_fixed_number_of_queries_however_many_accesses(
    client, provincial_officer, hoa
):
    client.force_login(provincial_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(hoa.get_absolute_url()).status_code == 200
        return len(ctx)

    few = queries()
    for _ in range(25):
        person_record_viewed(actor=provincial_officer, person=hoa)
    assert queries() == few
