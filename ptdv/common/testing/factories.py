"""factory_boy factories that go through the services, so test data obeys the same rules as real data."""

import datetime as dt
import itertools
from typing import Any

from ptdv.access.models import User
from ptdv.access.roles import Role
from ptdv.access.services import grant_create, user_create
from ptdv.organizations.models import Organization, OrgKind
from ptdv.organizations.services import organization_create
from ptdv.people import national_id as nid
from ptdv.people.models import EventKind, MembershipStatus, Person
from ptdv.people.services import membership_event_record, person_create

_seq = itertools.count(1)
_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hải",
    "Khánh",
    "Lâm",
    "Minh",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Uyên",
    "Vinh",
    "Xuân",
    "Yến",
]
FOUNDED = dt.date(2000, 1, 1)


class SystemActor:
    """Stands in for "the system" when tests build data outside any user's scope."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True


SYSTEM = SystemActor()


def make_org(
    parent: Organization | None = None,
    *,
    kind: str = OrgKind.CELL,
    name: str | None = None,
    valid_from: dt.date = FOUNDED,
    **extra: Any,
) -> Organization:
    number = next(_seq)
    return organization_create(
        actor=SYSTEM,
        code=extra.pop("code", f"T{number:05d}"),
        name=name or f"Tổ chức thử {number}",
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        **extra,
    )


def make_user(
    username: str | None = None,
    *,
    org: Organization | None = None,
    role: str = Role.CLERK,
    superuser: bool = False,
) -> User:
    user = user_create(
        actor=SYSTEM,
        username=username or f"user{next(_seq)}",
        password="mat-khau-thu-1",
        is_superuser=superuser,
    )
    if org is not None:
        grant_create(actor=SYSTEM, user=user, organization=org, role=role)
    return user


def make_person(
    org: Organization,
    *,
    full_name: str | None = None,
    gender: str = "M",
    date_of_birth: dt.date = dt.date(1990, 5, 17),
    with_id: bool = True,
    **extra: Any,
) -> Person:
    number = next(_seq)
    national_id = nid.build("001", gender, date_of_birth.year, number) if with_id else None
    return person_create(
        actor=SYSTEM,
        full_name=full_name or f"Trần Thử {_GIVEN[number % len(_GIVEN)]}",
        gender=gender,
        date_of_birth=date_of_birth,
        national_id=national_id,
        organization=org,
        **extra,
    )


def make_member(
    org: Organization, *, admitted: dt.date = dt.date(2015, 3, 2), full: bool = True, **extra: Any
) -> Person:
    """A person nominated, admitted and (by default) confirmed one year later, in `org`."""
    person = make_person(org, **extra)
    membership_event_record(
        actor=SYSTEM, person=person, kind=EventKind.NOMINATED, date=admitted - dt.timedelta(days=200)
    )
    membership_event_record(
        actor=SYSTEM, person=person, kind=EventKind.ADMITTED, date=admitted, document="QĐ kết nạp thử"
    )
    if full:
        membership_event_record(
            actor=SYSTEM,
            person=person,
            kind=EventKind.CONFIRMED,
            date=admitted.replace(year=admitted.year + 1),
        )
    person.refresh_from_db()
    assert person.status in (MembershipStatus.FULL, MembershipStatus.PROBATIONARY)
    return person
