"""What a rule says about a candidacy: severity, citation, one result per rule, and an evaluation of a step."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .rulesets.base import RuleSet


class Severity(StrEnum):
    """What a failed rule does to the step being saved."""

    BLOCK = "block"  # the step cannot be saved
    APPROVAL = "approval"  # cannot be saved unless a written approval document is given
    WARN = "warn"  # saved, and the warning is shown

    @property
    def label(self) -> str:
        """Vietnamese label for the UI."""
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {
    Severity.BLOCK: "Chặn",
    Severity.APPROVAL: "Cần văn bản đồng ý",
    Severity.WARN: "Cảnh báo",
}


@dataclass(frozen=True)
class Citation:
    """The clause a rule comes from, e.g. QĐ 294-QĐ/TW, điểm 1.1.1."""

    document: str
    clause: str

    def __str__(self) -> str:
        return f"{self.document}, {self.clause}" if self.clause else self.document


@dataclass(frozen=True)
class RuleResult:
    """One rule's verdict on one candidacy. The message (Vietnamese) states the computed values either way."""

    code: str
    title: str
    passed: bool
    severity: Severity
    message: str
    citation: Citation
    values: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def failed(self) -> bool:
        """The rule is not satisfied."""
        return not self.passed

    @property
    def blocks_without_approval(self) -> bool:
        """Failed and would stop the save if no approval document were given (BLOCK or APPROVAL)."""
        return not self.passed and self.severity in (Severity.BLOCK, Severity.APPROVAL)

    @property
    def needs_approval(self) -> bool:
        """Failed, and a written approval document (keyed by `code`) lets the step be saved."""
        return not self.passed and self.severity is Severity.APPROVAL

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (for storing with the step or an audit event)."""
        return {
            "code": self.code,
            "title": self.title,
            "passed": self.passed,
            "severity": str(self.severity),
            "message": self.message,
            "citation": str(self.citation),
            "values": dict(self.values),
        }


@dataclass(frozen=True)
class Outcome:
    """What a check function returns; the `Rule` adds its code, title, citation and (by default) severity."""

    passed: bool
    message: str
    values: dict[str, Any] = field(default_factory=dict, hash=False)
    severity: Severity | None = None  # overrides the rule's declared severity (e.g. an approval exception)


def ok(message: str, /, **values: Any) -> Outcome:
    """A passed outcome."""
    return Outcome(True, message, values)


def fail(message: str, /, **values: Any) -> Outcome:
    """A failed outcome with the rule's declared severity."""
    return Outcome(False, message, values)


def fail_as(severity: Severity, message: str, /, **values: Any) -> Outcome:
    """A failed outcome with its own severity (e.g. an exception that needs an approval document)."""
    return Outcome(False, message, values, severity)


@dataclass(frozen=True)
class Evaluation:
    """The results of every rule of a ruleset at one step, with the approval codes that were supplied."""

    step: str
    ruleset: RuleSet
    results: tuple[RuleResult, ...]
    approvals: frozenset[str] = frozenset()

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        """Every result that did not pass, whatever its severity."""
        return tuple(r for r in self.results if not r.passed)

    @property
    def blocking(self) -> tuple[RuleResult, ...]:
        """Failed BLOCK results, and failed APPROVAL results whose code has no approval document."""
        return tuple(
            r
            for r in self.failed
            if r.severity is Severity.BLOCK
            or (r.severity is Severity.APPROVAL and r.code not in self.approvals)
        )

    @property
    def needs_approval(self) -> tuple[RuleResult, ...]:
        """Failed APPROVAL results still waiting for an approval document (a subset of `blocking`)."""
        return tuple(
            r for r in self.failed if r.severity is Severity.APPROVAL and r.code not in self.approvals
        )

    @property
    def approved(self) -> tuple[RuleResult, ...]:
        """Failed APPROVAL results covered by an approval document."""
        return tuple(r for r in self.failed if r.severity is Severity.APPROVAL and r.code in self.approvals)

    @property
    def warnings(self) -> tuple[RuleResult, ...]:
        """Failed WARN results (the step is saved and these are shown)."""
        return tuple(r for r in self.failed if r.severity is Severity.WARN)

    @property
    def ok(self) -> bool:
        """Nothing blocks the step."""
        return not self.blocking

    def result(self, code: str) -> RuleResult | None:
        """The result of one rule by code, or None if it did not apply."""
        return next((r for r in self.results if r.code == code), None)
