"""Reads of a candidacy's dossier: the per-stage checklist of papers and each paper's versions."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.admissions.domain.context import ruleset_for
from ptdv.admissions.domain.dossier_kinds import (
    CERTIFICATE_KIND,
    DOCUMENT_KINDS,
    PAPERS_WITH_VALIDITY,
    DocumentKind,
    When,
)
from ptdv.admissions.models import Candidacy, DossierFile
from ptdv.admissions.models.dossier import IntroducerKind
from ptdv.admissions.rules import Params, Step, add_months, certificate_expiry
from ptdv.common.formatting import vn_date

Status = Literal["present", "missing", "expired", "later"]

NOTE_CERTIFICATE_EXPIRED = (
    "Giấy chứng nhận hết giá trị từ sau ngày {expiry} ({months} tháng kể từ ngày cấp {issued}); "
    "chi bộ phải giới thiệu học lại lớp bồi dưỡng nhận thức về Đảng trước khi xét kết nạp."
)
NOTE_CERTIFICATE_VALID = "Còn giá trị đến hết ngày {expiry}."
NOTE_PAPERS_EXPIRED = (
    "Giấy tờ ngày {papers} đã quá {months} tháng mà chi bộ chưa xét kết nạp; "
    "phải làm lại giấy giới thiệu, nghị quyết giới thiệu và tổng hợp ý kiến nhận xét."
)
NOTE_OPTIONAL = "Không bắt buộc."


@dataclass(frozen=True)
class ChecklistItem:
    """One kind of paper in the dossier and where it stands."""

    kind: str
    label: str
    required: bool
    status: Status
    file: DossierFile | None
    history: int
    note: str = ""
    optional: bool = False

    @property
    def is_image(self) -> bool:
        return self.file is not None and self.file.content_type.startswith("image/")


@dataclass(frozen=True)
class _Facts:
    steps: frozenset[str]
    introducer_kinds: frozenset[str]


def _applies(kind: DocumentKind, facts: _Facts) -> bool:
    if kind.when == When.MEMBER_INTRODUCER:
        # Every way of being introduced needs at least one member; before anyone is named, it is expected.
        return not facts.introducer_kinds or IntroducerKind.MEMBER in facts.introducer_kinds
    if kind.when == When.YOUTH_UNION_INTRODUCTION:
        return IntroducerKind.YOUTH_UNION in facts.introducer_kinds
    if kind.when == When.TRADE_UNION_INTRODUCTION:
        return IntroducerKind.TRADE_UNION in facts.introducer_kinds
    if kind.when == When.STEP_RECORDED:
        return kind.after in facts.steps
    return True


def _split_versions(files: list[DossierFile]) -> tuple[dict[str, DossierFile], dict[str, int]]:
    """The current file of each kind, and how many earlier versions each kind has."""
    replaced = {f.replaces_id for f in files if f.replaces_id}
    current: dict[str, DossierFile] = {}
    history: dict[str, int] = {}
    for f in files:
        if f.pk in replaced:
            history[f.kind] = history.get(f.kind, 0) + 1
        else:
            current[f.kind] = f
    return current, history


class _Validity:
    """Expiry of the certificate and of the introduction/opinion papers, with the configured periods."""

    def __init__(self, candidacy: Candidacy, facts: _Facts, today: dt.date) -> None:
        self.candidacy = candidacy
        self.today = today
        self.voted = Step.CELL_VOTE in facts.steps or candidacy.cell_resolution_date is not None
        self._params: dict[dt.date, Params] = {}

    def params(self, day: dt.date) -> Params:
        if day not in self._params:
            self._params[day] = ruleset_for(day).params
        return self._params[day]

    def certificate(self) -> tuple[bool, str]:
        issued = self.candidacy.certificate_date
        if issued is None:
            return False, ""
        check_day = self.candidacy.cell_resolution_date or self.today
        params = self.params(check_day)
        expiry = certificate_expiry(issued, params)
        if expiry < check_day:
            months = params.certificate_valid_months
            note = NOTE_CERTIFICATE_EXPIRED.format(
                expiry=vn_date(expiry), months=months, issued=vn_date(issued)
            )
            return True, note
        return False, NOTE_CERTIFICATE_VALID.format(expiry=vn_date(expiry))

    def papers(self) -> tuple[bool, str]:
        papers_date = self.candidacy.papers_date
        if self.voted or papers_date is None:
            return False, ""
        months = self.params(self.today).papers_valid_months
        if add_months(papers_date, months) < self.today:
            return True, NOTE_PAPERS_EXPIRED.format(papers=vn_date(papers_date), months=months)
        return False, ""


def dossier_checklist(candidacy: Candidacy, today: dt.date | None = None) -> list[ChecklistItem]:
    """One item per kind of paper that applies to `candidacy`, in pipeline order (3–4 queries)."""
    today = today or timezone.localdate()
    facts = _Facts(
        steps=frozenset(candidacy.steps.values_list("step", flat=True)),
        introducer_kinds=frozenset(
            candidacy.introductions.filter(ended_on__isnull=True).values_list("kind", flat=True)
        ),
    )
    files = list(DossierFile.objects.filter(candidacy=candidacy).select_related("uploaded_by"))
    current, history = _split_versions(files)
    validity = _Validity(candidacy, facts, today)
    items: list[ChecklistItem] = []
    for code, kind in DOCUMENT_KINDS.items():
        file = current.get(code)
        applies = _applies(kind, facts)
        # A paper someone uploaded is always listed, even if it no longer seems to apply.
        if not applies and file is None:
            continue
        required = applies and kind.after is not None and kind.after in facts.steps
        expired, note = False, ""
        if code == CERTIFICATE_KIND:
            expired, note = validity.certificate()
        elif code in PAPERS_WITH_VALIDITY and applies:
            expired, note = validity.papers()
        status: Status
        if expired:
            status = "expired"
        elif file is not None:
            status = "present"
        elif required:
            status = "missing"
        else:
            status = "later"
        items.append(
            ChecklistItem(
                kind=code,
                label=kind.label,
                required=required,
                status=status,
                file=file,
                history=history.get(code, 0),
                note=note or (NOTE_OPTIONAL if kind.after is None else ""),
                optional=kind.after is None,
            )
        )
    return items


def dossier_file_versions(*, actor: Any, candidacy: Candidacy, kind: str | None = None) -> list[DossierFile]:
    """Every version of the dossier's papers (or of one kind): catalogue order, newest first within a kind."""
    rows = (
        DossierFile.objects.restrict(actor, Action.VIEW)
        .filter(candidacy=candidacy)
        .select_related("uploaded_by", "replaced_by")
        .order_by("-uploaded_at", "-id")
    )
    if kind is not None:
        rows = rows.filter(kind=kind)
    order = {code: index for index, code in enumerate(DOCUMENT_KINDS)}
    return sorted(rows, key=lambda row: order.get(row.kind, len(order)))
