"""Every API endpoint × every method × five personas: 404 out of scope, 403 without the right, 2xx allowed.

A write's effect is read back from the database: it happened exactly when the answer was a success.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ptdv.admissions.models import AwarenessCourse, Candidacy, CandidacyStep, CourseEnrolment
from ptdv.admissions.services import candidacy_create
from ptdv.api.testing.data import Objects, objects_in
from ptdv.api.tests.conftest import client_for
from ptdv.audit.models import AccessKind, AccessRecord
from ptdv.common.testing.factories import SYSTEM
from ptdv.people.models import Person
from ptdv.targets.models import Target

PERSONAS = ["national_admin", "provincial_officer", "clerk", "viewer", "unrelated_officer"]
# Pages for people rather than programs, and the schema: tested in test_tokens.py and test_schema.py.
OUTSIDE_MATRIX = {"api:token_list", "api:token_revoke", "api:schema", "api:docs"}


def api_endpoints() -> set[tuple[str, str]]:
    """(url name, method) for every pattern under the api namespace, from the URL map itself."""
    found: set[tuple[str, str]] = set()

    def walk(patterns: list, namespace: str = "") -> None:
        for item in patterns:
            if isinstance(item, URLResolver):
                walk(item.url_patterns, f"{namespace}{item.namespace}:" if item.namespace else namespace)
            elif (
                isinstance(item, URLPattern)
                and namespace == "api:"
                and f"api:{item.name}" not in OUTSIDE_MATRIX
            ):
                callback = item.callback
                if actions := getattr(callback, "actions", None):
                    methods = [m for m in actions if m != "head"]  # DRF adds HEAD after the first GET
                else:
                    view = callback.view_class  # type: ignore[attr-defined]
                    methods = [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]
                found.update((f"api:{item.name}", method) for method in methods)

    walk(get_resolver().url_patterns)
    return found


def statuses(national: int, provincial: int, clerk: int, viewer: int, unrelated: int) -> dict[str, int]:
    return dict(zip(PERSONAS, [national, provincial, clerk, viewer, unrelated], strict=True))


READ = statuses(200, 200, 200, 200, 404)
LIST = statuses(200, 200, 200, 200, 200)
CREATE = statuses(201, 201, 201, 403, 400)  # out of scope: the organisation named in the body is "not found"
CHANGE = statuses(200, 200, 200, 403, 404)
STEP = statuses(201, 201, 201, 403, 404)
APPROVE_CREATE = statuses(201, 201, 403, 403, 400)
APPROVE_CHANGE = statuses(200, 200, 403, 403, 404)


@dataclasses.dataclass(frozen=True)
class Case:
    url: Callable[[Objects], str]
    expect: dict[str, int]
    body: Callable[[Objects], dict[str, Any]] | None = None
    effect: Callable[[Objects], Any] | None = None  # a reading that changes exactly when the write happens
    listed: Callable[[Objects], int] | None = None  # an id the list shows to those in scope


def _url(name: str, attr: str | None = None) -> Callable[[Objects], str]:
    def build(o: Objects) -> str:
        if attr is None:
            return reverse(name)
        obj = o if attr == "." else getattr(o, attr)
        return reverse(name, args=[(obj.org if attr == "." else obj).pk])

    return build


def _second_candidacy(o: Objects) -> dict[str, Any]:
    other = candidacy_create(
        actor=SYSTEM, person=o.newcomer, organization=o.org, opened_on=dt.date(2025, 1, 7)
    )
    return {"candidacies": [other.pk]}


MATRIX: dict[tuple[str, str], Case] = {
    ("api:organization-list", "get"): Case(_url("api:organization-list"), LIST, listed=lambda o: o.org.pk),
    ("api:organization-detail", "get"): Case(_url("api:organization-detail", "."), READ),
    ("api:person-list", "get"): Case(_url("api:person-list"), LIST, listed=lambda o: o.member.pk),
    ("api:person-list", "post"): Case(
        _url("api:person-list"),
        CREATE,
        body=lambda o: {
            "full_name": "Lê Văn Mới",
            "gender": "M",
            "date_of_birth": "1996-04-02",
            "organization": o.org.pk,
        },
        effect=lambda o: Person.objects.count(),
    ),
    ("api:person-detail", "get"): Case(_url("api:person-detail", "member"), READ),
    ("api:person-detail", "patch"): Case(
        _url("api:person-detail", "member"),
        CHANGE,
        body=lambda o: {"phone": "0912345678"},
        effect=lambda o: Person.objects.get(pk=o.member.pk).phone,
    ),
    ("api:person-reveal-national-id", "post"): Case(
        _url("api:person-reveal-national-id", "member"),
        CHANGE,
        effect=lambda o: AccessRecord.objects.filter(kind=AccessKind.REVEALED_ID).count(),
    ),
    ("api:candidacy-list", "get"): Case(_url("api:candidacy-list"), LIST, listed=lambda o: o.candidacy.pk),
    ("api:candidacy-list", "post"): Case(
        _url("api:candidacy-list"),
        CREATE,
        body=lambda o: {"person": o.newcomer.pk, "organization": o.org.pk, "opened_on": "2025-02-01"},
        effect=lambda o: Candidacy.objects.count(),
    ),
    ("api:candidacy-detail", "get"): Case(_url("api:candidacy-detail", "candidacy"), READ),
    ("api:candidacy-check", "post"): Case(
        _url("api:candidacy-check", "candidacy"),
        statuses(200, 200, 200, 403, 404),
        body=lambda o: {"step": "course", "date": "2025-02-01", "certificate_number": "GCN-1"},
    ),
    ("api:candidacy-advance", "post"): Case(
        _url("api:candidacy-advance", "candidacy"),
        STEP,
        body=lambda o: {"step": "course", "date": "2025-02-01", "certificate_number": "GCN-1"},
        effect=lambda o: CandidacyStep.objects.count(),
    ),
    ("api:course-list", "get"): Case(_url("api:course-list"), LIST, listed=lambda o: o.course.pk),
    ("api:course-list", "post"): Case(
        _url("api:course-list"),
        CREATE,
        body=lambda o: {
            "name": "Lớp mới",
            "organizer": o.org.pk,
            "starts_on": "2025-03-01",
            "ends_on": "2025-03-05",
        },
        effect=lambda o: AwarenessCourse.objects.count(),
    ),
    ("api:course-detail", "get"): Case(_url("api:course-detail", "course"), READ),
    ("api:course-enrol", "post"): Case(
        _url("api:course-enrol", "course"),
        STEP,
        body=_second_candidacy,
        effect=lambda o: CourseEnrolment.objects.count(),
    ),
    ("api:course-complete", "post"): Case(
        _url("api:course-complete", "course"),
        CHANGE,
        body=lambda o: {
            "rows": [
                {"enrolment": o.enrolment.pk, "certificate_number": "GCN-9", "certificate_date": "2025-01-20"}
            ]
        },
        effect=lambda o: CourseEnrolment.objects.filter(completed=True).count(),
    ),
    ("api:target-list", "get"): Case(_url("api:target-list"), LIST, listed=lambda o: o.target.pk),
    ("api:target-list", "post"): Case(
        _url("api:target-list"),
        APPROVE_CREATE,
        body=lambda o: {
            "organization": o.org.pk,
            "year": 2026,
            "minimum": "3",
            "source_document": "NQ số 2-NQ/CB",
        },
        effect=lambda o: Target.objects.count(),
    ),
    ("api:target-detail", "get"): Case(_url("api:target-detail", "target"), READ),
    ("api:target-detail", "patch"): Case(
        _url("api:target-detail", "target"),
        APPROVE_CHANGE,
        body=lambda o: {"minimum": "5"},
        effect=lambda o: Target.objects.get(pk=o.target.pk).minimum,
    ),
    ("api:progress", "get"): Case(
        lambda o: reverse("api:progress") + f"?organization={o.org.pk}&period=2025", READ
    ),
}


def test_every_api_endpoint_and_method_is_in_the_matrix():
    assert api_endpoints() == set(MATRIX), "add the new endpoint to MATRIX (or to OUTSIDE_MATRIX)"


@pytest.fixture
def commune_objects(tree, viewer) -> Objects:
    return objects_in(tree.cell)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: f"{key[0]}-{key[1]}")
def test_answers_by_scope_and_right_and_writes_only_when_allowed(request, commune_objects, key, persona):
    case, objects = MATRIX[key], commune_objects
    user = request.getfixturevalue(persona)
    body = case.body(objects) if case.body else None
    before = case.effect(objects) if case.effect else None
    response = getattr(client_for(user), key[1])(case.url(objects), body, format="json")
    expected = case.expect[persona]
    assert response.status_code == expected, (key, persona, response.content[:400])
    data = response.json()
    if expected >= 400:
        assert data["detail"] and data["code"], data  # the one error shape, with a Vietnamese reason
    if case.effect is not None:
        changed = case.effect(objects) != before
        assert changed is (expected < 300), f"{key} by {persona}: write happened={changed}"
    if case.listed is not None:
        ids = [row["id"] for row in data["results"]]
        assert (case.listed(objects) in ids) is (persona != "unrelated_officer"), (key, persona)
