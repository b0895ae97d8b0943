"""The pipeline board draws its cards and its organisation filter from values worked out in the view."""

import datetime as dt

import pytest
from django.urls import reverse

from ptdv.admissions.models import Candidacy, Stage
from ptdv.admissions.services import candidacy_create
from ptdv.admissions.walk import walk
from ptdv.common.testing.factories import SYSTEM, make_member, make_org, make_person
from ptdv.organizations.models import OrgKind

pytestmark = pytest.mark.django_db
URL = reverse("admissions:pipeline_board")
TODAY = dt.datetime(2026, 6, 1, 9, 0)
OPENED = dt.date(2025, 6, 2)


@pytest.fixture
def cell(tree):
    for given in ("An", "Bình", "Cường"):
        make_member(tree.cell, full_name=f"Hồ Văn {given}")
    return tree.cell


def open_case(cell, until: str, **person) -> Candidacy:
    c = candidacy_create(
        actor=SYSTEM, person=make_person(cell, **person), organization=cell, opened_on=OPENED
    )
    walk(SYSTEM, c, until=until, start=OPENED)
    c.refresh_from_db()
    return c


def test_a_card_shows_the_link_name_unit_days_in_stage_and_its_deadline(
    client, provincial_officer, cell, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    late = open_case(cell, Stage.APPLIED, full_name="Trần Thị <i>Lan</i>")
    soon = open_case(cell, Stage.APPLIED, full_name="Lê Văn Sơn")
    none = open_case(cell, Stage.APPLIED, full_name="Phạm Văn Tú")
    # The deadlines the services would have set; the board only displays them.
    Candidacy.objects.filter(pk=late.pk).update(due_date=dt.date(2026, 5, 31))
    Candidacy.objects.filter(pk=soon.pk).update(due_date=dt.date(2026, 6, 1))
    Candidacy.objects.filter(pk=none.pk).update(due_date=None)
    client.force_login(provincial_officer)
    html = client.get(URL).content.decode()
    for c, name in ((late, "Trần Thị &lt;i&gt;Lan&lt;/i&gt;"), (soon, "Lê Văn Sơn"), (none, "Phạm Văn Tú")):
        assert f'<a class="fw-semibold" href="{c.get_absolute_url()}">{name}</a>' in html
        days = (TODAY.date() - c.stage_since).days
        card = html[html.index(c.get_absolute_url()) :]
        card = card[: card.index("</li>")]
        assert f'<div class="small text-secondary">{cell.name}</div>' in card
        assert f"Ở giai đoạn này {days} ngày" in card
    assert '<span class="badge text-bg-danger">Quá hạn 31/05/2026</span>' in html
    assert '<span class="badge text-bg-light border">Hạn 01/06/2026</span>' in html
    assert html.count("Quá hạn ") == 1 and html.count(">Hạn ") == 1  # no badge without a deadline


def test_the_organisation_filter_marks_the_chosen_one_and_escapes_names(
    client, provincial_officer, tree, cell, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    odd = make_org(tree.province, kind=OrgKind.COMMUNE, name='Xã "Lạ" <b> & Co')
    client.force_login(provincial_officer)
    html = client.get(URL, {"org": tree.commune.pk}).content.decode()
    assert f'<option value="{tree.commune.pk}" selected>— {tree.commune.name}</option>' in html
    assert f'<option value="{tree.province.pk}" >{tree.province.name}</option>' in html
    assert html.count(" selected>") == 1
    html = client.get(URL).content.decode()
    assert f'<option value="{odd.pk}" >— Xã &quot;Lạ&quot; &lt;b&gt; &amp; Co</option>' in html
    assert " selected>" not in html


def test_the_board_runs_the_same_queries_for_one_card_or_many(
    client, provincial_officer, cell, time_machine, django_assert_num_queries
):
    time_machine.move_to(TODAY, tick=False)
    open_case(cell, Stage.APPLIED)
    client.force_login(provincial_officer)
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for stage in (Stage.APPLIED, Stage.TRAINED, Stage.APPLIED, Stage.TRAINED):
        open_case(cell, stage)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(URL).content.decode()
    assert html.count('class="list-group-item board-card"') == 5
