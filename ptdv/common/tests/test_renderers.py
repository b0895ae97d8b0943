"""The <select> written in Python is, byte for byte, what Django's widget templates write."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from ptdv.common.links import url_by_pk
from ptdv.common.renderers import FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()

text = st.text(alphabet=st.sampled_from(list("aăâđ Ệ<>&\"'=/;x0")), max_size=8)
value = st.one_of(text, st.integers(-5, 10_000))
label = st.one_of(text, st.integers(), st.builds(mark_safe, text))
choice = st.tuples(value, label)
choices = st.lists(
    st.one_of(choice, st.tuples(text.filter(bool), st.lists(choice, min_size=1, max_size=3))), max_size=8
)
attrs = st.dictionaries(
    st.sampled_from(["size", "data-x", "aria-label", "title", "autofocus"]),
    st.one_of(st.booleans(), text, st.integers()),
    max_size=3,
)


def both(field: forms.Field, data: dict | None, name: str = "f") -> tuple[str, str]:
    form_class = type("F", (forms.Form,), {name: field})
    return str(form_class(data, renderer=DJANGO)[name]), str(form_class(data, renderer=OURS)[name])


@settings(max_examples=300, deadline=None)
@given(choices=choices, attrs=attrs, chosen=st.lists(value, max_size=3), multiple=st.booleans())
def test_any_select_is_drawn_as_djangos_templates_draw_it(choices, attrs, chosen, multiple):
    if multiple:
        field: forms.Field = forms.MultipleChoiceField(
            choices=choices, required=False, widget=forms.SelectMultiple(attrs=attrs)
        )
        data = {"f": [str(v) for v in chosen]}
    else:
        field = forms.ChoiceField(choices=choices, required=False, widget=forms.Select(attrs=attrs))
        data = {"f": str(chosen[0])} if chosen else {}
    for bound in (data, None):
        django, ours = both(field, bound)
        assert ours == django


def test_numbers_dates_and_lazy_labels_are_localised_like_the_template_does():
    lazy_label = lazy(lambda: "Chậm <b>", str)()
    field = forms.ChoiceField(
        choices=[(1, 2.5), (Decimal("3.10"), Decimal("3.10")), ("d", dt.date(2024, 3, 25)), ("l", lazy_label)]
    )
    django, ours = both(field, {"f": "1"})
    assert ours == django
    assert "2,5" in ours and "Chậm &lt;b&gt;" in ours


def test_a_required_field_with_an_error_keeps_its_aria_attributes():
    field = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], help_text="Chọn một")
    django, ours = both(field, {"f": "zzz"})
    assert ours == django
    assert 'aria-invalid="true" aria-describedby="id_f_helptext id_f_error"' in ours


def test_model_choices_and_the_null_boolean_select_are_drawn_alike(tree):
    from ptdv.organizations.models import Organization

    field = forms.ModelMultipleChoiceField(queryset=Organization.objects.order_by("path"))
    assert both(field, {"f": [str(tree.commune.pk)]})[0] == both(field, {"f": [str(tree.commune.pk)]})[1]
    django, ours = both(forms.NullBooleanField(), {"f": "true"})
    assert ours == django


def test_a_widget_with_its_own_option_template_is_left_to_its_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    django, ours = both(forms.ChoiceField(choices=[("a", "A")], widget=Custom), {"f": "a"})
    assert ours == django


@pytest.mark.parametrize("pk", [1, 7, 10_000, 987_654_321])
def test_a_row_link_is_the_url_reverse_gives(pk):
    assert url_by_pk("people:person_detail")(pk) == reverse("people:person_detail", args=[pk])
    assert url_by_pk("admissions:candidacy_detail")(pk) == reverse("admissions:candidacy_detail", args=[pk])


def test_a_row_link_of_something_else_than_an_int_goes_through_reverse():
    assert url_by_pk("people:person_detail")("12") == reverse("people:person_detail", args=["12"])
