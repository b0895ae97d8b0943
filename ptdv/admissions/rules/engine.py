"""Evaluate the rules of a step against a candidacy's facts."""

from .facts import CandidacyFacts
from .results import Evaluation, RuleResult
from .rulesets import ruleset_on
from .rulesets.base import RuleSet
from .steps import Step
from .workdays import WorkCalendar


def evaluate(
    step: str,
    facts: CandidacyFacts,
    *,
    calendar: WorkCalendar,
    ruleset: RuleSet | None = None,
    approvals: frozenset[str] = frozenset(),
) -> Evaluation:
    """Run every rule of `step` (ruleset defaults to the one in force on `facts.on`); unknown steps raise ValueError."""
    step = Step(step)
    rules = ruleset if ruleset is not None else ruleset_on(facts.on)
    results: list[RuleResult] = []
    for rule in rules.rules_for(step):
        result = rule.run(facts, rules.params, calendar)
        if result is not None:
            results.append(result)
    return Evaluation(step=step, ruleset=rules, results=tuple(results), approvals=frozenset(approvals))
