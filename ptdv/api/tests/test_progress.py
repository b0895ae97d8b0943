"""Progress figures through the API: the dashboard's computation for the same organisation and period."""

import datetime as dt

from django.urls import reverse

from ptdv.admissions.models import Stage
from ptdv.admissions.walk import walk
from ptdv.api.testing.data import objects_in
from ptdv.api.tests.conftest import client_for
from ptdv.common.testing.factories import make_member
from ptdv.reports.progress import progress_for
from ptdv.reports.serialize import plain
from ptdv.targets.selectors import period_from_key


def test_the_figures_are_those_the_dashboard_computes(tree, provincial_officer):
    objects = objects_in(tree.cell)
    for _ in range(3):
        make_member(tree.cell)
    walk(provincial_officer, objects.candidacy, until=Stage.ADMITTED, start=dt.date(2025, 1, 6))
    response = client_for(provincial_officer).get(
        reverse("api:progress"), {"organization": tree.commune.pk, "period": "2025"}
    )
    assert response.status_code == 200
    period = period_from_key("2025")
    expected = plain(progress_for(org=tree.commune, period=period, as_of=period.end))
    assert response.json() == expected
    assert response.json()["admitted"] == 1


def test_an_organisation_out_of_scope_is_404_and_a_bad_period_is_400(tree, unrelated_officer):
    client = client_for(unrelated_officer)
    assert client.get(reverse("api:progress"), {"organization": tree.commune.pk}).status_code == 404
    bad = client.get(reverse("api:progress"), {"period": "mãi mãi"})
    assert bad.status_code == 400 and "Không hiểu kỳ" in bad.json()["errors"]["period"][0]


def test_without_parameters_the_users_top_organisation_and_current_term_are_used(tree, unrelated_officer):
    body = client_for(unrelated_officer).get(reverse("api:progress")).json()
    assert body["organization"]["id"] == tree.other_commune.pk
