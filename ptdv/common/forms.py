"""Form widgets that suit phones and Vietnamese dates."""

from django import forms


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, whatever language the browser or the office PC is set to.

    (A native date picker shows mm/dd/yyyy on a PC set to English, which misleads.)
    """

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "placeholder": "ngày/tháng/năm, ví dụ 25/03/2024",
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def bootstrap(form: forms.BaseForm) -> forms.BaseForm:
    """Give every widget its Bootstrap class once, instead of in every template."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


def _tree_label(obj: object) -> str:
    return f"{'— ' * max(getattr(obj, 'depth', 2) - 2, 0)}{obj}"


class TreeChoiceField(forms.ModelChoiceField):
    """Organisations indented by depth, so a long list of cells stays readable."""

    def label_from_instance(self, obj: object) -> str:
        return _tree_label(obj)


class TreeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return _tree_label(obj)
