"""`{% export_allowed as allowed %}`: whether the download buttons of the current page are shown."""

from django import template

from ptdv.spreadsheets.export import export_allowed as _allowed
from ptdv.spreadsheets.export import page_kind

register = template.Library()


@register.simple_tag(takes_context=True)
def export_allowed(context: template.Context, kind: str = "") -> bool:
    """The same rule as the download itself: the page's kind from the one table in export.py."""
    request = context.get("request")
    if request is None:
        return False
    return _allowed(request.user, kind or page_kind(request))
