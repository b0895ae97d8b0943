"""Every URL pattern, three personas: in scope 200, out of scope 404 (scoping is applied everywhere)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ptdv.access.models import Grant, User
from ptdv.admissions.models import AwarenessCourse, Candidacy, DossierFile, Introduction, Stage, Verification
from ptdv.admissions.services import candidacy_create, introduction_add, verification_add
from ptdv.admissions.services.courses import course_create, course_enrol
from ptdv.admissions.services.dossier import dossier_file_upload
from ptdv.admissions.walk import walk
from ptdv.common.testing.factories import SYSTEM, make_member, make_person, make_user
from ptdv.organizations.models import Organization
from ptdv.people.models import MembershipEvent, Person
from ptdv.spreadsheets.models import ImportJob
from ptdv.spreadsheets.services import import_analyse, import_create
from ptdv.targets.models import Target
from ptdv.targets.services import target_create

# Pages that are not about an organisation's data: checked in their own tests.
OUTSIDE_MATRIX = {
    "access:login",
    "access:logout",
    "health",
    # National lists (not an organisation's data), changed by national admins only: targets/tests/test_views.py.
    "targets:category_create",
    "targets:category_update",
    "targets:term_create",
    "targets:term_update",
    # Empty import templates, the same for everyone: spreadsheets/tests/test_views.py.
    "spreadsheets:template_download",
}
# Namespaces with a matrix of their own: the REST API (ptdv/api/tests/test_matrix.py).
OWN_MATRIX_NAMESPACES = {"api"}
# Actions that only accept POST: out of scope is still 404 (checked before the method), in scope 405.
POST_ONLY = {
    "spreadsheets:importjob_decide",
    "spreadsheets:importjob_dry_run",
    "spreadsheets:importjob_commit",
    "people:person_national_id",
}


def all_url_names() -> list[tuple[str, list[str]]]:
    """(namespaced name, argument names) for every pattern the project serves."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list, namespace: str = "") -> None:
        for item in patterns:
            if isinstance(item, URLResolver):
                if item.namespace in OWN_MATRIX_NAMESPACES:
                    continue
                walk(item.url_patterns, f"{namespace}{item.namespace}:" if item.namespace else namespace)
            elif isinstance(item, URLPattern) and item.name:
                found.append((f"{namespace}{item.name}", list(item.pattern.converters)))

    walk(get_resolver().url_patterns)
    return found


def model_of(name: str) -> type:
    view = get_resolver().resolve(url_of(name, 1) if "pk" in dict(all_url_names())[name] else reverse(name))
    return view.func.view_class.model  # type: ignore[attr-defined]


# Patterns whose URL carries more than the object's pk.
EXTRA_ARGS = {"admissions:candidacy_form": ["1-KNĐ"]}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def url_of(name: str, pk: int | None) -> str:
    return reverse(name, args=[pk, *EXTRA_ARGS.get(name, [])] if pk is not None else [])


def objects_in(org: Organization) -> dict[type, object]:
    person = make_member(org)
    secretary = make_user(org=org)
    candidacy = candidacy_create(
        actor=SYSTEM, person=make_person(org), organization=org, opened_on=dt.date(2025, 1, 6)
    )
    course = course_create(
        actor=SYSTEM,
        name="Lớp nhận thức thử",
        organizer=org,
        starts_on=dt.date(2025, 1, 10),
        ends_on=dt.date(2025, 1, 15),
        format="evening",
    )
    course_enrol(actor=SYSTEM, course=course, candidacies=[candidacy])
    walk(SYSTEM, candidacy, until=Stage.APPLIED, start=dt.date(2025, 1, 6))
    introduction = introduction_add(
        actor=SYSTEM,
        candidacy=candidacy,
        kind="member",
        introducer=person,
        together_since=dt.date(2020, 1, 1),
        date=dt.date(2025, 3, 1),
    )
    verification = verification_add(actor=SYSTEM, candidacy=candidacy, relation="self", name="Bản thân")
    file = dossier_file_upload(
        actor=SYSTEM,
        candidacy=candidacy,
        kind="1-KNĐ",
        uploaded=SimpleUploadedFile("don.png", PNG, content_type="image/png"),
    )
    target = target_create(actor=SYSTEM, organization=org, year=2025, minimum=2, source_document="NQ thử")
    sheet = f"Họ và tên,Giới tính,Ngày sinh,Mã tổ chức đảng\r\nLê Văn Nhập,Nam,01/02/1990,{org.code}\r\n"
    upload = SimpleUploadedFile("ds.csv", sheet.encode("utf-8-sig"), content_type="text/csv")
    job = import_analyse(import_create(actor=SYSTEM, kind="people", organization=org, upload=upload))
    return {
        Organization: org,
        Person: person,
        MembershipEvent: person.events.first(),
        User: secretary,
        Grant: secretary.grants.get(),
        Candidacy: candidacy,
        AwarenessCourse: course,
        Introduction: introduction,
        Verification: verification,
        DossierFile: file,
        Target: target,
        ImportJob: job,
    }


@pytest.fixture
def scoped_objects(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return {"commune": objects_in(tree.cell), "other": objects_in(tree.other_cell)}


def test_every_pattern_is_in_the_matrix_or_listed_outside_it():
    names = {name for name, _ in all_url_names()}
    assert names >= OUTSIDE_MATRIX
    assert len(names - OUTSIDE_MATRIX) >= 15


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("national_admin", 200),
        ("provincial_officer", 200),
        ("unrelated_officer", 404),
    ],
)
def test_object_pages_answer_200_in_scope_and_404_out_of_scope(
    client, request, scoped_objects, persona, expected
):
    client.force_login(request.getfixturevalue(persona))
    checked = 0
    for name, args in all_url_names():
        if name in OUTSIDE_MATRIX or "pk" not in args:
            continue
        target = scoped_objects["commune"][model_of(name)]
        response = client.get(url_of(name, target.pk))
        wanted = 405 if name in POST_ONLY and expected == 200 else expected
        assert response.status_code == wanted, f"{name} for {persona}"
        checked += 1
    assert checked >= 10


def test_the_unrelated_officer_reaches_their_own_commune_objects(client, unrelated_officer, scoped_objects):
    client.force_login(unrelated_officer)
    for name, args in all_url_names():
        if name in OUTSIDE_MATRIX or "pk" not in args:
            continue
        target = scoped_objects["other"][model_of(name)]
        assert client.get(url_of(name, target.pk)).status_code == (405 if name in POST_ONLY else 200), name


@pytest.mark.parametrize("persona", ["national_admin", "provincial_officer", "unrelated_officer"])
def test_pages_without_an_object_answer_200_and_list_only_what_is_in_scope(
    client, request, scoped_objects, persona
):
    client.force_login(request.getfixturevalue(persona))
    outsider_name = scoped_objects["commune"][Person].full_name
    outsider_account = scoped_objects["commune"][User].username
    for name, args in all_url_names():
        if name in OUTSIDE_MATRIX or args:
            continue
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        # Downloads (.docx/.pdf/.xlsx) are compressed: their scoping is read back in reports/tests.
        if persona == "unrelated_officer" and response["Content-Type"].startswith("text/html"):
            assert outsider_name not in response.content.decode(), name
            assert outsider_account not in response.content.decode(), name
    people = client.get(reverse("people:person_list")).content.decode()
    assert (outsider_name in people) is (persona != "unrelated_officer")


def test_anonymous_visitors_are_sent_to_the_login_page(client, scoped_objects):
    for name, args in all_url_names():
        if name in OUTSIDE_MATRIX:
            continue
        pk = scoped_objects["commune"][model_of(name)].pk if "pk" in args else None
        url = url_of(name, pk)
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/dang-nhap/"), name


def test_health_answers_without_login(client, db):
    assert client.get(reverse("health")).content.startswith(b"ok ")
