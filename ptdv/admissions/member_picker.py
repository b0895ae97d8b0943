"""Choosing one party member in a form: a <select> for a short list, a search box for a long one.

The mentor and introducer fields offered every member in the user's scope: 175.000 options (9 MB,
30 s) for a province, 5,5 million nationally. Above `settings.ORG_PICKER_SELECT_MAX` choices the
field is drawn as a search box (the organisation picker's widget, `SearchPicker`, and its script)
whose results come from `admissions:member_pick`. That endpoint searches with the people search
(`person_list`: no diacritics needed, scoped, national-ID rules kept) within a *purpose* registered
here: which statuses, which right, which units. The form field's queryset comes from the same
purpose, so the posted pk is validated against exactly what the search could offer; the browser only
sends the purpose's name.

What the endpoint cannot know stays with the form: the introducer form also leaves out the candidate
(`field.queryset.exclude(...)`; a candidate is no member, so the search never finds them anyway).
"""

import dataclasses
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from ptdv.access.roles import Action
from ptdv.common.formatting import vn_date
from ptdv.common.text import search_key
from ptdv.organizations.models import CELL_KINDS
from ptdv.organizations.picker import SearchPicker
from ptdv.people.models import MembershipStatus, Person
from ptdv.people.selectors import person_list

PICK_LIMIT = 20
MIN_CHARS = 2
PLACEHOLDER = "Gõ họ tên (không cần dấu) hoặc số CCCD…"
MSG_NOT_OFFERED = "Người được chọn không có trong danh sách đảng viên bạn được chọn cho mục này."


@dataclasses.dataclass(frozen=True)
class MemberPurpose:
    """Who may be chosen: members of these statuses, in the units the user has this right on."""

    statuses: tuple[str, ...]
    action: str
    cells_only: bool = False  # members sitting in a current cell (where candidacies sit)

    def _narrow(self, people: QuerySet[Person]) -> QuerySet[Person]:
        if self.cells_only:
            people = people.filter(organization__kind__in=CELL_KINDS, organization__valid_to__isnull=True)
        return people

    def choices(self, user: object) -> QuerySet[Person]:
        """Everyone the user may choose (the field's queryset), by name."""
        people = Person.objects.restrict(user, self.action).filter(status__in=self.statuses)
        return self._narrow(people).select_related("organization").order_by("name_key", "id")

    def search(self, user: object, q: str) -> QuerySet[Person]:
        """Those of `choices` matching `q`, best first (the people search's ranking)."""
        return self._narrow(person_list(actor=user, q=q, statuses=self.statuses, action=self.action))


PURPOSES: dict[str, MemberPurpose] = {
    # Đảng viên chính thức được phân công giúp đỡ: a full member of a cell the user may change.
    "mentor": MemberPurpose(statuses=(MembershipStatus.FULL,), action=Action.CHANGE, cells_only=True),
    # Người giới thiệu: a member the user may see (the rules then check full membership, 12 months…).
    "introducer": MemberPurpose(
        statuses=(MembershipStatus.FULL, MembershipStatus.PROBATIONARY), action=Action.VIEW
    ),
}


def member_pick_list(*, actor: object, purpose: str, q: str) -> tuple[list[Person], bool]:
    """Up to PICK_LIMIT members of the purpose matching `q` (a name or a national ID), and whether there are more."""
    if len(search_key(q)) < MIN_CHARS:
        return [], False
    found = list(PURPOSES[purpose].search(actor, q)[: PICK_LIMIT + 1])
    return found[:PICK_LIMIT], len(found) > PICK_LIMIT


def pick_row(person: Person) -> dict[str, Any]:
    """What a result shows: enough to tell two people of the same name apart, the national ID masked."""
    masked = person.masked_national_id()
    born = vn_date(person.date_of_birth)
    unit = person.organization.name
    details = " · ".join(
        part
        for part in (f"sinh {born}", person.get_status_display(), unit, f"CCCD {masked}" if masked else "")
        if part
    )
    return {
        "id": person.pk,
        "name": person.full_name,
        "born": born,
        "status": person.get_status_display(),
        "unit": unit,
        "national_id": masked,
        "details": details,
    }


class MemberPicker(SearchPicker):
    """A member: a <select> when few, the search box of `admissions:member_pick` when many."""

    search_template_name = "components/member_picker.html"
    url_name = "admissions:member_pick"
    placeholder = PLACEHOLDER
    min_chars = MIN_CHARS

    def row(self, obj: Any) -> dict[str, Any]:
        return pick_row(obj)

    def chosen_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("organization")


class MemberField(forms.ModelChoiceField):
    """One party member, chosen among what the purpose allows the user (see the module docstring)."""

    widget = MemberPicker
    default_error_messages = {"invalid_choice": MSG_NOT_OFFERED, "required": "Hãy chọn một đảng viên."}

    def __init__(self, *, purpose: str, **kwargs: Any) -> None:
        if purpose not in PURPOSES:
            raise ImproperlyConfigured(f"Unknown member picker purpose: {purpose!r}")
        kwargs.setdefault("queryset", Person.objects.none())
        super().__init__(**kwargs)
        self.purpose = purpose
        self.widget.purpose = purpose  # type: ignore[attr-defined]

    def limit_to(self, user: object) -> "MemberField":
        """Offer (and accept) exactly what the purpose allows `user`."""
        self.queryset = PURPOSES[self.purpose].choices(user)
        return self

    def label_from_instance(self, obj: Any) -> str:
        """In the short <select>: the name, the date of birth and the unit, as the search shows."""
        return f"{obj.full_name} · {vn_date(obj.date_of_birth)} · {obj.organization.name}"
