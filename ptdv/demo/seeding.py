"""Writes the demo data through the services, so every row is checked and audited like real data.

Order: the first account (a superuser, who is then the actor of every other write), the tree as it stood
before 2025, the reorganisation of 1 July 2025, population figures, the people and their histories, and
the demo accounts with their grants. The caller wraps everything in one transaction.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from ptdv.access.models import Grant, User
from ptdv.access.roles import Role
from ptdv.access.services import grant_create, user_create
from ptdv.demo import persons
from ptdv.demo import places as P
from ptdv.demo import targets as demo_targets
from ptdv.demo.candidacies import create_candidacies
from ptdv.demo.second_factor import enrol_demo_admins
from ptdv.organizations.models import Organization, OrgKind, Sector
from ptdv.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_move,
    organizations_merge,
    population_set,
)
from ptdv.people.services import membership_event_record, person_create

PASSWORD = "ptdv-demo-2026"
POPULATION_YEARS = range(2020, 2027)

# username, full name, role, organisation code
ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "Quản trị hệ thống", Role.NATIONAL_ADMIN, P.CENTRAL[0]),
    ("tinh", "Trần Thị Mai", Role.ORG_ADMIN, P.PROVINCE[0]),
    ("xa", "Lê Văn Tâm", Role.CLERK, P.MERGERS[0].code),
    ("chibo", "Huỳnh Văn Sáu", Role.CLERK, "TN-MT-01-01"),
    ("xem", "Phạm Ngọc Lan", Role.VIEWER, P.PROVINCE[0]),
)
USERNAMES = tuple(account[0] for account in ACCOUNTS)


class BootstrapActor:
    """Stands in for the system while the first account, which then acts for the rest, is created."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True


@dataclass(frozen=True)
class Account:
    """A demo account as shown to the person who ran the command."""

    username: str
    full_name: str
    role: str
    organization: str


@dataclass(frozen=True)
class Result:
    """What a run made, for the summary printed by the command."""

    accounts: list[Account]
    people: int
    events: int
    skipped_events: int
    cutoff: dt.date


Orgs = dict[str, Organization]
Progress = Callable[[str], None]


def _decision(rng: random.Random, issuer: str, day: dt.date) -> str:
    return f"Quyết định số {rng.randint(10, 990)}-QĐ/{issuer} ngày {day:%d/%m/%Y}"


def _create_unit(actor: object, orgs: Orgs, unit: P.Unit, parent: Organization, document: str) -> None:
    orgs[unit.code] = organization_create(
        actor=actor,
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent=parent,
        valid_from=unit.founded,
        sector=unit.sector,
        is_authorised_to_admit=unit.authorised,
        document=document,
    )
    for cell in unit.cells:
        _create_unit(actor, orgs, cell, orgs[unit.code], document)


def build_tree(actor: object, rng: random.Random) -> Orgs:
    """The Central Committee, the province and everything under it as it stood on 30 June 2025."""
    orgs: Orgs = {}
    code, name, founded = P.CENTRAL
    orgs[code] = organization_create(
        actor=actor, code=code, name=name, kind=OrgKind.CENTRAL, parent=None, valid_from=founded
    )
    code, name, founded = P.PROVINCE
    province = organization_create(
        actor=actor,
        code=code,
        name=name,
        kind=OrgKind.PROVINCE,
        parent=orgs[P.CENTRAL[0]],
        valid_from=founded,
        document=_decision(rng, "TW", founded),
    )
    orgs[code] = province
    for unit in P.PROVINCIAL_UNITS:
        _create_unit(actor, orgs, unit, province, _decision(rng, "TU", unit.founded))
    for district in P.DISTRICTS:
        orgs[district.code] = organization_create(
            actor=actor,
            code=district.code,
            name=district.name,
            kind=OrgKind.DISTRICT,
            parent=province,
            valid_from=P.ORIGIN,
            document=_decision(rng, "TU", P.ORIGIN),
        )
        for commune in district.communes:
            orgs[commune.code] = organization_create(
                actor=actor,
                code=commune.code,
                name=commune.name,
                kind=OrgKind.COMMUNE,
                parent=orgs[district.code],
                valid_from=P.ORIGIN,
                sector=Sector.COMMUNE_WARD,
                document=_decision(rng, district.issuer, P.ORIGIN),
            )
            for unit in P.units_of(commune):
                _create_unit(
                    actor, orgs, unit, orgs[commune.code], _decision(rng, district.issuer, unit.founded)
                )
    return orgs


def reorganise(actor: object, orgs: Orgs) -> None:
    """1 July 2025: merge communes under the province, move the others there, dissolve the districts."""
    province = orgs[P.PROVINCE[0]]
    for merger in P.MERGERS:
        orgs[merger.code] = organizations_merge(
            actor=actor,
            predecessors=[orgs[code] for code in merger.predecessors],
            effective_date=P.REORGANISATION,
            code=merger.code,
            name=merger.name,
            kind=OrgKind.COMMUNE,
            parent=province,
            sector=Sector.COMMUNE_WARD,
            document=P.MERGER_DOCUMENT,
        )
    for commune in P.moved_communes():
        org = orgs[commune.code]
        org.refresh_from_db()
        organization_move(
            actor=actor,
            org=org,
            new_parent=province,
            effective_date=P.REORGANISATION,
            document=P.MOVE_DOCUMENT,
        )
    for district in P.DISTRICTS:
        organization_dissolve(
            actor=actor,
            org=orgs[district.code],
            effective_date=P.REORGANISATION,
            document=P.DISSOLUTION_DOCUMENT,
            reason=P.DISSOLUTION_REASON,
        )


def record_populations(actor: object, orgs: Orgs, rng: random.Random) -> None:
    """Population per commune and year: old communes up to 2025, merged ones from 2025 on."""
    figures: dict[str, dict[int, int]] = {}
    merged = {code for m in P.MERGERS for code in m.predecessors}
    for district in P.DISTRICTS:
        source = f"Niên giám thống kê {district.place}"
        for commune in district.communes:
            growth = rng.uniform(0.003, 0.012)
            start = commune.population_2020 * rng.uniform(0.97, 1.03)
            figures[commune.code] = {
                year: round(start * (1 + growth) ** (year - 2020)) for year in POPULATION_YEARS
            }
            last = 2025 if commune.code in merged else max(POPULATION_YEARS)
            for year in range(min(POPULATION_YEARS), last + 1):
                population_set(
                    actor=actor,
                    org=orgs[commune.code],
                    year=year,
                    population=figures[commune.code][year],
                    source=f"{source} năm {year}" if year < 2025 else "Thống kê tỉnh Tây Nam",
                )
    for merger in P.MERGERS:
        base = sum(figures[code][2025] for code in merger.predecessors)
        growth = rng.uniform(0.003, 0.012)
        for year in range(2025, max(POPULATION_YEARS) + 1):
            population_set(
                actor=actor,
                org=orgs[merger.code],
                year=year,
                population=round(base * (1 + growth) ** (year - 2025)),
                source="Thống kê tỉnh Tây Nam",
            )


def create_people(
    actor: object, orgs: Orgs, specs: list[persons.PersonSpec], cutoff: dt.date, progress: Progress
) -> tuple[int, int]:
    """Each person and their events up to `cutoff`; returns (events recorded, events left for later)."""
    recorded = skipped = 0
    for index, spec in enumerate(specs, 1):
        person = person_create(actor=actor, organization=orgs[spec.cell], **spec.fields)
        for event in spec.events:
            if event.date > cutoff:  # the service refuses future dates; a later run of the demo adds none
                skipped += 1
                continue
            membership_event_record(
                actor=actor,
                person=person,
                kind=event.kind,
                date=event.date,
                organization=orgs[event.cell] if event.cell else None,
                document=event.document,
                note=event.note,
            )
            recorded += 1
        if index % 500 == 0:
            progress(f"  … {index:,} người".replace(",", "."))
    return recorded, skipped


def create_accounts(admin: User, orgs: Orgs) -> list[Account]:
    """The demo accounts and their grants (the admin account exists already)."""
    accounts, users = [], []
    for username, full_name, role, code in ACCOUNTS:
        user = (
            admin
            if username == "admin"
            else user_create(actor=admin, username=username, password=PASSWORD, first_name=full_name)
        )
        grant_create(actor=admin, user=user, organization=orgs[code], role=role)
        users.append(user)
        label = Role(role).label + (" (toàn quyền)" if username == "admin" else "")
        accounts.append(Account(username, full_name, label, orgs[code].name))
    enrol_demo_admins(admin, users)
    return accounts


def existing_accounts() -> list[Account]:
    """The demo accounts already in the database, with their grants (for a run that changes nothing)."""
    grants = Grant.objects.filter(user__username__in=USERNAMES).select_related("user", "organization")
    by_user = {grant.user.username: grant for grant in grants}
    accounts = []
    for username, _, _, _ in ACCOUNTS:
        if (grant := by_user.get(username)) is not None:
            label = grant.get_role_display() + (" (toàn quyền)" if grant.user.is_superuser else "")
            accounts.append(Account(username, grant.user.get_full_name(), label, grant.organization.name))
    return accounts


def seed(
    *, seed: int, people: int, today: dt.date | None = None, progress: Progress = lambda _: None
) -> Result:
    """Build the whole demo for `seed` with `people` people. Run it inside one transaction."""
    rng = random.Random(seed)
    tree_rng, population_rng, people_rng = (random.Random(rng.getrandbits(64)) for _ in range(3))
    cutoff = min(persons.REFERENCE, today or timezone.localdate())
    # The full name goes into first_name: Django shows "first last", which would reverse a Vietnamese name.
    admin = user_create(
        actor=BootstrapActor(),
        username="admin",
        password=PASSWORD,
        first_name=ACCOUNTS[0][1],
        is_superuser=True,
    )
    progress("Tạo cây tổ chức đảng…")
    orgs = build_tree(admin, tree_rng)
    progress("Sắp xếp tổ chức ngày 01/07/2025…")
    reorganise(admin, orgs)
    record_populations(admin, orgs, population_rng)
    demo_targets.record_province_population(admin)
    orgs = {org.code: org for org in Organization.objects.all()}  # paths changed in the reorganisation
    progress(f"Tạo {people:,} người…".replace(",", "."))
    specs = persons.generate(people_rng, P.cells(), people)
    recorded, skipped = create_people(admin, orgs, specs, cutoff, progress)
    progress("Tạo hồ sơ kết nạp…")
    create_candidacies(admin, random.Random(rng.getrandbits(64)), cutoff)
    demo_targets.create_targets(admin, cutoff, progress)
    accounts = create_accounts(admin, orgs)
    return Result(accounts, len(specs), recorded, skipped, cutoff)
