"""The name search and the people list at national scale give the same rows as a plain substring search."""

import pytest
from django.db import connection
from django.urls import reverse

from ptdv.access.roles import Role
from ptdv.common import paging
from ptdv.common.paging import CappedPaginator
from ptdv.common.testing.factories import make_org, make_person, make_user
from ptdv.common.text import search_key
from ptdv.organizations.models import OrgKind
from ptdv.people.models import Person
from ptdv.people.selectors import name_filter, person_list
from ptdv.people.views import PersonListView

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Văn Anh",
    "Nguyễn Văn An",
    "Lê Nguyễn Văn An",  # the key inside the name: must not be lost by the index range
    "Nguyễn Thị Hoa",
    "Trần Thị Lan",
    "Trần Thị Bích",
    "Lê Hoàng Nam",
    "Lê Hoàng Yến",
    "Phạm Lê Hoàng",
    "Bùi Trung Thắng",
    "Lý Thị Zên",
]
QUERIES = [
    "nguyen van an",
    "nguyen",
    "tran thi",
    "le hoang",
    "hoang",
    "bui trung thang",
    "an",
    "zen",
    "ly",
    "y",
]


@pytest.fixture
def people(tree):
    return [
        make_person(tree.cell if i % 2 else tree.other_cell, full_name=name) for i, name in enumerate(NAMES)
    ]


def by_substring(actor, q: str) -> list[int]:
    """What the search must give: every visible name holding the key, by key then id."""
    key = search_key(q)
    visible = Person.objects.restrict(actor)
    return [p.pk for p in sorted(visible, key=lambda p: (p.name_key, p.pk)) if key in p.name_key]


@pytest.mark.parametrize("q", QUERIES)
def test_the_search_gives_the_rows_of_a_plain_substring_search_in_the_same_order(national_admin, people, q):
    assert [p.pk for p in person_list(actor=national_admin, q=q)] == by_substring(national_admin, q)


@pytest.mark.parametrize("q", QUERIES)
def test_a_commune_officer_searching_sees_only_their_subtree(tree, people, q):
    officer = make_user("xa", org=tree.commune, role=Role.CLERK)
    found = [p.pk for p in person_list(actor=officer, q=q)]
    assert found == by_substring(officer, q)
    assert not Person.objects.filter(pk__in=found, organization=tree.other_cell).exists()


def test_a_key_found_inside_a_name_is_searched_without_the_index_range(people):
    assert "name_key__gte" not in str(name_filter("nguyen van an"))
    assert "name_key__gte" in str(name_filter("tran thi"))


def test_a_key_ending_in_z_or_shorter_than_three_letters_is_searched_without_the_index_range(people):
    assert "name_key__gte" not in str(name_filter("ly thi z"))
    assert "name_key__gte" not in str(name_filter("ly"))


def test_the_range_search_still_finds_every_name_that_starts_with_the_key(national_admin, people):
    found = list(person_list(actor=national_admin, q="tran thi"))
    assert [p.full_name for p in found] == ["Trần Thị Bích", "Trần Thị Lan"]


def test_an_exact_diacritic_match_still_comes_first(national_admin, people):
    found = [p.full_name for p in person_list(actor=national_admin, q="Lê Hoàng Yến")]
    assert found == ["Lê Hoàng Yến"]
    found = [p.full_name for p in person_list(actor=national_admin, q="Nguyễn Văn Anh")]
    assert found[0] == "Nguyễn Văn Anh"


def test_a_national_id_still_finds_its_person_and_a_viewer_needs_the_whole_number(tree, people):
    person = people[0]
    viewer = make_user("xem", org=tree.root, role=Role.VIEWER)
    assert list(person_list(actor=viewer, q=person.national_id)) == [person]
    assert list(person_list(actor=viewer, q=person.national_id[:8])) == []


class TestCappedPaginator:
    def test_it_counts_no_further_than_the_cap_and_says_there_are_more(self, people):
        pages = CappedPaginator(Person.objects.order_by("name_key", "id"), 2, cap=5)
        assert pages.at_least == 6  # the cap rounded up to whole pages
        assert pages.count == 7
        assert pages.capped

    def test_the_page_after_the_last_counted_one_can_still_be_reached(self, people):
        first = CappedPaginator(Person.objects.order_by("name_key", "id"), 2, cap=6)
        assert first.page(3).has_next()
        later = CappedPaginator(Person.objects.order_by("name_key", "id"), 2, page=4, cap=5)
        page = later.page(4)
        assert [p.pk for p in page] == [p.pk for p in Person.objects.order_by("name_key", "id")[6:8]]
        assert later.capped and page.has_next()

    def test_it_counts_exactly_when_the_rows_fit_under_the_cap(self, people):
        pages = CappedPaginator(Person.objects.order_by("name_key", "id"), 5, cap=100)
        assert pages.count == len(NAMES)
        assert not pages.capped
        assert pages.num_pages == 3


class TestPeopleListPage:
    def test_a_capped_count_reads_more_than_n_people_and_pages_without_a_total(
        self, client, national_admin, people, monkeypatch
    ):
        monkeypatch.setattr(paging, "COUNT_CAP", 3)
        monkeypatch.setattr(PersonListView, "paginate_by", 2)
        client.force_login(national_admin)
        page = client.get(reverse("people:person_list")).content.decode()
        assert "Hơn 4 người" in page  # the cap, rounded up to whole pages
        assert "Trang 1<" in page and "Trang 1/" not in page
        later = client.get(reverse("people:person_list"), {"trang": 5}).content.decode()
        assert "Hơn 10 người" in later and "Sau ›" in later

    def test_a_small_list_still_shows_its_exact_count_and_pages(
        self, client, national_admin, people, monkeypatch
    ):
        monkeypatch.setattr(paging, "COUNT_CAP", 10_000)
        client.force_login(national_admin)
        page = client.get(reverse("people:person_list"), {"q": "nguyen"}).content.decode()
        assert '<p class="text-secondary mb-0" id="ket-qua">5 người</p>' in page

    def test_the_count_is_written_the_vietnamese_way(self, client, national_admin, people, monkeypatch):
        monkeypatch.setattr(paging, "COUNT_CAP", 10_000)
        monkeypatch.setattr(CappedPaginator, "count", 12_345)
        client.force_login(national_admin)
        assert "Hơn 10.000 người" in client.get(reverse("people:person_list")).content.decode()

    def test_the_unit_filter_offers_the_top_levels_and_keeps_a_chosen_deeper_unit(
        self, client, national_admin, tree, people
    ):
        client.force_login(national_admin)
        form = client.get(reverse("people:person_list")).context["filter_form"]
        offered = {value for value, _ in form.fields["org"].widget.choices}
        assert {tree.province.pk, tree.commune.pk} <= offered
        assert tree.grassroots.pk not in offered
        chosen = client.get(reverse("people:person_list"), {"org": tree.grassroots.pk})
        assert tree.grassroots.pk in {
            value for value, _ in chosen.context["filter_form"].fields["org"].widget.choices
        }
        assert chosen.context["filter_form"].is_valid()

    def test_a_commune_officer_is_offered_the_units_of_their_commune(self, client, tree, people):
        officer = make_user("xa", org=tree.commune, role=Role.CLERK)
        make_org(tree.commune, kind=OrgKind.GRASSROOTS_CELL, name="Chi bộ Ấp 1")
        client.force_login(officer)
        form = client.get(reverse("people:person_list")).context["filter_form"]
        offered = {value for value, _ in form.fields["org"].widget.choices}
        assert tree.grassroots.pk in offered
        assert tree.province.pk not in offered


def index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def test_the_search_indexes_exist_on_this_database():
    assert "people_person_name_id" in index_names("people_person")
    assert "organizations_org_depth_path" in index_names("organizations_organization")
    if connection.vendor == "postgresql":
        assert {"people_person_name_key_trgm", "people_person_name_rest_trgm"} <= index_names("people_person")
