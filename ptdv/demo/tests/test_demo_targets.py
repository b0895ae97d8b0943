"""The demo's targets and the province's population: present, sourced, and telling a sensible story."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test.utils import override_settings

from ptdv.audit.models import AuditEvent
from ptdv.demo import persons
from ptdv.demo import targets as demo_targets
from ptdv.demo.tests.test_seed_demo import FAST_HASHER, PEOPLE, SEED
from ptdv.organizations.models import Organization, OrgKind, Population
from ptdv.reports.progress import progress_for
from ptdv.targets.models import Measure, Target
from ptdv.targets.selectors import cascade_warnings, period_from_key


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One small demo for the module, rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        call_command("seed_demo", seed=SEED, people=PEOPLE, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _province() -> Organization:
    return Organization.objects.get(code="TN")


@pytest.mark.django_db
class TestDemoTargets:
    def test_the_province_has_targets_for_both_terms(self, seeded):
        province = _province()
        for code in ("2020-2025", "2025-2030"):
            assert Target.objects.filter(organization=province, term__code=code).exists(), code
        term_2025 = Target.objects.filter(organization=province, term__code="2025-2030")
        assert set(term_2025.values_list("measure", flat=True)) == set(Measure)
        sources = term_2025.get(measure=Measure.SOURCES)
        assert sources.nominated_by == "youth_union"
        assert term_2025.filter(category__key=demo_targets.CATEGORY_KEY, per_year=True).exists()

    def test_the_province_reached_between_60_and_90_percent_of_its_2020_2025_target(self, seeded):
        progress = progress_for(org=_province(), period=period_from_key("2020-2025"), as_of=persons.REFERENCE)
        [term] = [t for t in progress.targets if t.measure == Measure.ADMISSIONS and t.category is None]
        assert term.attainment_min is not None
        assert 0 < term.attainment_min < 100
        assert 60 < term.attainment_min < 90
        assert term.achieved == progress.admitted

    def test_every_unit_shares_the_2020_2025_target_and_the_shares_add_up(self, seeded):
        province = _province()
        period = period_from_key("2020-2025")
        units = province.children.filter(valid_to__isnull=True)
        own = Target.objects.get(organization=province, term__code="2020-2025")
        shares = Target.objects.filter(organization__in=units, term__code="2020-2025")
        assert shares.count() == units.count()
        assert shares.aggregate(total=Sum("minimum"))["total"] == own.minimum
        assert cascade_warnings(province, period) == []

    def test_the_2025_2030_cascade_reports_the_one_commune_left_without_a_target(self, seeded):
        province = _province()
        units = province.children.filter(valid_to__isnull=True)
        without = units.exclude(targets__term__code="2025-2030")
        assert list(without.values_list("code", "kind")) == [(demo_targets.UNASSIGNED, OrgKind.COMMUNE)]
        warnings = cascade_warnings(province, period_from_key("2025-2030"))
        missing = [w for w in warnings if "chưa được giao chỉ tiêu" in w]
        assert missing == [
            f"1/{units.count()} tổ chức trực thuộc chưa được giao chỉ tiêu này (tất cả đối tượng)."
        ]

    def test_every_target_has_a_source_document_and_an_audit_record(self, seeded):
        targets = Target.objects.all()
        assert targets.count() > 10
        assert all(t.source_document.strip() for t in targets)
        assert AuditEvent.objects.filter(code="target.created").count() == targets.count()

    def test_the_province_has_a_population_for_every_year_the_sum_of_its_communes(self, seeded):
        province = _province()
        years = dict(province.populations.values_list("year", "population"))
        assert sorted(years) == list(range(demo_targets.FIRST_POPULATION_YEAR, 2027))
        # Old communes have figures up to 2025, merged ones from 2025: 2020 and 2026 count each area once.
        for year in (2020, 2026):
            communes = Population.objects.filter(year=year, organization__kind=OrgKind.COMMUNE)
            assert years[year] == communes.aggregate(total=Sum("population"))["total"]
        assert all(years[y] < years[y + 1] for y in range(2015, 2026))

    def test_the_ratio_target_is_a_little_above_todays_ratio(self, seeded):
        progress = progress_for(org=_province(), period=period_from_key("2025-2030"), as_of=persons.REFERENCE)
        [ratio] = [t for t in progress.targets if t.measure == Measure.MEMBER_POPULATION_RATIO]
        assert progress.member_population_ratio is not None
        assert ratio.required_min > progress.member_population_ratio
        assert ratio.required_min - progress.member_population_ratio <= Decimal("0.3")

    def test_the_province_population_is_not_recorded_twice(self, seeded):
        before = Population.objects.count()
        assert demo_targets.record_province_population(object()) == 0
        assert Population.objects.count() == before


def test_apportion_adds_up_and_gives_everyone_the_floor():
    shares = demo_targets.apportion(70, {"a": 300, "b": 30, "c": 0, "d": 151}, floor=1)
    assert sum(shares.values()) == 70
    assert min(shares.values()) >= 1
    assert shares["a"] > shares["d"] > shares["b"]
    assert demo_targets.apportion(2, {"a": 1, "b": 1, "c": 1}, floor=1) == {"a": 1, "b": 1, "c": 0}
    assert demo_targets.apportion(0, {"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert demo_targets.apportion(5, {}) == {}
