"""People through the API: the national ID masked everywhere, revealed only by the logged action."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptdv.access.roles import Action
from ptdv.admissions.selectors.candidacies import candidacy_list
from ptdv.api.testing.data import objects_in
from ptdv.api.tests.conftest import client_for
from ptdv.audit.models import AccessKind, AccessRecord, AuditEvent
from ptdv.common.testing.factories import make_member
from ptdv.people.models import Person
from ptdv.people.selectors import person_list


def test_the_national_id_is_masked_in_the_list_and_the_detail(tree, national_admin):
    person = make_member(tree.cell)
    client = client_for(national_admin)
    listed = client.get(reverse("api:person-list")).json()["results"][0]
    detail = client.get(reverse("api:person-detail", args=[person.pk])).json()
    assert listed["national_id"] == detail["national_id"] == person.masked_national_id()
    assert person.national_id not in str(listed) + str(detail)


def test_opening_a_record_is_logged_as_a_view_through_the_api(tree, provincial_officer):
    person = make_member(tree.cell)
    client_for(provincial_officer).get(reverse("api:person-detail", args=[person.pk]))
    record = AccessRecord.objects.get(kind=AccessKind.VIEWED)
    assert (record.actor, record.target_id, record.channel) == (provincial_officer, str(person.pk), "api")


def test_reveal_returns_the_full_id_to_a_clerk_and_logs_it(tree, clerk):
    person = make_member(tree.cell)
    response = client_for(clerk).post(reverse("api:person-reveal-national-id", args=[person.pk]))
    assert response.json() == {"id": person.pk, "national_id": person.national_id}
    record = AccessRecord.objects.get(kind=AccessKind.REVEALED_ID)
    assert (record.actor, record.channel) == (clerk, "api")


def test_reveal_is_refused_to_a_viewer_with_the_reason_and_nothing_is_logged(tree, viewer):
    person = make_member(tree.cell)
    response = client_for(viewer).post(reverse("api:person-reveal-national-id", args=[person.pk]))
    assert response.status_code == 403
    assert "số CCCD đầy đủ" in response.json()["detail"]
    assert not AccessRecord.objects.filter(kind=AccessKind.REVEALED_ID).exists()


def test_a_person_created_through_the_api_is_audited_with_the_key_holder_as_actor(tree, clerk):
    body = {
        "full_name": "  Nguyễn Thị Lan ",
        "gender": "F",
        "date_of_birth": "1998-09-12",
        "organization": tree.cell.pk,
    }
    response = client_for(clerk).post(reverse("api:person-list"), body, format="json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.full_name == "Nguyễn Thị Lan" and person.organization == tree.cell
    event = AuditEvent.objects.get(code="person.created", target_id=str(person.pk))
    assert event.actor == clerk


def test_service_errors_come_back_per_field_in_vietnamese(tree, clerk):
    body = {"full_name": "Lan 2", "gender": "F", "date_of_birth": "2999-01-01", "organization": tree.cell.pk}
    response = client_for(clerk).post(reverse("api:person-list"), body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["full_name"] == ["Họ và tên không được chứa chữ số."]
    assert "tương lai" in errors["date_of_birth"][0]


def test_the_api_counts_what_the_pages_count_for_every_persona(
    tree, national_admin, provincial_officer, unrelated_officer, clerk, viewer
):
    objects_in(tree.cell)
    objects_in(tree.other_cell)
    for user in (national_admin, provincial_officer, unrelated_officer, clerk, viewer):
        client = client_for(user)
        people = client.get(reverse("api:person-list")).json()["count"]
        candidacies = client.get(reverse("api:candidacy-list")).json()["count"]
        assert people == person_list(actor=user).count(), user
        assert candidacies == candidacy_list(actor=user).count(), user
        assert people == Person.objects.restrict(user, Action.VIEW).count() > 0


def test_lists_filter_order_and_paginate(tree, national_admin):
    for _ in range(3):
        make_member(tree.cell)
    make_member(tree.other_cell)
    client = client_for(national_admin)
    only_cell = client.get(reverse("api:person-list"), {"organization": tree.cell.pk}).json()
    assert only_cell["count"] == 3
    page = client.get(reverse("api:person-list"), {"page_size": 2, "ordering": "-date_of_birth"}).json()
    assert page["count"] == 4 and len(page["results"]) == 2 and page["next"]
    assert client.get(reverse("api:person-list"), {"page_size": 500}).json()["count"] == 4
    assert client.get(reverse("api:person-list"), {"status": "nonsense"}).status_code == 400
    assert client.get(reverse("api:person-list"), {"page": 99}).status_code == 404


def test_odd_search_text_is_answered_without_a_server_error(tree, national_admin):
    client = client_for(national_admin)
    for url in (reverse("api:person-list"), reverse("api:organization-list"), reverse("api:candidacy-list")):
        assert client.get(url, {"q": "a\x00b"}).status_code == 400
        assert client.get(url, {"q": "nguyen van hieu", "ordering": "khong-co"}).status_code == 200
    assert client.get(reverse("api:person-detail", args=["9" * 30])).status_code == 404
    assert client.get(reverse("api:person-detail", args=["-1"])).status_code == 404
    assert client.get(reverse("api:person-detail", args=["²"])).status_code == 404  # a digit int() refuses
    assert client.get(reverse("api:person-list"), {"page_size": "²"}).status_code == 400
    body = {"full_name": "Lê Văn Số", "gender": "M", "date_of_birth": "1990-01-01", "organization": "²"}
    assert client.post(reverse("api:person-list"), body, format="json").status_code == 400


def test_the_people_list_costs_the_same_queries_for_4_or_13_people(tree, national_admin):
    client = client_for(national_admin)
    client.get(reverse("api:person-list"))  # the first use of a key also records when it was used
    counts = []
    for extra in (3, 9):
        for _ in range(extra):
            make_member(tree.cell)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api:person-list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


def test_a_long_list_counts_up_to_the_cap_says_so_and_still_reaches_the_later_pages(
    tree, national_admin, monkeypatch
):
    monkeypatch.setattr("ptdv.common.paging.COUNT_CAP", 4)
    for _ in range(7):
        make_member(tree.cell)
    client = client_for(national_admin)
    url = reverse("api:person-list")
    first = client.get(url, {"page_size": 2}).json()
    assert (first["count"], first["count_capped"], len(first["results"])) == (5, True, 2)
    third = client.get(url, {"page_size": 2, "page": 3}).json()
    assert third["next"], "the last counted page links to the next one"
    fourth = client.get(url, {"page_size": 2, "page": 4}).json()
    assert (fourth["count"], fourth["count_capped"], len(fourth["results"])) == (7, False, 1)
    assert not fourth["next"]
    assert client.get(url, {"page_size": 2, "page": 5}).status_code == 404
    everything = client.get(url, {"page_size": 200}).json()
    assert (everything["count"], everything["count_capped"]) == (7, False)
