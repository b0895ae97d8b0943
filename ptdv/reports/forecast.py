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

from django.db import connection
from django.db.models import BooleanField, Case, Count, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL

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
from ptdv.reports.aggregates import Median
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


def in_database() -> bool:
    """Whether medians and tallies are taken by the database (PostgreSQL) rather than in Python."""
    return connection.vendor == "postgresql"


def typical_days(
    org: Organization, as_of: dt.date, *, by_database: bool | None = None
) -> tuple[dict[str, int], set[str]]:
    """Median days from each stage to the decision, measured on recent decided cases (one query).

    Returns the table and the stages whose figure was measured (the others are defaults).
    """
    since = as_of.replace(year=as_of.year - HISTORY_YEARS)
    rows = CandidacyStep.objects.filter(
        subtree_q("candidacy__organization__path", org.path),
        candidacy__decision_date__gte=since,
        candidacy__decision_date__lte=as_of,
        stage_after__in=BEFORE_ADMISSION,
    )
    medians: dict[str, tuple[int, float]] = {}
    if (
        in_database() if by_database is None else by_database
    ):  # medians in the database, not over rows sent here
        waited = RawSQL(f"{Candidacy._meta.db_table}.decision_date - {CandidacyStep._meta.db_table}.date", [])
        for r in rows.order_by().values("stage_after").annotate(n=Count("id"), median=Median(waited)):
            medians[r["stage_after"]] = (r["n"], r["median"])
    else:
        samples: dict[str, list[int]] = defaultdict(list)
        for stage, day, decided in rows.values_list("stage_after", "date", "candidacy__decision_date"):
            samples[stage].append((decided - day).days)
        medians = {stage: (len(days), statistics.median(days)) for stage, days in samples.items()}
    table = dict(DEFAULT_DAYS_TO_DECISION)
    measured = set()
    for stage, (n, median) in medians.items():
        if n >= MIN_SAMPLES:
            table[stage] = max(0, round(median))
            measured.add(stage)
    return table, measured


@dataclass
class Tally:
    sure: int = 0
    possible: int = 0
    expired: int = 0
    late: int = 0


def pipeline_tallies(
    org: Organization,
    period: Period,
    as_of: dt.date,
    categories: list[Category],
    table: dict[str, int],
    *,
    by_database: bool | None = None,
) -> dict[str | None, Tally]:
    """Open candidacies that can still be admitted in the period, overall and per category (one query)."""
    flags = {
        f"c_{cat.pk}": Case(
            When(category_q(cat), then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        for cat in categories
    }
    cases = Candidacy.objects.filter(subtree_q("organization__path", org.path), stage__in=BEFORE_ADMISSION)
    valid_months = ruleset_for(as_of).params.certificate_valid_months
    to_vote = table["cell_resolved"]
    if in_database() if by_database is None else by_database:
        return _pipeline_tallies_in_database(cases, period, as_of, categories, table, valid_months)
    rows = cases.annotate(**flags).values_list("stage", "stage_since", "certificate_date", *flags)
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


def _pipeline_tallies_in_database(
    cases: QuerySet[Candidacy],
    period: Period,
    as_of: dt.date,
    categories: list[Category],
    table: dict[str, int],
    valid_months: int,
) -> dict[str | None, Tally]:
    """`pipeline_tallies` as one aggregate query (PostgreSQL): the same rules, in SQL.

    Expected decision = the later of tomorrow and the day the stage began + its typical days; the cell
    vote comes `table["cell_resolved"]` days before it; a certificate expires `valid_months` later,
    clamped to the month's end as `add_months` does (PostgreSQL's date + interval does the same).
    """
    whens = " ".join("WHEN %s THEN %s" for _ in table)
    expected = f"GREATEST(%s::date, stage_since + (CASE stage {whens} END))"
    expected_params: list[object] = [as_of + dt.timedelta(days=1), *(x for kv in table.items() for x in kv)]
    before_vote = ", ".join(["%s"] * len(BEFORE_CELL_VOTE))
    expired = RawSQL(
        f"(stage IN ({before_vote}) AND certificate_date IS NOT NULL"
        f" AND CAST(certificate_date + make_interval(months => %s) AS date) < {expected} - %s)",
        [*BEFORE_CELL_VOTE, valid_months, *expected_params, table["cell_resolved"]],
        output_field=BooleanField(),
    )
    late = RawSQL(f"{expected} > %s", [*expected_params, period.end], output_field=BooleanField())
    flags = {
        f"c{i}": Case(When(category_q(cat), then=Value(1)), default=Value(0), output_field=IntegerField())
        for i, cat in enumerate(categories)
    }
    # The rules once per candidacy in an inner query, then four counts per category over its rows:
    # written as one flat aggregate, the ORM copied the rules into each of the 4 × (1 + categories)
    # counts, ~90 ms of query building for a 20 ms query.
    inner = cases.annotate(expired=expired, late=late, **flags).values("stage", "expired", "late", *flags)
    inner_sql, inner_params = inner.query.sql_with_params()
    awaiting = ", ".join(["%s"] * len(AWAITING_DECISION))
    counts: list[str] = []
    for condition in ["TRUE", *(f"t.{flag} = 1" for flag in flags)]:
        kept = f"{condition} AND NOT t.expired"
        counts += [
            f"COUNT(*) FILTER (WHERE {condition} AND t.expired)",
            f"COUNT(*) FILTER (WHERE {kept} AND t.late)",
            f"COUNT(*) FILTER (WHERE {kept} AND NOT t.late)",
            f"COUNT(*) FILTER (WHERE {kept} AND NOT t.late AND t.stage IN ({awaiting}))",
        ]
    params = [*(list(AWAITING_DECISION) * (1 + len(flags))), *inner_params]  # in the order of the text
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(counts)} FROM ({inner_sql}) t", params)
        row = cursor.fetchone()
    keys: list[str | None] = [None, *(cat.key for cat in categories)]
    tallies: dict[str | None, Tally] = defaultdict(Tally)
    for i, key in enumerate(keys):
        expired_n, late_n, possible_n, sure_n = row[4 * i : 4 * i + 4]
        if expired_n or late_n or possible_n:
            tallies[key] = Tally(sure_n, possible_n, expired_n, late_n)
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
