"""`seed_demo`: a deterministic demo province in its post-2025 shape, written through the services."""

import dataclasses
import datetime as dt
import io
import random
import re
import unicodedata
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max
from django.test.utils import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from ptdv.access.models import Grant, User
from ptdv.access.roles import Role
from ptdv.audit.models import AuditEvent
from ptdv.demo import persons, places, seeding
from ptdv.demo.second_factor import DEMO_KEY_BASE32, DEMO_KEY_HEX, current_code
from ptdv.organizations.models import Organization, OrgChange, OrgChangeKind, OrgKind, Population
from ptdv.people.models import MEMBER_STATUSES, EventKind, MembershipEvent, MembershipStatus, Person
from ptdv.tallies.models import TallyState
from ptdv.tallies.services import differences

SEED, PEOPLE = 7, 200
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclasses.dataclass
class Demo:
    first_run: tuple[list[tuple], list[tuple]]
    second_run: tuple[list[tuple], list[tuple]]
    output: str


def _people_as_rows() -> list[tuple]:
    """Everything that makes a person, and their events, as plain values."""
    events: dict[int, list[tuple]] = {}
    for event in MembershipEvent.objects.select_related("organization").order_by("date", "id"):
        events.setdefault(event.person_id, []).append(
            (event.kind, event.date, event.organization.code, event.document, event.note)
        )
    return [
        (
            p.full_name,
            p.gender,
            p.date_of_birth,
            p.national_id,
            p.ethnicity,
            p.religion,
            p.phone,
            p.residence,
            p.occupation,
            p.status,
            p.organization.code,
            tuple(events.get(p.pk, ())),
        )
        for p in Person.objects.select_related("organization").order_by("national_id")
    ]


def _tree_as_rows() -> list[tuple]:
    """The organisations with their parents and dates (no ids: sequences differ between databases)."""
    return [
        (o.code, o.name, o.kind, o.sector, o.parent.code if o.parent else "", o.valid_from, o.valid_to)
        for o in Organization.objects.select_related("parent").order_by("code")
    ]


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", seed=SEED, people=PEOPLE, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed twice with the same seed (the first run rolled back); the second run's data stays for the module."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        with transaction.atomic():
            _seed()
            first = (_people_as_rows(), _tree_as_rows())
            transaction.set_rollback(True)
        output = _seed()
        yield Demo(first, (_people_as_rows(), _tree_as_rows()), output)
        transaction.set_rollback(True)


def _org(code: str) -> Organization:
    return Organization.objects.get(code=code)


@pytest.mark.django_db
class TestSeedDemo:
    def test_the_same_seed_gives_the_same_people_twice(self, demo):
        people, _ = demo.second_run
        assert len(people) == PEOPLE
        assert demo.first_run[0] == people

    def test_the_centre_and_the_province_are_tallied_and_their_tallies_equal_a_fresh_count(self, demo):
        assert set(TallyState.objects.values_list("ready", flat=True)) == {True}
        assert TallyState.objects.count() >= 2
        assert differences() == []

    def test_the_same_seed_gives_the_same_tree_twice(self, demo):
        assert demo.first_run[1] == demo.second_run[1]

    def test_the_tree_has_a_central_root_and_one_province_under_it(self, demo):
        root = Organization.objects.get(parent__isnull=True)
        assert (root.code, root.name, root.kind, root.valid_from) == (
            "TW",
            "Ban Chấp hành Trung ương",
            OrgKind.CENTRAL,
            dt.date(1930, 2, 3),
        )
        province = root.children.get()
        assert (province.name, province.kind) == ("Đảng bộ tỉnh Tây Nam", OrgKind.PROVINCE)

    def test_the_province_has_the_post_2025_shape(self, demo):
        province = _org("TN")
        assert not Organization.objects.current().filter(kind=OrgKind.DISTRICT).exists()
        communes = Organization.objects.current().filter(kind=OrgKind.COMMUNE)
        assert communes.count() == 6
        assert set(communes.values_list("parent", flat=True)) == {province.pk}
        assert province.children.current().filter(kind=OrgKind.GRASSROOTS_COMMITTEE).count() == 3

    def test_the_districts_were_dissolved_on_the_day_of_the_reorganisation(self, demo):
        districts = Organization.objects.filter(kind=OrgKind.DISTRICT)
        assert {d.valid_to for d in districts} == {dt.date(2025, 6, 30)}
        dissolutions = OrgChange.objects.filter(kind=OrgChangeKind.DISSOLUTION, predecessors__in=districts)
        assert dissolutions.count() == 2
        assert all(
            change.document and change.effective_date == dt.date(2025, 7, 1) for change in dissolutions
        )

    def test_a_merger_on_1_july_2025_closes_its_predecessors_the_day_before(self, demo):
        merger = OrgChange.objects.get(kind=OrgChangeKind.MERGER, successors__name="Đảng bộ xã Mỹ Thạnh")
        assert merger.effective_date == dt.date(2025, 7, 1)
        assert "1656/NQ-UBTVQH15" in merger.document
        predecessors = sorted(merger.predecessors.all(), key=lambda o: o.code)
        assert [p.name for p in predecessors] == ["Đảng bộ xã Mỹ An", "Đảng bộ xã Mỹ Hòa"]
        assert {p.valid_to for p in predecessors} == {dt.date(2025, 6, 30)}

    def test_both_predecessors_of_a_merger_have_members_whose_cells_now_sit_under_the_new_commune(self, demo):
        new_commune = _org("TN-X01")
        for old in ("TN-MT-01", "TN-MT-02"):
            cells = Organization.objects.filter(code__startswith=f"{old}-")
            assert cells.exists()
            assert all(cell.path.startswith(new_commune.path) for cell in cells)
            assert Person.objects.members().filter(organization__in=cells).exists()

    def test_communes_that_were_not_merged_moved_under_the_province(self, demo):
        moves = OrgChange.objects.filter(kind=OrgChangeKind.MOVE, effective_date=dt.date(2025, 7, 1))
        assert sorted(moves.values_list("predecessors__name", flat=True)) == [
            "Đảng bộ xã Long Hưng",
            "Đảng bộ xã Phú Hữu",
        ]
        assert _org("TN-MT-06").parent == _org("TN")

    def test_some_grassroots_committees_are_authorised_to_admit(self, demo):
        authorised = Organization.objects.filter(is_authorised_to_admit=True)
        assert authorised.exists()
        assert set(authorised.values_list("kind", flat=True)) == {OrgKind.GRASSROOTS_COMMITTEE}

    def test_population_of_merged_communes_starts_in_2025_and_of_old_ones_ends_in_2025(self, demo):
        def years(code: str) -> list[int]:
            return sorted(Population.objects.filter(organization__code=code).values_list("year", flat=True))

        assert years("TN-X01") == [2025, 2026]
        assert years("TN-MT-01") == list(range(2020, 2026))
        assert years("TN-MT-06") == list(range(2020, 2027))
        merged_2025 = Population.objects.get(organization__code="TN-X01", year=2025).population
        parts = Population.objects.filter(organization__code__in=["TN-MT-01", "TN-MT-02"], year=2025)
        assert merged_2025 == sum(parts.values_list("population", flat=True))

    def test_the_demo_contains_nguyen_van_people_and_nguyen_van_hieu(self, demo):
        assert Person.objects.filter(full_name="Nguyễn Văn Hiếu").exists()
        assert Person.objects.filter(full_name__startswith="Nguyễn Văn ").count() >= 5

    def test_names_are_nfc_and_contain_no_digits(self, demo):
        for name in Person.objects.values_list("full_name", flat=True):
            assert name == unicodedata.normalize("NFC", name)
            assert not re.search(r"\d", name)

    def test_every_national_id_is_12_digits_and_unique(self, demo):
        ids = list(Person.objects.values_list("national_id", flat=True))
        assert all(re.fullmatch(r"\d{12}", value) for value in ids)
        assert len(set(ids)) == len(ids) == PEOPLE

    def test_phone_numbers_are_ten_digits_starting_with_09(self, demo):
        phones = [p for p in Person.objects.values_list("phone", flat=True) if p]
        assert phones and all(re.fullmatch(r"09\d{8}", p) for p in phones)

    def test_people_span_every_status_that_matters(self, demo):
        statuses = dict(Person.objects.values_list("status").annotate(n=Count("id")))
        for status in (
            MembershipStatus.FULL,
            MembershipStatus.PROBATIONARY,
            MembershipStatus.CANDIDATE,
            MembershipStatus.NON_MEMBER,
        ):
            assert statuses.get(status, 0) > 0, status
        assert statuses[MembershipStatus.FULL] > PEOPLE / 2

    def test_every_cell_has_a_member(self, demo):
        cells = Organization.objects.filter(kind__in=[OrgKind.CELL, OrgKind.GRASSROOTS_CELL])
        empty = cells.exclude(pk__in=Person.objects.members().values("organization"))
        # A cell can only lose its one member by a transfer, never in a 200-person run with seed 7.
        assert list(empty.values_list("name", flat=True)) == []

    def test_members_were_between_18_and_60_when_admitted(self, demo):
        for event in MembershipEvent.objects.filter(kind=EventKind.ADMITTED).select_related("person"):
            born = event.person.date_of_birth
            assert persons.add_years(born, 18) <= event.date <= persons.add_years(born, 60)
            assert 1945 <= born.year <= 2005

    def test_full_members_were_confirmed_about_twelve_months_after_admission(self, demo):
        for person in Person.objects.filter(status=MembershipStatus.FULL)[:50]:
            admitted = person.events.get(kind=EventKind.ADMITTED).date
            confirmed = person.events.get(kind=EventKind.CONFIRMED).date
            assert dt.timedelta(days=365) <= confirmed - admitted <= dt.timedelta(days=400)

    def test_probationary_members_were_admitted_within_12_months_of_the_reference_date(self, demo):
        for person in Person.objects.filter(status=MembershipStatus.PROBATIONARY):
            admitted = person.events.get(kind=EventKind.ADMITTED).date
            assert persons.REFERENCE - dt.timedelta(days=365) < admitted <= persons.REFERENCE

    def test_no_event_is_dated_after_the_reference_date(self, demo):
        assert MembershipEvent.objects.aggregate(last=Max("date"))["last"] <= persons.REFERENCE

    def test_every_write_is_audited_under_one_request_id(self, demo):
        events = AuditEvent.objects.all()
        assert events.filter(code="person.created").count() == PEOPLE
        assert events.filter(code="organization.merged").count() == 4
        assert set(events.values_list("request_id", flat=True)) != {""}
        assert events.values("request_id").distinct().count() == 1

    def test_the_demo_accounts_have_their_roles_and_the_common_password(self, demo):
        expected = {
            "admin": (Role.NATIONAL_ADMIN, "TW"),
            "tinh": (Role.ORG_ADMIN, "TN"),
            "xa": (Role.CLERK, "TN-X01"),
            "chibo": (Role.CLERK, "TN-MT-01-01"),
            "xem": (Role.VIEWER, "TN"),
        }
        grants = {
            g.user.username: (g.role, g.organization.code)
            for g in Grant.objects.select_related("user", "organization")
        }
        assert grants == expected
        assert User.objects.get(username="admin").is_superuser
        assert all(user.check_password(seeding.PASSWORD) for user in User.objects.all())

    def test_the_output_lists_the_accounts_in_a_vietnamese_table(self, demo):
        assert "Tài khoản mẫu (mật khẩu chung: ptdv-demo-2026)" in demo.output
        assert re.search(r"xa\s+.+Cán bộ nhập liệu\s+Đảng bộ xã Mỹ Thạnh", demo.output)

    def test_the_admin_accounts_come_with_the_published_demo_authenticator_and_others_without(self, demo):
        devices = {d.user.username: d for d in TOTPDevice.objects.select_related("user")}
        assert sorted(devices) == ["admin", "tinh"]
        assert all(d.confirmed and d.key == DEMO_KEY_HEX for d in devices.values())
        assert AuditEvent.objects.filter(code="user.otp_enrolled").count() == 2
        assert DEMO_KEY_BASE32 in demo.output

    def test_the_readme_publishes_the_same_demo_key(self):
        readme = Path(__file__).resolve().parents[3] / "README.md"
        assert DEMO_KEY_BASE32 in readme.read_text(encoding="utf-8")

    def test_demo_code_prints_the_current_code_of_demo_devices_only(self, demo):
        real = User.objects.get(username="xa")
        TOTPDevice.objects.create(user=real, name="Điện thoại", key="ab" * 20, confirmed=True)
        out = io.StringIO()
        with time_machine.travel(dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC), tick=False):
            call_command("demo_code", stdout=out)
            code = current_code()
        assert out.getvalue().splitlines() == [
            f"admin: {code} (đổi sau mỗi 30 giây)",
            f"tinh: {code} (đổi sau mỗi 30 giây)",
        ]

    def test_if_empty_leaves_an_existing_database_alone(self, demo):
        before = (Organization.objects.count(), Person.objects.count(), AuditEvent.objects.count())
        out = io.StringIO()
        call_command("seed_demo", if_empty=True, stdout=out)
        assert "đã có dữ liệu" in out.getvalue()
        assert "Tài khoản mẫu (mật khẩu ban đầu: ptdv-demo-2026)" in out.getvalue()
        assert (Organization.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == before

    def test_refuses_to_seed_a_database_that_has_organisations(self, demo):
        with pytest.raises(CommandError, match="đã có tổ chức đảng"):
            call_command("seed_demo", stdout=io.StringIO())

    def test_events_after_the_cutoff_are_left_out(self, demo):
        admin = User.objects.get(username="admin")
        orgs = {org.code: org for org in Organization.objects.all()}
        spec = persons.PersonSpec(
            "full",
            "TN-MT-01-01",
            {
                "full_name": "Trần Văn Thử",
                "gender": "M",
                "date_of_birth": dt.date(1990, 1, 1),
                "national_id": "094090999999",
            },
            [
                persons.EventSpec(EventKind.NOMINATED, dt.date(2026, 1, 5)),
                persons.EventSpec(EventKind.ADMITTED, dt.date(2026, 6, 1)),
            ],
        )
        recorded, skipped = seeding.create_people(admin, orgs, [spec], dt.date(2026, 3, 1), lambda _: None)
        assert (recorded, skipped) == (1, 1)
        assert Person.objects.get(national_id="094090999999").status == MembershipStatus.CANDIDATE

    def test_members_statuses_match_their_last_event(self, demo):
        for person in Person.objects.filter(status__in=MEMBER_STATUSES)[:50]:
            assert person.events.order_by("date", "id").last().status_after == person.status


def test_a_different_seed_gives_different_people():
    def names(seed: int) -> list[str]:
        return [p.fields["full_name"] for p in persons.generate(random.Random(seed), places.cells(), 300)]

    assert names(SEED) == names(SEED)
    assert names(SEED) != names(SEED + 1)
