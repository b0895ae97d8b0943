"""The generated forms (1-KNĐ … 16-KNĐ) a candidacy can print, and the data they are filled from."""

import dataclasses
from dataclasses import dataclass

from ptdv.admissions.domain.pipeline import structure_of
from ptdv.admissions.models import Candidacy, CandidacyStep
from ptdv.documents.admission_forms import FORMS, FormData, IntroducerLine
from ptdv.organizations.models import Organization, OrgKind
from ptdv.organizations.paths import ancestor_paths


@dataclass(frozen=True)
class AvailableForm:
    code: str
    title: str
    unconfirmed_number: bool


def available_forms(candidacy: Candidacy) -> list[AvailableForm]:
    """Forms whose step the candidacy has recorded (1-KNĐ once the application is in, and so on)."""
    done = set(candidacy.steps.values_list("step", flat=True))
    return [
        AvailableForm(spec.code, spec.title, spec.unconfirmed_number)
        for spec in FORMS.values()
        if spec.stage in done
    ]


def _latest_steps(candidacy: Candidacy) -> dict[str, CandidacyStep]:
    """The latest recorded step of each kind (one query)."""
    return {row.step: row for row in candidacy.steps.order_by("date", "id")}


def _place(org: Organization) -> str:
    """The place name for the date line: the commune's name without its prefix."""
    name = org.name
    for prefix in ("Đảng bộ phường ", "Đảng bộ xã ", "Đảng bộ đặc khu ", "Đảng bộ "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return ""


# The date printed on the place-and-date line of each form: the date of the step that produced it.
ISSUED_ON_STEP = {
    "1-KNĐ": "apply",
    "2-KNĐ": "history",
    "3-KNĐ": "introduce",
    "5-KNĐ": "opinions",
    "6-KNĐ": "cell_vote",
    "7-KNĐ": "appraise",
    "8-KNĐ": "committee_vote",
    "9-KNĐ": "decide",
    "13-KNĐ": "confirmation_vote",
    "16-KNĐ": "confirm",
}


def form_data_for(candidacy: Candidacy, code: str) -> FormData:
    """The data of one form, dated with the step that produced it (blank for handwritten ones)."""
    steps = _latest_steps(candidacy)
    row = steps.get(ISSUED_ON_STEP.get(code, ""))
    return dataclasses.replace(form_data(candidacy, steps), issued_on=row.date if row else None)


def form_data(candidacy: Candidacy, steps: dict[str, CandidacyStep] | None = None) -> FormData:
    """Fill the form data from the candidacy, its person, its steps and its organisations."""
    steps = _latest_steps(candidacy) if steps is None else steps
    person = candidacy.person
    structure = structure_of(candidacy.organization)
    ancestors = list(Organization.objects.filter(path__in=ancestor_paths(candidacy.organization.path)))
    province = next((o for o in ancestors if o.kind == OrgKind.PROVINCE), None)
    commune = next((o for o in ancestors if o.kind == OrgKind.COMMUNE), None)
    cell_vote = steps["cell_vote"].data if "cell_vote" in steps else {}
    committee = steps["committee_vote"].data if "committee_vote" in steps else {}
    confirmation = steps["confirmation_vote"].data if "confirmation_vote" in steps else {}
    committee_step, confirm_step, application = (steps.get(s) for s in ("committee_vote", "confirm", "apply"))
    introducers = tuple(
        IntroducerLine(
            name=row.introducer.full_name if row.introducer else row.name,
            kind=row.kind,  # type: ignore[arg-type]
            together_since=row.together_since,
            unit=candidacy.organization.name if row.kind == "member" else row.name,
        )
        for row in candidacy.introductions.filter(ended_on__isnull=True).select_related("introducer")
    )
    return FormData(
        applicant_name=person.full_name,
        date_of_birth=person.date_of_birth,
        gender=person.get_gender_display(),
        ethnicity=person.ethnicity,
        religion=person.religion,
        residence=person.residence,
        occupation=person.occupation,
        workplace=person.workplace,
        education_level=person.get_education_level_display(),
        qualification=person.get_qualification_display(),
        phone=person.phone,
        is_youth_union_member=person.is_youth_union_member,
        cell_name=candidacy.organization.name,
        grassroots_name=structure.grassroots.name,
        sub_committee_name=structure.sub_committee.name if structure.sub_committee else "",
        upper_committee_name=structure.deciding.name,
        province_name=province.name if province else "",
        place_name=_place(commune) if commune else "",
        course_certificate_number=candidacy.certificate_number,
        course_certificate_date=candidacy.certificate_date,
        application_date=application.date if application else None,
        cell_vote_date=candidacy.cell_resolution_date,
        cell_vote_members=cell_vote.get("members"),
        cell_vote_present=cell_vote.get("present"),
        cell_vote_for=cell_vote.get("votes_for"),
        committee_vote_date=committee_step.date if committee_step else None,
        committee_size=committee.get("members"),
        committee_present=committee.get("present"),
        committee_vote_for=committee.get("votes_for"),
        decision_number=candidacy.decision_number,
        decision_date=candidacy.decision_date,
        ceremony_date=candidacy.ceremony_date,
        probation_end=candidacy.probation_end,
        mentor_name=candidacy.mentor.full_name if candidacy.mentor else "",
        introducers=introducers,
        confirmation_vote_date=candidacy.confirmation_vote_date,
        confirmation_vote_members=confirmation.get("members"),
        confirmation_vote_for=confirmation.get("votes_for"),
        confirmation_decision_number=confirm_step.document if confirm_step else "",
        confirmation_decision_date=candidacy.confirmation_decision_date,
    )
