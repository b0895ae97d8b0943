"""Writes to people and their party history: checks, Vietnamese messages, audit, append-only events."""

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ptdv.access.roles import Role
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_member, make_person, make_user
from ptdv.people.models import EventKind, Membership, MembershipEvent, MembershipStatus, Person
from ptdv.people.services import (
    membership_event_correct,
    membership_event_record,
    person_create,
    person_update,
)

pytestmark = pytest.mark.django_db


S = MembershipStatus
DOB = dt.date(1990, 5, 17)


def _counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        MembershipEvent.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )


def _create(actor, org, **overrides):
    data = {
        "full_name": "Nguyễn Văn Hiếu",
        "gender": "M",
        "date_of_birth": DOB,
        "national_id": "001090123456",
        "organization": org,
        **overrides,
    }
    return person_create(actor=actor, **data)


def _periods(person: Person) -> list[tuple[str, dt.date, dt.date | None]]:
    return list(
        Membership.objects.filter(person=person)
        .order_by("valid_from")
        .values_list("status", "valid_from", "valid_to")
    )


class TestPersonCreate:
    def test_stores_a_name_typed_in_nfd_as_nfc_with_its_search_keys(self, tree, clerk):
        person = _create(clerk, tree.cell, full_name=unicodedata.normalize("NFD", "  Nguyễn  Văn Hiếu "))
        person.refresh_from_db()
        assert person.full_name == "Nguyễn Văn Hiếu"
        assert unicodedata.is_normalized("NFC", person.full_name)
        assert person.name_key == "nguyen van hieu"
        assert person.name_folded == "nguyễn văn hiếu"

    def test_keeps_the_leading_zeros_of_a_national_id_typed_with_spaces(self, tree, clerk):
        person = _create(clerk, tree.cell, national_id=" 001 090 123 456 ")
        person.refresh_from_db()
        assert person.national_id == "001090123456"

    def test_stores_no_national_id_as_null_so_several_people_may_lack_one(self, tree, clerk):
        first = _create(clerk, tree.cell, national_id="")
        second = _create(clerk, tree.cell, national_id=None, full_name="Lê Thị Lan", gender="F")
        assert first.national_id is None
        assert second.national_id is None

    def test_starts_as_a_non_member_and_records_who_created_it(self, tree, clerk):
        person = _create(clerk, tree.cell)
        assert person.status == S.NON_MEMBER
        event = AuditEvent.objects.get(code="person.created")
        assert (event.actor, event.target_id, event.organization) == (clerk, str(person.pk), tree.cell)
        assert event.after["full_name"] == "Nguyễn Văn Hiếu"

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"full_name": "   "}, "full_name", "Họ và tên không được để trống."),
            ({"full_name": "Nguyễn Văn 2"}, "full_name", "Họ và tên không được chứa chữ số."),
            ({"date_of_birth": None}, "date_of_birth", "Ngày sinh không được để trống."),
            ({"national_id": "00109012345"}, "national_id", "Số CCCD phải gồm đúng 12 chữ số (đang có 11)."),
            ({"national_id": "00109O123456"}, "national_id", "Số CCCD chỉ được gồm chữ số."),
            ({"phone": "912345678"}, "phone", "Số điện thoại phải gồm 10 chữ số và bắt đầu bằng 0"),
            ({"phone": "0912-345-67a"}, "phone", "Số điện thoại phải gồm 10 chữ số"),
        ],
    )
    def test_refuses_invalid_data_on_the_right_field_and_saves_nothing(
        self, tree, clerk, overrides, field, message
    ):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            _create(clerk, tree.cell, **overrides)
        assert error.value.message_dict[field][0].startswith(message)
        assert _counts() == before

    def test_refuses_a_birth_date_in_the_future(self, tree, clerk):
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        before = _counts()
        with pytest.raises(ValidationError) as error:
            _create(clerk, tree.cell, date_of_birth=tomorrow, national_id=None)
        assert error.value.message_dict["date_of_birth"] == [f"Ngày sinh {tomorrow:%d/%m/%Y} ở tương lai."]
        assert _counts() == before

    def test_refuses_a_national_id_that_contradicts_gender_and_birth_year(self, tree, clerk):
        with pytest.raises(ValidationError) as error:
            _create(clerk, tree.cell, gender="F", date_of_birth=dt.date(1991, 1, 1))
        messages = error.value.message_dict["national_id"]
        assert len(messages) == 2
        assert "giới tính" in messages[0]
        assert "năm sinh 1990" in messages[1]

    def test_accepts_a_phone_typed_with_spaces_and_dots_and_stores_the_digits(self, tree, clerk):
        person = _create(clerk, tree.cell, phone="0912 345.678")
        assert person.phone == "0912345678"

    def test_names_the_other_person_when_the_duplicate_is_visible(self, tree, clerk):
        other = make_person(tree.cell, full_name="Trần Văn Bảy")
        before = _counts()
        with pytest.raises(ValidationError) as error:
            _create(clerk, tree.commune, national_id=other.national_id, date_of_birth=other.date_of_birth)
        [message] = error.value.message_dict["national_id"]
        assert message == f"Số CCCD {other.national_id} đã có ở hồ sơ của Trần Văn Bảy (Chi bộ Tổ Toán)."
        assert _counts() == before

    def test_does_not_leak_the_name_of_a_duplicate_outside_the_actors_scope(self, tree, clerk):
        other = make_person(tree.other_cell, full_name="Trần Văn Bảy")
        with pytest.raises(ValidationError) as error:
            _create(clerk, tree.cell, national_id=other.national_id, date_of_birth=other.date_of_birth)
        [message] = error.value.message_dict["national_id"]
        assert "ngoài phạm vi của bạn" in message
        assert "Bảy" not in message
        assert tree.other_cell.name not in message

    def test_refuses_an_actor_who_may_not_change_the_organisation(self, tree, unrelated_officer):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            _create(unrelated_officer, tree.cell)
        assert error.value.message_dict["organization"] == [
            "Bạn không có quyền nhập dữ liệu cho “Chi bộ Tổ Toán”."
        ]
        assert _counts() == before

    def test_refuses_a_viewer(self, tree):
        viewer = make_user(org=tree.commune, role=Role.VIEWER)
        with pytest.raises(ValidationError) as error:
            _create(viewer, tree.cell)
        assert "organization" in error.value.message_dict

    def test_refuses_an_organisation_no_longer_active(self, tree, system):
        from ptdv.organizations.services import organization_dissolve

        organization_dissolve(actor=system, org=tree.other_cell, effective_date=dt.date(2024, 1, 1))
        with pytest.raises(ValidationError) as error:
            _create(system, tree.other_cell)
        assert "không hoạt động" in error.value.message_dict["organization"][0]

    def test_refuses_a_person_without_an_organisation(self, tree, clerk):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            _create(clerk, None)
        assert error.value.message_dict["organization"] == ["Hãy chọn tổ chức đảng quản lý."]
        assert _counts() == before

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("gender", "X", "“X” không phải là giá trị hợp lệ của mục “Giới tính”."),
            ("gender", "", "Hãy chọn “Giới tính”."),
            ("ethnicity", "kinh", "“kinh” không phải là giá trị hợp lệ của mục “Dân tộc”."),
            ("religion", "Đạo Phật", "“Đạo Phật” không phải là giá trị hợp lệ của mục “Tôn giáo”."),
            (
                "education_level",
                "12/12",
                "“12/12” không phải là giá trị hợp lệ của mục “Trình độ giáo dục phổ thông”.",
            ),
        ],
    )
    def test_refuses_a_value_missing_from_the_official_lists(self, tree, clerk, field, value, message):
        """An import must not store codes the statistics do not know ("kinh" would count as a minority)."""
        before = _counts()
        with pytest.raises(ValidationError) as error:
            _create(clerk, tree.cell, national_id=None, **{field: value})
        assert error.value.message_dict[field] == [message]
        assert _counts() == before

    def test_refuses_a_person_without_a_gender(self, tree, clerk):
        with pytest.raises(ValidationError) as error:
            person_create(actor=clerk, full_name="Lê Văn Tám", date_of_birth=DOB, organization=tree.cell)
        assert error.value.message_dict["gender"] == ["Hãy chọn “Giới tính”."]

    def test_accepts_every_value_of_the_official_lists(self, tree, clerk):
        person = _create(
            clerk,
            tree.cell,
            national_id=None,
            gender="F",
            ethnicity="Ơ Đu",
            religion="Cao Đài",
            education_level="primary",
            qualification="doctor",
            occupation_group="farmer",
        )
        person.refresh_from_db()
        assert (person.ethnicity, person.religion, person.is_ethnic_minority) == ("Ơ Đu", "Cao Đài", True)

    def test_reports_every_problem_at_once(self, tree, clerk):
        with pytest.raises(ValidationError) as error:
            _create(clerk, tree.cell, full_name="", national_id="123", phone="1")
        assert set(error.value.message_dict) == {"full_name", "national_id", "phone"}


class TestPersonUpdate:
    def test_records_only_the_changed_fields_before_and_after(self, tree, clerk):
        person = make_person(tree.cell, phone="0912345678", occupation="Giáo viên")
        with_counts = AuditEvent.objects.count()
        person_update(actor=clerk, person=person, phone="0987654321", occupation="Hiệu phó")
        person.refresh_from_db()
        assert (person.phone, person.occupation) == ("0987654321", "Hiệu phó")
        event = AuditEvent.objects.get(code="person.updated")
        assert AuditEvent.objects.count() == with_counts + 1
        assert event.before == {"phone": "0912345678", "occupation": "Giáo viên"}
        assert event.after == {"phone": "0987654321", "occupation": "Hiệu phó"}
        assert event.actor == clerk

    def test_updates_the_search_keys_with_the_name(self, tree, clerk):
        person = make_person(tree.cell)
        person_update(actor=clerk, person=person, full_name="Phạm Thị Hoà")
        person.refresh_from_db()
        assert (person.name_key, person.name_folded) == ("pham thi hoa", "phạm thị hoà")

    def test_writes_no_audit_event_when_nothing_changed(self, tree, clerk):
        person = make_person(tree.cell, phone="0912345678")
        before = AuditEvent.objects.count()
        person_update(actor=clerk, person=person, phone="0912 345 678")
        assert AuditEvent.objects.count() == before

    def test_refuses_an_actor_outside_the_persons_organisation(self, tree, unrelated_officer):
        person = make_person(tree.cell, phone="0912345678")
        before = _counts()
        with pytest.raises(ValidationError, match="không có quyền"):
            person_update(actor=unrelated_officer, person=person, phone="0987654321")
        person.refresh_from_db()
        assert person.phone == "0912345678"
        assert _counts() == before

    def test_refuses_a_national_id_already_held_by_someone_else(self, tree, clerk):
        first = make_person(tree.cell)
        second = make_person(tree.cell)
        with pytest.raises(ValidationError) as error:
            person_update(actor=clerk, person=second, national_id=first.national_id)
        assert first.full_name in error.value.message_dict["national_id"][0]
        second.refresh_from_db()
        assert second.national_id != first.national_id

    def test_keeps_a_persons_own_national_id_without_calling_it_a_duplicate(self, tree, clerk):
        person = make_person(tree.cell)
        person_update(actor=clerk, person=person, national_id=person.national_id, occupation="Kỹ sư")
        person.refresh_from_db()
        assert person.occupation == "Kỹ sư"

    def test_moves_a_non_member_to_another_organisation(self, tree, provincial_officer):
        person = make_person(tree.cell)
        person_update(actor=provincial_officer, person=person, organization=tree.other_cell)
        person.refresh_from_db()
        assert person.organization == tree.other_cell

    def test_refuses_to_change_a_members_organisation(self, tree, provincial_officer):
        member = make_member(tree.cell)
        before = _counts()
        with pytest.raises(ValidationError) as error:
            person_update(actor=provincial_officer, person=member, organization=tree.other_cell)
        assert error.value.message_dict["organization"] == [
            "Đảng viên và đối tượng kết nạp chỉ đổi tổ chức qua sự kiện chuyển sinh hoạt."
        ]
        member.refresh_from_db()
        assert member.organization == tree.cell
        assert _counts() == before

    def test_refuses_to_clear_the_organisation(self, tree, clerk):
        person = make_person(tree.cell)
        with pytest.raises(ValidationError) as error:
            person_update(actor=clerk, person=person, organization=None)
        assert error.value.message_dict == {"organization": ["Hãy chọn tổ chức đảng quản lý."]}

    def test_refuses_to_move_someone_into_an_organisation_the_actor_may_not_change(self, tree, clerk):
        person = make_person(tree.cell)
        with pytest.raises(ValidationError) as error:
            person_update(actor=clerk, person=person, organization=tree.other_cell)
        assert "không có quyền" in error.value.message_dict["organization"][0]


class TestMembershipEventRecord:
    def test_follows_nomination_admission_and_confirmation(self, tree, clerk):
        person = make_person(tree.cell)
        steps = [
            (EventKind.NOMINATED, dt.date(2019, 9, 1), S.CANDIDATE),
            (EventKind.ADMITTED, dt.date(2020, 3, 2), S.PROBATIONARY),
            (EventKind.CONFIRMED, dt.date(2021, 3, 2), S.FULL),
        ]
        for kind, day, status in steps:
            membership_event_record(actor=clerk, person=person, kind=kind, date=day, document="QĐ")
            person.refresh_from_db()
            assert person.status == status
        assert _periods(person) == [
            (S.CANDIDATE, dt.date(2019, 9, 1), dt.date(2020, 3, 1)),
            (S.PROBATIONARY, dt.date(2020, 3, 2), dt.date(2021, 3, 1)),
            (S.FULL, dt.date(2021, 3, 2), None),
        ]
        assert MembershipEvent.objects.get(person=person, kind=EventKind.ADMITTED).recorded_by == clerk

    def test_refuses_to_confirm_a_non_member_and_saves_nothing(self, tree, clerk):
        person = make_person(tree.cell)
        before = _counts()
        with pytest.raises(ValidationError) as error:
            membership_event_record(
                actor=clerk, person=person, kind=EventKind.CONFIRMED, date=dt.date(2021, 3, 2)
            )
        assert error.value.message_dict["kind"] == [
            "Không thể ghi “Công nhận đảng viên chính thức” cho người đang ở tình trạng “Quần chúng”."
        ]
        assert _counts() == before
        person.refresh_from_db()
        assert person.status == S.NON_MEMBER

    def test_refuses_a_date_before_the_last_event_and_points_to_a_correction(self, tree, clerk):
        member = make_member(tree.cell, admitted=dt.date(2015, 3, 2))  # confirmed 02/03/2016
        before = _counts()
        with pytest.raises(ValidationError) as error:
            membership_event_record(
                actor=clerk, person=member, kind=EventKind.REMOVED, date=dt.date(2016, 1, 1)
            )
        [message] = error.value.message_dict["date"]
        assert "01/01/2016 trước sự kiện gần nhất" in message
        assert "02/03/2016" in message
        assert "đính chính" in message
        assert _counts() == before

    def test_refuses_a_date_in_the_future(self, tree, clerk):
        person = make_person(tree.cell)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            membership_event_record(actor=clerk, person=person, kind=EventKind.NOMINATED, date=tomorrow)
        assert error.value.message_dict["date"] == [f"Ngày {tomorrow:%d/%m/%Y} ở tương lai."]
        assert not MembershipEvent.objects.filter(person=person).exists()

    def test_refuses_a_date_before_birth(self, tree, clerk):
        person = make_person(tree.cell)
        with pytest.raises(ValidationError) as error:
            membership_event_record(
                actor=clerk, person=person, kind=EventKind.NOMINATED, date=dt.date(1980, 1, 1)
            )
        assert "trước ngày sinh" in error.value.message_dict["date"][0]

    def test_refuses_an_actor_outside_the_persons_organisation(self, tree, unrelated_officer):
        person = make_person(tree.cell)
        with pytest.raises(ValidationError, match="không có quyền"):
            membership_event_record(
                actor=unrelated_officer, person=person, kind=EventKind.NOMINATED, date=dt.date(2019, 9, 1)
            )
        assert not MembershipEvent.objects.filter(person=person).exists()

    def test_a_transfer_keeps_the_status_and_moves_the_person(self, tree, provincial_officer):
        member = make_member(tree.cell, admitted=dt.date(2015, 3, 2))
        membership_event_record(
            actor=provincial_officer,
            person=member,
            kind=EventKind.TRANSFERRED,
            date=dt.date(2020, 1, 1),
            organization=tree.other_cell,
        )
        member.refresh_from_db()
        assert (member.status, member.organization) == (S.FULL, tree.other_cell)
        assert Membership.objects.get(person=member, valid_to__isnull=True).organization == tree.other_cell
        assert Membership.objects.get(
            person=member, status=S.FULL, valid_to=dt.date(2019, 12, 31)
        ).organization == (tree.cell)

    def test_a_transfer_in_needs_the_status_the_person_arrives_with(self, tree, clerk):
        person = make_person(tree.cell)
        with pytest.raises(ValidationError) as error:
            membership_event_record(
                actor=clerk, person=person, kind=EventKind.TRANSFERRED_IN, date=dt.date(2020, 1, 1)
            )
        assert "status" in error.value.message_dict
        membership_event_record(
            actor=clerk,
            person=person,
            kind=EventKind.TRANSFERRED_IN,
            date=dt.date(2020, 1, 1),
            status=S.PROBATIONARY,
        )
        person.refresh_from_db()
        assert person.status == S.PROBATIONARY

    def test_writes_one_audit_event_with_the_status_before_and_after(self, tree, clerk):
        person = make_person(tree.cell)
        before = AuditEvent.objects.count()
        event = membership_event_record(
            actor=clerk, person=person, kind=EventKind.NOMINATED, date=dt.date(2019, 9, 1)
        )
        assert AuditEvent.objects.count() == before + 1
        audit = AuditEvent.objects.get(code="membership.nominated")
        assert audit.before["status"] == S.NON_MEMBER
        assert audit.after["status"] == S.CANDIDATE
        assert audit.after["event"]["id"] == event.pk


class TestMembershipEventCorrect:
    @pytest.fixture
    def member(self, tree):
        return make_member(
            tree.cell, admitted=dt.date(2015, 3, 2)
        )  # nominated 13/08/2014, confirmed 02/03/2016

    def _admission(self, person: Person) -> MembershipEvent:
        return MembershipEvent.objects.get(person=person, kind=EventKind.ADMITTED)

    def test_appends_a_new_event_and_leaves_the_old_one_unchanged(self, tree, clerk, member):
        original = self._admission(member)
        fields = [
            "person_id",
            "kind",
            "status_after",
            "organization_id",
            "date",
            "document",
            "note",
            "reason",
        ]
        as_recorded = {f: getattr(original, f) for f in fields}
        correction = membership_event_correct(
            actor=clerk, event=original, reason="Ghi nhầm ngày trong quyết định", date=dt.date(2015, 2, 1)
        )
        original.refresh_from_db()
        assert {f: getattr(original, f) for f in fields} == as_recorded
        assert original.corrected_by == correction
        assert (correction.corrects, correction.kind, correction.date, correction.reason) == (
            original,
            EventKind.ADMITTED,
            dt.date(2015, 2, 1),
            "Ghi nhầm ngày trong quyết định",
        )
        assert correction.document == original.document
        assert MembershipEvent.objects.filter(person=member).count() == 4
        assert list(
            MembershipEvent.objects.filter(person=member).effective().values_list("kind", flat=True)
        ) == [EventKind.NOMINATED, EventKind.ADMITTED, EventKind.CONFIRMED]

    def test_rebuilds_the_status_periods_from_the_corrected_history(self, tree, clerk, member):
        membership_event_correct(
            actor=clerk, event=self._admission(member), reason="Sai ngày", date=dt.date(2015, 2, 1)
        )
        assert _periods(member) == [
            (S.CANDIDATE, dt.date(2014, 8, 14), dt.date(2015, 1, 31)),
            (S.PROBATIONARY, dt.date(2015, 2, 1), dt.date(2016, 3, 1)),
            (S.FULL, dt.date(2016, 3, 2), None),
        ]

    def test_records_an_audit_event_with_the_reason(self, tree, clerk, member):
        original = self._admission(member)
        correction = membership_event_correct(
            actor=clerk, event=original, reason="Sai ngày", date=dt.date(2015, 2, 1)
        )
        audit = AuditEvent.objects.get(code="membership.corrected")
        assert (audit.actor, audit.reason, audit.target_id) == (clerk, "Sai ngày", str(member.pk))
        assert audit.before["event"] == {
            "id": original.pk,
            "date": "2015-03-02",
            "organization_id": tree.cell.pk,
            "document": "QĐ kết nạp thử",
        }
        assert audit.after["event"]["id"] == correction.pk
        assert audit.after["event"]["date"] == "2015-02-01"

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_refuses_a_correction_without_a_reason(self, tree, clerk, member, reason):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            membership_event_correct(
                actor=clerk, event=self._admission(member), reason=reason, date=dt.date(2015, 2, 1)
            )
        assert error.value.message_dict == {"reason": ["Phải ghi lý do đính chính."]}
        assert _counts() == before

    def test_refuses_to_correct_an_event_twice(self, tree, clerk, member):
        original = self._admission(member)
        membership_event_correct(actor=clerk, event=original, reason="Sai ngày", date=dt.date(2015, 2, 1))
        with pytest.raises(ValidationError, match="đã được đính chính"):
            membership_event_correct(
                actor=clerk, event=original, reason="Sai lần nữa", date=dt.date(2015, 1, 1)
            )

    def test_refuses_a_correction_that_breaks_the_order_of_the_history(self, tree, clerk, member):
        before = _counts()
        periods = _periods(member)
        with pytest.raises(ValidationError, match="Không thể ghi"):
            membership_event_correct(
                actor=clerk, event=self._admission(member), reason="Sai ngày", date=dt.date(2016, 6, 1)
            )  # after the confirmation
        assert _counts() == before
        assert _periods(member) == periods

    def test_refuses_an_actor_outside_the_persons_organisation(self, tree, unrelated_officer, member):
        with pytest.raises(ValidationError, match="không có quyền"):
            membership_event_correct(
                actor=unrelated_officer, event=self._admission(member), reason="Sai", date=dt.date(2015, 2, 1)
            )
        assert not MembershipEvent.objects.filter(corrects__isnull=False).exists()


def test_appending_events_builds_the_same_periods_as_a_full_rebuild(tree):
    """The fast path of membership_event_record must agree with _rebuild, same-day events included."""
    from ptdv.people.models import Membership
    from ptdv.people.services import _rebuild

    person = make_person(tree.cell)
    steps = [
        (EventKind.NOMINATED, dt.date(2019, 1, 10), None, None),
        (EventKind.WITHDRAWN, dt.date(2019, 6, 1), None, None),
        (EventKind.NOMINATED, dt.date(2019, 6, 1), None, None),  # withdrawn and nominated again the same day
        (EventKind.ADMITTED, dt.date(2020, 2, 3), None, None),
        (EventKind.TRANSFERRED, dt.date(2020, 9, 1), tree.other_cell, None),
        (EventKind.CONFIRMED, dt.date(2021, 2, 3), None, None),
        (EventKind.TRANSFERRED_OUT, dt.date(2023, 5, 5), None, None),
        (EventKind.TRANSFERRED_IN, dt.date(2024, 5, 5), tree.cell, MembershipStatus.FULL),
    ]
    for kind, day, org, status in steps:
        membership_event_record(
            actor=SYSTEM, person=person, kind=kind, date=day, organization=org, status=status
        )

    def periods():
        return list(
            Membership.objects.filter(person=person)
            .order_by("valid_from")
            .values_list("status", "organization_id", "valid_from", "valid_to")
        )

    appended = periods()
    with transaction.atomic():
        _rebuild(person)
    assert periods() == appended
    assert appended[0] == (
        MembershipStatus.CANDIDATE,
        tree.cell.pk,
        dt.date(2019, 1, 10),
        dt.date(2019, 5, 31),
    )
    assert appended[-1] == (MembershipStatus.FULL, tree.cell.pk, dt.date(2024, 5, 5), None)
    person.refresh_from_db()
    assert person.status == MembershipStatus.FULL and person.organization == tree.cell
