"""Template filters for target statuses: the Vietnamese label and the Bootstrap colour."""

from django import template

from ptdv.reports.figures import STATUS_LABELS

register = template.Library()

STATUS_STYLE = {
    "not_met": "danger",
    "at_risk": "warning",
    "on_track": "info",
    "met": "success",
    "over": "success",
}


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def status_style(status: str) -> str:
    return STATUS_STYLE.get(status, "secondary")
