"""Reads of the organisation tree: scoped lists, roots, children, the tree as of a date, lineage."""

import datetime as dt

import pytest

from ptdv.common.testing.factories import SYSTEM, make_org, make_user
from ptdv.organizations.models import OrgKind
from ptdv.organizations.selectors import (
    organization_children,
    organization_history,
    organization_ids_as_of,
    organization_list,
    organization_predecessors,
    organization_roots,
)
from ptdv.organizations.services import (
    organization_dissolve,
    organization_move,
    organization_rename,
    organizations_merge,
)

pytestmark = pytest.mark.django_db

MERGER = dt.date(2025, 7, 1)
EVE = dt.date(2025, 6, 30)


def _ids(queryset) -> set[int]:
    return {row["organization_id"] for row in queryset}


@pytest.fixture
def merged(tree):
    """An Bình and Phú Điền merged into Bình Điền on 01/07/2025."""
    return organizations_merge(
        actor=SYSTEM,
        predecessors=[tree.commune, tree.other_commune],
        effective_date=MERGER,
        code="XA-BD",
        name="Đảng bộ xã Bình Điền",
        kind=OrgKind.COMMUNE,
        parent=tree.province,
    )


class TestOrganizationList:
    def test_national_admin_sees_the_whole_tree(self, tree, national_admin):
        assert organization_list(actor=national_admin).count() == 7

    def test_provincial_officer_sees_the_province_and_below(self, tree, provincial_officer):
        assert set(organization_list(actor=provincial_officer)) == {
            tree.province,
            tree.commune,
            tree.grassroots,
            tree.cell,
            tree.other_commune,
            tree.other_cell,
        }

    def test_officer_of_another_commune_sees_only_it(self, tree, unrelated_officer):
        assert list(organization_list(actor=unrelated_officer)) == [tree.other_commune, tree.other_cell]

    def test_searches_names_without_diacritics_and_codes_exactly(self, tree, national_admin):
        assert list(organization_list(actor=national_admin, q="phu dien")) == [tree.other_commune]
        assert list(organization_list(actor=national_admin, q=tree.cell.code.lower())) == [tree.cell]

    def test_filters_by_kind(self, tree, national_admin):
        assert set(organization_list(actor=national_admin, kind=OrgKind.CELL)) == {tree.cell, tree.other_cell}

    def test_leaves_out_ended_organisations_unless_asked(self, tree, national_admin):
        organization_dissolve(actor=SYSTEM, org=tree.other_cell, effective_date=dt.date(2024, 1, 1))
        assert tree.other_cell not in organization_list(actor=national_admin)
        assert tree.other_cell in organization_list(actor=national_admin, include_dissolved=True)


class TestOrganizationRoots:
    def test_are_the_organisations_of_the_users_grants(self, tree, provincial_officer, unrelated_officer):
        assert list(organization_roots(actor=provincial_officer)) == [tree.province]
        assert list(organization_roots(actor=unrelated_officer)) == [tree.other_commune]

    def test_are_the_top_of_the_tree_for_a_superuser(self, tree):
        admin = make_user(superuser=True)
        assert list(organization_roots(actor=admin)) == [tree.root]

    def test_are_nothing_for_a_user_without_grants(self, tree):
        assert not organization_roots(actor=make_user()).exists()


class TestOrganizationChildren:
    def test_lists_current_children_only_unless_asked(self, tree):
        organization_dissolve(
            actor=SYSTEM, org=tree.other_commune.children.get(), effective_date=dt.date(2024, 1, 1)
        )
        assert not organization_children(org=tree.other_commune).exists()
        assert list(organization_children(org=tree.other_commune, include_dissolved=True)) == [
            tree.other_cell
        ]
        assert list(organization_children(org=tree.commune)) == [tree.grassroots]


class TestOrganizationIdsAsOf:
    def test_gives_the_organisation_and_everything_below_it(self, tree):
        assert _ids(organization_ids_as_of(tree.commune, dt.date(2024, 1, 1))) == {
            tree.commune.pk,
            tree.grassroots.pk,
            tree.cell.pk,
        }

    def test_follows_the_tree_as_it_stood_on_the_day(self, tree):
        organization_move(
            actor=SYSTEM,
            org=tree.grassroots,
            new_parent=tree.other_commune,
            effective_date=dt.date(2024, 1, 1),
        )
        assert _ids(organization_ids_as_of(tree.commune, dt.date(2023, 12, 31))) == {
            tree.commune.pk,
            tree.grassroots.pk,
            tree.cell.pk,
        }
        assert _ids(organization_ids_as_of(tree.commune, dt.date(2024, 1, 1))) == {tree.commune.pk}
        assert {tree.grassroots.pk, tree.cell.pk} <= _ids(
            organization_ids_as_of(tree.other_commune, dt.date(2024, 1, 1))
        )

    def test_is_empty_before_the_organisation_existed(self, tree):
        assert not _ids(organization_ids_as_of(tree.commune, dt.date(1999, 12, 31)))

    def test_includes_the_predecessors_subtrees_before_a_merger(self, tree, merged):
        everything = {
            tree.commune.pk,
            tree.grassroots.pk,
            tree.cell.pk,
            tree.other_commune.pk,
            tree.other_cell.pk,
        }
        assert _ids(organization_ids_as_of(merged, EVE)) == everything
        assert not _ids(organization_ids_as_of(merged, EVE, include_predecessors=False))

    def test_includes_the_moved_units_after_a_merger_but_not_the_ended_communes(self, tree, merged):
        assert _ids(organization_ids_as_of(merged, MERGER)) == {
            merged.pk,
            tree.grassroots.pk,
            tree.cell.pk,
            tree.other_cell.pk,
        }
        assert not _ids(organization_ids_as_of(tree.commune, MERGER))

    def test_reads_the_few_anchor_placements_then_the_ids_in_two_queries(
        self, tree, merged, django_assert_num_queries
    ):
        # The anchors' paths go into the second query as literal ranges, so the planner sizes the subtree.
        with django_assert_num_queries(2):
            rows = list(organization_ids_as_of(merged, EVE))
        assert len(rows) == 5


class TestLineageAndHistory:
    def test_predecessors_of_a_merged_organisation_are_the_old_ones(self, tree, merged):
        assert set(organization_predecessors(merged)) == {tree.commune, tree.other_commune}
        assert not organization_predecessors(tree.cell).exists()

    def test_history_lists_the_changes_involving_the_organisation_oldest_first(self, tree, merged):
        organization_rename(
            actor=SYSTEM, org=merged, name="Đảng bộ phường Bình Điền", effective_date=dt.date(2025, 9, 1)
        )
        kinds = [change.kind for change in organization_history(merged)]
        assert kinds == ["merger", "rename"]  # the merger is its founding
        assert [change.kind for change in organization_history(tree.commune)] == ["creation", "merger"]


def test_a_second_root_is_out_of_everyones_scope_but_a_superusers(tree, national_admin):
    other_root = make_org(None, kind=OrgKind.CENTRAL)
    assert other_root not in organization_list(actor=national_admin)
    assert other_root in organization_list(actor=make_user(superuser=True))
