"""A rule (code, title, severity, citation, check function) and a rule set (rules per step, with its numbers)."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ..checks import Check
from ..facts import CandidacyFacts
from ..params import Params
from ..results import Citation, RuleResult, Severity
from ..steps import Step
from ..workdays import WorkCalendar


@dataclass(frozen=True)
class Rule:
    """One rule. `check` returns an `Outcome` (or None when the rule does not apply); `run` makes the result."""

    code: str
    title: str
    severity: Severity
    citation: Citation
    check: Check = field(compare=False)

    def run(self, facts: CandidacyFacts, params: Params, calendar: WorkCalendar) -> RuleResult | None:
        """Apply the rule; the outcome's own severity (if any) overrides the declared one."""
        outcome = self.check(facts, params, calendar)
        if outcome is None:
            return None
        return RuleResult(
            code=self.code,
            title=self.title,
            passed=outcome.passed,
            severity=outcome.severity or self.severity,
            message=outcome.message,
            citation=self.citation,
            values=dict(outcome.values),
        )


@dataclass(frozen=True)
class RuleSet:
    """The rules in force from `valid_from`, attached to steps, with the numbers they use."""

    code: str  # "QD24" | "QD294"
    name: str  # "Quy định 24-QĐ/TW (30/7/2021)"
    valid_from: dt.date
    params: Params
    steps: Mapping[str, tuple[Rule, ...]] = field(compare=False, hash=False)

    def with_params(self, overrides: dict[str, int]) -> "RuleSet":
        """The same rules with some numbers overridden (unknown names raise ValueError)."""
        return replace(self, params=self.params.with_overrides(overrides))

    def rules_for(self, step: str) -> tuple[Rule, ...]:
        """The rules evaluated at a step, in order (empty for steps without rules)."""
        return self.steps.get(Step(step), ())

    def all_rules(self) -> list[Rule]:
        """Every rule once (by code), in step order."""
        seen: dict[str, Rule] = {}
        for rules in self.steps.values():
            for rule in rules:
                seen.setdefault(rule.code, rule)
        return list(seen.values())

    def rule(self, code: str) -> Rule:
        """A rule by code (KeyError if the set has none)."""
        for rule in self.all_rules():
            if rule.code == code:
                return rule
        raise KeyError(code)


def place(rules: Sequence[Rule], placement: Mapping[Step, Sequence[str]]) -> Mapping[str, tuple[Rule, ...]]:
    """Attach rules to steps by code: {step: (code, ...)} → read-only {step: (Rule, ...)}."""
    by_code = {rule.code: rule for rule in rules}
    if len(by_code) != len(rules):
        raise ValueError("duplicate rule codes")
    missing = {code for codes in placement.values() for code in codes} - set(by_code)
    if missing:
        raise ValueError(f"placement names unknown rules: {sorted(missing)}")
    return MappingProxyType(
        {step: tuple(by_code[code] for code in codes) for step, codes in placement.items()}
    )
