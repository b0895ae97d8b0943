"""The four things that can be imported, by key."""

from typing import Any

from ptdv.spreadsheets.kinds.admissions import AdmissionsKind
from ptdv.spreadsheets.kinds.organizations import OrganizationsKind
from ptdv.spreadsheets.kinds.people import PeopleKind
from ptdv.spreadsheets.kinds.targets import TargetsKind

KINDS: dict[str, Any] = {
    kind.key: kind for kind in (OrganizationsKind(), PeopleKind(), AdmissionsKind(), TargetsKind())
}
KIND_CHOICES = [(key, kind.label) for key, kind in KINDS.items()]
