"""Writes to the organisation tree: creation, moves, renames, mergers, splits, dissolutions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_member, make_org, make_person
from ptdv.organizations.models import (
    Organization,
    OrgChange,
    OrgChangeKind,
    OrgKind,
    OrgLineage,
    OrgPlacement,
)
from ptdv.organizations.paths import SEGMENT, segment
from ptdv.organizations.selectors import organization_predecessors
from ptdv.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_move,
    organization_rename,
    organization_split,
    organization_update,
    organizations_merge,
    population_set,
)
from ptdv.people.models import EventKind
from ptdv.people.services import membership_event_record

pytestmark = pytest.mark.django_db

FOUNDED = dt.date(2000, 1, 1)
MERGER_DAY = dt.date(2025, 7, 1)
DAY_BEFORE = dt.date(2025, 6, 30)


def _counts() -> tuple[int, int, int, int]:
    return (
        Organization.objects.count(),
        OrgPlacement.objects.count(),
        OrgChange.objects.count(),
        AuditEvent.objects.count(),
    )


def _refresh(*orgs: Organization) -> None:
    for org in orgs:
        org.refresh_from_db()


def _open_placement(org: Organization) -> OrgPlacement:
    return OrgPlacement.objects.get(organization=org, valid_to__isnull=True)


class TestOrganizationCreate:
    def test_gives_a_fixed_width_path_under_the_parent(self, tree):
        org = organization_create(
            actor=SYSTEM,
            code="cb-moi",
            name="Chi bộ Mới",
            kind=OrgKind.CELL,
            parent=tree.grassroots,
            valid_from=dt.date(2020, 1, 1),
        )
        org.refresh_from_db()
        assert org.path == tree.grassroots.path + segment(org.pk)
        assert len(org.path) == SEGMENT * 5
        assert org.depth == tree.grassroots.depth + 1 == 5
        assert org.parent == tree.grassroots

    def test_a_root_gets_a_single_segment(self, db):
        root = make_org(None, kind=OrgKind.CENTRAL)
        assert root.path == segment(root.pk)
        assert root.depth == 1

    def test_opens_a_placement_and_a_lineage_to_itself(self, tree):
        org = make_org(tree.commune, valid_from=dt.date(2020, 1, 1))
        placement = OrgPlacement.objects.get(organization=org)
        assert (placement.parent, placement.path, placement.valid_from, placement.valid_to) == (
            tree.commune,
            org.path,
            dt.date(2020, 1, 1),
            None,
        )
        assert list(OrgLineage.objects.filter(descendant=org).values_list("ancestor_id", flat=True)) == [
            org.pk
        ]

    def test_records_the_founding_as_a_change(self, tree):
        org = make_org(tree.commune, valid_from=dt.date(2020, 1, 1))
        change = OrgChange.objects.get(successors=org)
        assert change.kind == OrgChangeKind.CREATION
        assert change.effective_date == dt.date(2020, 1, 1)

    def test_stores_the_code_in_capitals_and_the_name_in_nfc(self, tree):
        org = make_org(tree.commune, code=" cb-01 ", name="Chi bo\u0302\u0323  Mới")
        assert org.code == "CB-01"
        assert org.name == "Chi bộ Mới"
        assert org.name_key == "chi bo moi"

    def test_refuses_a_code_already_used_and_names_its_owner(self, tree):
        make_org(tree.commune, code="CB-01", name="Chi bộ Một")
        before = _counts()
        with pytest.raises(ValidationError) as error:
            make_org(tree.commune, code="cb-01", name="Chi bộ Hai")
        assert error.value.message_dict["code"] == ["Mã tổ chức “CB-01” đã được dùng cho “Chi bộ Một”."]
        assert _counts() == before

    def test_refuses_an_empty_name_and_code(self, tree):
        with pytest.raises(ValidationError) as error:
            organization_create(
                actor=SYSTEM, code="  ", name=" ", kind=OrgKind.CELL, parent=tree.commune, valid_from=FOUNDED
            )
        assert error.value.message_dict == {
            "code": ["Mã tổ chức không được để trống."],
            "name": ["Tên tổ chức không được để trống."],
        }

    def test_builds_the_path_from_the_parent_as_stored_not_as_the_caller_last_saw_it(self, tree):
        stale_grassroots = Organization.objects.get(pk=tree.grassroots.pk)
        organization_move(
            actor=SYSTEM,
            org=tree.grassroots,
            new_parent=tree.other_commune,
            effective_date=dt.date(2024, 1, 1),
        )
        org = make_org(stale_grassroots, valid_from=dt.date(2024, 2, 1))
        tree.grassroots.refresh_from_db()
        assert org.path == tree.grassroots.path + segment(org.pk)
        assert org.path.startswith(tree.other_commune.path)

    def test_refuses_a_parent_not_active_on_the_start_date(self, tree):
        with pytest.raises(ValidationError) as error:
            make_org(tree.commune, valid_from=dt.date(1999, 12, 31))
        assert "không hoạt động vào ngày 31/12/1999" in error.value.message_dict["parent"][0]


class TestOrganizationMove:
    def test_re_roots_the_whole_subtree(self, tree):
        organization_move(
            actor=SYSTEM,
            org=tree.grassroots,
            new_parent=tree.other_commune,
            effective_date=dt.date(2024, 1, 1),
        )
        _refresh(tree.grassroots, tree.cell)
        assert tree.grassroots.parent == tree.other_commune
        assert tree.grassroots.path == tree.other_commune.path + segment(tree.grassroots.pk)
        assert tree.cell.path == tree.grassroots.path + segment(tree.cell.pk)
        assert tree.cell.parent == tree.grassroots
        assert (tree.grassroots.depth, tree.cell.depth) == (4, 5)
        assert not Organization.objects.filter(path__startswith=tree.commune.path).exclude(pk=tree.commune.pk)

    def test_closes_the_old_placements_the_day_before_and_opens_new_ones(self, tree):
        old_cell_path = tree.cell.path
        organization_move(
            actor=SYSTEM,
            org=tree.grassroots,
            new_parent=tree.other_commune,
            effective_date=dt.date(2024, 1, 1),
        )
        _refresh(tree.grassroots, tree.cell)
        for node, parent in [(tree.grassroots, tree.other_commune), (tree.cell, tree.grassroots)]:
            old, new = OrgPlacement.objects.filter(organization=node).order_by("valid_from")
            assert (old.valid_from, old.valid_to) == (FOUNDED, dt.date(2023, 12, 31))
            assert (new.valid_from, new.valid_to, new.path, new.parent) == (
                dt.date(2024, 1, 1),
                None,
                node.path,
                parent,
            )
        assert OrgPlacement.objects.get(organization=tree.cell, valid_to__isnull=False).path == old_cell_path

    def test_records_the_move_with_old_and_new_parent(self, tree):
        organization_move(
            actor=SYSTEM,
            org=tree.grassroots,
            new_parent=tree.other_commune,
            effective_date=dt.date(2024, 1, 1),
            document="QĐ 12",
        )
        change = OrgChange.objects.get(kind=OrgChangeKind.MOVE)
        assert change.details["from_parent"] == tree.commune.pk
        assert change.details["to_parent"] == tree.other_commune.pk
        assert list(change.predecessors.all()) == list(change.successors.all()) == [tree.grassroots]
        event = AuditEvent.objects.get(code="organization.moved")
        assert event.before["parent_id"] == tree.commune.pk
        assert event.after["parent_id"] == tree.other_commune.pk

    @pytest.mark.parametrize("target", ["grassroots", "cell"])
    def test_refuses_to_move_an_organisation_into_itself_or_below_it(self, tree, target):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            organization_move(
                actor=SYSTEM,
                org=tree.grassroots,
                new_parent=getattr(tree, target),
                effective_date=dt.date(2024, 1, 1),
            )
        assert error.value.message_dict["new_parent"] == [
            "Không thể chuyển “Đảng bộ Trường THPT An Bình” vào chính nó hoặc một tổ chức trực thuộc nó."
        ]
        assert _counts() == before

    def test_refuses_a_date_before_the_current_placement_started(self, tree):
        organization_move(
            actor=SYSTEM, org=tree.cell, new_parent=tree.other_commune, effective_date=dt.date(2024, 1, 1)
        )
        with pytest.raises(ValidationError) as error:
            organization_move(
                actor=SYSTEM, org=tree.cell, new_parent=tree.commune, effective_date=dt.date(2023, 1, 1)
            )
        assert "phải sau ngày 01/01/2024" in error.value.messages[0]

    def test_moves_what_is_in_the_database_even_when_given_a_stale_object(self, tree):
        """A caller may hold an object loaded before its parent moved (an import, a batch)."""
        cell = Organization.objects.get(pk=tree.cell.pk)
        organization_move(
            actor=SYSTEM,
            org=tree.grassroots,
            new_parent=tree.other_commune,
            effective_date=dt.date(2024, 1, 1),
        )
        moved = organization_move(
            actor=SYSTEM, org=cell, new_parent=tree.commune, effective_date=dt.date(2024, 6, 1)
        )
        cell.refresh_from_db()
        assert cell.parent == tree.commune
        assert cell.path == tree.commune.path + segment(cell.pk)
        assert moved.path == cell.path
        assert _open_placement(cell).path == cell.path


class TestOrganizationRename:
    def test_changes_the_name_and_keeps_the_old_one_in_the_history(self, tree):
        organization_rename(
            actor=SYSTEM, org=tree.commune, name="Đảng bộ phường An Bình", effective_date=dt.date(2025, 7, 1)
        )
        tree.commune.refresh_from_db()
        assert tree.commune.name == "Đảng bộ phường An Bình"
        assert tree.commune.name_key == "dang bo phuong an binh"
        change = OrgChange.objects.get(kind=OrgChangeKind.RENAME)
        assert change.details == {"old_name": "Đảng bộ xã An Bình", "new_name": "Đảng bộ phường An Bình"}
        assert change.effective_date == dt.date(2025, 7, 1)
        event = AuditEvent.objects.get(code="organization.renamed")
        assert (event.before, event.after) == (
            {"name": "Đảng bộ xã An Bình"},
            {"name": "Đảng bộ phường An Bình"},
        )

    def test_refuses_an_empty_name(self, tree):
        with pytest.raises(ValidationError) as error:
            organization_rename(actor=SYSTEM, org=tree.commune, name="  ", effective_date=dt.date(2025, 7, 1))
        assert error.value.message_dict == {"name": ["Tên tổ chức không được để trống."]}
        tree.commune.refresh_from_db()
        assert tree.commune.name == "Đảng bộ xã An Bình"


class TestOrganizationUpdate:
    def test_changes_sector_and_authority_and_audits_both(self, tree):
        organization_update(actor=SYSTEM, org=tree.grassroots, sector="school", is_authorised_to_admit=True)
        tree.grassroots.refresh_from_db()
        assert (tree.grassroots.sector, tree.grassroots.is_authorised_to_admit) == ("school", True)
        event = AuditEvent.objects.get(code="organization.updated")
        assert event.before == {"sector": "education", "is_authorised_to_admit": False}
        assert event.after == {"sector": "school", "is_authorised_to_admit": True}


class TestOrganizationDissolve:
    def test_refuses_while_active_children_exist(self, tree):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            organization_dissolve(actor=SYSTEM, org=tree.grassroots, effective_date=dt.date(2024, 1, 1))
        assert "Còn 1 tổ chức trực thuộc đang hoạt động (Chi bộ Tổ Toán)" in error.value.messages[0]
        tree.grassroots.refresh_from_db()
        assert tree.grassroots.valid_to is None
        assert _counts() == before

    def test_ends_the_organisation_and_its_placement_the_day_before(self, tree):
        organization_dissolve(
            actor=SYSTEM, org=tree.cell, effective_date=dt.date(2024, 1, 1), reason="Hết hoạt động"
        )
        tree.cell.refresh_from_db()
        assert tree.cell.valid_to == dt.date(2023, 12, 31)
        assert OrgPlacement.objects.get(organization=tree.cell).valid_to == dt.date(2023, 12, 31)
        change = OrgChange.objects.get(kind=OrgChangeKind.DISSOLUTION)
        assert change.note == "Hết hoạt động"
        assert AuditEvent.objects.get(code="organization.dissolved").reason == "Hết hoạt động"

    def test_refuses_while_members_or_candidates_still_belong_to_it(self, tree):
        """They would drop out of every count from the dissolution on."""
        make_member(tree.other_cell)
        candidate = make_person(tree.other_cell)
        membership_event_record(
            actor=SYSTEM, person=candidate, kind=EventKind.NOMINATED, date=dt.date(2020, 1, 1)
        )
        before = _counts()
        with pytest.raises(ValidationError) as error:
            organization_dissolve(actor=SYSTEM, org=tree.other_cell, effective_date=dt.date(2024, 1, 1))
        assert error.value.messages == [
            "Còn 2 đảng viên, đối tượng kết nạp sinh hoạt trực tiếp tại “Chi bộ ấp Phú Lợi”; "
            "hãy ghi chuyển sinh hoạt cho họ trước khi giải thể."
        ]
        assert _counts() == before

    def test_allows_an_organisation_whose_members_have_transferred_away(self, tree):
        member = make_member(tree.other_cell)
        make_person(tree.other_cell)  # a non-member record does not hold the organisation open
        membership_event_record(
            actor=SYSTEM,
            person=member,
            kind=EventKind.TRANSFERRED,
            date=dt.date(2023, 6, 1),
            organization=tree.cell,
        )
        organization_dissolve(actor=SYSTEM, org=tree.other_cell, effective_date=dt.date(2024, 1, 1))
        tree.other_cell.refresh_from_db()
        assert tree.other_cell.valid_to == dt.date(2023, 12, 31)

    def test_allows_a_parent_whose_children_are_already_dissolved(self, tree):
        organization_dissolve(actor=SYSTEM, org=tree.cell, effective_date=dt.date(2024, 1, 1))
        organization_dissolve(actor=SYSTEM, org=tree.grassroots, effective_date=dt.date(2024, 6, 1))
        tree.grassroots.refresh_from_db()
        assert tree.grassroots.valid_to == dt.date(2024, 5, 31)

    def test_refuses_an_organisation_already_ended(self, tree):
        organization_dissolve(actor=SYSTEM, org=tree.cell, effective_date=dt.date(2024, 1, 1))
        tree.cell.refresh_from_db()
        with pytest.raises(ValidationError, match="không hoạt động vào ngày 01/06/2024"):
            organization_dissolve(actor=SYSTEM, org=tree.cell, effective_date=dt.date(2024, 6, 1))


class TestOrganizationsMerge:
    @pytest.fixture
    def communes(self, tree):
        a, b = tree.commune, tree.other_commune
        return a, b

    def _merge(self, tree, predecessors, **extra):
        return organizations_merge(
            actor=SYSTEM,
            predecessors=predecessors,
            effective_date=MERGER_DAY,
            code=extra.pop("code", "XA-C"),
            name="Đảng bộ xã An Phú",
            kind=OrgKind.COMMUNE,
            parent=tree.province,
            **extra,
        )

    def test_closes_the_predecessors_the_day_before(self, tree, communes):
        self._merge(tree, communes)
        for old in communes:
            old.refresh_from_db()
            assert old.valid_to == DAY_BEFORE
            assert _open_placement_or_none(old) is None

    def test_moves_the_predecessors_units_under_the_new_organisation(self, tree, communes):
        merged = self._merge(tree, communes)
        _refresh(tree.grassroots, tree.cell, tree.other_cell)
        assert tree.grassroots.parent == merged
        assert tree.other_cell.parent == merged
        assert tree.cell.path.startswith(merged.path)
        assert _open_placement(tree.cell).valid_from == MERGER_DAY
        assert OrgPlacement.objects.get(organization=tree.cell, valid_to=DAY_BEFORE).path.startswith(
            tree.commune.path
        )

    def test_makes_both_predecessors_part_of_the_new_lineage(self, tree, communes):
        merged = self._merge(tree, communes)
        assert set(organization_predecessors(merged)) == set(communes)

    def test_carries_earlier_lineage_forward(self, tree, communes):
        first = self._merge(tree, communes)
        third = make_org(tree.province, kind=OrgKind.COMMUNE)
        later = organizations_merge(
            actor=SYSTEM,
            predecessors=[first, third],
            effective_date=dt.date(2026, 1, 1),
            code="XA-D",
            name="Đảng bộ xã Lớn",
            kind=OrgKind.COMMUNE,
            parent=tree.province,
        )
        assert set(organization_predecessors(later)) == {*communes, first, third}

    def test_records_the_merger(self, tree, communes):
        merged = self._merge(tree, communes, document="NQ 60")
        change = OrgChange.objects.get(kind=OrgChangeKind.MERGER)
        assert set(change.predecessors.all()) == set(communes)
        assert list(change.successors.all()) == [merged]
        assert change.document == "NQ 60"
        assert AuditEvent.objects.get(code="organization.merged").after["predecessors"] == [
            c.pk for c in communes
        ]

    def test_needs_two_distinct_predecessors(self, tree):
        with pytest.raises(ValidationError, match="ít nhất hai"):
            self._merge(tree, [tree.commune, tree.commune])

    def test_refuses_a_taken_code_and_changes_nothing(self, tree, communes):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            self._merge(tree, communes, code=tree.cell.code)
        assert "đã được dùng" in error.value.message_dict["code"][0]
        assert _counts() == before
        tree.commune.refresh_from_db()
        assert tree.commune.valid_to is None


def _open_placement_or_none(org: Organization) -> OrgPlacement | None:
    return OrgPlacement.objects.filter(organization=org, valid_to__isnull=True).first()


class TestOrganizationSplit:
    @pytest.fixture
    def second_unit(self, tree):
        return make_org(tree.commune, kind=OrgKind.CELL, name="Chi bộ ấp Mới")

    def _parts(self, first_children, second_children):
        return [
            {"code": "XA-B1", "name": "Đảng bộ xã Bình Một", "children": first_children},
            {"code": "XA-B2", "name": "Đảng bộ xã Bình Hai", "children": second_children},
        ]

    def test_requires_every_active_unit_to_be_assigned(self, tree, second_unit):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            organization_split(
                actor=SYSTEM,
                org=tree.commune,
                effective_date=MERGER_DAY,
                parts=self._parts([tree.grassroots], []),
            )
        assert error.value.messages == ["Chưa phân về tổ chức mới các tổ chức trực thuộc: Chi bộ ấp Mới."]
        assert _counts() == before

    def test_refuses_a_unit_that_is_not_under_the_organisation(self, tree, second_unit):
        with pytest.raises(ValidationError, match="không trực thuộc"):
            organization_split(
                actor=SYSTEM,
                org=tree.commune,
                effective_date=MERGER_DAY,
                parts=self._parts([tree.grassroots, tree.other_cell], [second_unit]),
            )

    def test_needs_two_parts(self, tree):
        with pytest.raises(ValidationError, match="ít nhất hai"):
            organization_split(
                actor=SYSTEM,
                org=tree.commune,
                effective_date=MERGER_DAY,
                parts=self._parts([tree.grassroots], [])[:1],
            )

    def test_creates_the_parts_moves_the_units_and_ends_the_original(self, tree, second_unit):
        first, second = organization_split(
            actor=SYSTEM,
            org=tree.commune,
            effective_date=MERGER_DAY,
            parts=self._parts([tree.grassroots], [second_unit]),
        )
        _refresh(tree.commune, tree.grassroots, second_unit, tree.cell)
        assert tree.commune.valid_to == DAY_BEFORE
        assert (first.parent, second.parent) == (tree.province, tree.province)
        assert (first.kind, first.sector) == (OrgKind.COMMUNE, tree.commune.sector)
        assert tree.grassroots.parent == first
        assert tree.cell.path.startswith(first.path)
        assert second_unit.parent == second
        assert list(organization_predecessors(first)) == [tree.commune]
        assert list(organization_predecessors(second)) == [tree.commune]


class TestPopulationSet:
    def test_records_and_then_corrects_a_year_keeping_the_old_figure_in_the_audit(self, tree):
        population_set(actor=SYSTEM, org=tree.commune, year=2024, population=12000, source="Thống kê")
        row = population_set(actor=SYSTEM, org=tree.commune, year=2024, population=12500)
        assert (row.population, tree.commune.populations.count()) == (12500, 1)
        first, second = AuditEvent.objects.filter(code="organization.population_set").order_by("id")
        assert first.before is None
        assert second.before == {"year": 2024, "population": 12000, "source": "Thống kê"}
        assert second.after["population"] == 12500

    def test_refuses_a_negative_population_or_an_implausible_year(self, tree):
        with pytest.raises(ValidationError) as error:
            population_set(actor=SYSTEM, org=tree.commune, year=2024, population=-1)
        assert error.value.message_dict == {"population": ["Dân số phải là số không âm."]}
        with pytest.raises(ValidationError) as error:
            population_set(actor=SYSTEM, org=tree.commune, year=1900, population=10)
        assert "year" in error.value.message_dict
        assert not tree.commune.populations.exists()


class TestRights:
    """Tree changes need the admin right on every organisation they touch."""

    def test_a_clerk_cannot_add_an_organisation(self, clerk, tree):
        with pytest.raises(ValidationError, match="không có quyền quản trị"):
            organization_create(
                actor=clerk,
                code="X1",
                name="Chi bộ X",
                kind=OrgKind.CELL,
                parent=tree.commune,
                valid_from=dt.date(2024, 1, 1),
            )
        assert not Organization.objects.filter(code="X1").exists()

    def test_an_officer_of_another_commune_cannot_rename_or_move_this_one(self, unrelated_officer, tree):
        with pytest.raises(ValidationError):
            organization_rename(
                actor=unrelated_officer, org=tree.cell, name="Tên lạ", effective_date=dt.date(2024, 1, 1)
            )
        with pytest.raises(ValidationError):
            organization_move(
                actor=unrelated_officer,
                org=tree.cell,
                new_parent=tree.other_commune,
                effective_date=dt.date(2024, 1, 1),
            )
        tree.cell.refresh_from_db()
        assert tree.cell.name == "Chi bộ Tổ Toán" and tree.cell.parent == tree.grassroots

    def test_a_provincial_admin_cannot_create_a_new_top_level_organisation(self, provincial_officer, tree):
        with pytest.raises(ValidationError, match="Chỉ quản trị toàn quốc"):
            organization_create(
                actor=provincial_officer,
                code="ROOT2",
                name="Gốc khác",
                kind=OrgKind.CENTRAL,
                parent=None,
                valid_from=dt.date(2024, 1, 1),
            )

    def test_merging_needs_rights_on_every_predecessor(self, unrelated_officer, tree):
        with pytest.raises(ValidationError):
            organizations_merge(
                actor=unrelated_officer,
                predecessors=[tree.commune, tree.other_commune],
                effective_date=dt.date(2025, 7, 1),
                code="M1",
                name="Xã mới",
                kind=OrgKind.COMMUNE,
                parent=tree.other_commune,
            )
        assert not Organization.objects.filter(code="M1").exists()
