"""The admission pipeline: candidacies and their steps, courses, dossiers, reminders, settings."""

from ptdv.admissions.models.candidacy import (
    OPEN_STAGES,
    Candidacy,
    CandidacyStep,
    ExitReason,
    NominatedBy,
    Stage,
)
from ptdv.admissions.models.configuration import CalendarDay, RuleParameter
from ptdv.admissions.models.courses import AwarenessCourse, CourseEnrolment, CourseFormat
from ptdv.admissions.models.dossier import DossierFile, Introduction, Relation, Verification
from ptdv.admissions.models.notifications import Notification

__all__ = [
    "OPEN_STAGES",
    "AwarenessCourse",
    "CalendarDay",
    "Candidacy",
    "CandidacyStep",
    "CourseEnrolment",
    "CourseFormat",
    "DossierFile",
    "ExitReason",
    "Introduction",
    "NominatedBy",
    "Notification",
    "Relation",
    "RuleParameter",
    "Stage",
    "Verification",
]
