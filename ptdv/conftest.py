"""Shared fixtures: a small tree and the three personas every access test uses."""

import dataclasses

import pytest

from ptdv.access.roles import Role
from ptdv.common.testing.factories import SYSTEM, make_org, make_user
from ptdv.organizations.models import Organization, OrgKind, Sector


@dataclasses.dataclass
class Tree:
    root: Organization
    province: Organization
    commune: Organization
    grassroots: Organization
    cell: Organization
    other_commune: Organization
    other_cell: Organization


@pytest.fixture
def system():
    return SYSTEM


@pytest.fixture
def tree(db) -> Tree:
    root = make_org(None, kind=OrgKind.CENTRAL, name="Trung ương (thử)")
    province = make_org(root, kind=OrgKind.PROVINCE, name="Đảng bộ tỉnh Thử")
    commune = make_org(province, kind=OrgKind.COMMUNE, name="Đảng bộ xã An Bình", sector=Sector.COMMUNE_WARD)
    grassroots = make_org(commune, kind=OrgKind.GRASSROOTS_COMMITTEE, name="Đảng bộ Trường THPT An Bình",
                          sector=Sector.EDUCATION)
    cell = make_org(grassroots, kind=OrgKind.CELL, name="Chi bộ Tổ Toán")
    other_commune = make_org(province, kind=OrgKind.COMMUNE, name="Đảng bộ xã Phú Điền",
                             sector=Sector.COMMUNE_WARD)
    other_cell = make_org(other_commune, kind=OrgKind.CELL, name="Chi bộ ấp Phú Lợi")
    return Tree(root, province, commune, grassroots, cell, other_commune, other_cell)


@pytest.fixture
def national_admin(tree):
    return make_user("quantri", org=tree.root, role=Role.NATIONAL_ADMIN)


@pytest.fixture
def provincial_officer(tree):
    return make_user("tinh", org=tree.province, role=Role.ORG_ADMIN)


@pytest.fixture
def unrelated_officer(tree):
    """An officer of the other commune: must see nothing of the first one."""
    return make_user("xakhac", org=tree.other_commune, role=Role.ORG_ADMIN)


@pytest.fixture
def clerk(tree):
    return make_user("nhaplieu", org=tree.commune, role=Role.CLERK)
