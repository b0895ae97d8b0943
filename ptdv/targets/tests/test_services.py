"""Target services: every validation message, who may set targets, and the audit row of each write."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ptdv.access.roles import Role
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_user
from ptdv.targets import services
from ptdv.targets.models import Category, Measure, Target, TargetForm, Term
from ptdv.targets.services import (
    MSG_EXACT_MAX,
    category_save,
    target_create,
    target_delete,
    target_update,
    term_save,
)

pytestmark = pytest.mark.django_db
NQ = "Nghị quyết số 20-NQ/TU ngày 11/01/2024"


@pytest.fixture
def term():
    return Term.objects.get(code="2020-2025")


def _create(org, **data):
    return target_create(
        actor=SYSTEM, organization=org, **{"year": 2024, "minimum": 10, "source_document": NQ, **data}
    )


def _refused(org, **data) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        _create(org, **data)
    assert not Target.objects.filter(organization=org).exists()
    return excinfo.value.message_dict


# Validation messages -------------------------------------------------------------------------


def test_a_range_target_without_a_maximum_is_refused(tree):
    errors = _refused(tree.commune, form=TargetForm.RANGE, minimum=90)
    assert errors == {"maximum": ["Chỉ tiêu dạng khoảng cần mức tối đa."]}


def test_a_maximum_below_the_minimum_is_refused_with_both_figures(tree):
    errors = _refused(tree.commune, form=TargetForm.RANGE, minimum=100, maximum=90)
    assert errors == {"maximum": ["Mức tối đa (90) không được nhỏ hơn mức tối thiểu (100)."]}


def test_a_negative_figure_is_refused(tree):
    assert _refused(tree.commune, minimum=-1) == {"minimum": ["Mức chỉ tiêu phải là số không âm."]}


@pytest.mark.parametrize(
    "data",
    [
        {"form": TargetForm.PERCENT_OF_BASE, "minimum": 120},
        {"form": TargetForm.PERCENT_OF_BASE, "minimum": 5, "maximum": 101},
        {"measure": Measure.MEMBER_POPULATION_RATIO, "minimum": Decimal("100.5")},
    ],
)
def test_a_percentage_above_100_is_refused(tree, data):
    assert _refused(tree.commune, **data) == {"minimum": ["Tỷ lệ phần trăm phải từ 0 đến 100."]}


def test_a_count_of_people_must_be_a_whole_number_but_a_percentage_need_not(tree):
    assert _refused(tree.commune, minimum=Decimal("10.5")) == {"minimum": ["Số người phải là số nguyên."]}
    assert _refused(tree.commune, form=TargetForm.RANGE, minimum=10, maximum=Decimal("12.5")) == {
        "minimum": ["Số người phải là số nguyên."]
    }
    share = _create(tree.commune, form=TargetForm.PERCENT_OF_BASE, minimum=Decimal("2.5"))
    assert share.minimum == Decimal("2.5")


@pytest.mark.parametrize("document", ["", "   "])
def test_a_target_without_its_source_document_is_refused(tree, document):
    errors = _refused(tree.commune, source_document=document)
    assert errors == {"source_document": [services.MSG_SOURCE]}
    assert "Nghị quyết số 20-NQ/TU ngày 11/01/2024" in errors["source_document"][0]


def test_a_sources_target_needs_the_body_that_nominates(tree):
    errors = _refused(tree.commune, measure=Measure.SOURCES)
    assert errors == {"nominated_by": ["Chỉ tiêu giới thiệu nguồn cần ghi đoàn thể được giao."]}
    youth = _create(tree.commune, measure=Measure.SOURCES, nominated_by="youth_union")
    assert youth.nominated_by == "youth_union"


def test_a_population_ratio_cannot_be_a_share_of_members(tree):
    errors = _refused(tree.commune, measure=Measure.MEMBER_POPULATION_RATIO, form=TargetForm.PERCENT_OF_BASE)
    assert errors == {"form": [services.MSG_RATIO_FORM]}


def test_a_target_needs_a_term_or_a_year_but_not_both(tree, term):
    both = _refused(tree.commune, term=term, year=2024)
    neither = _refused(tree.commune, year=None)
    assert both == neither == {"term": ["Hãy chọn một nhiệm kỳ hoặc một năm (chỉ một trong hai)."]}


def test_per_year_is_only_for_a_term_target(tree):
    errors = _refused(tree.commune, per_year=True)
    assert errors == {"per_year": ["“Chỉ tiêu cho mỗi năm” chỉ dùng với chỉ tiêu nhiệm kỳ."]}


def test_several_mistakes_are_reported_together(tree):
    errors = _refused(tree.commune, year=None, form=TargetForm.RANGE, source_document="")
    assert set(errors) == {"term", "maximum", "source_document"}


def test_the_same_target_twice_is_refused_with_the_existing_ones_code(tree):
    first = _create(tree.commune)
    with pytest.raises(ValidationError) as excinfo:
        _create(tree.commune, minimum=12)
    assert excinfo.value.messages == [
        f"Đảng bộ xã An Bình đã có chỉ tiêu này cho năm 2024 (mã {first.pk}); "
        "hãy sửa chỉ tiêu đó thay vì thêm mới."
    ]
    students = Category.objects.get(key="hoc-sinh-sinh-vien")
    assert _create(tree.commune, category=students).category == students  # another category: not a twin
    assert _create(tree.commune, year=2025).year == 2025  # another year: not a twin


def test_an_exact_target_keeps_no_maximum(tree):
    target = _create(tree.commune, form=TargetForm.EXACT, minimum=10, maximum=10)
    target.refresh_from_db()
    assert target.maximum is None and not target.is_range


def test_a_maximum_on_an_exact_target_is_refused_not_dropped(tree):
    errors = _refused(tree.commune, form=TargetForm.EXACT, minimum=10, maximum=15)
    assert errors["maximum"] == [MSG_EXACT_MAX]


def test_text_is_stored_in_nfc_with_spaces_folded(tree):
    target = _create(tree.commune, source_document="  Nghị quyết  số 20-NQ/TU ", note="Ghi\u0301 chú")
    assert target.source_document == "Nghị quyết số 20-NQ/TU"
    assert target.note == "Ghí chú"


# Rights --------------------------------------------------------------------------------------


def test_a_clerk_without_the_approve_right_cannot_set_a_target(tree, clerk):
    with pytest.raises(PermissionDenied) as excinfo:
        target_create(actor=clerk, organization=tree.commune, year=2024, minimum=10, source_document=NQ)
    assert str(excinfo.value) == (
        "Bạn không có quyền giao chỉ tiêu cho Đảng bộ xã An Bình: cần quyền ghi nghị quyết, quyết định."
    )
    assert not Target.objects.exists()


def test_an_officer_cannot_set_change_or_delete_targets_outside_their_subtree(tree, unrelated_officer):
    with pytest.raises(PermissionDenied):
        target_create(
            actor=unrelated_officer, organization=tree.commune, year=2024, minimum=10, source_document=NQ
        )
    theirs = _create(tree.commune)
    with pytest.raises(PermissionDenied):
        target_update(actor=unrelated_officer, target=theirs, minimum=1)
    with pytest.raises(PermissionDenied):
        target_delete(actor=unrelated_officer, target=theirs, reason="Thử")
    theirs.refresh_from_db()
    assert theirs.minimum == 10
    assert not AuditEvent.objects.filter(code__in=["target.updated", "target.deleted"]).exists()


def test_an_approver_of_a_commune_sets_targets_for_its_cells(tree):
    approver = make_user(org=tree.commune, role=Role.APPROVER)
    target = target_create(actor=approver, organization=tree.cell, year=2024, minimum=2, source_document=NQ)
    assert target.created_by == approver


# Audit ---------------------------------------------------------------------------------------


def test_creating_a_target_writes_its_audit_row_with_the_figures(tree, provincial_officer):
    target = target_create(
        actor=provincial_officer,
        organization=tree.commune,
        year=2024,
        form=TargetForm.RANGE,
        minimum=90,
        maximum=100,
        source_document=NQ,
    )
    event = AuditEvent.objects.get(code="target.created")
    assert (event.actor, event.organization, event.target_id) == (
        provincial_officer,
        tree.commune,
        str(target.pk),
    )
    assert event.after is not None
    assert event.after["minimum"] == "90.00" and event.after["maximum"] == "100.00"
    assert event.after["source_document"] == NQ and event.before is None


def test_a_target_is_not_kept_when_its_audit_row_cannot_be_written(tree, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("nhật ký hỏng")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        _create(tree.commune)
    assert not Target.objects.exists()


def test_updating_a_target_records_the_previous_and_the_new_figures(tree, provincial_officer):
    target = _create(tree.commune, minimum=10)
    target_update(actor=provincial_officer, target=target, minimum=12, note="Điều chỉnh theo NQ giữa kỳ")
    target.refresh_from_db()
    assert target.minimum == 12
    event = AuditEvent.objects.get(code="target.updated")
    assert event.before is not None and event.after is not None
    assert Decimal(event.before["minimum"]) == 10 and Decimal(event.after["minimum"]) == 12
    assert event.before["note"] == "" and event.after["note"] == "Điều chỉnh theo NQ giữa kỳ"
    assert event.actor == provincial_officer and event.organization == tree.commune


def test_an_update_cannot_move_a_target_to_another_organisation(tree, provincial_officer):
    target = _create(tree.commune)
    target_update(actor=provincial_officer, target=target, organization=tree.other_commune, minimum=11)
    target.refresh_from_db()
    assert target.organization == tree.commune


def test_a_refused_update_changes_nothing_and_writes_no_audit_row(tree, provincial_officer):
    target = _create(tree.commune)
    with pytest.raises(ValidationError):
        target_update(actor=provincial_officer, target=target, form=TargetForm.RANGE)
    target.refresh_from_db()
    assert target.form == TargetForm.EXACT
    assert not AuditEvent.objects.filter(code="target.updated").exists()


def test_deleting_a_target_needs_a_reason_and_keeps_what_it_was(tree, provincial_officer):
    target = _create(tree.commune, minimum=15)
    with pytest.raises(ValidationError) as excinfo:
        target_delete(actor=provincial_officer, target=target, reason="  ")
    assert excinfo.value.message_dict == {"reason": ["Hãy ghi lý do xóa chỉ tiêu."]}
    assert Target.objects.filter(pk=target.pk).exists()
    target_delete(actor=provincial_officer, target=target, reason="Nhập nhầm tổ chức")
    assert not Target.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(code="target.deleted")
    assert event.reason == "Nhập nhầm tổ chức" and event.after is None
    assert event.before is not None and Decimal(event.before["minimum"]) == 15
    assert event.before["source_document"] == NQ


# Categories and terms ------------------------------------------------------------------------


def test_only_a_national_admin_changes_categories_and_terms(provincial_officer):
    with pytest.raises(PermissionDenied, match="Chỉ quản trị toàn quốc"):
        category_save(
            actor=provincial_officer, key="cuu-chien-binh", name="Cựu chiến binh", demobilised_soldier=True
        )
    with pytest.raises(PermissionDenied, match="Chỉ quản trị toàn quốc"):
        term_save(
            actor=provincial_officer,
            code="2030-2035",
            name="Nhiệm kỳ 2030–2035",
            start=dt.date(2030, 7, 1),
            end=dt.date(2035, 6, 30),
        )
    assert not Category.objects.filter(key="cuu-chien-binh").exists()
    assert not Term.objects.filter(code="2030-2035").exists()


def test_a_category_needs_at_least_one_condition(national_admin):
    with pytest.raises(ValidationError) as excinfo:
        category_save(actor=national_admin, key="rong", name="Không điều kiện")
    assert excinfo.value.messages == ["Hãy chọn ít nhất một điều kiện để xác định đối tượng."]
    assert not Category.objects.filter(key="rong").exists()


def test_a_category_is_created_and_changed_with_audit_rows(national_admin):
    category = category_save(
        actor=national_admin, key="cong-nhan", name="Công nhân", occupation_groups=["worker"], order=15
    )
    category_save(actor=national_admin, category=category, name="Công nhân, người lao động", trade_union=True)
    category.refresh_from_db()
    assert category.name == "Công nhân, người lao động" and category.trade_union
    created, updated = AuditEvent.objects.filter(target_type="targets.category").order_by("id")
    assert created.code == "category.created" and created.before is None
    assert updated.code == "category.updated"
    assert updated.before is not None and updated.after is not None
    assert updated.before["name"] == "Công nhân" and updated.after["name"] == "Công nhân, người lao động"


def test_a_term_must_end_after_it_starts(national_admin):
    with pytest.raises(ValidationError) as excinfo:
        term_save(
            actor=national_admin,
            code="2030-2035",
            name="Nhiệm kỳ 2030–2035",
            start=dt.date(2030, 7, 1),
            end=dt.date(2030, 7, 1),
        )
    assert excinfo.value.message_dict == {"end": ["Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."]}


def test_a_term_may_not_overlap_another(national_admin, term):
    with pytest.raises(ValidationError, match="trùng với Nhiệm kỳ 2025–2030"):
        term_save(actor=national_admin, term=term, end=dt.date(2025, 9, 30))


def test_a_terms_dates_are_changed_with_an_audit_row(national_admin, term):
    term_save(actor=national_admin, term=term, end=dt.date(2025, 5, 31))
    term.refresh_from_db()
    assert term.end == dt.date(2025, 5, 31)
    event = AuditEvent.objects.get(code="term.updated")
    assert event.before is not None and event.after is not None
    assert (event.before["end"], event.after["end"]) == ("2025-06-30", "2025-05-31")


# Bugs found while building the pages (see the report) ----------------------------------------


def test_the_maximum_below_minimum_message_writes_figures_the_vietnamese_way(tree):
    errors = _refused(tree.commune, form=TargetForm.RANGE, minimum=1250, maximum=1020)
    assert errors["maximum"] == ["Mức tối đa (1.020) không được nhỏ hơn mức tối thiểu (1.250)."]


def test_an_update_that_only_changes_the_note_records_only_the_note(tree, provincial_officer):
    target = _create(tree.commune, minimum=10)
    target = Target.objects.get(pk=target.pk)
    # What the edit form sends: every field, figures as the user typed them.
    target_update(
        actor=provincial_officer,
        target=target,
        term=None,
        year=2024,
        per_year=False,
        measure=Measure.ADMISSIONS,
        category=None,
        form=TargetForm.EXACT,
        minimum=Decimal("10"),
        maximum=None,
        nominated_by="",
        source_document=NQ,
        note="Thêm ghi chú",
    )
    event = AuditEvent.objects.get(code="target.updated")
    assert [key for key, _, _ in event.changes()] == ["note"]
