"""Who a category covers: any one of its conditions, on admissions and on candidacies alike."""

import datetime as dt

import pytest

from ptdv.admissions.models import Candidacy
from ptdv.admissions.services import candidacy_create
from ptdv.common.testing.bulk import bulk_admit
from ptdv.common.testing.factories import SYSTEM, make_org, make_person
from ptdv.organizations.models import OrgKind, Sector
from ptdv.people.models import EventKind, MembershipEvent
from ptdv.targets.categories import category_q, has_condition
from ptdv.targets.models import Category

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 5, 19)


def _admitted(category: Category) -> set[str]:
    """Names of the people whose admission counts for `category`."""
    events = MembershipEvent.objects.filter(kind=EventKind.ADMITTED).filter(category_q(category))
    return set(events.values_list("person__full_name", flat=True))


@pytest.fixture
def cells(tree):
    """A residential cell and a cell of a private company, under the commune."""
    residential = make_org(tree.commune, kind=OrgKind.CELL, name="Chi bộ ấp 1", sector=Sector.RESIDENTIAL)
    company = make_org(
        tree.commune,
        kind=OrgKind.CELL,
        name="Chi bộ Công ty TNHH May Việt",
        sector=Sector.NON_STATE_ENTERPRISE,
    )
    return residential, company


def test_pupils_students_and_private_company_workers_is_one_category_with_two_conditions(cells):
    residential, company = cells
    bulk_admit(residential, [DAY], full_name="Học Sinh A", occupation_group="pupil")
    bulk_admit(residential, [DAY], full_name="Sinh Viên B", occupation_group="university_student")
    bulk_admit(company, [DAY], full_name="Công Nhân C", occupation_group="worker")
    bulk_admit(residential, [DAY], full_name="Nông Dân D", occupation_group="farmer")
    category = Category.objects.get(key="hssv-va-dn-ngoai-nha-nuoc")
    assert _admitted(category) == {"Học Sinh A", "Sinh Viên B", "Công Nhân C"}
    assert _admitted(Category.objects.get(key="hoc-sinh-sinh-vien")) == {"Học Sinh A", "Sinh Viên B"}
    assert _admitted(Category.objects.get(key="lao-dong-dn-ngoai-nha-nuoc")) == {"Công Nhân C"}


def test_a_category_with_no_condition_covers_nobody(cells):
    residential, _ = cells
    bulk_admit(residential, [DAY, DAY, DAY])
    empty = Category(key="chua-cau-hinh", name="Chưa cấu hình")
    assert not has_condition(empty)
    assert _admitted(empty) == set()
    assert MembershipEvent.objects.filter(kind=EventKind.ADMITTED).count() == 3


def test_an_ethnic_minority_is_anyone_not_of_the_kinh_majority(cells):
    residential, _ = cells
    bulk_admit(residential, [DAY], full_name="Người Kinh", ethnicity="Kinh")
    bulk_admit(residential, [DAY], full_name="Người Tày", ethnicity="Tày")
    bulk_admit(residential, [DAY], full_name="Người Khmer", ethnicity="Khmer")
    assert _admitted(Category.objects.get(key="dan-toc-thieu-so")) == {"Người Tày", "Người Khmer"}


def test_a_religious_person_is_anyone_whose_religion_is_not_none(cells):
    residential, _ = cells
    bulk_admit(residential, [DAY], full_name="Không Đạo", religion="Không")
    bulk_admit(residential, [DAY], full_name="Phật Tử", religion="Phật giáo")
    assert _admitted(Category.objects.get(key="ton-giao")) == {"Phật Tử"}


def test_flags_gender_and_any_one_of_several_conditions(cells):
    residential, _ = cells
    bulk_admit(residential, [DAY], full_name="Đoàn Viên", is_youth_union_member=True)
    bulk_admit(residential, [DAY], full_name="Cựu Binh", is_demobilised_soldier=True)
    bulk_admit(residential, [DAY], full_name="Chị Nữ", gender="F")
    bulk_admit(residential, [DAY], full_name="Anh Khác")
    assert _admitted(Category.objects.get(key="doan-vien")) == {"Đoàn Viên"}
    assert _admitted(Category.objects.get(key="nu")) == {"Chị Nữ"}
    either = Category(key="x", name="Nữ hoặc quân nhân xuất ngũ", gender="F", demobilised_soldier=True)
    assert _admitted(either) == {"Chị Nữ", "Cựu Binh"}


def test_on_candidacies_the_sector_is_the_candidacys_cell(cells):
    residential, company = cells
    for org, name, gender in [(company, "Chị Công Nhân", "F"), (residential, "Anh Ở Ấp", "M")]:
        candidacy_create(
            actor=SYSTEM,
            person=make_person(org, full_name=name, gender=gender),
            organization=org,
            opened_on=DAY,
        )
    private = Category.objects.get(key="lao-dong-dn-ngoai-nha-nuoc")
    women = Category.objects.get(key="nu")

    def names(category: Category) -> set[str]:
        found = Candidacy.objects.filter(category_q(category, organization="organization__"))
        return set(found.values_list("person__full_name", flat=True))

    assert names(private) == {"Chị Công Nhân"}
    assert names(women) == {"Chị Công Nhân"}
    assert names(Category.objects.get(key="khu-dan-cu")) == {"Anh Ở Ấp"}
