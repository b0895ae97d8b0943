"""The person form and the event form choose an organisation with a search box when the choices are many."""

import pytest

from ptdv.people.forms import MembershipEventForm, PersonForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def few(settings):
    settings.ORG_PICKER_SELECT_MAX = 2


def test_a_commune_clerk_still_chooses_the_organisation_of_a_person_in_a_select(clerk, tree):
    html = str(PersonForm(user=clerk)["organization"])
    assert "<select" in html and "Chi bộ Tổ Toán" in html and "Đảng bộ xã Phú Điền" not in html


def test_above_the_limit_the_person_form_searches_what_the_user_may_change(few, provincial_officer, tree):
    html = str(PersonForm(user=provincial_officer)["organization"])
    assert 'type="search"' in html and 'data-purpose="change"' in html and "<option" not in html


def test_the_event_form_searches_only_units_members_sit_in(few, provincial_officer, tree):
    form = MembershipEventForm(user=provincial_officer)
    html = str(form["organization"])
    assert 'data-purpose="change-member-units"' in html
    assert set(form.fields["organization"].queryset) == {tree.cell, tree.other_cell, tree.grassroots}


def test_a_forged_organisation_out_of_scope_is_refused_by_the_person_form(clerk, tree):
    data = {"full_name": "Lê Văn Thử", "gender": "M", "date_of_birth": "01/01/1990"}
    form = PersonForm({**data, "organization": str(tree.other_cell.pk)}, user=clerk)
    assert not form.is_valid() and "organization" in form.errors
