"""Dates derived from a candidacy's dates: probation end, party age start, and statutory deadlines."""

import datetime as dt

from .calendar import add_months
from .params import Params
from .workdays import WorkCalendar

_DEFAULT = Params()


def probation_end(ceremony_date: dt.date, params: Params = _DEFAULT) -> dt.date:
    """The day the 12 months of probation are complete, counted from the ceremony (Điều lệ Đảng, Điều 5, khoản 1)."""
    return add_months(ceremony_date, params.probation_months)


def party_age_start(decision_date: dt.date) -> dt.date:
    """Party age counts from the date in the admission decision, not the ceremony (Điều lệ Đảng, Điều 5, khoản 4)."""
    return decision_date


def decision_deadline(
    cell_resolution_date: dt.date, calendar: WorkCalendar, params: Params = _DEFAULT, extended: bool = False
) -> dt.date:
    """Last day for the admission decision: 60 working days from the cell resolution (+30 if extended).

    QĐ 29-QĐ/TW, điểm 4.3.1 (carried into QĐ 232/294).
    """
    days = params.decision_working_days + (params.decision_extension_working_days if extended else 0)
    return calendar.add_working_days(cell_resolution_date, days)


def ceremony_deadline(
    decision_received_date: dt.date, calendar: WorkCalendar, params: Params = _DEFAULT
) -> dt.date:
    """Last day for the ceremony: 30 working days from receiving the decision (QĐ 294-QĐ/TW, điểm 4.1)."""
    return calendar.add_working_days(decision_received_date, params.ceremony_working_days)


def confirmation_review_deadline(
    probation_end_date: dt.date, calendar: WorkCalendar, params: Params = _DEFAULT
) -> dt.date:
    """Last day for the cell to review confirmation: 30 working days after probation ends (QĐ 294-QĐ/TW, điểm 4.2)."""
    return calendar.add_working_days(probation_end_date, params.confirmation_review_working_days)


def certificate_expiry(certificate_date: dt.date, params: Params = _DEFAULT) -> dt.date:
    """The last day the awareness-course certificate is valid: 60 months after issue (HD 06-HD/TW (2025), điểm 5.4)."""
    return add_months(certificate_date, params.certificate_valid_months)
