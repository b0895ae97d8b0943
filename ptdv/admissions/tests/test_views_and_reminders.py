"""Pages and reminders: the step form explains before saving, the to-do list, reminders, rule settings."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from ptdv.admissions.models import Notification, RuleParameter, Stage
from ptdv.admissions.reminders import notifications_create
from ptdv.admissions.selectors.todo import todo_list
from ptdv.admissions.services import candidacy_create
from ptdv.admissions.walk import walk
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_member, make_person

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 6, 1, 9, 0)


@pytest.fixture
def cell(tree):
    for given in ("An", "Bình", "Cường"):
        make_member(tree.cell, full_name=f"Hồ Văn {given}")
    return tree.cell


def _candidacy(cell, until: str, start=dt.date(2025, 6, 2), **gaps):
    c = candidacy_create(actor=SYSTEM, person=make_person(cell), organization=cell, opened_on=start)
    walk(SYSTEM, c, until=until, start=start, gaps=gaps or None)
    c.refresh_from_db()
    return c


def test_the_check_button_shows_rule_results_and_saves_nothing(client, clerk, cell, time_machine):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell, Stage.OPINIONS_GATHERED)
    client.force_login(clerk)
    url = reverse("admissions:candidacy_step", args=[c.pk]) + "?buoc=cell_vote"
    data = {"version": c.version, "date": "20/05/2026", "members": "11", "present": "11", "votes_for": "7"}
    response = client.post(url, {**data, "kiem-tra": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Chưa thể lưu bước này" in html and "CELL_VOTE_THRESHOLD" in html and "7/11" in html
    assert "<html" not in html  # only the results fragment
    c.refresh_from_db()
    assert c.stage == Stage.OPINIONS_GATHERED and c.steps.count() == 7


def test_a_valid_step_is_saved_and_lands_on_the_candidacy_page(client, clerk, cell, time_machine):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell, Stage.OPINIONS_GATHERED)
    client.force_login(clerk)
    url = reverse("admissions:candidacy_step", args=[c.pk]) + "?buoc=cell_vote"
    data = {
        "version": c.version,
        "date": "20/05/2026",
        "members": "3",
        "present": "3",
        "votes_for": "3",
        "luu": "1",
    }
    response = client.post(url, data, follow=True)
    assert "Đã ghi: Chi bộ xét, đề nghị kết nạp (6-KNĐ)." in response.content.decode()
    c.refresh_from_db()
    assert c.stage == Stage.CELL_RESOLVED and c.cell_resolution_date == dt.date(2026, 5, 20)
    assert c.due_kind == "decision" and c.due_date is not None


def test_the_todo_list_shows_overdue_ceremonies_and_probation_endings_in_scope(
    client, clerk, unrelated_officer, cell, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    late = _candidacy(cell, Stage.ADMITTED, start=dt.date(2025, 3, 3))
    ending = _candidacy(cell, Stage.PROBATION, start=dt.date(2025, 1, 6))
    items = todo_list(actor=clerk, today=dt.date(2026, 6, 1))
    kinds = {(item.kind, item.candidacy.pk) for item in items}
    assert ("ceremony", late.pk) in kinds
    assert any(item.overdue for item in items if item.candidacy.pk == late.pk)
    assert ending.probation_end and (
        "probation_end" in {i.kind for i in items} or ending.probation_end < dt.date(2026, 6, 1)
    )
    assert todo_list(actor=unrelated_officer, today=dt.date(2026, 6, 1)) == []
    client.force_login(clerk)
    page = client.get(reverse("admissions:todo")).content.decode()
    assert late.person.full_name in page and "Quá hạn" in page


def test_reminders_are_created_once_per_band_and_emailed_when_mail_is_configured(
    cell, clerk, settings, time_machine
):
    settings.REMINDER_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clerk.email = "nhaplieu@example.vn"
    clerk.save()
    time_machine.move_to(TODAY, tick=False)
    late = _candidacy(cell, Stage.ADMITTED, start=dt.date(2025, 3, 3))
    made = notifications_create(today=dt.date(2026, 6, 1))
    assert made >= 1
    mine = Notification.objects.filter(user=clerk, candidacy=late)
    assert mine.count() == 1 and "Hạn tổ chức lễ kết nạp" in mine.get().message
    assert len(mail.outbox) == 1 and late.person.full_name in mail.outbox[0].body
    assert notifications_create(today=dt.date(2026, 6, 1)) == 0  # the same day again: nothing new
    assert Notification.objects.filter(user=clerk, candidacy=late).count() == 1


def test_no_email_is_sent_when_mail_is_not_configured(cell, clerk, settings, time_machine):
    settings.REMINDER_EMAIL_ENABLED = False
    clerk.email = "nhaplieu@example.vn"
    clerk.save()
    time_machine.move_to(TODAY, tick=False)
    _candidacy(cell, Stage.ADMITTED, start=dt.date(2025, 3, 3))
    assert notifications_create(today=dt.date(2026, 6, 1)) >= 1
    assert mail.outbox == []


def test_a_national_admin_changes_an_unconfirmed_parameter_and_deadlines_follow(
    client, national_admin, cell, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell, Stage.ADMITTED, start=dt.date(2026, 1, 5))
    before = c.due_date
    client.force_login(national_admin)
    response = client.post(
        reverse("admissions:rules"),
        {
            "key": "ceremony_working_days",
            "value": "45",
            "valid_from": "01/01/2026",
            "document": "Hướng dẫn thử số 1",
        },
        follow=True,
    )
    assert "Đã lưu giá trị mới" in response.content.decode()
    c.refresh_from_db()
    assert c.due_date is not None and before is not None and c.due_date > before
    assert RuleParameter.objects.get().value == 45
    assert AuditEvent.objects.filter(code="rules.parameter_set").exists()


def test_only_a_national_admin_may_change_rule_parameters(client, provincial_officer, time_machine):
    client.force_login(provincial_officer)
    response = client.post(
        reverse("admissions:rules"),
        {"key": "ceremony_working_days", "value": "45", "valid_from": "01/01/2026", "document": "Thử"},
    )
    assert "Chỉ quản trị toàn quốc" in response.content.decode()
    assert not RuleParameter.objects.exists()


def test_a_declared_make_up_working_day_moves_a_deadline_earlier(client, national_admin, cell, time_machine):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell, Stage.ADMITTED, start=dt.date(2026, 1, 5))
    before = c.due_date
    assert before is not None
    saturday = c.decision_received_date + dt.timedelta(days=(5 - c.decision_received_date.weekday()) % 7 or 7)
    client.force_login(national_admin)
    client.post(
        reverse("admissions:rules"),
        {"them-ngay": "1", "date": saturday.strftime("%d/%m/%Y"), "kind": "working", "note": "Làm bù"},
    )
    c.refresh_from_db()
    assert c.due_date == before - dt.timedelta(days=1) or c.due_date < before


def test_generated_form_downloads_as_docx_only_once_its_step_is_recorded(client, clerk, cell, time_machine):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell, Stage.APPLIED)
    client.force_login(clerk)
    ok = client.get(reverse("admissions:candidacy_form", args=[c.pk, "1-KNĐ"]))
    assert ok.status_code == 200 and ok.content[:2] == b"PK"
    assert client.get(reverse("admissions:candidacy_form", args=[c.pk, "9-KNĐ"])).status_code == 404


def test_the_board_counts_candidacies_per_stage_in_scope(
    client, clerk, unrelated_officer, cell, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    c = _candidacy(cell, Stage.APPLIED)
    client.force_login(clerk)
    page = client.get(reverse("admissions:pipeline_board")).content.decode()
    assert c.person.full_name in page and "1 hồ sơ đang mở" in page
    client.force_login(unrelated_officer)
    assert c.person.full_name not in client.get(reverse("admissions:pipeline_board")).content.decode()


def test_a_readmission_too_soon_is_refused_on_the_create_page_with_its_rule(
    client, clerk, cell, time_machine
):
    """QĐ 294-QĐ/TW, điểm 3.5.1: kết nạp lại khi đã ra khỏi Đảng ít nhất 36 tháng."""
    time_machine.move_to(TODAY, tick=False)
    person = make_person(cell, full_name="Mai Văn Lại")
    client.force_login(clerk)
    response = client.post(
        reverse("admissions:candidacy_create"),
        {
            "person": person.pk,
            "organization": cell.pk,
            "opened_on": "04/05/2026",
            "nominated_by": "cell",
            "is_readmission": "on",
            "previous_exit_date": "01/03/2025",
            "previous_exit_reason": "other",
        },
    )
    html = response.content.decode()
    assert "READMISSION_WAIT" in html and "3.5.1" in html
    assert not person.candidacies.exists()
