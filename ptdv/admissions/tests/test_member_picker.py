"""The member picker: a select for a few members, a scoped search box for many (mentor, introducer)."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.access.roles import Role
from ptdv.access.services import grant_create
from ptdv.admissions.forms.candidacies import CandidacyCreateForm, IntroductionForm
from ptdv.admissions.member_picker import MSG_NOT_OFFERED, PICK_LIMIT, PLACEHOLDER, PURPOSES
from ptdv.admissions.models import Candidacy, Introduction
from ptdv.admissions.services import candidacy_create
from ptdv.common.testing.factories import SYSTEM, make_member, make_person, make_user
from ptdv.people.models import MembershipStatus

pytestmark = pytest.mark.django_db
PICK = reverse("admissions:member_pick")
CREATE = reverse("admissions:candidacy_create")
GIVEN = [
    "An",
    "Bích",
    "Cúc",
    "Dung",
    "Đào",
    "Giang",
    "Hà",
    "Hoa",
    "Khánh",
    "Lan",
    "Loan",
    "Mai",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Sen",
    "Thảo",
    "Uyên",
    "Yến",
]


@pytest.fixture
def few(settings):
    """Every scope of the test tree counts as large: the search box is drawn."""
    settings.ORG_PICKER_SELECT_MAX = 1


@pytest.fixture
def people(tree):
    """Namesakes in and out of the first commune, of every status that matters to the purposes."""
    return {
        "full": make_member(tree.cell, full_name="Nguyễn Văn Hiếu", date_of_birth=dt.date(1970, 4, 9)),
        "probationary": make_member(tree.cell, full_name="Nguyễn Văn Hiền", full=False),
        "non_member": make_person(tree.cell, full_name="Nguyễn Văn Hiển"),
        "elsewhere": make_member(tree.other_cell, full_name="Nguyễn Văn Hiệp"),
    }


@pytest.fixture
def candidate(tree):
    return make_person(tree.cell, full_name="Trần Thị Nguồn", date_of_birth=dt.date(2000, 1, 15))


def names(client, purpose: str, q: str) -> list[str]:
    response = client.get(PICK, {"muc": purpose, "q": q})
    assert response.status_code == 200
    return [row["name"] for row in json.loads(response.content)["results"]]


def create_data(person, cell, **extra) -> dict:
    return {
        "person": str(person.pk),
        "organization": str(cell.pk),
        "opened_on": "02/03/2026",
        "nominated_by": "cell",
        "youth_union_exists": "on",
        **extra,
    }


# How the field is drawn ----------------------------------------------------------------------


def test_a_commune_clerk_still_chooses_the_mentor_from_a_select_of_their_full_members(
    clerk, tree, people, candidate
):
    html = str(CandidacyCreateForm(user=clerk, person=candidate)["mentor"])
    assert html.startswith('<select name="mentor"') and 'type="search"' not in html
    assert (
        f'<option value="{people["full"].pk}">Nguyễn Văn Hiếu · 09/04/1970 · Chi bộ Tổ Toán</option>' in html
    )
    assert "Nguyễn Văn Hiền" not in html and "Nguyễn Văn Hiển" not in html  # probationary, non-member
    assert "Nguyễn Văn Hiệp" not in html  # another commune


def test_above_the_limit_the_mentor_field_is_a_search_box_with_no_option_list(
    few, provincial_officer, tree, people, candidate
):
    form = CandidacyCreateForm(user=provincial_officer, person=candidate)
    with CaptureQueriesContext(connection) as queries:
        html = str(form["mentor"])
    assert 'type="search"' in html and f'placeholder="{PLACEHOLDER}"' in html
    assert '<input type="hidden" name="mentor" value=""' in html
    assert "<option" not in html and "Nguyễn Văn Hiếu" not in html
    assert f'data-url="{PICK}" data-purpose="mentor"' in html and 'src="/static/js/org-picker.js"' in html
    assert len(queries) <= 2  # the grants, the one COUNT: nothing per member


def test_the_search_box_shows_the_chosen_mentor_masked_when_the_form_comes_back(
    few, provincial_officer, tree, people, candidate
):
    mentor = people["full"]
    data = create_data(candidate, tree.cell, mentor=str(mentor.pk), opened_on="")
    form = CandidacyCreateForm(data, user=provincial_officer, person=candidate)
    assert not form.is_valid() and "mentor" not in form.errors
    html = str(form["mentor"])
    assert 'value="Nguyễn Văn Hiếu"' in html
    assert f'<input type="hidden" name="mentor" value="{mentor.pk}"' in html
    assert "Đã chọn: <strong>Nguyễn Văn Hiếu</strong> · sinh 09/04/1970 · Đảng viên chính thức" in html
    assert f"CCCD {mentor.masked_national_id()}" in html and mentor.national_id not in html


def test_the_introducer_field_is_a_search_box_of_its_own_purpose_when_large(
    few, provincial_officer, tree, people
):
    c = candidacy_create(
        actor=SYSTEM, person=make_person(tree.cell), organization=tree.cell, opened_on=dt.date(2026, 1, 5)
    )
    html = str(IntroductionForm(candidacy=c, user=provincial_officer)["introducer"])
    assert 'type="search"' in html and 'data-purpose="introducer"' in html and "<option" not in html


def test_the_introducer_select_offers_full_and_probationary_members_in_view(clerk, tree, people):
    c = candidacy_create(
        actor=SYSTEM, person=make_person(tree.cell), organization=tree.cell, opened_on=dt.date(2026, 1, 5)
    )
    html = str(IntroductionForm(candidacy=c, user=clerk)["introducer"])
    assert html.startswith('<select name="introducer"')
    assert "Nguyễn Văn Hiếu" in html and "Nguyễn Văn Hiền" in html
    assert "Nguyễn Văn Hiển" not in html and "Nguyễn Văn Hiệp" not in html


# The search endpoint --------------------------------------------------------------------------


def test_the_search_finds_members_without_diacritics_and_only_the_purposes_statuses(
    client, clerk, tree, people
):
    client.force_login(clerk)
    assert names(client, "mentor", "nguyen van hi") == ["Nguyễn Văn Hiếu"]
    assert names(client, "introducer", "nguyen van hi") == ["Nguyễn Văn Hiền", "Nguyễn Văn Hiếu"]
    assert names(client, "introducer", "Hiếu") == ["Nguyễn Văn Hiếu"]


def test_a_national_admin_searches_the_whole_country_the_same_way(client, national_admin, tree, people):
    client.force_login(national_admin)
    assert names(client, "mentor", "nguyen van hi") == ["Nguyễn Văn Hiệp", "Nguyễn Văn Hiếu"]
    assert names(client, "mentor", "van hiep") == ["Nguyễn Văn Hiệp"]
    # Exact diacritics first: "Hiền" is typed, "Hiếu" only matches without them.
    assert names(client, "introducer", "Nguyễn Văn Hiền") == ["Nguyễn Văn Hiền"]


def test_another_communes_members_never_appear(client, clerk, unrelated_officer, tree, people):
    client.force_login(clerk)
    assert "Nguyễn Văn Hiệp" not in names(client, "introducer", "nguyen van")
    assert names(client, "introducer", people["elsewhere"].national_id) == []
    client.force_login(unrelated_officer)
    assert names(client, "mentor", "nguyen van") == ["Nguyễn Văn Hiệp"]
    assert names(client, "introducer", people["full"].national_id) == []


def test_the_mentor_search_keeps_to_the_units_the_user_may_change(client, tree, people):
    """Seeing the province is not changing it: a mentor comes from the commune where one enters data."""
    user = make_user("xem-tinh", org=tree.province, role=Role.VIEWER)
    grant_create(actor=SYSTEM, user=user, organization=tree.other_commune, role=Role.CLERK)
    client.force_login(user)
    assert names(client, "mentor", "nguyen van") == ["Nguyễn Văn Hiệp"]
    assert names(client, "introducer", "nguyen van") == [
        "Nguyễn Văn Hiền",
        "Nguyễn Văn Hiệp",
        "Nguyễn Văn Hiếu",
    ]


def test_a_result_shows_birth_date_status_and_cell_and_only_a_masked_national_id(client, clerk, tree, people):
    member = people["full"]
    client.force_login(clerk)
    response = client.get(PICK, {"muc": "mentor", "q": member.national_id})
    masked = member.masked_national_id()
    assert json.loads(response.content) == {
        "results": [
            {
                "id": member.pk,
                "name": "Nguyễn Văn Hiếu",
                "born": "09/04/1970",
                "status": "Đảng viên chính thức",
                "unit": "Chi bộ Tổ Toán",
                "national_id": masked,
                "details": f"sinh 09/04/1970 · Đảng viên chính thức · Chi bộ Tổ Toán · CCCD {masked}",
            }
        ],
        "more": False,
    }
    assert member.national_id not in response.content.decode() and "•" in masked


def test_a_viewer_finds_a_member_by_the_whole_national_id_only_never_by_its_start(client, tree, people):
    """Those who may not read full numbers cannot spell one out digit by digit (person_list's rule)."""
    viewer = make_user("xem-xa", org=tree.commune, role=Role.VIEWER)
    member = people["full"]
    client.force_login(viewer)
    assert names(client, "introducer", member.national_id[:8]) == []
    assert names(client, "introducer", member.national_id) == ["Nguyễn Văn Hiếu"]
    assert names(client, "mentor", member.national_id) == []  # a viewer changes nothing: no mentor


def test_the_search_needs_two_letters_and_stops_at_twenty_in_the_same_few_queries(client, clerk, tree):
    for given in GIVEN[: PICK_LIMIT + 1]:
        make_member(tree.cell, full_name=f"Phạm Thị {given}")
    client.force_login(clerk)
    assert names(client, "mentor", "p") == []
    with CaptureQueriesContext(connection) as one:
        assert names(client, "mentor", "thi hoa") == ["Phạm Thị Hoa"]
    with CaptureQueriesContext(connection) as many:
        response = json.loads(client.get(PICK, {"muc": "mentor", "q": "pham thi"}).content)
    assert len(response["results"]) == PICK_LIMIT and response["more"] is True
    assert len(many) == len(one)  # the cells' names come with the results, not one query each


def test_an_anonymous_visitor_is_sent_to_log_in(client, tree, people):
    response = client.get(PICK, {"muc": "mentor", "q": "nguyen"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("access:login"))


def test_an_unknown_purpose_is_not_found_and_no_purpose_finds_nothing(client, national_admin, tree, people):
    client.force_login(national_admin)
    assert client.get(PICK, {"muc": "everyone", "q": "nguyen"}).status_code == 404
    assert json.loads(client.get(PICK, {"q": "nguyen"}).content) == {"results": [], "more": False}


@pytest.mark.parametrize("name", sorted(PURPOSES))
def test_every_purpose_keeps_to_the_users_scope_and_to_members(name, unrelated_officer, tree, people):
    chosen = list(PURPOSES[name].choices(unrelated_officer))
    assert chosen == [people["elsewhere"]]
    assert all(p.status in (MembershipStatus.FULL, MembershipStatus.PROBATIONARY) for p in chosen)


# Forged choices are refused -------------------------------------------------------------------


def test_a_forged_out_of_scope_mentor_is_refused_in_vietnamese_and_nothing_is_written(
    client, few, unrelated_officer, tree, people
):
    person = make_person(tree.other_cell, full_name="Lê Thị Ứng Viên")
    client.force_login(unrelated_officer)
    data = create_data(person, tree.other_cell, mentor=str(people["full"].pk))
    page = client.post(CREATE, data).content.decode()
    assert MSG_NOT_OFFERED in page and "Nguyễn Văn Hiếu" not in page
    assert not Candidacy.objects.exists()
    # A probationary member in scope cannot be a mentor either.
    probationary = make_member(tree.other_cell, full_name="Võ Văn Dự Bị", full=False)
    page = client.post(CREATE, {**data, "mentor": str(probationary.pk)}).content.decode()
    assert MSG_NOT_OFFERED in page and not Candidacy.objects.exists()
    # Their own full member is accepted.
    response = client.post(CREATE, {**data, "mentor": str(people["elsewhere"].pk)})
    assert response.status_code == 302
    assert list(Candidacy.objects.values_list("person", "mentor")) == [(person.pk, people["elsewhere"].pk)]


def test_a_forged_out_of_scope_introducer_is_refused_and_nothing_is_written(
    client, few, unrelated_officer, tree, people
):
    c = candidacy_create(
        actor=SYSTEM,
        person=make_person(tree.other_cell),
        organization=tree.other_cell,
        opened_on=dt.date(2026, 1, 5),
    )
    client.force_login(unrelated_officer)
    url = reverse("admissions:introduction_add", args=[c.pk])
    data = {"kind": "member", "introducer": str(people["full"].pk), "date": "10/02/2026", "same_unit": "on"}
    page = client.post(url, data).content.decode()
    assert MSG_NOT_OFFERED in page and "Nguyễn Văn Hiếu" not in page
    assert not Introduction.objects.exists()
    response = client.post(url, {**data, "introducer": str(people["elsewhere"].pk)})
    assert response.status_code == 302
    assert list(Introduction.objects.values_list("introducer", "name")) == [
        (people["elsewhere"].pk, "Nguyễn Văn Hiệp")
    ]


def test_the_candidate_cannot_be_chosen_as_their_own_introducer(clerk, tree, people):
    """The search cannot know the candidate: the form leaves them out (here a member re-admitted)."""
    c = candidacy_create(
        actor=SYSTEM, person=make_person(tree.cell), organization=tree.cell, opened_on=dt.date(2026, 1, 5)
    )
    c.person = people["full"]  # as if the candidate were a member: the form must still refuse them
    form = IntroductionForm(
        {"kind": "member", "introducer": str(people["full"].pk), "date": "10/02/2026"},
        candidacy=c,
        user=clerk,
    )
    assert form.errors["introducer"] == [MSG_NOT_OFFERED]
