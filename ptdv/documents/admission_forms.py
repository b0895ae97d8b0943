"""Public API: the admission and confirmation forms, rendered to .docx bytes.

Usage: `render_form("6-KNĐ", FormData(applicant_name="Nguyễn Văn An", ...))` returns the file's bytes;
`FORMS` lists the forms with their titles and the step after which each is available.
"""

import unicodedata
from collections.abc import Callable

from docx.document import Document as DocxDocument

from ptdv.documents import candidate_forms, confirmation_forms, resolution_forms
from ptdv.documents.docx_kit import new_document, to_bytes
from ptdv.documents.form_data import FORMS, FormData, FormSpec, IntroducerLine

__all__ = ["FORMS", "FormData", "FormSpec", "IntroducerLine", "render_form"]

Renderer = Callable[[DocxDocument, FormSpec, FormData], None]

_RENDERERS: dict[str, Renderer] = {
    "1-KNĐ": candidate_forms.application,
    "2-KNĐ": candidate_forms.history,
    "3-KNĐ": candidate_forms.introduction,
    "4-KNĐ": candidate_forms.youth_union_resolution,
    "5-KNĐ": candidate_forms.opinions,
    "6-KNĐ": resolution_forms.cell_resolution,
    "7-KNĐ": resolution_forms.appraisal,
    "8-KNĐ": resolution_forms.committee_resolution,
    "9-KNĐ": resolution_forms.admission_decision,
    "10-KNĐ": confirmation_forms.self_review,
    "11-KNĐ": confirmation_forms.mentor_review,
    "12-KNĐ": confirmation_forms.probation_opinions,
    "13-KNĐ": confirmation_forms.cell_confirmation,
    "15-KNĐ": confirmation_forms.committee_confirmation,
    "16-KNĐ": confirmation_forms.confirmation_decision,
}


def render_form(code: str, data: FormData) -> bytes:
    """The form `code` ("6-KNĐ") filled from `data`, as the bytes of a .docx file.

    Raises KeyError for an unknown code. Unknown values are left as dotted blanks.
    """
    spec = FORMS[unicodedata.normalize("NFC", code)]
    doc = new_document(spec.code, spec.title)
    _RENDERERS[spec.code](doc, spec, data)
    return to_bytes(doc)
