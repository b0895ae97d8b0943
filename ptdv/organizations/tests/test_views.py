"""Organisation pages: the tree with counts, the history of mergers, admin forms through services."""

import datetime as dt

from django.urls import reverse

from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_member, make_org, make_person
from ptdv.organizations.models import Organization, OrgKind
from ptdv.organizations.services import organizations_merge
from ptdv.people.models import EventKind
from ptdv.people.services import membership_event_record

MERGER_DAY = dt.date(2025, 7, 1)


def test_the_tree_starts_at_the_users_own_organisation(client, provincial_officer, tree):
    client.force_login(provincial_officer)
    page = client.get(reverse("organizations:organization_tree")).content.decode()
    assert "Đảng bộ tỉnh Thử" in page and "Trung ương (thử)" not in page


def test_expanding_a_node_lists_its_children_with_member_and_candidate_counts(
    client, provincial_officer, tree, django_assert_max_num_queries
):
    make_member(tree.cell)
    make_member(tree.cell)
    candidate = make_person(tree.cell)
    membership_event_record(
        actor=SYSTEM, person=candidate, kind=EventKind.NOMINATED, date=dt.date(2024, 1, 5)
    )
    client.force_login(provincial_officer)
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("organizations:organization_children", args=[tree.province.pk]), HTTP_HX_REQUEST="true"
        )
    page = response.content.decode()
    assert "<html" not in page  # a fragment, not a whole page
    first = page.index("Đảng bộ xã An Bình")
    assert "2 đảng viên · 1 đối tượng" in page[first : first + 800]
    assert "Đảng bộ xã Phú Điền" in page


def test_a_merged_commune_shows_where_it_came_from_and_the_old_ones_where_they_went(
    client, provincial_officer, tree
):
    new = organizations_merge(
        actor=SYSTEM,
        predecessors=[tree.commune, tree.other_commune],
        effective_date=MERGER_DAY,
        code="XA-MOI",
        name="Đảng bộ xã An Phú",
        kind=OrgKind.COMMUNE,
        parent=tree.province,
        document="NQ 1656/NQ-UBTVQH15",
    )
    client.force_login(provincial_officer)
    tree_page = client.get(
        reverse("organizations:organization_children", args=[tree.province.pk]), {"giai_the": "1"}
    ).content.decode()
    assert "Hình thành ngày 01/07/2025" in tree_page
    assert "Sáp nhập, hợp nhất ngày 01/07/2025 → Đảng bộ xã An Phú" in tree_page
    detail = client.get(new.get_absolute_url()).content.decode()
    assert "Tiền thân:" in detail and "Đảng bộ xã An Bình" in detail and "NQ 1656/NQ-UBTVQH15" in detail


def test_an_admin_adds_a_cell_and_the_write_is_audited(client, provincial_officer, tree):
    client.force_login(provincial_officer)
    response = client.post(
        reverse("organizations:organization_create", args=[tree.grassroots.pk]),
        {
            "code": "cb-tin",
            "name": "Chi bộ Tổ Tin học",
            "kind": "cell",
            "sector": "education",
            "valid_from": "2024-09-01",
        },
    )
    cell = Organization.objects.get(code="CB-TIN")
    assert response.url == cell.get_absolute_url()
    assert cell.parent == tree.grassroots and cell.path.startswith(tree.grassroots.path)
    assert AuditEvent.objects.filter(
        code="organization.created", target_id=str(cell.pk), actor=provincial_officer
    ).exists()


def test_a_duplicate_code_is_refused_with_a_clear_message(client, provincial_officer, tree):
    client.force_login(provincial_officer)
    response = client.post(
        reverse("organizations:organization_create", args=[tree.grassroots.pk]),
        {"code": tree.cell.code, "name": "Chi bộ trùng mã", "kind": "cell", "valid_from": "2024-09-01"},
    )
    assert f"Mã tổ chức “{tree.cell.code}” đã được dùng cho “Chi bộ Tổ Toán”." in response.content.decode()
    assert not Organization.objects.filter(name="Chi bộ trùng mã").exists()


def test_dissolving_an_organisation_with_active_units_is_refused_and_explained(
    client, provincial_officer, tree
):
    client.force_login(provincial_officer)
    response = client.post(
        reverse("organizations:organization_dissolve", args=[tree.commune.pk]),
        {"effective_date": "2025-01-01"},
    )
    assert (
        "Còn 1 tổ chức trực thuộc đang hoạt động (Đảng bộ Trường THPT An Bình)" in response.content.decode()
    )
    tree.commune.refresh_from_db()
    assert tree.commune.valid_to is None


def test_population_and_the_member_ratio_appear_on_the_organisation_page(client, provincial_officer, tree):
    for _ in range(3):
        make_member(tree.cell)
    client.force_login(provincial_officer)
    client.post(
        reverse("organizations:population_set", args=[tree.commune.pk]),
        {"year": 2025, "population": 120, "source": "Cục Thống kê"},
    )
    page = client.get(tree.commune.get_absolute_url()).content.decode()
    assert "120 người" in page and "Tỷ lệ đảng viên so với dân số (2025): <strong>2,50%</strong>" in page


def test_a_viewer_sees_no_admin_buttons(client, tree):
    from ptdv.access.roles import Role
    from ptdv.common.testing.factories import make_user

    viewer = make_user("xem", org=tree.province, role=Role.VIEWER)
    client.force_login(viewer)
    page = client.get(tree.commune.get_absolute_url()).content.decode()
    assert "Thêm tổ chức trực thuộc" not in page and "Giải thể" not in page
    assert (
        client.get(reverse("organizations:organization_dissolve", args=[tree.commune.pk])).status_code == 404
    )


def test_the_organisation_search_finds_names_without_diacritics(client, provincial_officer, tree):
    make_org(tree.commune, name="Chi bộ ấp Mỹ Đông")
    client.force_login(provincial_officer)
    page = client.get(reverse("organizations:organization_tree"), {"q": "my dong"}).content.decode()
    assert "Chi bộ ấp Mỹ Đông" in page and "Tìm thấy 1 tổ chức" in page


def test_a_merged_away_commune_shows_its_members_on_its_last_day(client, provincial_officer, tree):
    make_member(tree.cell, admitted=dt.date(2020, 5, 19))
    make_member(tree.other_cell, admitted=dt.date(2020, 5, 19))
    organizations_merge(
        actor=SYSTEM,
        predecessors=[tree.commune, tree.other_commune],
        effective_date=MERGER_DAY,
        code="XA-MOI",
        name="Đảng bộ xã An Phú",
        kind=OrgKind.COMMUNE,
        parent=tree.province,
    )
    client.force_login(provincial_officer)
    page = client.get(tree.commune.get_absolute_url()).content.decode()
    assert "hoạt động đến ngày 30/06/2025. Khi đó có <strong>1</strong> đảng viên" in page
