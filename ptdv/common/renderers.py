"""The form renderer: Django's widget templates, except that a <select> is written in Python.

Django draws every <option> through its own template (an include, its attributes through another
include), ~0,1 ms each: the people list's filters (up to ~160 organisations) spent more time on
their options than on the 50 people. `render_select` writes exactly what
`django/forms/widgets/select.html` and `select_option.html` write (same attributes, order, escaping
and whitespace: `ptdv/common/tests/test_renderers.py` compares the two on generated selects, and
`people/tests/test_person_list_page.py` on whole pages), from the same context the widget builds
(`Select.get_context`: optgroups, `selected`, ids, aria attributes).
A widget that names other templates is drawn by its templates as before.
"""

import html
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData, SafeString

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"

# What a template variable gets in a form template: autoescape on, the project's localisation.
_CONTEXT = Context(autoescape=True)


def _text(value: Any) -> str:
    """`{{ value }}`: localised (numbers, dates) and escaped unless already safe."""
    if type(value) is str:  # the usual case: what Django's escape() does, without its lazy-string checks
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: str() of it, escaped unless the value was safe."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 (the filter's own formatting, with its failure below)
    except (ValueError, TypeError):
        text = ""
    if isinstance(value, SafeData):
        return text
    return html.escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """`django/forms/widgets/attrs.html`: False leaves the attribute out, True writes its name alone."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}")
        if value is not True:
            out.append(f'="{_formatted(value)}"')
    return "".join(out)


def render_select(widget: dict[str, Any]) -> str | None:
    """The HTML of a select widget's context, or None when one of its options has its own template."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None
            # select_option.html ends with a newline, which the include keeps.
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return SafeString("".join(parts).strip())


class FormRenderer(DjangoTemplates):
    """Django's template renderer with the <select> fast path (settings.FORM_RENDERER)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT_TEMPLATE and "widget" in context:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
