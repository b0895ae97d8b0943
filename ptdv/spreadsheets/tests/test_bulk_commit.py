"""The bulk commit of new people writes exactly what the row-by-row commit through the services wrote."""

import pytest
from django.db import transaction

from ptdv.audit.models import AuditEvent
from ptdv.people import national_id as nid
from ptdv.people.models import Membership, MembershipEvent, Person
from ptdv.spreadsheets import services
from ptdv.spreadsheets.kinds.people import PeopleKind
from ptdv.spreadsheets.models import ImportStatus, RowOutcome
from ptdv.spreadsheets.services import import_commit, import_run
from ptdv.spreadsheets.tests.files import PEOPLE_HEADERS, xlsx
from ptdv.spreadsheets.tests.test_commit import prepared
from ptdv.spreadsheets.workbooks import rejected_rows
from ptdv.tallies.models import EventTally, MemberTally

pytestmark = pytest.mark.django_db
HEADERS = [*PEOPLE_HEADERS, "Số quyết định kết nạp", "Ngày được giới thiệu", "Số điện thoại"]


def people_file(tree, path):
    """New people of every kind, rows the services refuse, a candidate and an in-file duplicate."""
    cell = tree.cell.code

    def row(name, dob, gender="Nam", status="", admitted=None, confirmed=None, doc="", nominated=None, i=0):
        national_id = nid.build("001", "M" if gender == "Nam" else "F", int(dob[-4:]), 1000 + i) if i else ""
        return [name, gender, dob, national_id, cell, status, admitted, confirmed, doc, nominated, ""]

    rows = [
        HEADERS,
        row("Nguyễn Văn An", "12/03/1990", i=1),
        row(
            "Trần Thị Bình",
            "01/02/1985",
            "Nữ",
            "Đảng viên chính thức",
            "19/05/2010",
            "19/05/2011",
            "12-QĐ/ĐU",
            i=2,
        ),
        row("Lê Văn Cường", "05/06/1995", status="Đảng viên dự bị", admitted="03/02/2025", doc="7-QĐ", i=3),
        row("Phạm Văn Dũng", "05/06/1901", i=4),  # the services refuse a birth more than 120 years ago
        row(
            "Hoàng Văn Em", "05/06/1990", status="Đảng viên dự bị", admitted="01/01/1980", i=5
        ),  # before birth
        row("Đỗ Thị Giang", "03/04/2000", "Nữ", "Quần chúng ưu tú", nominated="10/01/2026"),  # one by one
        row("Nguyễn Văn An", "12/03/1990"),  # same name and birth date as row 3: skipped by default
        ["", "Nam", "12/03/1990", "", cell, "", None, None, "", None, ""],  # an error of the file
        row(
            "Vũ Văn Hải",
            "07/08/1970",
            status="Đảng viên chính thức",
            admitted="01/01/2000",
            confirmed="01/01/2001",
            i=9,
        ),
    ]
    return xlsx(path, rows)


def described(job):
    """Everything the import wrote, without database ids (two runs get different ones)."""
    people = {p.pk: p for p in Person.objects.all()}
    name = {pk: p.full_name for pk, p in people.items()}
    event_index = {}
    for person_id in people:
        for index, event in enumerate(MembershipEvent.objects.filter(person_id=person_id).order_by("id")):
            event_index[event.pk] = (name[person_id], index)

    def plain_audit(after):
        if isinstance(after, dict) and isinstance(after.get("event"), dict):
            return {**after, "event": {**after["event"], "id": event_index[after["event"]["id"]]}}
        if isinstance(after, dict) and "person_id" in after:
            return {**after, "person_id": name[after["person_id"]]}
        return after

    return {
        "rows": [
            (r.number, r.outcome, r.outcome_message, name.get(int(r.target_id)) if r.target_id else "")
            for r in job.rows.order_by("number")
        ],
        "people": sorted(
            (p.full_name, p.national_id, p.status, p.organization_id, p.name_key, p.name_folded, p.phone)
            for p in people.values()
        ),
        "events": sorted(
            (
                name[e.person_id],
                e.kind,
                e.status_after,
                e.organization_id,
                e.date,
                e.document,
                e.note.replace(str(job.pk), "N"),
            )
            for e in MembershipEvent.objects.all()
        ),
        "periods": sorted(
            (name[m.person_id], m.status, m.organization_id, m.valid_from, m.valid_to)
            for m in Membership.objects.all()
        ),
        "audit": sorted(
            (
                name.get(int(a.target_id), a.target_id)
                if a.target_type == "people.person"
                else a.target_type,
                a.code,
                a.actor_id,
                a.organization_id,
                str(a.before),
                str(plain_audit(a.after)),
                a.request_id.replace(job.request_id, "import"),
            )
            for a in AuditEvent.objects.filter(request_id=job.request_id).exclude(code__startswith="import.")
        ),
        "counts": (job.created, job.updated, job.unchanged, job.skipped, job.rejected),
        "tallies": (
            sorted(
                EventTally.objects.filter(n__gt=0).values_list(
                    "organization_id", "month", "kind", "gender", "n"
                )
            ),
            sorted(MemberTally.objects.exclude(change=0).values_list("organization_id", "day", "change")),
        ),
    }


class _Undo(Exception):
    pass


def test_the_bulk_commit_writes_the_same_rows_people_events_periods_and_audit_as_the_service_path(
    tree, clerk, tmp_path, monkeypatch
):
    path = people_file(tree, tmp_path / "a.xlsx")
    with pytest.raises(_Undo), transaction.atomic():
        with monkeypatch.context() as patch:
            patch.setattr(PeopleKind, "bulk_new", lambda *args: None)  # every row through the services
            one_by_one = described(
                import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
            )
        raise _Undo
    assert Person.objects.count() == 0
    together = described(import_run(actor=clerk, kind="people", organization=tree.commune, path=path))
    assert together == one_by_one
    assert together["counts"] == (5, 0, 0, 1, 3)
    assert {p[0] for p in together["people"]} >= {"Vũ Văn Hải", "Đỗ Thị Giang", "Trần Thị Bình"}
    assert together["tallies"][0], "the pre-aggregated admissions were told of the new members"


def test_rows_the_services_refuse_in_the_bulk_commit_are_kept_with_the_reason_for_correction(
    tree, clerk, tmp_path
):
    job = import_run(
        actor=clerk, kind="people", organization=tree.commune, path=people_file(tree, tmp_path / "a.xlsx")
    )
    refused = {r.number: r.outcome_message for r in job.rows.filter(outcome=RowOutcome.REJECTED)}
    assert "cách đây hơn 120 năm" in refused[5]
    assert "trước ngày sinh" in refused[6]
    assert not Person.objects.filter(full_name__in=["Phạm Văn Dũng", "Hoàng Văn Em"]).exists()
    assert {r.number for r in rejected_rows(job)} >= {5, 6, 8, 9}


def test_importing_the_same_file_again_after_a_bulk_commit_writes_nothing(tree, clerk, tmp_path):
    path = people_file(tree, tmp_path / "a.xlsx")
    first = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    counts = (Person.objects.count(), MembershipEvent.objects.count(), Membership.objects.count())
    second = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    assert (Person.objects.count(), MembershipEvent.objects.count(), Membership.objects.count()) == counts
    assert first.created == 5 and second.created == 0 and second.updated == 0
    assert not AuditEvent.objects.filter(request_id=second.request_id, code__startswith="person.").exists()


def seven_people_file(tree, path):
    """Seven new people, every second one a probationary member (three chunks of three, one, …)."""
    rows = [HEADERS] + [
        [f"Người Thứ {chr(65 + i)}", "Nam", f"{i + 1:02d}/01/1990", "", tree.cell.code]
        + (
            ["Đảng viên dự bị", "02/01/2025", None, "1-QĐ", None, ""]
            if i % 2
            else ["", None, None, "", None, ""]
        )
        for i in range(7)
    ]
    return xlsx(path, rows)


def test_a_crash_inside_a_bulk_chunk_loses_that_chunk_only_and_the_resumed_commit_writes_each_person_once(
    tree, clerk, tmp_path, monkeypatch
):
    job = prepared(clerk, tree, seven_people_file(tree, tmp_path / "a.xlsx"))
    monkeypatch.setattr(services, "CHUNK", 3)
    calls = {"n": 0}
    original = PeopleKind.write_bulk

    def crash_after_the_second_bulk_write(self, plan, ctx):
        outcomes = original(self, plan, ctx)
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return outcomes

    monkeypatch.setattr(PeopleKind, "write_bulk", crash_after_the_second_bulk_write)
    with pytest.raises(SystemExit):
        import_commit(job)
    job.refresh_from_db()
    assert (job.status, job.processed, Person.objects.count()) == (ImportStatus.COMMITTING, 3, 3)
    job = import_commit(job)
    assert job.status == ImportStatus.DONE and job.created == 7 and Person.objects.count() == 7
    assert MembershipEvent.objects.count() == 3 * 2  # rows 2, 4, 6: nominated and admitted, once each
    assert AuditEvent.objects.filter(request_id=job.request_id, code="person.created").count() == 7


def test_the_dry_run_predicts_the_bulk_commits_outcomes_and_writes_nothing(tree, clerk, tmp_path):
    path = people_file(tree, tmp_path / "a.xlsx")
    dry = import_run(actor=clerk, kind="people", organization=tree.commune, path=path, dry_run=True)
    assert Person.objects.count() == 0
    predicted = [(r.number, r.dry_outcome, r.dry_message) for r in dry.rows.order_by("number")]
    job = import_run(actor=clerk, kind="people", organization=tree.commune, path=path)
    assert predicted == [(r.number, r.outcome, r.outcome_message) for r in job.rows.order_by("number")]
