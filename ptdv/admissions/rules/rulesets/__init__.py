"""The registry of rule sets by the date they came into force."""

import datetime as dt

from . import qd24, qd294
from .base import Rule, RuleSet

RULESETS: tuple[RuleSet, ...] = (qd24.RULESET, qd294.RULESET)  # ordered by valid_from


def ruleset_on(day: dt.date) -> RuleSet:
    """The rule set in force on `day`; dates before the first one get the first (QD24)."""
    current = RULESETS[0]
    for ruleset in RULESETS:
        if ruleset.valid_from <= day:
            current = ruleset
    return current


__all__ = ["RULESETS", "Rule", "RuleSet", "ruleset_on"]
