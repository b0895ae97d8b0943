"""Choosing one organisation in a form: a <select> for a short list, a search box for a long one.

A national admin may act on 339.000 organisations: a <select> of them all is tens of megabytes of
HTML. Above `settings.ORG_PICKER_SELECT_MAX` choices the field is drawn as a search box whose
results come from `organizations:organization_pick`, which searches what a *purpose* allows. A
purpose is a name registered here with the function that gives a user's choices; the form field
takes its queryset from the same function, and validates the posted pk against it as any
ModelChoiceField does. The browser only ever sends the purpose's name: it cannot widen the search.

`OrganizationField` chooses one organisation, `OrganizationsField` several (each added from the
search, each removable). Forms declare `OrganizationField(label=…, purpose="change-cells")` and call
`field.limit_to(user)` in `__init__`. The widget's model-free part, `SearchPicker`, is shared with the
member picker (`ptdv/admissions/member_picker.py`), as is `static/js/org-picker.js`.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ptdv.access.roles import Action
from ptdv.common.forms import TreeChoiceField, TreeMultipleChoiceField
from ptdv.common.text import has_diacritics, nfc, search_key
from ptdv.organizations.models import CELL_KINDS, Organization, OrgKind
from ptdv.organizations.selectors import organizations_to_choose

PICK_LIMIT = 20
MIN_CHARS = 2
PLACEHOLDER = "Gõ tên hoặc mã tổ chức…"

Purpose = Callable[[Any], QuerySet[Organization]]
PURPOSES: dict[str, Purpose] = {}


def purpose(name: str) -> Callable[[Purpose], Purpose]:
    """Register `function(user) -> queryset` as the choices of the purpose `name`."""

    def register(function: Purpose) -> Purpose:
        PURPOSES[name] = function
        return function

    return register


def choices_for(name: str, user: object) -> QuerySet[Organization]:
    """The organisations `user` may choose for the purpose `name` (KeyError for an unknown one)."""
    return PURPOSES[name](user)


@purpose("approve")
def _approve(user: object) -> QuerySet[Organization]:
    """Organisations the user may give targets to."""
    return organizations_to_choose(actor=user, action=Action.APPROVE)


@purpose("admin")
def _admin(user: object) -> QuerySet[Organization]:
    """Organisations the user administers (grants of access)."""
    return organizations_to_choose(actor=user, action=Action.ADMIN)


@purpose("admin-units")
def _admin_units(user: object) -> QuerySet[Organization]:
    """Organisations the user administers that can hold other units (everything but cells)."""
    return organizations_to_choose(actor=user, action=Action.ADMIN).exclude(kind=OrgKind.CELL)


@purpose("change")
def _change(user: object) -> QuerySet[Organization]:
    """Organisations whose records the user may change (imports, courses, people)."""
    return organizations_to_choose(actor=user, action=Action.CHANGE)


@purpose("change-cells")
def _change_cells(user: object) -> QuerySet[Organization]:
    """Cells (and grassroots cells) whose records the user may change: where candidacies sit."""
    return organizations_to_choose(actor=user, action=Action.CHANGE).filter(kind__in=CELL_KINDS)


@purpose("change-member-units")
def _change_member_units(user: object) -> QuerySet[Organization]:
    """Units members sit in (for a transfer of party activity) that the user may change."""
    return organizations_to_choose(actor=user, action=Action.CHANGE).filter(
        kind__in=[OrgKind.CELL, OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE]
    )


@purpose("view-units")
def _view_units(user: object) -> QuerySet[Organization]:
    """Organisations the user may see, cells left out (filters of lists: a cell is reached from above)."""
    return organizations_to_choose(actor=user, action=Action.VIEW).exclude(kind=OrgKind.CELL)


def organization_pick_list(*, actor: object, purpose: str, q: str) -> tuple[list[Organization], bool]:
    """Up to PICK_LIMIT organisations of the purpose matching `q`, and whether there are more.

    Matches the name without diacritics, or the code (exact or its beginning). An exact code comes
    first, then names written exactly as typed (when typed with diacritics), then names starting
    with the text; higher levels before lower ones.
    """
    key, text = search_key(q), nfc(q)
    if len(key) < MIN_CHARS:
        return [], False
    ranks = [When(code__iexact=text, then=Value(0))]
    if has_diacritics(text):
        ranks.append(When(name__contains=text, then=Value(1)))
    ranks.append(When(name_key__startswith=key, then=Value(2)))
    found: list[Organization] = list(
        choices_for(purpose, actor)
        .filter(Q(name_key__contains=key) | Q(code__istartswith=text))
        .annotate(rank=Case(*ranks, default=Value(3), output_field=IntegerField()))
        .select_related("parent")
        .order_by("rank", "depth", "name", "path")[: PICK_LIMIT + 1]
    )
    return found[:PICK_LIMIT], len(found) > PICK_LIMIT


def pick_row(org: Organization) -> dict[str, Any]:
    """What a result shows: enough to tell two "Chi bộ 1" apart."""
    return {
        "id": org.pk,
        "name": org.name,
        "code": org.code,
        "kind": org.get_kind_display(),
        "parent": org.parent.name if org.parent_id and org.parent else "",
    }


class SearchPicker(forms.Select):
    """A <select> while the choices are few; a search box with a hidden pk when they are many.

    The part shared by every model's picker (the member picker of admissions too): a subclass names
    its template, its search endpoint, its placeholder, and what a result shows (`row`).
    """

    search_template_name = ""
    url_name = ""
    placeholder = ""
    purpose = ""
    min_chars = MIN_CHARS

    def row(self, obj: Any) -> dict[str, Any]:
        """What the search box shows of a chosen object (as the endpoint shows a result); subclasses
        say more, to tell two objects of the same name apart."""
        return {"id": obj.pk, "name": str(obj)}

    def chosen_queryset(self, queryset: QuerySet) -> QuerySet:
        """The choices, with what `row` reads of related objects (one query for the chosen ones)."""
        return queryset

    def _is_large(self) -> bool:
        """Whether the choices exceed the limit: one small COUNT, remembered for these choices."""
        cached = self.__dict__.get("_large")
        if cached is not None and cached[0] is self.choices:
            return bool(cached[1])
        queryset = getattr(self.choices, "queryset", None)
        limit = settings.ORG_PICKER_SELECT_MAX
        large = queryset is not None and queryset.order_by()[: limit + 1].count() > limit
        self.__dict__["_large"] = (self.choices, large)
        return large

    def use_required_attribute(self, initial: Any) -> bool:
        if self._is_large():
            return True  # the search box: no option list to look at
        return super().use_required_attribute(initial)

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        if not self._is_large():
            return super().render(name, value, attrs, renderer)
        # The project's template engine (the form renderer's own only sees the apps' templates).
        return mark_safe(render_to_string(self.search_template_name, self.search_context(name, value, attrs)))

    def search_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        widget = context["widget"]
        css = str(widget["attrs"].get("class", "")).replace("form-select", "form-control")
        widget["attrs"]["class"] = css or "form-control"
        widget["attrs"].setdefault("placeholder", self.placeholder)
        widget["attrs"].pop("size", None)  # a list's height, meaningless for the text box
        field = getattr(self.choices, "field", None)
        chosen = self._chosen(value)
        widget.update(
            {
                "url": reverse(self.url_name),
                "purpose": self.purpose,
                "multiple": self.allow_multiple_selected,
                "chosen": self.row(chosen[0]) if chosen else None,
                "chosen_all": [self.row(obj) for obj in chosen],
                "empty_label": getattr(field, "empty_label", None) if field and not field.required else None,
                "min_chars": self.min_chars,
            }
        )
        return context

    def _chosen(self, value: Any) -> list[Any]:
        """The chosen objects that are among the choices (a forged pk shows nothing)."""
        values = value if isinstance(value, list | tuple) else [value]
        pks = []
        for each in values:
            text = str(each.pk if isinstance(each, Model) else each)
            if text.isdigit():
                pks.append(int(text))
        queryset = getattr(self.choices, "queryset", None)
        if not pks or queryset is None:
            return []
        found = {obj.pk: obj for obj in self.chosen_queryset(queryset).filter(pk__in=pks)}
        return [found[pk] for pk in dict.fromkeys(pks) if pk in found]


class OrganizationPicker(SearchPicker):
    """An organisation: a <select> when few, the search box of `organizations:organization_pick` when many."""

    search_template_name = "components/org_picker.html"
    url_name = "organizations:organization_pick"
    placeholder = PLACEHOLDER

    def row(self, obj: Any) -> dict[str, Any]:
        return pick_row(obj)

    def chosen_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("parent")


class OrganizationsPicker(OrganizationPicker, forms.SelectMultiple):
    """Several organisations: a <select multiple> when few, the search box adding each one when many."""


class _ForPurpose(forms.ModelChoiceField):
    """A field whose choices are what its named purpose allows the user (see the module docstring)."""

    def __init__(self, *, purpose: str, **kwargs: Any) -> None:
        if purpose not in PURPOSES:
            raise ImproperlyConfigured(f"Unknown organisation picker purpose: {purpose!r}")
        kwargs.setdefault("queryset", Organization.objects.none())
        super().__init__(**kwargs)
        self.purpose = purpose
        self.widget.purpose = purpose  # type: ignore[attr-defined]

    def limit_to(self, user: object) -> Any:
        """Offer (and accept) exactly what the purpose allows `user`; returns the field."""
        self.queryset = choices_for(self.purpose, user)
        return self


class OrganizationField(_ForPurpose, TreeChoiceField):
    """One organisation, chosen among what the purpose allows the user."""

    widget = OrganizationPicker
    default_error_messages = {"required": "Hãy chọn một tổ chức."}


class OrganizationsField(_ForPurpose, TreeMultipleChoiceField):
    """Several organisations, each among what the purpose allows the user."""

    widget = OrganizationsPicker
