"""Rule set QD294: Quy định 294-QĐ/TW (26/5/2025, in force 01/7/2025) with Hướng dẫn 06-HD/TW (09/6/2025).

Same checks and numbers as QD24 (QĐ 294 keeps QĐ 24's clause numbers); the citations are rebound to the
current documents. The decision deadline (60 working days) is carried from QĐ 29/232 and UNCONFIRMED in 294.
"""

import datetime as dt
from dataclasses import replace

from ..params import Params
from ..results import Citation
from .base import RuleSet, place
from .qd24 import PLACEMENT
from .qd24 import RULES as QD24_RULES

CHARTER = "Điều lệ Đảng"
QD294 = "QĐ 294-QĐ/TW"
HD06 = "HD 06-HD/TW (2025)"

CITATIONS: dict[str, Citation] = {
    "MIN_AGE": Citation(QD294, "điểm 1.1.1"),
    "MAX_AGE": Citation(QD294, "điểm 1.1.2"),
    "EDUCATION": Citation(QD294, "điểm 1.2"),
    "CERTIFICATE_VALID": Citation(HD06, "điểm 5.4"),
    "INTRODUCER_QUALIFIED": Citation(QD294, "điểm 3.2.1"),
    "VERIFICATION_COMPLETE": Citation(HD06, "điểm 3.4"),
    "VERIFICATION_CONCERN": Citation(HD06, "điểm 3.4.a"),
    "VOTE_NUMBERS": Citation(QD294, "điểm 9.3.2"),
    "COMMITTEE_VOTE_THRESHOLD": Citation(HD06, "điểm 3.7.a"),
    "COMMITTEE_VOTE_NUMBERS": Citation(QD294, "điểm 9.3.2"),
    "DECISION_DEADLINE": Citation(QD294, "điểm 4.3.1"),
    "DECISION_OVERDUE": Citation(QD294, "điểm 4.3.1"),
    "DECISION_AFTER_RESOLUTION": Citation(QD294, "điểm 4.3.1"),
    "CEREMONY_DEADLINE": Citation(QD294, "điểm 4.1"),
    "CEREMONY_AFTER_DECISION": Citation(QD294, "điểm 4.1"),
    "CONFIRMATION_REVIEW_DEADLINE": Citation(QD294, "điểm 4.2"),
    "CONFIRMATION_DECISION_DEADLINE": Citation(QD294, "điểm 4.3.1"),
    "READMISSION_WAIT": Citation(QD294, "điểm 3.5.1"),
    "READMISSION_EXCLUDED": Citation(QD294, "điểm 3.5.2"),
    "READMISSION_ONCE": Citation(QD294, "điểm 3.5.1"),
    "READMISSION_CONSENT": Citation(QD294, "điểm 3.5.1"),
}

RULES = tuple(replace(rule, citation=CITATIONS.get(rule.code, rule.citation)) for rule in QD24_RULES)

RULESET = RuleSet(
    code="QD294",
    name="Quy định 294-QĐ/TW (26/5/2025)",
    valid_from=dt.date(2025, 7, 1),
    params=Params(),
    steps=place(RULES, PLACEMENT),
)
