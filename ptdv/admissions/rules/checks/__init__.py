"""Check functions, one per rule: `(facts, params, calendar) -> Outcome | None` (None = not applicable)."""

from collections.abc import Callable

from ..facts import CandidacyFacts
from ..params import Params
from ..results import Outcome
from ..workdays import WorkCalendar

Check = Callable[[CandidacyFacts, Params, WorkCalendar], Outcome | None]
