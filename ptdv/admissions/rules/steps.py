"""The steps of a candidacy at which rules are evaluated."""

from enum import StrEnum


class Step(StrEnum):
    """A step of the admission / confirmation pipeline; rules are attached to steps in a `RuleSet`."""

    NOMINATE = "nominate"
    COURSE = "course"
    APPLY = "apply"
    HISTORY = "history"
    VERIFY = "verify"
    INTRODUCE = "introduce"
    OPINIONS = "opinions"
    CELL_VOTE = "cell_vote"
    APPRAISE = "appraise"
    COMMITTEE_VOTE = "committee_vote"
    DECIDE = "decide"
    REFUSE = "refuse"
    CEREMONY = "ceremony"
    CONFIRMATION_VOTE = "confirmation_vote"
    CONFIRM = "confirm"
    REMOVE = "remove"
    WITHDRAW = "withdraw"
    TRANSFER = "transfer"
