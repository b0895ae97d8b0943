"""The report pages: scoped like everything else, every figure a link to its people, downloads that open."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from ptdv.admissions.models import Candidacy, Stage
from ptdv.common.testing.bulk import bulk_admit
from ptdv.common.testing.factories import SYSTEM, make_member, make_person
from ptdv.people.models import EventKind
from ptdv.people.services import membership_event_record
from ptdv.reports.tasks import refresh_pipeline_snapshots
from ptdv.targets.models import Term
from ptdv.targets.services import target_create

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2024, 3, 25, 9, 0)


@pytest.fixture
def admitted(tree):
    """Three admitted in the province during the term: two in the commune, one in the other commune."""
    people = [
        *bulk_admit(tree.cell, [dt.date(2021, 4, 1)], full_name="Lê Thị Hoa", gender="F"),
        *bulk_admit(tree.cell, [dt.date(2023, 5, 2)], full_name="Phạm Văn Bình"),
        *bulk_admit(tree.other_cell, [dt.date(2022, 6, 3)], full_name="Đỗ Minh Quân"),
    ]
    target_create(
        actor=SYSTEM,
        organization=tree.province,
        term=Term.objects.get(code="2020-2025"),
        minimum=4,
        source_document="Nghị quyết Đại hội Đảng bộ tỉnh",
    )
    return people


def _get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_shows_the_provincial_officer_their_province_with_attainment(
    client, provincial_officer, tree, admitted
):
    response = _get(client, provincial_officer, "reports:dashboard", period="2020-2025")

    assert response.status_code == 200
    p = response.context["p"]
    assert p.organization.id == tree.province.pk and p.admitted == 3
    html = response.content.decode()
    assert "75,00%" in html  # 3 of 4
    assert html.count("<svg") >= 3  # charts drawn on the server


@time_machine.travel(TODAY, tick=False)
def test_an_organisation_outside_the_users_scope_is_not_found_on_every_report_url(
    client, unrelated_officer, tree, admitted
):
    client.force_login(unrelated_officer)
    for name in (
        "reports:dashboard",
        "reports:admitted_list",
        "reports:report_docx",
        "reports:stat_form_xlsx",
    ):
        assert client.get(reverse(name), {"org": tree.province.pk}).status_code == 404
    assert client.get(reverse("reports:admitted_list"), {"unit": tree.cell.pk}).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_admitted_list_lists_exactly_the_people_behind_the_figure(
    client, provincial_officer, tree, admitted
):
    base = {"org": tree.province.pk, "period": "2020-2025"}
    client.force_login(provincial_officer)

    def names(**params):
        response = client.get(reverse("reports:admitted_list"), {**base, **params})
        return [e.person.full_name for e in response.context["page"]]

    assert names() == ["Lê Thị Hoa", "Đỗ Minh Quân", "Phạm Văn Bình"]
    assert names(year=2023) == ["Phạm Văn Bình"]
    assert names(unit=tree.commune.pk) == ["Lê Thị Hoa", "Phạm Văn Bình"]
    assert names(category="nu") == ["Lê Thị Hoa"]


@time_machine.travel(TODAY, tick=False)
def test_people_now_outside_the_scope_are_counted_but_not_named(client, clerk, tree):
    member = make_member(tree.cell, full_name="Vũ Đình Hải", admitted=dt.date(2021, 3, 1), full=False)
    membership_event_record(
        actor=SYSTEM,
        person=member,
        kind=EventKind.TRANSFERRED,
        date=dt.date(2022, 1, 10),
        organization=tree.other_cell,
        status="probationary",
    )

    response = _get(client, clerk, "reports:admitted_list", period="2020-2025")

    assert response.context["total"] == 1 and response.context["hidden"] == 1
    assert "Vũ Đình Hải" not in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_period_the_page_cannot_read_is_explained_and_the_current_term_shown(
    client, provincial_officer, admitted
):
    response = _get(client, provincial_officer, "reports:dashboard", period="nhiệm kỳ mới")

    assert response.status_code == 200
    assert "Không hiểu kỳ “nhiệm kỳ mới”" in response.content.decode()
    assert response.context["p"].period.key == "2020-2025"


@time_machine.travel(TODAY, tick=False)
def test_the_downloads_open_and_carry_the_same_figures(client, provincial_officer, tree, admitted):
    params = {"org": tree.province.pk, "period": "2020-2025"}
    client.force_login(provincial_officer)

    docx = client.get(reverse("reports:report_docx"), params)
    text = "\n".join(par.text for par in Document(io.BytesIO(docx.content)).paragraphs)
    assert "đã kết nạp 3 đảng viên" in text and "75,00%" in text
    assert docx["Content-Disposition"].endswith('.docx"')

    pdf = client.get(reverse("reports:report_pdf"), params)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "đã kết nạp 3 đảng viên" in " ".join(pdf_text.split())

    xlsx = client.get(reverse("reports:stat_form_xlsx"), params)
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Tổng số" in values and 3 in values


@time_machine.travel(TODAY, tick=False)
def test_above_the_list_limit_the_dashboard_gives_idle_totals_and_leaves_the_lists_to_the_units_below(
    client, provincial_officer, tree, admitted, settings
):
    settings.IDLE_LIST_MAX_UNITS = 1

    response = _get(client, provincial_officer, "reports:dashboard", period="2020-2025")

    p = response.context["p"]
    assert not p.idle_listed and p.idle_cells == [] and p.cells_total >= 2
    html = response.content.decode()
    assert "quá nhiều để liệt kê" in html and "Xem danh sách" not in html
    settings.IDLE_LIST_MAX_UNITS = 20_000
    listed = _get(client, provincial_officer, "reports:dashboard", period="2020-2025").context["p"]
    assert listed.idle_listed and listed.cells_total == p.cells_total
    assert listed.grassroots_total == p.grassroots_total


@time_machine.travel(TODAY, tick=False)
def test_the_pipeline_of_a_tallied_province_is_a_snapshot_that_says_when_it_was_computed(
    client, provincial_officer, tree, admitted
):
    first = _get(client, provincial_officer, "reports:dashboard").context["p"]
    Candidacy.objects.create(
        person=make_person(tree.cell),
        organization=tree.cell,
        stage=Stage.APPLIED,
        stage_since=TODAY.date(),
        opened_on=TODAY.date(),
    )

    cached = _get(client, provincial_officer, "reports:dashboard")
    refresh_pipeline_snapshots()
    refreshed = _get(client, provincial_officer, "reports:dashboard").context["p"]

    assert first.pipeline_computed_at is not None
    assert "được tính lúc 25/03/2024 " in cached.content.decode()
    assert sum(s.count for s in cached.context["p"].funnel) == sum(s.count for s in first.funnel)
    assert sum(s.count for s in refreshed.funnel) == sum(s.count for s in first.funnel) + 1


def test_the_organisation_picker_offers_the_levels_above_in_scope_the_organisation_and_its_children(
    client, provincial_officer, tree
):
    response = _get(client, provincial_officer, "reports:dashboard", org=tree.commune.pk)

    offered = [o.pk for o in response.context["org_choices"]]
    assert offered == [tree.province.pk, tree.commune.pk, tree.grassroots.pk]  # not the centre: out of scope
    assert tree.cell.pk not in offered and tree.other_commune.pk not in offered
