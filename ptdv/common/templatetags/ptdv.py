"""Template filters every page uses (loaded as a builtin)."""

import datetime as dt
import html
from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

from ptdv.common import formatting

register = template.Library()


@register.filter
def vn_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    return formatting.vn_number(value, decimals)


@register.filter
def vn_percent(value: float | Decimal | None, decimals: int = 2) -> str:
    return formatting.vn_percent(value, decimals)


@register.filter
def vn_date(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return formatting.vn_date(value)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (for pagination and filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


@register.filter
def audit_code(code: str) -> str:
    from ptdv.audit.labels import code_label

    return code_label(code)


@register.filter
def audit_field(name: str) -> str:
    from ptdv.audit.labels import field_label

    return field_label(name)


@register.filter
def age(date_of_birth: dt.date | None) -> str:
    """Age in completed years today, counted as the rules count it (whole months)."""
    if not date_of_birth:
        return ""
    from django.utils import timezone

    from ptdv.admissions.rules.calendar import age_in_years

    return f"{age_in_years(date_of_birth, timezone.localdate())} tuổi"


@register.filter
def days_since(day: dt.date | None, today: dt.date | None = None) -> int | str:
    """Whole days from `day` to `today` (for "days in stage")."""
    if not day:
        return ""
    from django.utils import timezone

    return ((today or timezone.localdate()) - day).days


@register.filter
def days_until(day: dt.date | None, today: dt.date | None = None) -> int | str:
    """Whole days from `today` to `day` (negative when `day` has passed)."""
    if not day:
        return ""
    from django.utils import timezone

    return (day - (today or timezone.localdate())).days


@register.filter
def indent(obj: object) -> str:
    """An organisation's name indented by its depth, for long selects."""
    return f"{'— ' * max(getattr(obj, 'depth', 2) - 2, 0)}{obj}"


@register.simple_tag
def org_options(organizations: object, chosen: object = None) -> SafeString:
    """`<option>`s of organisations, indented by depth, `chosen` selected.

    What `{% for o in … %}<option value="{{ o.pk }}" {% if o.pk == chosen.pk %}selected{% endif %}>
    {{ o|indent }}</option>{% endfor %}` writes, at a tenth of its cost: a filter list has up to 500.
    """
    chosen_pk = getattr(chosen, "pk", None)
    return SafeString(
        "".join(
            f'<option value="{html.escape(str(o.pk))}" {"selected" if chosen_pk is not None and o.pk == chosen_pk else ""}>'
            f"{html.escape(indent(o))}</option>"
            for o in organizations  # type: ignore[attr-defined]
        )
    )
