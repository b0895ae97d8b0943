"""People pages: forms go through the services, bad input is explained, nothing is lost or leaked."""

import datetime as dt
import unicodedata

import pytest
from django.urls import reverse

from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import make_member, make_person
from ptdv.people import national_id as nid
from ptdv.people.models import MembershipStatus, Person


def person_form(org, **overrides):
    data = {
        "full_name": "Lê Thị Hồng Nhung",
        "gender": "F",
        "date_of_birth": "1998-04-12",
        "national_id": nid.build("001", "F", 1998, 4321),
        "ethnicity": "Kinh",
        "religion": "Không",
        "education_level": "upper_secondary",
        "qualification": "bachelor",
        "occupation": "Giáo viên",
        "occupation_group": "public_employee",
        "residence": "Ấp Phú Lợi",
        "workplace": "",
        "phone": "0912345678",
        "organization": org.pk,
    }
    data.update(overrides)
    return data


def test_a_clerk_adds_a_person_and_the_name_typed_in_nfd_is_stored_in_nfc(client, clerk, tree):
    client.force_login(clerk)
    typed = unicodedata.normalize("NFD", "Lê Thị Hồng Nhung")
    response = client.post(reverse("people:person_create"), person_form(tree.cell, full_name=typed))
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    assert person.full_name == unicodedata.normalize("NFC", typed)
    assert person.name_key == "le thi hong nhung"
    assert AuditEvent.objects.filter(code="person.created", target_id=str(person.pk), actor=clerk).exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("full_name", "", "Trường này là bắt buộc."),
        ("date_of_birth", "2999-01-01", "ở tương lai"),
        ("national_id", "00119800432", "phải gồm đúng 12 chữ số (đang có 11)"),
        ("national_id", "999198004321", "không phải mã tỉnh"),
        ("phone", "12345", "Số điện thoại phải gồm 10 chữ số"),
    ],
)
def test_bad_input_is_explained_in_vietnamese_and_saves_nothing(client, clerk, tree, field, value, message):
    client.force_login(clerk)
    events_before = AuditEvent.objects.count()
    response = client.post(reverse("people:person_create"), person_form(tree.cell, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_a_duplicate_national_id_names_the_existing_record_when_it_is_in_scope(client, clerk, tree):
    existing = make_person(
        tree.cell, full_name="Phạm Văn Đồng", gender="M", date_of_birth=dt.date(1980, 1, 1)
    )
    client.force_login(clerk)
    response = client.post(
        reverse("people:person_create"),
        person_form(tree.cell, gender="M", date_of_birth="1980-01-01", national_id=existing.national_id),
    )
    assert "đã có ở hồ sơ của Phạm Văn Đồng" in response.content.decode()
    assert Person.objects.count() == 1


def test_a_duplicate_national_id_out_of_scope_does_not_reveal_whose_it_is(client, clerk, tree):
    hidden = make_person(
        tree.other_cell, full_name="Võ Thị Sáu", gender="F", date_of_birth=dt.date(1980, 1, 1)
    )
    client.force_login(clerk)
    response = client.post(
        reverse("people:person_create"),
        person_form(tree.cell, date_of_birth="1980-01-01", national_id=hidden.national_id),
    )
    page = response.content.decode()
    assert "ngoài phạm vi của bạn" in page and "Võ Thị Sáu" not in page


def test_a_clerk_cannot_file_a_person_under_an_organisation_outside_their_scope(client, clerk, tree):
    client.force_login(clerk)
    response = client.post(reverse("people:person_create"), person_form(tree.other_cell))
    assert response.status_code == 200 and Person.objects.count() == 0


def test_editing_a_field_shows_the_change_in_the_audit_trail_of_the_person_page(
    client, provincial_officer, tree
):
    person = make_person(tree.cell, full_name="Đỗ Văn Hùng", occupation="Nông dân")
    client.force_login(provincial_officer)
    form = {
        **person_form(tree.cell),
        **{
            "full_name": person.full_name,
            "gender": person.gender,
            "date_of_birth": person.date_of_birth.isoformat(),
            "national_id": person.national_id,
            "occupation": "Kỹ sư nông nghiệp",
        },
    }
    response = client.post(reverse("people:person_update", args=[person.pk]), form, follow=True)
    page = response.content.decode()
    assert "Nhật ký thay đổi" in page and "Sửa hồ sơ" in page
    assert "<del>Nông dân</del> → Kỹ sư nông nghiệp" in page
    event = AuditEvent.objects.get(code="person.updated")
    assert event.before["occupation"] == "Nông dân" and event.after["occupation"] == "Kỹ sư nông nghiệp"


def test_posting_to_a_person_out_of_scope_answers_404_and_changes_nothing(client, unrelated_officer, tree):
    person = make_person(tree.cell, full_name="Bùi Thị Xuân")
    client.force_login(unrelated_officer)
    response = client.post(reverse("people:person_update", args=[person.pk]), person_form(tree.other_cell))
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.full_name == "Bùi Thị Xuân"


def test_searching_without_diacritics_finds_people_and_ranks_exact_spelling_first(
    client, provincial_officer, tree
):
    make_person(tree.cell, full_name="Nguyễn Văn Hiểu")
    make_person(tree.cell, full_name="Nguyễn Văn Hiếu")
    make_person(tree.cell, full_name="Trần Thị Mai")
    client.force_login(provincial_officer)
    plain = client.get(reverse("people:person_list"), {"q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn Hiếu" in plain and "Nguyễn Văn Hiểu" in plain and "Trần Thị Mai" not in plain
    exact = client.get(reverse("people:person_list"), {"q": "Nguyễn Văn Hiếu"}).content.decode()
    assert exact.index("Nguyễn Văn Hiếu") < exact.index("Nguyễn Văn Hiểu")


def test_the_people_list_runs_a_fixed_number_of_queries_however_many_rows(
    client, provincial_officer, tree, django_assert_max_num_queries
):
    for _ in range(30):
        make_person(tree.cell)
    client.force_login(provincial_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:person_list"))
    assert response.context["page_obj"].paginator.count == 30


def test_recording_an_event_moves_the_person_along_and_a_correction_keeps_the_old_one(client, clerk, tree):
    person = make_person(tree.cell, full_name="Hồ Văn Nam")
    client.force_login(clerk)
    client.post(
        reverse("people:membership_event_create", args=[person.pk]),
        {"kind": "nominated", "date": "2024-03-25", "document": "NQ chi bộ số 5"},
    )
    person.refresh_from_db()
    assert person.status == MembershipStatus.CANDIDATE
    first = person.events.get()
    client.post(
        reverse("people:membership_event_correct", args=[first.pk]),
        {"date": "2024-03-20", "document": "NQ chi bộ số 5", "reason": "Ghi nhầm ngày họp"},
    )
    page = client.get(person.get_absolute_url()).content.decode()
    assert "25/03/2024" in page and "20/03/2024" in page and "Ghi nhầm ngày họp" in page
    assert person.events.count() == 2


def test_a_forbidden_step_is_refused_with_the_reason(client, clerk, tree):
    person = make_person(tree.cell, full_name="Lý Thường Kiệt")
    client.force_login(clerk)
    response = client.post(
        reverse("people:membership_event_create", args=[person.pk]),
        {"kind": "confirmed", "date": "2024-03-25"},
    )
    assert "Không thể ghi “Công nhận đảng viên chính thức” cho người đang ở tình trạng “Quần chúng”" in (
        response.content.decode()
    )
    assert person.events.count() == 0


def test_a_member_page_shows_the_timeline_in_order(client, provincial_officer, tree):
    member = make_member(tree.cell, admitted=dt.date(2019, 9, 2), full_name="Mai Văn Tạo")
    client.force_login(provincial_officer)
    page = client.get(member.get_absolute_url()).content.decode()
    assert (
        page.index("Được giới thiệu là quần chúng ưu tú")
        < page.index("Kết nạp vào Đảng")
        < page.index("Công nhận đảng viên chính thức")
    )
    assert "02/09/2019" in page and "02/09/2020" in page
    assert "17/05/1990 (" in page and " tuổi)" in page


def test_the_event_form_offers_only_the_steps_allowed_from_the_current_status(client, clerk, tree):
    member = make_member(tree.cell)
    client.force_login(clerk)
    form = client.get(reverse("people:membership_event_create", args=[member.pk])).context["form"]
    offered = [value for value, _ in form.fields["kind"].widget.choices]
    assert offered == ["transferred", "transferred_out", "removed", "deceased"]


def test_dates_are_shown_and_typed_as_day_month_year(client, clerk, tree):
    person = make_person(tree.cell, date_of_birth=dt.date(1990, 5, 17))
    client.force_login(clerk)
    page = client.get(reverse("people:person_update", args=[person.pk])).content.decode()
    assert 'value="17/05/1990"' in page
    client.post(
        reverse("people:membership_event_create", args=[person.pk]),
        {"kind": "nominated", "date": "25/03/2024"},
    )
    assert person.events.get().date == dt.date(2024, 3, 25)
