"""The figures the seed articles quote, rebuilt from data and computed by progress_for()."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from ptdv.common.formatting import vn_number, vn_percent
from ptdv.common.testing.bulk import bulk_admit, bulk_members, spread
from ptdv.common.testing.factories import SYSTEM, make_org
from ptdv.organizations.models import OrgKind, Sector
from ptdv.organizations.services import population_set
from ptdv.reports.figures import MET, NOT_MET
from ptdv.reports.narrative import report_text
from ptdv.reports.progress import progress_for
from ptdv.targets.models import Category, Measure, TargetForm, Term
from ptdv.targets.selectors import period_from_key
from ptdv.targets.services import target_create

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    """The report's text on one line (sentences are checked whole, whatever the wrapping)."""
    return " ".join(text.split())


def _tree(name: str, kind: str, cells: int, *, sector: str = Sector.RESIDENTIAL):
    """An organisation with one grassroots committee per cell group, and `cells` cells under them."""
    top = make_org(kind=kind, name=name)
    grassroots = [
        make_org(top, kind=OrgKind.GRASSROOTS_COMMITTEE, name=f"Đảng bộ {name} {i}") for i in (1, 2)
    ]
    units = [
        make_org(grassroots[i % 2], kind=OrgKind.CELL, name=f"Chi bộ {i + 1:02d}", sector=sector)
        for i in range(cells)
    ]
    return top, units


def _admit_over(cells, total: int, first: dt.date, last: dt.date, **fields) -> None:
    days = spread(total, first, last)
    for i, cell in enumerate(cells):
        bulk_admit(cell, days[i :: len(cells)], **fields)


def test_can_tho_admitted_4762_which_is_76_51_percent_of_the_term_target_of_6224():
    city, cells = _tree("Thành phố Cần Thơ", OrgKind.PROVINCE, 6)
    _admit_over(cells, 4762, dt.date(2020, 1, 2), dt.date(2024, 3, 20))
    bulk_admit(cells[0], [dt.date(2019, 12, 30)])  # before the term: not counted
    target_create(
        actor=SYSTEM,
        organization=city,
        term=Term.objects.get(code="2020-2025"),
        minimum=6224,
        source_document="Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ XV",
    )

    p = progress_for(org=city, period=period_from_key("2020-2025"), as_of=dt.date(2024, 3, 25))

    assert p.admitted == 4762
    assert vn_number(p.admitted) == "4.762"
    target = p.main_target
    assert target is not None and target.required_min == 6224
    assert vn_percent(target.attainment_min, 2) == "76,51%"
    assert target.source_document.startswith("Nghị quyết Đại hội")
    text = _flat(report_text(p))
    assert "đã kết nạp 4.762 đảng viên" in text and "đạt 76,51% chỉ tiêu" in text
    assert "6.224" in text

    out = io.StringIO()
    call_command("progress_report", org=city.code, period="2020-2025", as_of="25/03/2024", stdout=out)
    assert "đã kết nạp 4.762 đảng viên" in _flat(out.getvalue()) and "76,51%" in out.getvalue()
    out = io.StringIO()
    call_command(
        "progress_report", org=city.code, period="2020-2025", as_of="25/03/2024", format="json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["admitted"] == 4762 and data["targets"][0]["attainment_min"].startswith("76.51")


def test_thap_muoi_admitted_126_of_570_is_22_1_percent_and_4541_members_are_3_45_percent_of_population():
    district, cells = _tree("Huyện Tháp Mười", OrgKind.DISTRICT, 4)
    for cell in cells:
        bulk_members(cell, 4415 // 4 + (1 if cell == cells[0] else 0) * (4415 % 4))
    _admit_over(cells, 126, dt.date(2020, 2, 1), dt.date(2022, 4, 28))
    population_set(actor=SYSTEM, org=district, year=2022, population=131623, source="Chi cục Thống kê")
    term = Term.objects.get(code="2020-2025")
    plan = "Kế hoạch số 41-KH/HU về phát triển đảng viên giai đoạn 2021–2025"
    target_create(actor=SYSTEM, organization=district, term=term, minimum=570, source_document=plan)
    target_create(
        actor=SYSTEM,
        organization=district,
        term=term,
        measure=Measure.MEMBER_POPULATION_RATIO,
        minimum=Decimal("3.85"),
        source_document=plan,
    )

    p = progress_for(
        org=district, period=period_from_key("2020-2025"), as_of=dt.date(2022, 4, 30), decimals=1
    )

    assert p.admitted == 126
    assert p.main_target is not None
    assert vn_percent(p.main_target.attainment_min, p.decimals) == "22,1%"
    assert p.members_now == 4541
    assert vn_percent(p.member_population_ratio, 2) == "3,45%"
    ratio = next(t for t in p.targets if t.measure == Measure.MEMBER_POPULATION_RATIO)
    assert ratio.required_min == Decimal("3.85") and ratio.achieved == p.member_population_ratio
    text = _flat(report_text(p))
    assert "đạt 22,1% chỉ tiêu" in text
    assert "là 4.541 đảng viên, đạt tỷ lệ 3,45% so với dân số" in text


def test_uong_bi_admitted_793_since_the_start_of_the_term_an_average_of_198_a_year():
    city, cells = _tree("Thành phố Uông Bí", OrgKind.DISTRICT, 5)
    for cell in cells:
        bulk_members(cell, 7480 // 5)
    _admit_over(cells, 793, dt.date(2020, 1, 15), dt.date(2023, 11, 10))

    p = progress_for(org=city, period=period_from_key("2020-2025"), as_of=dt.date(2023, 11, 16))

    assert p.admitted == 793
    assert p.years_counted == 4  # 2020, 2021, 2022 and 2023 (so far): the seed's "bình quân hằng năm"
    assert vn_number(p.average_per_year) == "198"
    assert p.years[0].members_at_start == 7480
    assert p.average_rate is not None and Decimal(2) < p.average_rate < Decimal(3)
    text = _flat(report_text(p))
    assert "đã kết nạp 793 đảng viên" in text and "bình quân hằng năm kết nạp 198 đảng viên" in text


def test_hau_giang_yearly_range_1020_to_1250_with_40_to_55_students_and_non_state_workers():
    province, cells = _tree("Tỉnh Hậu Giang", OrgKind.PROVINCE, 4)
    enterprise = make_org(
        cells[0].parent, kind=OrgKind.CELL, name="Chi bộ Công ty", sector=Sector.NON_STATE_ENTERPRISE
    )
    _admit_over(cells, 1052, dt.date(2024, 1, 10), dt.date(2024, 12, 20))
    bulk_admit(enterprise, spread(30, dt.date(2024, 2, 1), dt.date(2024, 11, 1)))
    _admit_over(
        cells[:1], 18, dt.date(2024, 3, 1), dt.date(2024, 9, 1), occupation_group="university_student"
    )
    category = Category.objects.get(key="hssv-va-dn-ngoai-nha-nuoc")
    resolution = "Nghị quyết số 20-NQ/TU ngày 11/01/2024"
    for year in (2024, 2025):
        target_create(
            actor=SYSTEM,
            organization=province,
            year=year,
            form=TargetForm.RANGE,
            minimum=1020,
            maximum=1250,
            source_document=resolution,
        )
        target_create(
            actor=SYSTEM,
            organization=province,
            year=year,
            form=TargetForm.RANGE,
            category=category,
            minimum=40,
            maximum=55,
            source_document=resolution,
        )

    p = progress_for(org=province, period=period_from_key("2024"), as_of=dt.date(2024, 12, 31))

    assert p.admitted == 1100
    main = p.main_target
    assert main is not None and (main.required_min, main.required_max) == (1020, 1250)
    assert vn_percent(main.attainment_min, 2) == "107,84%"
    assert vn_percent(main.attainment_max, 2) == "88,00%"
    assert main.status == MET
    students = next(t for t in p.targets if t.category and t.category.key == category.key)
    assert students.achieved == 48 and (students.required_min, students.required_max) == (40, 55)
    assert students.status == MET
    assert "1.020–1.250" in main.wording
    text = _flat(report_text(p))
    assert "đạt 107,84% mức tối thiểu và 88,00% mức tối đa của chỉ tiêu 1.020–1.250" in text
    assert "48" in text and "40–55" in text


def test_tan_giang_admitted_15_in_2019_to_2021_below_plan_with_cells_that_admitted_nobody():
    ward = make_org(kind=OrgKind.COMMUNE, name="Đảng bộ phường Tân Giang")
    cells = [
        make_org(ward, kind=OrgKind.GRASSROOTS_CELL, name=f"Chi bộ Tổ dân phố {i}") for i in range(1, 13)
    ]
    for cell in cells:
        bulk_members(cell, 49)
    _admit_over(cells[:5], 15, dt.date(2019, 3, 1), dt.date(2021, 11, 30))
    for year in (2019, 2020, 2021):
        target_create(
            actor=SYSTEM, organization=ward, year=year, minimum=8, source_document="Nghị quyết Đảng bộ phường"
        )

    p = progress_for(org=ward, period=period_from_key("2019-2021"), as_of=dt.date(2022, 4, 26))

    assert p.admitted == 15
    assert p.members_now == 12 * 49 + 15
    main = p.main_target
    assert main is not None and main.required_min == 24 and main.status == NOT_MET
    assert p.cells_total == 12
    assert [u.org.name for u in p.idle_cells] == [c.name for c in cells[5:]]
    text = _flat(report_text(p))
    assert "đã kết nạp 15 đảng viên" in text
    assert "7/12 chi bộ chưa kết nạp được đảng viên mới" in text
    assert "Chi bộ Tổ dân phố 12" in text and "Không đạt" in text
