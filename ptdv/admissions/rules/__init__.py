"""The admission rule engine: pure Python (standard library and `holidays` only), no Django, no database.

Services build a `CandidacyFacts`, call `evaluate(step, facts, calendar=...)`, and save the step only if the
`Evaluation` is `ok` (approval documents are passed as the codes of the rules they approve).
"""

from .calendar import add_months, age_in_months, age_in_years, whole_months_between
from .deadlines import (
    ceremony_deadline,
    certificate_expiry,
    confirmation_review_deadline,
    decision_deadline,
    party_age_start,
    probation_end,
)
from .engine import evaluate
from .facts import CandidacyFacts, ExitFacts, IntroducerFacts, RelativeFacts, VoteFacts
from .params import PARAM_INFO, UNCONFIRMED_PARAMS, ParamInfo, Params
from .results import Citation, Evaluation, Outcome, RuleResult, Severity
from .rulesets import RULESETS, Rule, RuleSet, ruleset_on
from .steps import Step
from .workdays import WorkCalendar

__all__ = [
    "PARAM_INFO",
    "RULESETS",
    "UNCONFIRMED_PARAMS",
    "CandidacyFacts",
    "Citation",
    "Evaluation",
    "ExitFacts",
    "IntroducerFacts",
    "Outcome",
    "ParamInfo",
    "Params",
    "RelativeFacts",
    "Rule",
    "RuleResult",
    "RuleSet",
    "Severity",
    "Step",
    "VoteFacts",
    "WorkCalendar",
    "add_months",
    "age_in_months",
    "age_in_years",
    "ceremony_deadline",
    "certificate_expiry",
    "confirmation_review_deadline",
    "decision_deadline",
    "evaluate",
    "party_age_start",
    "probation_end",
    "ruleset_on",
    "whole_months_between",
]
