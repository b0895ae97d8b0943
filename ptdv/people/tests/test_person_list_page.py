"""The people list draws its rows and filters in Python: the page must say exactly what it said before."""

import re

import pytest
from django.core.paginator import Paginator
from django.forms.renderers import get_default_renderer
from django.template import Context, Template
from django.urls import reverse

from ptdv.common.paging import CappedIdPaginator
from ptdv.common.testing.factories import make_org, make_person, make_user
from ptdv.organizations.models import OrgKind
from ptdv.people.models import MembershipStatus, Person
from ptdv.people.selectors import person_list
from ptdv.people.views import person_rows, person_rows_html

CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def without_tokens(html: str) -> str:
    return CSRF.sub(r"\1…", html)


@pytest.fixture
def people(tree):
    made = [
        (make_person(tree.cell, full_name="Trần <b>Thị</b> & Mai"), MembershipStatus.FULL),
        (make_person(tree.cell, full_name="Lê Văn Nam", with_id=False), MembershipStatus.PROBATIONARY),
        (make_person(tree.cell, full_name="Phạm Thị Hoa", gender="F"), MembershipStatus.CANDIDATE),
        (make_person(tree.grassroots, full_name="Đỗ Văn Bình"), MembershipStatus.DECEASED),
    ]
    # The status as the services would leave it after the events; the page only displays it.
    for person, status in made:
        Person.objects.filter(pk=person.pk).update(status=status)
        person.refresh_from_db()
    return [person for person, _ in made]


def test_each_row_shows_the_persons_link_status_gender_birth_masked_id_and_unit(
    client, provincial_officer, tree, people
):
    client.force_login(provincial_officer)
    html = client.get(reverse("people:person_list")).content.decode()
    badges = {
        MembershipStatus.FULL: "text-bg-danger",
        MembershipStatus.PROBATIONARY: "text-bg-warning",
        MembershipStatus.CANDIDATE: "text-bg-info",
        MembershipStatus.DECEASED: "text-bg-light",
    }
    for person in people:
        name = person.full_name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert f'<a class="fw-semibold" href="{person.get_absolute_url()}">{name}</a>' in html
        assert f'<span class="badge {badges[person.status]}">{person.get_status_display()}</span>' in html
        cccd = f" · CCCD {person.masked_national_id()}" if person.national_id else ""
        meta = (
            f"{person.get_gender_display()} · sinh {person.date_of_birth:%d/%m/%Y}{cccd} · "
            f"{person.organization.name}"
        )
        assert f'<div class="meta">{meta}</div>' in html
    assert "<b>Thị</b>" not in html  # a name is text, never markup
    assert "Lê Văn Nam</a>" in html and html.count(" · CCCD ") == 3  # no ID, no "CCCD"


def test_the_filters_keep_what_was_chosen_selected(client, provincial_officer, tree, people):
    client.force_login(provincial_officer)
    html = client.get(
        reverse("people:person_list"),
        {"org": [tree.commune.pk, tree.grassroots.pk], "status": ["full", "candidate"], "gender": "F"},
    ).content.decode()
    assert f'<option value="{tree.commune.pk}" selected>{tree.commune.name}</option>' in html
    assert f'<option value="{tree.grassroots.pk}" selected>{tree.grassroots.name}</option>' in html
    assert f'<option value="{tree.province.pk}">{tree.province.name}</option>' in html
    assert '<option value="full" selected>Đảng viên chính thức</option>' in html
    assert '<option value="candidate" selected>' in html
    assert '<option value="probationary">' in html
    assert '<option value="F" selected>Nữ</option>' in html
    assert '<option value="" >' not in html
    assert '<select name="org" class="form-select" id="id_org" multiple>' in html


def test_an_organisation_name_is_escaped_in_the_filter(client, provincial_officer, tree):
    make_org(tree.province, kind=OrgKind.COMMUNE, name='Xã "Mới" <script> & Co')
    client.force_login(provincial_officer)
    html = client.get(reverse("people:person_list")).content.decode()
    assert ">Xã &quot;Mới&quot; &lt;script&gt; &amp; Co</option>" in html
    assert "<script> & Co" not in html


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "tran"},
        {"org": "{commune}", "status": "full", "gender": "M", "dan_toc": "kinh"},
        {"trang": "2"},
    ],
)
def test_the_page_is_the_same_as_drawn_by_djangos_own_widget_templates(
    client, provincial_officer, tree, people, settings, query
):
    for _ in range(55):
        make_person(tree.cell)
    query = {key: value.format(commune=tree.commune.pk) for key, value in query.items()}
    client.force_login(provincial_officer)
    ours = client.get(reverse("people:person_list"), query).content.decode()
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    get_default_renderer.cache_clear()
    try:
        django = client.get(reverse("people:person_list"), query).content.decode()
    finally:
        get_default_renderer.cache_clear()
    assert without_tokens(ours) == without_tokens(django)
    assert "<option" in ours


def test_the_people_list_runs_seven_queries_whatever_the_number_of_rows(
    client, tree, django_assert_num_queries
):
    # session, user, grants, the people (a page), their count, the filter's organisations, unread
    # reminders (the navigation). Rows draw from the page's one query: no query per row.
    viewer = make_user("xem", org=tree.province, role="viewer")
    for _ in range(60):
        make_person(tree.cell)
    client.force_login(viewer)
    with django_assert_num_queries(7):
        response = client.get(reverse("people:person_list"))
    assert response.content.decode().count('class="list-group-item person-row"') == 50


def option_values(html: str, name: str) -> list[str]:
    select = html[html.index(f'<select name="{name}"') :]
    return re.findall(r'<option value="([^"]*)"', select[: select.index("</select>")])


def test_the_unit_filter_offers_the_top_levels_in_tree_order_and_keeps_a_deeper_choice(
    client, provincial_officer, tree, monkeypatch
):
    client.force_login(provincial_officer)
    ids = [str(org.pk) for org in (tree.province, tree.commune, tree.grassroots, tree.other_commune)]
    assert option_values(client.get(reverse("people:person_list")).content.decode(), "org") == ids
    # Too many units three levels down: two levels are offered, and a unit chosen deeper stays.
    monkeypatch.setattr("ptdv.people.views.UNIT_OPTIONS", 3)
    html = client.get(reverse("people:person_list")).content.decode()
    assert option_values(html, "org") == [ids[0], ids[1], ids[3]]
    html = client.get(reverse("people:person_list"), {"org": tree.grassroots.pk}).content.decode()
    assert option_values(html, "org") == ids
    assert f'<option value="{tree.grassroots.pk}" selected>{tree.grassroots.name}</option>' in html


# The rows as the page's template drew them before they were written in Python (person_rows_html).
ROWS_TEMPLATE = """{% for row in rows %}
  <li class="list-group-item person-row">
    <div class="d-flex flex-wrap gap-2 align-items-baseline">
      <a class="fw-semibold" href="{{ row.url }}">{{ row.name }}</a>
      <span class="badge {{ row.badge }}">{{ row.status }}</span>
    </div>
    <div class="meta">{{ row.gender }} · sinh {{ row.born }}{% if row.national_id %} · CCCD {{ row.national_id }}{% endif %} · {{ row.unit }}</div>
  </li>
{% endfor %}"""


def test_the_rows_written_in_python_are_those_the_template_drew(tree, people):
    make_person(make_org(tree.commune, kind=OrgKind.GRASSROOTS_CELL, name="Chi bộ \"A\" <i>'B'</i> & C"))
    rows = person_rows(Person.objects.order_by("pk"))
    assert len(rows) == 5
    expected = Template(ROWS_TEMPLATE).render(Context({"rows": rows}))
    assert person_rows_html(rows) == expected
    assert "&lt;i&gt;&#x27;B&#x27;&lt;/i&gt;" in expected and "&lt;b&gt;Thị&lt;/b&gt;" in expected


def test_an_empty_list_says_so(client, provincial_officer, tree):
    client.force_login(provincial_officer)
    html = client.get(reverse("people:person_list"), {"q": "khong ai co ten nay"}).content.decode()
    assert "Không có ai phù hợp." in html and "person-row" not in html


@pytest.mark.parametrize("q", ["", "tran", "Trần Thị", "00109"])
def test_each_page_read_through_its_ids_holds_the_rows_of_the_plain_slice(tree, provincial_officer, q):
    # Many equal names: the order's last field (the id, or the unique national ID) decides the page.
    names = ["Trần Thị Mai", "Tran Thi Mai", "Lê An"]
    for number in range(23):
        make_person(tree.cell if number % 2 else tree.other_cell, full_name=names[number % 3])
    people = person_list(actor=provincial_officer, q=q)
    paginator = CappedIdPaginator(people, 5)
    assert paginator.count >= 16 and paginator.num_pages >= 4
    for number in paginator.page_range:
        page = paginator.page(number)
        expected = people[page.start_index() - 1 : page.end_index()]
        assert [p.pk for p in page.object_list] == [p.pk for p in expected]


def test_the_last_page_keeps_its_orphans_as_the_plain_paginator_does(tree, provincial_officer):
    for _ in range(12):
        make_person(tree.cell)
    people = person_list(actor=provincial_officer)
    ours, plain = CappedIdPaginator(people, 5, orphans=2), Paginator(people, 5, orphans=2)
    assert ours.num_pages == plain.num_pages == 2
    for number in (1, 2):
        assert list(ours.page(number).object_list) == list(plain.page(number).object_list)


def test_a_page_number_beyond_any_table_is_missing_not_a_database_error(client, provincial_officer, tree):
    # Counting up to that page put a LIMIT past PostgreSQL's bigint into the SQL (a 500).
    make_person(tree.cell)
    client.force_login(provincial_officer)
    response = client.get(reverse("people:person_list"), {"trang": "118518518638518518521"})
    assert response.status_code == 404
    assert CappedIdPaginator(Person.objects.order_by("pk"), 50, page="118518518638518518521").count == 1
