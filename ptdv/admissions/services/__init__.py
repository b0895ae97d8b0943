"""Writes of the admission pipeline. Each is atomic, checked against the rules, and audited."""

from ptdv.admissions.services.candidacies import (
    RulesBlocked,
    StepOutcome,
    candidacy_advance,
    candidacy_check,
    candidacy_create,
)
from ptdv.admissions.services.parts import (
    introduction_add,
    introduction_end,
    verification_add,
    verification_update,
)

__all__ = [
    "RulesBlocked",
    "StepOutcome",
    "candidacy_advance",
    "candidacy_check",
    "candidacy_create",
    "introduction_add",
    "introduction_end",
    "verification_add",
    "verification_update",
]
