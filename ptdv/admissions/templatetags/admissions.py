"""Template filters for the admission pages."""

from django import template

from ptdv.admissions.domain.pipeline import STEPS
from ptdv.admissions.domain.pipeline import step_label as _step_label

register = template.Library()


@register.filter
def step_label(step: str) -> str:
    return _step_label(step)


@register.filter
def step_verb(step: str) -> str:
    return STEPS[step].verb if step in STEPS else _step_label(step)
