"""Reads of people: accent-insensitive search, filters, scope, counts per subtree and as of a date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ptdv.access.roles import Role
from ptdv.common.testing.factories import SYSTEM, make_member, make_org, make_person, make_user
from ptdv.organizations.models import Organization, OrgKind, OrgPlacement
from ptdv.organizations.selectors import organization_ids_as_of
from ptdv.organizations.services import organizations_merge
from ptdv.people.models import EventKind, MembershipStatus, Person
from ptdv.people.selectors import (
    member_count_on,
    organization_totals,
    person_list,
    person_timeline,
    subtree_counts,
    with_name_and_birth,
)
from ptdv.people.services import membership_event_correct, membership_event_record

pytestmark = pytest.mark.django_db

S = MembershipStatus


def _names(people) -> list[str]:
    return [p.full_name for p in people]


class TestPersonListSearch:
    @pytest.fixture
    def hieus(self, tree):
        return {
            "plain": make_person(tree.cell, full_name="Nguyen Van Hieu"),
            "hoi": make_person(tree.cell, full_name="Nguyễn Văn Hiểu"),
            "sac": make_person(tree.cell, full_name="Nguyễn Văn Hiếu"),
            "other": make_person(tree.cell, full_name="Trần Thị Lan", gender="F"),
        }

    def test_finds_names_with_diacritics_from_a_query_without_them(self, national_admin, hieus):
        found = person_list(actor=national_admin, q="nguyen van")
        assert set(found) == {hieus["plain"], hieus["hoi"], hieus["sac"]}

    def test_ignores_case_and_extra_spaces_in_the_query(self, national_admin, hieus):
        assert set(person_list(actor=national_admin, q="  NGUYỄN   văn hiếu ")) == {
            hieus["plain"],
            hieus["hoi"],
            hieus["sac"],
        }

    def test_ranks_the_exact_diacritic_match_first(self, national_admin, hieus):
        found = list(person_list(actor=national_admin, q="Nguyễn Văn Hiếu"))
        assert found[0] == hieus["sac"]
        assert set(found[1:]) == {hieus["plain"], hieus["hoi"]}

    def test_ranks_by_the_marks_typed_whichever_they_are(self, national_admin, hieus):
        found = list(person_list(actor=national_admin, q="hiểu"))
        assert found[0] == hieus["hoi"]
        assert len(found) == 3

    def test_finds_a_person_by_the_start_of_the_national_id(self, tree, national_admin):
        person = make_person(tree.cell, full_name="Lê Văn Số")
        found = person_list(actor=national_admin, q=person.national_id[:8])
        assert list(found) == [person]

    def test_a_viewer_finds_a_person_by_the_whole_national_id_but_not_by_its_start(self, tree):
        person = make_person(tree.cell, full_name="Lê Văn Số")
        viewer = make_user("xem", org=tree.commune, role=Role.VIEWER)
        assert list(person_list(actor=viewer, q=person.national_id)) == [person]
        assert list(person_list(actor=viewer, q=person.national_id[:8])) == []

    def test_finds_a_national_id_typed_with_spaces(self, tree, national_admin):
        person = make_person(tree.cell)
        spaced = f"{person.national_id[:3]} {person.national_id[3:6]} {person.national_id[6:]}"
        assert list(person_list(actor=national_admin, q=spaced)) == [person]

    def test_finds_nothing_for_an_unknown_name(self, national_admin, hieus):
        assert not person_list(actor=national_admin, q="Hoàng").exists()


class TestPersonListFilters:
    @pytest.fixture
    def people(self, tree):
        return {
            "cell_member": make_member(tree.cell, full_name="Đỗ Văn An"),
            "cell_woman": make_person(tree.cell, full_name="Đỗ Thị Bình", gender="F"),
            "commune_candidate": make_person(tree.commune, full_name="Đỗ Văn Cường"),
            "other_member": make_member(tree.other_cell, full_name="Đỗ Văn Dũng", full=False),
            "other_minority": make_person(
                tree.other_cell, full_name="Lò Thị Én", gender="F", ethnicity="Thái"
            ),
        }

    def test_filters_by_several_organisations_with_their_subtrees(self, tree, national_admin, people):
        found = person_list(actor=national_admin, organizations=[tree.grassroots, tree.other_cell])
        assert set(found) == {
            people["cell_member"],
            people["cell_woman"],
            people["other_member"],
            people["other_minority"],
        }

    def test_filters_by_status(self, national_admin, people):
        assert set(person_list(actor=national_admin, statuses=[S.FULL, S.PROBATIONARY])) == {
            people["cell_member"],
            people["other_member"],
        }
        assert set(person_list(actor=national_admin, statuses=[S.PROBATIONARY])) == {people["other_member"]}

    def test_filters_by_gender(self, national_admin, people):
        assert set(person_list(actor=national_admin, gender="F")) == {
            people["cell_woman"],
            people["other_minority"],
        }

    def test_filters_by_ethnic_minority(self, national_admin, people):
        assert list(person_list(actor=national_admin, ethnic_minority=True)) == [people["other_minority"]]
        assert people["other_minority"] not in person_list(actor=national_admin, ethnic_minority=False)

    def test_combines_filters_and_search(self, tree, national_admin, people):
        found = person_list(actor=national_admin, q="do van", organizations=[tree.commune], statuses=[S.FULL])
        assert list(found) == [people["cell_member"]]


class TestPersonListScope:
    @pytest.fixture
    def people(self, tree):
        return {
            "here": make_person(tree.cell, full_name="Võ Văn Hải"),
            "there": make_person(tree.other_cell, full_name="Võ Văn Hà"),
        }

    def test_national_admin_sees_everyone(self, national_admin, people):
        assert set(person_list(actor=national_admin)) == set(people.values())

    def test_provincial_officer_sees_the_whole_province(self, provincial_officer, people):
        assert set(person_list(actor=provincial_officer)) == set(people.values())

    def test_officer_of_another_commune_sees_only_their_own(self, unrelated_officer, people):
        assert list(person_list(actor=unrelated_officer)) == [people["there"]]

    def test_search_and_filters_never_reach_outside_the_scope(self, tree, unrelated_officer, people):
        assert not person_list(actor=unrelated_officer, q="Võ Văn Hải").exists()
        assert not person_list(actor=unrelated_officer, q=people["here"].national_id).exists()
        assert not person_list(actor=unrelated_officer, organizations=[tree.commune]).exists()

    def test_change_rights_narrow_the_list(self, tree, people):
        viewer = make_user(org=tree.province, role="viewer")
        assert person_list(actor=viewer).count() == 2
        assert not person_list(actor=viewer, action="change").exists()


class TestSubtreeCounts:
    def test_counts_members_and_candidates_under_each_child(self, tree):
        make_member(tree.cell)
        make_member(tree.cell, full=False)
        candidate = make_person(tree.commune)
        membership_event_record(
            actor=SYSTEM, person=candidate, kind=EventKind.NOMINATED, date=dt.date(2024, 1, 1)
        )
        make_member(tree.other_cell)
        make_person(tree.other_cell)  # a non-member counts nowhere
        counts = subtree_counts(tree.province, [tree.commune, tree.other_commune])
        assert counts == {
            tree.commune.pk: {"members": 2, "probationary": 1, "candidates": 1},
            tree.other_commune.pk: {"members": 1, "probationary": 0, "candidates": 0},
        }

    def test_gives_zeros_to_an_empty_child_and_nothing_for_no_children(self, tree):
        empty = make_org(tree.commune)
        assert subtree_counts(tree.commune, [empty]) == {
            empty.pk: {"members": 0, "probationary": 0, "candidates": 0}
        }
        assert subtree_counts(tree.commune, []) == {}

    def test_runs_one_query_whatever_the_number_of_children(self, tree, django_assert_num_queries):
        children = [make_org(tree.grassroots) for _ in range(5)]
        for child in children:
            make_member(child)
        with django_assert_num_queries(1):
            counts = subtree_counts(tree.grassroots, children)
        assert [counts[c.pk]["members"] for c in children] == [1, 1, 1, 1, 1]


class TestOrganizationTotals:
    def test_sums_the_whole_subtree(self, tree):
        make_member(tree.cell)
        make_member(tree.cell, full=False)
        make_member(tree.other_cell)
        assert organization_totals(tree.commune) == {
            "members": 2,
            "full": 1,
            "probationary": 1,
            "candidates": 0,
        }
        assert organization_totals(tree.province)["members"] == 3


class TestPersonTimeline:
    def test_lists_every_event_with_corrections_oldest_first(self, tree):
        member = make_member(tree.cell, admitted=dt.date(2015, 3, 2))
        admission = member.events.get(kind=EventKind.ADMITTED)
        correction = membership_event_correct(
            actor=SYSTEM, event=admission, reason="Sai ngày", date=dt.date(2015, 2, 1)
        )
        timeline = list(person_timeline(member))
        assert [e.date for e in timeline] == sorted(e.date for e in timeline)
        assert admission in timeline
        assert correction in timeline
        assert len(timeline) == 4


class TestMemberCountOnAcrossAMerger:
    """Acceptance: members of two communes merged on 01/07/2025 count under the new commune for dates
    after the merger and under the old ones before it."""

    MERGER = dt.date(2025, 7, 1)
    EVE = dt.date(2025, 6, 30)

    @pytest.fixture
    def merger(self, tree):
        commune_a = make_org(tree.province, kind=OrgKind.COMMUNE, name="Đảng bộ xã A")
        commune_b = make_org(tree.province, kind=OrgKind.COMMUNE, name="Đảng bộ xã B")
        cells_a = [make_org(commune_a), make_org(commune_a)]
        cell_b = make_org(commune_b)
        for cell in (*cells_a, cells_a[0]):
            make_member(cell, admitted=dt.date(2020, 5, 19))
        for _ in range(2):
            make_member(cell_b, admitted=dt.date(2020, 5, 19), full=False)
        merged = organizations_merge(
            actor=SYSTEM,
            predecessors=[commune_a, commune_b],
            effective_date=self.MERGER,
            code="XA-C",
            name="Đảng bộ xã C",
            kind=OrgKind.COMMUNE,
            parent=tree.province,
        )
        return commune_a, commune_b, merged, cell_b

    def test_resolves_the_tree_of_the_day_and_counts_in_two_queries_each(
        self, merger, django_assert_num_queries
    ):
        """The few anchor placements first, then the count with their paths as literal ranges."""
        a, b, c, cell_b = merger
        with django_assert_num_queries(2):
            ids = {row["organization_id"] for row in organization_ids_as_of(c, self.EVE)}
        cells_a = set(
            OrgPlacement.objects.filter(parent=a, valid_to=self.EVE).values_list("organization_id", flat=True)
        )
        assert len(cells_a) == 2
        assert ids == {a.pk, b.pk, cell_b.pk, *cells_a}
        with django_assert_num_queries(2):
            assert member_count_on(c, self.EVE) == 5

    def test_counts_under_the_old_communes_before_the_merger(self, merger):
        a, b, _, _ = merger
        assert member_count_on(a, self.EVE) == 3
        assert member_count_on(b, self.EVE) == 2

    def test_counts_under_the_new_commune_from_the_merger_on(self, merger):
        a, b, c, _ = merger
        assert member_count_on(c, self.MERGER) == 5
        assert member_count_on(c, dt.date(2026, 1, 1)) == 5
        assert member_count_on(a, self.MERGER) == 0
        assert member_count_on(b, self.MERGER) == 0

    def test_counts_the_predecessors_under_the_new_commune_before_the_merger_only_when_asked(self, merger):
        _, _, c, _ = merger
        assert member_count_on(c, self.EVE, include_predecessors=True) == 5
        assert member_count_on(c, self.EVE, include_predecessors=False) == 0

    def test_counts_before_anyone_was_admitted_as_zero(self, merger):
        a, _, c, _ = merger
        assert member_count_on(a, dt.date(2020, 5, 18)) == 0
        assert member_count_on(c, dt.date(2020, 5, 18)) == 0

    def test_counts_a_member_admitted_after_the_merger_only_from_the_admission(self, merger):
        _, b, c, cell_b = merger
        make_member(cell_b, admitted=dt.date(2025, 8, 1), full=False)
        assert member_count_on(c, dt.date(2025, 7, 31)) == 5
        assert member_count_on(c, dt.date(2025, 8, 1)) == 6
        assert member_count_on(b, self.EVE) == 2

    def test_counts_the_province_the_same_on_both_sides_of_the_merger(self, tree, merger):
        assert member_count_on(tree.province, self.EVE) == member_count_on(tree.province, self.MERGER) == 5

    def test_stops_counting_a_member_removed_from_the_rolls(self, merger):
        _, _, c, cell_b = merger
        leaver = cell_b.people.first()
        membership_event_record(actor=SYSTEM, person=leaver, kind=EventKind.REMOVED, date=dt.date(2025, 9, 1))
        assert member_count_on(c, dt.date(2025, 8, 31)) == 5
        assert member_count_on(c, dt.date(2025, 9, 1)) == 4


def test_merging_cells_that_still_hold_members_is_refused_so_nobody_drops_out_of_the_counts(tree):
    cell_a = make_org(tree.commune, kind=OrgKind.GRASSROOTS_CELL, name="Chi bộ ấp A")
    cell_b = make_org(tree.commune, kind=OrgKind.GRASSROOTS_CELL)
    make_member(cell_a, admitted=dt.date(2020, 5, 19))
    make_member(cell_b, admitted=dt.date(2020, 5, 19))
    with pytest.raises(ValidationError) as refused:
        organizations_merge(
            actor=SYSTEM,
            predecessors=[cell_a, cell_b],
            effective_date=dt.date(2025, 7, 1),
            code="CB-C",
            name="Chi bộ C",
            kind=OrgKind.GRASSROOTS_CELL,
            parent=tree.commune,
        )
    assert (
        "Còn 1 đảng viên, đối tượng kết nạp sinh hoạt trực tiếp tại “Chi bộ ấp A”"
        in refused.value.messages[0]
    )
    assert not Organization.objects.filter(code="CB-C").exists()
    assert member_count_on(tree.commune, dt.date(2025, 7, 1)) == 2


class TestWithNameAndBirth:
    def test_finds_each_name_only_with_its_own_date_of_birth(self, tree):
        an_1990 = make_person(tree.cell, full_name="Nguyễn Văn An", date_of_birth=dt.date(1990, 1, 2))
        binh_1985 = make_person(
            tree.cell, full_name="Lê Thị Bình", gender="F", date_of_birth=dt.date(1985, 3, 4)
        )
        make_person(tree.cell, full_name="Nguyễn Văn An", date_of_birth=dt.date(1985, 3, 4))
        make_person(tree.cell, full_name="Lê Thị Bình", gender="F", date_of_birth=dt.date(1990, 1, 2))

        found = with_name_and_birth(
            Person.objects.all(),
            [("nguyen van an", dt.date(1990, 1, 2)), ("le thi binh", dt.date(1985, 3, 4))],
        )

        assert set(found) == {an_1990, binh_1985}

    def test_no_pairs_find_nobody(self, tree):
        make_person(tree.cell, full_name="Nguyễn Văn An")
        assert list(with_name_and_birth(Person.objects.all(), [])) == []

    def test_keeps_the_scope_of_the_queryset_it_narrows(self, tree, provincial_officer, unrelated_officer):
        person = make_person(tree.cell, full_name="Nguyễn Văn An", date_of_birth=dt.date(1990, 1, 2))
        pairs = [("nguyen van an", dt.date(1990, 1, 2))]
        assert list(with_name_and_birth(Person.objects.restrict(provincial_officer), pairs)) == [person]
        assert list(with_name_and_birth(Person.objects.restrict(unrelated_officer), pairs)) == []
