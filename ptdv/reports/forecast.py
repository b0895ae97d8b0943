"""Expected admissions by the end of a period: from the pace so far and from the live pipeline.

Two readings, both shown to the user:
- pace: admitted so far ÷ days elapsed × days in the period;
- pipeline: each open candidacy before its admission decision is expected to reach a decision
  "typical days" after it reached its current stage (the median measured on this organisation's own
  decided cases of the last three years, or the default below when fewer than 5 cases exist). Those
  expected before the end of the period count as possible; those already past the cell vote count as
  near-certain. A candidacy whose course certificate will have expired by its cell vote is left out
  (the vote would be blocked, QĐ 294 §3.3).
Low = admitted + near-certain; high = admitted + possible, raised to the pace projection while there
is still time for new sources to go the whole way.
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from ptdv.admissions.domain.context import ruleset_for
from ptdv.admissions.models.candidacy import (
    AWAITING_DECISION,
    BEFORE_ADMISSION,
    BEFORE_CELL_VOTE,
    Candidacy,
    CandidacyStep,
)
from ptdv.admissions.rules.calendar import add_months
from ptdv.common.formatting import vn_date, vn_number
from ptdv.organizations.models import Organization
from ptdv.organizations.paths import subtree_q
from ptdv.reports.figures import Forecast, Period
from ptdv.targets.categories import category_q
from ptdv.targets.models import Category

# Days from reaching a stage to the admission decision, when the organisation has too little history.
DEFAULT_DAYS_TO_DECISION = {
    "sourced": 300,
    "trained": 240,
    "applied": 200,
    "history_declared": 170,
    "verified": 110,
    "introduced": 90,
    "opinions_gathered": 70,
    "cell_resolved": 40,
    "appraised": 30,
    "committee_resolved": 20,
}
MIN_SAMPLES = 5
HISTORY_YEARS = 3


def typical_days(org: Organization, as_of: dt.date) -> tuple[dict[str, int], set[str]]:
    """Median days from each stage to the decision, measured on recent decided cases (one query).

    Returns the table and the stages whose figure was measured (the others are defaults).
    """
    since = as_of.replace(year=as_of.year - HISTORY_YEARS)
    rows = CandidacyStep.objects.filter(
        subtree_q("candidacy__organization__path", org.path),
        candidacy__decision_date__gte=since,
        candidacy__decision_date__lte=as_of,
        stage_after__in=BEFORE_ADMISSION,
    ).values_list("stage_after", "date", "candidacy__decision_date")
    samples: dict[str, list[int]] = defaultdict(list)
    for stage, day, decided in rows:
        samples[stage].append((decided - day).days)
    table = dict(DEFAULT_DAYS_TO_DECISION)
    measured = set()
    for stage, days in samples.items():
        if len(days) >= MIN_SAMPLES:
            table[stage] = max(0, round(statistics.median(days)))
            measured.add(stage)
    return table, measured


@dataclass
class Tally:
    sure: int = 0
    possible: int = 0
    expired: int = 0
    late: int = 0


def pipeline_tallies(
    org: Organization, period: Period, as_of: dt.date, categories: list[Category], table: dict[str, int]
) -> dict[str | None, Tally]:
    """Open candidacies that can still be admitted in the period, overall and per category (one query)."""
    flags = {
        f"c_{cat.pk}": Case(
            When(category_q(cat), then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        for cat in categories
    }
    rows = (
        Candidacy.objects.filter(subtree_q("organization__path", org.path), stage__in=BEFORE_ADMISSION)
        .annotate(**flags)
        .values_list("stage", "stage_since", "certificate_date", *flags)
    )
    valid_months = ruleset_for(as_of).params.certificate_valid_months
    to_vote = table["cell_resolved"]
    tallies: dict[str | None, Tally] = defaultdict(Tally)
    for stage, since, certificate, *member_of in rows:
        expected = max(as_of + dt.timedelta(days=1), since + dt.timedelta(days=table[stage]))
        keys: list[str | None] = [None] + [
            cat.key for cat, hit in zip(categories, member_of, strict=True) if hit
        ]
        vote = expected - dt.timedelta(days=to_vote)
        if (
            stage in BEFORE_CELL_VOTE
            and certificate is not None
            and add_months(certificate, valid_months) < vote
        ):
            for key in keys:
                tallies[key].expired += 1
            continue
        for key in keys:
            tally = tallies[key]
            if expected > period.end:
                tally.late += 1
                continue
            tally.possible += 1
            if stage in AWAITING_DECISION:
                tally.sure += 1
    return tallies


def make_forecast(
    *,
    period: Period,
    as_of: dt.date,
    admitted: int,
    tally: Tally,
    full_pipeline_days: int,
    measured: bool,
) -> Forecast | None:
    """Combine the pace and the pipeline into a range; None once the period is over."""
    if as_of >= period.end:
        return None
    total_days = (period.end - period.start).days + 1
    elapsed = max(1, (as_of - period.start).days + 1)
    remaining = (period.end - as_of).days
    pace = round(admitted * total_days / elapsed)
    low = admitted + tally.sure
    high = admitted + tally.possible
    reasoning = [
        f"Đã kết nạp {vn_number(admitted)} đảng viên sau {vn_number(elapsed)}/{vn_number(total_days)} ngày "
        f"của kỳ; giữ nhịp độ này, đến {vn_date(period.end)} sẽ kết nạp khoảng {vn_number(pace)}.",
        f"{vn_number(tally.sure)} hồ sơ đã được chi bộ đề nghị kết nạp và dự kiến có quyết định trước "
        f"{vn_date(period.end)}; thêm {vn_number(tally.possible - tally.sure)} hồ sơ ở các bước trước "
        "còn kịp hoàn thành nếu đi đúng thời gian thường lệ.",
    ]
    if tally.late:
        reasoning.append(f"{vn_number(tally.late)} hồ sơ khó kịp có quyết định trong kỳ.")
    if tally.expired:
        reasoning.append(
            f"{vn_number(tally.expired)} hồ sơ có giấy chứng nhận lớp bồi dưỡng nhận thức sẽ hết hạn "
            "trước khi chi bộ kịp xét; cần học lại."
        )
    if remaining > full_pipeline_days:
        high = max(high, pace)
        reasoning.append(
            f"Còn {vn_number(remaining)} ngày, đủ để quần chúng ưu tú được phát hiện từ nay đi hết quy trình "
            "(khoảng "
            f"{vn_number(full_pipeline_days)} ngày), nên mức cao lấy theo nhịp độ hiện nay nếu lớn hơn."
        )
    source = "đo trên hồ sơ đã quyết định 3 năm qua" if measured else "mặc định, do chưa đủ hồ sơ để đo"
    reasoning.append(f"Thời gian thường lệ từ mỗi bước đến quyết định kết nạp: {source}.")
    return Forecast(
        low=low,
        high=max(low, high),
        pace_projection=pace,
        pipeline_sure=tally.sure,
        pipeline_possible=tally.possible,
        reasoning=reasoning,
    )
