"""Target pages: the scoped list with the cascade check, forms through the services, national lists."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.access.roles import Role
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_org, make_user
from ptdv.organizations.models import OrgKind
from ptdv.targets.forms import vn_decimal_text
from ptdv.targets.models import Category, Target, TargetForm, Term
from ptdv.targets.services import target_create

pytestmark = pytest.mark.django_db
NQ = "Nghị quyết số 20-NQ/TU ngày 11/01/2024"
LIST = reverse("targets:target_list")
CREATE = reverse("targets:target_create")


def _target(org, **data) -> Target:
    return target_create(
        actor=SYSTEM, organization=org, **{"year": 2024, "minimum": 10, "source_document": NQ, **data}
    )


def _form(org=None, **changes) -> dict:
    """What the create form posts: a yearly target of 90 admissions unless changed."""
    data = {
        "term": "",
        "year": "2024",
        "measure": "admissions",
        "category": "",
        "form": "exact",
        "minimum": "90",
        "maximum": "",
        "nominated_by": "",
        "source_document": NQ,
        "note": "",
    }
    if org is not None:
        data["organization"] = str(org.pk)
    return {**data, **changes}


@pytest.fixture
def other_province(tree):
    return make_org(tree.root, kind=OrgKind.PROVINCE, name="Đảng bộ tỉnh Láng Giềng")


# The list ------------------------------------------------------------------------------------


def test_a_provincial_officer_sees_the_targets_of_their_subtree_grouped_in_tree_order(
    client, provincial_officer, tree, other_province
):
    _target(tree.province, form=TargetForm.RANGE, minimum=1020, maximum=1250)
    _target(tree.commune, minimum=90)
    _target(tree.other_commune, minimum=50)
    _target(other_province, minimum=777)
    client.force_login(provincial_officer)
    page = client.get(LIST).content.decode()
    assert "1.020–1.250 đảng viên (năm 2024)" in page
    assert "90 đảng viên (năm 2024)" in page and "50 đảng viên (năm 2024)" in page
    assert "777 đảng viên" not in page and "Láng Giềng" not in page  # not "777": an id may hold it
    assert page.index(f'id="org-{tree.province.pk}"') < page.index(f'id="org-{tree.commune.pk}"')
    assert "3 chỉ tiêu" in page and NQ in page


def test_an_unrelated_commune_officer_sees_only_their_commune_and_gets_404_elsewhere(
    client, unrelated_officer, tree, other_province
):
    _target(tree.commune, minimum=90)
    _target(tree.other_cell, minimum=7)
    client.force_login(unrelated_officer)
    page = client.get(LIST).content.decode()
    assert "7 đảng viên (năm 2024)" in page and "90 đảng viên" not in page
    assert "Chi bộ Tổ Toán" not in page
    for org in (tree.commune, tree.province, other_province):
        assert client.get(LIST, {"org": org.pk}).status_code == 404
    assert client.get(LIST, {"org": "abc"}).status_code == 404


def test_choosing_an_organisation_narrows_the_list_to_its_subtree(client, provincial_officer, tree):
    _target(tree.province, minimum=1000)
    _target(tree.cell, minimum=3)
    _target(tree.other_cell, minimum=4)
    client.force_login(provincial_officer)
    page = client.get(LIST, {"org": tree.commune.pk}).content.decode()
    assert "3 đảng viên (năm 2024)" in page
    assert "1.000" not in page and "4 đảng viên" not in page


def test_the_period_filter_keeps_targets_that_apply_to_the_period(client, provincial_officer, tree):
    term = Term.objects.get(code="2020-2025")
    _target(tree.commune, year=2023, minimum=81)
    _target(tree.commune, year=2024, minimum=82)
    _target(tree.commune, year=None, term=term, per_year=True, minimum=83)
    client.force_login(provincial_officer)
    page = client.get(LIST, {"period": "2024"}).content.decode()
    assert "82 đảng viên" in page and "83 đảng viên mỗi năm" in page and "81 đảng viên" not in page
    assert '<option value="2023">Năm 2023</option>' in page  # years that have targets are offered
    assert '<option value="2020-2025">Nhiệm kỳ 2020–2025</option>' in page
    garbage = client.get(LIST, {"period": "năm ngoái"}).content.decode()
    assert "Không hiểu kỳ “năm ngoái”" in garbage and "81 đảng viên" in garbage


def test_the_cascade_warnings_of_the_chosen_organisation_and_period_are_shown_above(
    client, provincial_officer, tree
):
    _target(tree.province, minimum=100)
    _target(tree.commune, minimum=30)
    _target(tree.other_commune, minimum=50)
    client.force_login(provincial_officer)
    page = client.get(LIST, {"org": tree.province.pk, "period": "2024"}).content.decode()
    alert = page[page.index('id="canh-bao"') : page.index('id="ket-qua"')]
    assert "alert-warning" in page[page.index('id="canh-bao"') - 60 : page.index('id="canh-bao"')]
    assert "(năm 2024)" in alert
    assert (
        "Tổng chỉ tiêu giao cho các tổ chức trực thuộc (80) thấp hơn chỉ tiêu của Đảng bộ tỉnh Thử (100)"
    ) in alert
    quiet = client.get(LIST, {"org": tree.commune.pk, "period": "2024"}).content.decode()
    assert 'id="canh-bao"' not in quiet


def test_the_list_reads_a_fixed_number_of_queries_however_many_targets(client, provincial_officer, tree):
    students = Category.objects.get(key="hoc-sinh-sinh-vien")
    client.force_login(provincial_officer)

    def queries_with(cells: int) -> int:
        for _ in range(cells):
            cell = make_org(tree.grassroots, kind=OrgKind.CELL)
            _target(cell, minimum=2)
            _target(cell, minimum=1, category=students)
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST, {"period": "2024"}).status_code == 200
        return len(context)

    few = queries_with(1)
    assert queries_with(10) == few <= 20


# Create, edit, delete ------------------------------------------------------------------------


def test_an_officer_sets_a_target_through_the_form_and_it_is_audited(client, provincial_officer, tree):
    term = Term.objects.get(code="2020-2025")
    client.force_login(provincial_officer)
    response = client.post(
        CREATE,
        _form(
            tree.commune,
            term=str(term.pk),
            year="",
            per_year="on",
            form="range",
            minimum="1.020",
            maximum="1.250",
        ),
        follow=True,
    )
    target = Target.objects.get()
    assert response.redirect_chain == [(f"{LIST}?org={tree.commune.pk}", 302)]
    assert (target.organization, target.term, target.per_year) == (tree.commune, term, True)
    assert (target.minimum, target.maximum) == (1020, 1250)
    page = response.content.decode()
    assert "Đã ghi chỉ tiêu." in page and "1.020–1.250 đảng viên mỗi năm (nhiệm kỳ 2020–2025)" in page
    event = AuditEvent.objects.get(code="target.created")
    assert event.actor == provincial_officer and event.target_id == str(target.pk)


@pytest.mark.parametrize(
    "typed,read",
    [
        ("1.020", "1020"),
        ("1.250.000", "1250000"),
        ("3,45", "3.45"),
        ("1.020,5", "1020.5"),
        ("2.5", "2.5"),
        ("1 020", "1020"),
        ("90", "90"),
    ],
)
def test_figures_are_read_with_vietnamese_separators(typed, read):
    assert vn_decimal_text(typed) == read


def test_a_percentage_is_typed_with_a_decimal_comma(client, provincial_officer, tree):
    client.force_login(provincial_officer)
    client.post(CREATE, _form(tree.commune, measure="member_population_ratio", minimum="3,45"))
    assert Target.objects.get().minimum == Decimal("3.45")


def test_the_services_messages_are_shown_next_to_their_fields(client, provincial_officer, tree):
    term = Term.objects.get(code="2020-2025")
    client.force_login(provincial_officer)
    response = client.post(CREATE, _form(tree.commune, term=str(term.pk), form="range"))
    page = response.content.decode()
    assert response.status_code == 200 and not Target.objects.exists()
    maximum = page[page.index('id="id_maximum"') : page.index('id="id_nominated_by"')]
    assert "Chỉ tiêu dạng khoảng cần mức tối đa." in maximum
    period = page[page.index('id="id_term"') : page.index('id="id_year"')]
    assert "Hãy chọn một nhiệm kỳ hoặc một năm (chỉ một trong hai)." in period
    sources = client.post(CREATE, _form(tree.commune, measure="sources")).content.decode()
    assert "Chỉ tiêu giới thiệu nguồn cần ghi đoàn thể được giao." in sources


def test_the_form_offers_only_organisations_the_user_may_approve(client, tree):
    approver = make_user(org=tree.commune, role=Role.APPROVER)
    client.force_login(approver)
    page = client.get(CREATE, {"org": tree.cell.pk}).content.decode()
    assert f'<option value="{tree.cell.pk}" selected>' in page
    select = page[page.index('name="organization"') :]
    select = select[: select.index("</select>")]
    assert f'value="{tree.commune.pk}"' in select and f'value="{tree.cell.pk}"' in select
    assert f'value="{tree.province.pk}"' not in select and f'value="{tree.other_commune.pk}"' not in select
    refused = client.post(CREATE, _form(tree.province)).content.decode()
    assert "Bạn không có quyền giao chỉ tiêu cho tổ chức này" in refused
    assert not Target.objects.exists()


def test_a_clerk_sees_targets_without_edit_buttons_and_cannot_set_one(client, clerk, tree):
    target = _target(tree.commune, minimum=90)
    client.force_login(clerk)
    page = client.get(LIST).content.decode()
    assert "90 đảng viên (năm 2024)" in page
    assert reverse("targets:target_update", args=[target.pk]) not in page
    assert "+ Giao chỉ tiêu" not in page
    refused = client.post(CREATE, _form(tree.commune, minimum="5"))
    assert refused.status_code == 403
    assert "cần quyền ghi nghị quyết, quyết định" in refused.content.decode()
    assert Target.objects.count() == 1
    assert client.get(reverse("targets:target_update", args=[target.pk])).status_code == 404
    assert client.post(reverse("targets:target_delete", args=[target.pk]), {"reason": "x"}).status_code == 404


def test_editing_shows_the_figures_as_typed_and_the_audit_trail(client, provincial_officer, tree):
    target = _target(tree.commune, form=TargetForm.RANGE, minimum=1020, maximum=1250)
    url = reverse("targets:target_update", args=[target.pk])
    client.force_login(provincial_officer)
    form = client.get(url).content.decode()
    assert 'value="1.020"' in form and 'value="1.250"' in form
    assert "Đảng bộ xã An Bình" in form and 'name="organization"' not in form
    response = client.post(url, _form(form="range", minimum="1.100", maximum="1.250"))
    assert response.url == f"{LIST}?org={tree.commune.pk}"
    target.refresh_from_db()
    assert target.minimum == 1100
    trail = client.get(url).content.decode()
    trail = trail[trail.index('id="nhat-ky"') :]
    assert "Sửa chỉ tiêu" in trail and "Giao chỉ tiêu" in trail
    assert "<del>1.020</del> → 1.100" in trail
    assert "<del>1.250</del>" not in trail  # the maximum did not change


def test_deleting_asks_for_a_reason_and_only_a_post_deletes(client, provincial_officer, tree):
    target = _target(tree.commune, minimum=90)
    url = reverse("targets:target_delete", args=[target.pk])
    client.force_login(provincial_officer)
    confirm = client.get(url).content.decode()
    assert "90 đảng viên (năm 2024)" in confirm and Target.objects.filter(pk=target.pk).exists()
    missing = client.post(url, {"reason": ""}).content.decode()
    assert "Hãy ghi lý do xóa chỉ tiêu." in missing and Target.objects.filter(pk=target.pk).exists()
    response = client.post(url, {"reason": "Ghi nhầm năm"})
    assert response.url == f"{LIST}?org={tree.commune.pk}"
    assert not Target.objects.filter(pk=target.pk).exists()
    assert AuditEvent.objects.get(code="target.deleted").reason == "Ghi nhầm năm"


# Categories and terms ------------------------------------------------------------------------

NATIONAL_PAGES = [
    "targets:category_create",
    "targets:category_update",
    "targets:term_create",
    "targets:term_update",
]


def _national_url(name: str) -> str:
    if name == "targets:category_update":
        return reverse(name, args=[Category.objects.get(key="nu").pk])
    if name == "targets:term_update":
        return reverse(name, args=[Term.objects.get(code="2020-2025").pk])
    return reverse(name)


@pytest.mark.parametrize("name", NATIONAL_PAGES)
def test_only_a_national_admin_reaches_the_category_and_term_forms(
    client, provincial_officer, national_admin, name
):
    client.force_login(provincial_officer)
    refused = client.get(_national_url(name))
    assert refused.status_code == 403
    assert "Chỉ quản trị toàn quốc được sửa danh mục đối tượng và nhiệm kỳ." in refused.content.decode()
    assert client.post(_national_url(name), {"name": "Đổi tên"}).status_code == 403
    client.force_login(national_admin)
    assert client.get(_national_url(name)).status_code == 200


@pytest.mark.parametrize("name", NATIONAL_PAGES)
def test_anonymous_visitors_of_the_national_forms_are_sent_to_log_in(client, db, name):
    response = client.get(_national_url(name))
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


def test_everyone_reads_the_categories_with_their_conditions_in_words(client, provincial_officer):
    client.force_login(provincial_officer)
    page = client.get(reverse("targets:category_list")).content.decode()
    assert "Một người thuộc đối tượng khi thỏa <strong>ÍT NHẤT MỘT</strong> điều kiện" in page
    assert "Nhóm nghề nghiệp: Học sinh, Sinh viên" in page
    assert "Kết nạp tại tổ chức đảng loại hình: Doanh nghiệp ngoài nhà nước" in page
    assert "Người dân tộc thiểu số (dân tộc khác Kinh)" in page and "Giới tính: Nữ" in page
    assert "/doi-tuong/them/" not in page and "/sua/" not in page


def test_a_national_admin_adds_a_category_from_checkboxes(client, national_admin):
    client.force_login(national_admin)
    data = {
        "key": "cong-nhan-dnnn",
        "name": "Công nhân doanh nghiệp nhà nước",
        "order": "22",
        "is_active": "on",
    }
    empty = client.post(reverse("targets:category_create"), data).content.decode()
    assert "Hãy chọn ít nhất một điều kiện để xác định đối tượng." in empty
    response = client.post(
        reverse("targets:category_create"),
        {**data, "occupation_groups": ["worker", "enterprise_staff"], "sectors": ["state_enterprise"]},
    )
    assert response.url == reverse("targets:category_list")
    category = Category.objects.get(key="cong-nhan-dnnn")
    assert category.occupation_groups == ["enterprise_staff", "worker"] or category.occupation_groups == [
        "worker",
        "enterprise_staff",
    ]
    assert category.sectors == ["state_enterprise"] and category.order == 22
    assert AuditEvent.objects.filter(code="category.created", target_id=str(category.pk)).exists()
    page = client.get(reverse("targets:category_list")).content.decode()
    assert "Kết nạp tại tổ chức đảng loại hình: Doanh nghiệp nhà nước" in page


def test_editing_a_category_keeps_its_key(client, national_admin):
    women = Category.objects.get(key="nu")
    client.force_login(national_admin)
    url = reverse("targets:category_update", args=[women.pk])
    assert 'value="F" selected' in client.get(url).content.decode()
    client.post(url, {"key": "doi-ma", "name": "Phụ nữ", "order": "60", "gender": "F"})
    women.refresh_from_db()
    assert (women.key, women.name, women.is_active) == ("nu", "Phụ nữ", False)


def test_a_national_admin_adds_a_term_with_dates_typed_day_first(client, national_admin):
    client.force_login(national_admin)
    data = {"code": "2030-2035", "name": "Nhiệm kỳ 2030–2035", "start": "01/07/2030", "end": "30/06/2030"}
    wrong = client.post(reverse("targets:term_create"), data).content.decode()
    end = wrong[wrong.index('id="id_end"') :]
    assert "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu." in end
    response = client.post(reverse("targets:term_create"), {**data, "end": "30/06/2035"})
    assert response.url == reverse("targets:term_list")
    term = Term.objects.get(code="2030-2035")
    assert (term.start, term.end) == (dt.date(2030, 7, 1), dt.date(2035, 6, 30))
    listing = client.get(reverse("targets:term_list")).content.decode()
    assert "Tính từ ngày 01/07/2030 đến ngày 30/06/2035" in listing
    assert "từ đầu nhiệm kỳ" in listing


def test_the_term_form_shows_the_current_dates_day_first(client, national_admin):
    client.force_login(national_admin)
    page = client.get(_national_url("targets:term_update")).content.decode()
    assert 'value="01/01/2020"' in page and 'value="30/06/2025"' in page
