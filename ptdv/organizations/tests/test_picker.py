"""The organisation picker: a select for a few choices, a scoped search box for many."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.access.forms import GrantForm
from ptdv.access.models import Grant
from ptdv.admissions.forms.courses import CourseForm
from ptdv.common.testing.factories import make_org
from ptdv.organizations.models import OrgKind
from ptdv.organizations.picker import PICK_LIMIT, PLACEHOLDER, PURPOSES, choices_for
from ptdv.spreadsheets.forms import ImportUploadForm
from ptdv.targets.forms import MSG_NOT_YOURS, TargetEditForm
from ptdv.targets.models import Target

pytestmark = pytest.mark.django_db
PICK = reverse("organizations:organization_pick")


@pytest.fixture
def few(settings):
    """Every scope of the test tree counts as large: the search box is drawn."""
    settings.ORG_PICKER_SELECT_MAX = 1


def names(client, purpose: str, q: str) -> list[str]:
    response = client.get(PICK, {"muc": purpose, "q": q})
    assert response.status_code == 200
    return [row["name"] for row in json.loads(response.content)["results"]]


# How the field is drawn ----------------------------------------------------------------------


def test_a_commune_clerk_still_gets_a_select_of_their_few_organisations(clerk, tree):
    html = str(CourseForm(user=clerk)["organizer"])
    assert html.startswith('<select name="organizer"') and 'class="form-select"' in html
    assert f'<option value="{tree.cell.pk}">— — — Chi bộ Tổ Toán</option>' in html
    assert str(tree.other_cell.pk) not in html and 'type="search"' not in html


def test_above_the_limit_the_field_is_a_search_box_with_no_option_list(few, national_admin, tree):
    with CaptureQueriesContext(connection) as queries:
        html = str(TargetEditForm(user=national_admin)["organization"])
    assert 'type="search"' in html and f'placeholder="{PLACEHOLDER}"' in html
    assert '<input type="hidden" name="organization" value=""' in html
    assert "<option" not in html and "Chi bộ Tổ Toán" not in html
    assert f'data-url="{PICK}" data-purpose="approve"' in html
    assert 'src="/static/js/org-picker.js"' in html
    assert len(queries) <= 3  # the grants, the one COUNT, nothing per organisation


def test_the_search_box_shows_the_chosen_organisation_when_the_form_comes_back(few, national_admin, tree):
    form = TargetEditForm({"organization": str(tree.cell.pk), "minimum": ""}, user=national_admin)
    assert not form.is_valid()
    html = str(form["organization"])
    assert 'value="Chi bộ Tổ Toán"' in html
    assert f'<input type="hidden" name="organization" value="{tree.cell.pk}"' in html
    assert "Đã chọn: <strong>Chi bộ Tổ Toán</strong>" in html and "thuộc Đảng bộ Trường THPT An Bình" in html


def test_the_search_box_shows_an_initial_choice_too(few, provincial_officer, tree):
    html = str(GrantForm(user=provincial_officer, initial={"organization": tree.commune.pk})["organization"])
    assert 'value="Đảng bộ xã An Bình"' in html and f'value="{tree.commune.pk}"' in html


def test_a_forged_pk_out_of_scope_is_not_named_on_the_page(few, unrelated_officer, tree):
    form = TargetEditForm({"organization": str(tree.cell.pk)}, user=unrelated_officer)
    assert form.errors["organization"] == [MSG_NOT_YOURS]
    html = str(form["organization"])
    assert "Chi bộ Tổ Toán" not in html and 'name="organization" value=""' in html


def test_the_import_form_keeps_its_label_and_becomes_a_search_box_when_large(few, provincial_officer):
    html = str(ImportUploadForm(user=provincial_officer)["organization"])
    assert 'type="search"' in html and 'class="form-control"' in html and "form-select" not in html
    assert 'data-purpose="change"' in html


# The search endpoint --------------------------------------------------------------------------


@pytest.fixture
def more_cells(tree):
    """A cell whose name shares the commune's, and two same-named cells in different places."""
    return [
        make_org(tree.grassroots, kind=OrgKind.CELL, name="Chi bộ Khu phố An Bình", code="AB-KP"),
        make_org(tree.grassroots, kind=OrgKind.CELL, name="Chi bộ 1", code="AB-CB1"),
        make_org(tree.other_commune, kind=OrgKind.CELL, name="Chi bộ 1", code="PD-CB1"),
    ]


def test_the_search_finds_by_name_without_diacritics_and_only_the_fields_kind(
    client, clerk, tree, more_cells
):
    client.force_login(clerk)
    assert names(client, "change-cells", "khu pho an binh") == ["Chi bộ Khu phố An Bình"]
    # Only cells for a candidacy's cell; the commune and the school committee share the words.
    assert names(client, "change-cells", "an binh") == ["Chi bộ Khu phố An Bình"]
    assert names(client, "change", "an binh") == [
        "Đảng bộ xã An Bình",
        "Đảng bộ Trường THPT An Bình",
        "Chi bộ Khu phố An Bình",
    ]


def test_the_search_finds_by_code_and_says_where_each_result_sits(client, national_admin, tree, more_cells):
    client.force_login(national_admin)
    response = json.loads(client.get(PICK, {"muc": "change-cells", "q": "ab-cb1"}).content)
    assert response == {
        "results": [
            {
                "id": more_cells[1].pk,
                "name": "Chi bộ 1",
                "code": "AB-CB1",
                "kind": "Chi bộ trực thuộc",
                "parent": "Đảng bộ Trường THPT An Bình",
            }
        ],
        "more": False,
    }
    both = json.loads(client.get(PICK, {"muc": "change-cells", "q": "chi bo 1"}).content)["results"]
    assert sorted(row["parent"] for row in both) == ["Đảng bộ Trường THPT An Bình", "Đảng bộ xã Phú Điền"]


def test_another_communes_cells_never_appear(client, clerk, unrelated_officer, tree, more_cells):
    client.force_login(clerk)
    assert names(client, "change-cells", "chi bo") == ["Chi bộ 1", "Chi bộ Khu phố An Bình", "Chi bộ Tổ Toán"]
    assert names(client, "change-cells", "phu loi") == []
    assert names(client, "change-cells", "PD-CB1") == []
    client.force_login(unrelated_officer)
    assert names(client, "change-cells", "chi bo") == ["Chi bộ 1", "Chi bộ ấp Phú Lợi"]
    assert names(client, "admin", "an binh") == []


def test_the_search_needs_two_letters_and_stops_at_twenty(client, national_admin, tree):
    for number in range(PICK_LIMIT + 1):
        make_org(tree.grassroots, kind=OrgKind.CELL, name=f"Chi bộ Tổ {number + 1}")
    client.force_login(national_admin)
    assert names(client, "change-cells", "c") == []
    with CaptureQueriesContext(connection) as one:
        assert names(client, "change-cells", "to toan") == ["Chi bộ Tổ Toán"]
    with CaptureQueriesContext(connection) as many:
        response = json.loads(client.get(PICK, {"muc": "change-cells", "q": "chi bo to"}).content)
    assert len(response["results"]) == PICK_LIMIT and response["more"] is True
    assert len(many) == len(one)  # the parents' names come with the results, not one query each


def test_an_exact_code_and_exact_diacritics_come_first(client, national_admin, tree):
    make_org(tree.grassroots, kind=OrgKind.CELL, name="Chi bộ Tổ Toan", code="TOAN")
    client.force_login(national_admin)
    assert names(client, "change-cells", "Tổ Toán") == ["Chi bộ Tổ Toán", "Chi bộ Tổ Toan"]
    assert names(client, "change-cells", "to toan")[0] == "Chi bộ Tổ Toan"  # same rank: by name
    assert names(client, "change-cells", "toan") == ["Chi bộ Tổ Toan", "Chi bộ Tổ Toán"]  # code TOAN


def test_an_anonymous_visitor_is_sent_to_log_in(client, tree):
    response = client.get(PICK, {"muc": "change", "q": "an binh"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("access:login"))


def test_an_unknown_purpose_is_not_found_and_no_purpose_finds_nothing(client, national_admin, tree):
    client.force_login(national_admin)
    assert client.get(PICK, {"muc": "everything", "q": "an binh"}).status_code == 404
    assert json.loads(client.get(PICK, {"q": "an binh"}).content) == {"results": [], "more": False}


# Forged choices are refused -------------------------------------------------------------------


def test_a_forged_out_of_scope_pk_is_refused_by_the_target_form_and_nothing_is_written(
    client, few, unrelated_officer, tree
):
    client.force_login(unrelated_officer)
    data = {
        "organization": str(tree.cell.pk),
        "year": "2025",
        "measure": "admissions",
        "form": "exact",
        "minimum": "5",
        "source_document": "Nghị quyết số 1-NQ/ĐU ngày 02/01/2025",
    }
    response = client.post(reverse("targets:target_create"), data)
    page = response.content.decode()
    assert MSG_NOT_YOURS in page and "Chi bộ Tổ Toán" not in page
    assert not Target.objects.exists()
    # The same post for one of their own cells is accepted.
    client.post(reverse("targets:target_create"), {**data, "organization": str(tree.other_cell.pk)})
    assert list(Target.objects.values_list("organization", flat=True)) == [tree.other_cell.pk]


def test_a_forged_pk_of_the_wrong_kind_is_refused_by_the_move_form(client, few, provincial_officer, tree):
    """A cell cannot hold other units: the move form's purpose leaves cells out, even in scope."""
    client.force_login(provincial_officer)
    url = reverse("organizations:organization_move", args=[tree.other_cell.pk])
    page = client.post(
        url, {"new_parent": str(tree.cell.pk), "effective_date": "01/07/2025"}
    ).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ." in page
    tree.other_cell.refresh_from_db()
    assert tree.other_cell.parent_id == tree.other_commune.pk


def test_a_grant_for_an_organisation_outside_the_admins_scope_is_refused(
    client, few, unrelated_officer, tree
):
    form = GrantForm({"organization": str(tree.commune.pk), "role": "clerk"}, user=unrelated_officer)
    assert not form.is_valid() and "organization" in form.errors
    assert not Grant.objects.filter(organization=tree.commune).exclude(user__username="nhaplieu").exists()


def test_a_form_sent_without_choosing_asks_for_an_organisation_in_vietnamese(few, national_admin, tree):
    form = TargetEditForm({"organization": ""}, user=national_admin)
    assert form.errors["organization"] == ["Hãy chọn một tổ chức."]


# Several organisations (the merger's predecessors) ------------------------------------------------


def merge_data(*predecessors, parent) -> dict:
    return {
        "predecessors": [str(org.pk) for org in predecessors],
        "code": "X-MOI",
        "name": "Đảng bộ xã An Phú",
        "kind": OrgKind.COMMUNE,
        "sector": "",
        "parent": str(parent.pk),
        "effective_date": "01/07/2025",
        "document": "",
    }


def test_the_merger_lists_several_chosen_organisations_with_a_button_to_remove_each(
    few, provincial_officer, tree
):
    from ptdv.organizations.forms import OrganizationMergeForm

    small = OrganizationMergeForm(user=provincial_officer)
    form = OrganizationMergeForm(
        merge_data(tree.commune, tree.other_commune, parent=tree.province), user=provincial_officer
    )
    html = str(form["predecessors"])
    assert 'type="search"' in html and "data-multiple" in html and 'size="8"' not in html
    assert f'<input type="hidden" name="predecessors" value="{tree.commune.pk}">' in html
    assert f'<input type="hidden" name="predecessors" value="{tree.other_commune.pk}">' in html
    assert 'aria-label="Bỏ Đảng bộ xã An Bình"' in html and "Đã chọn 2 tổ chức." in html
    assert 'value="Đảng bộ xã An Bình"' not in html  # the box stays free to type the next one
    assert str(small["predecessors"]).count('type="search"') == 1


def test_the_merger_as_a_select_multiple_when_the_scope_is_small(provincial_officer, tree):
    from ptdv.organizations.forms import OrganizationMergeForm

    html = str(OrganizationMergeForm(user=provincial_officer)["predecessors"])
    assert html.startswith('<select name="predecessors"') and "multiple" in html and 'size="8"' in html


def test_a_merger_posted_through_the_search_box_is_recorded(client, few, provincial_officer, tree):
    client.force_login(provincial_officer)
    data = merge_data(tree.commune, tree.other_commune, parent=tree.province)
    response = client.post(reverse("organizations:organization_merge"), data)
    assert response.status_code == 302
    tree.commune.refresh_from_db()
    assert tree.commune.valid_to is not None
    assert tree.grassroots.__class__.objects.get(pk=tree.grassroots.pk).parent.code == "X-MOI"


def test_a_merger_with_a_forged_predecessor_out_of_scope_writes_nothing(client, few, unrelated_officer, tree):
    client.force_login(unrelated_officer)
    data = merge_data(tree.commune, tree.other_commune, parent=tree.other_commune)
    page = client.post(reverse("organizations:organization_merge"), data).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ." in page and "Đảng bộ xã An Bình" not in page
    tree.commune.refresh_from_db()
    assert tree.commune.valid_to is None and not tree.commune.__class__.objects.filter(code="X-MOI").exists()


@pytest.mark.parametrize("name", sorted(PURPOSES))
def test_every_purpose_keeps_to_the_users_scope(name, unrelated_officer, tree):
    chosen = set(choices_for(name, unrelated_officer).values_list("pk", flat=True))
    assert chosen and chosen <= {tree.other_commune.pk, tree.other_cell.pk}


def test_the_audit_filter_keeps_its_empty_choice_and_shows_the_chosen_organisation(
    client, few, provincial_officer, tree
):
    client.force_login(provincial_officer)
    url = reverse("audit:auditevent_list")
    empty = client.get(url).content.decode()
    assert 'data-purpose="admin-units"' in empty and "Mọi tổ chức trong phạm vi" in empty
    chosen = client.get(url, {"to_chuc": tree.commune.pk}).content.decode()
    assert 'value="Đảng bộ xã An Bình"' in chosen and "Đã chọn: <strong>Đảng bộ xã An Bình</strong>" in chosen
