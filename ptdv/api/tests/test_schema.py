"""The OpenAPI schema: valid, behind authentication, honoured by every answer (schemathesis), docs CSP-clean."""

import os
import re
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ptdv.api.testing.data import Objects, objects_in
from ptdv.api.tests.conftest import key_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Small and reproducible in CI; API_FUZZ_EXAMPLES=200 API_FUZZ_RANDOM=1 for a long hunt on a workstation.
# Invalid input is generated too (it must never cause a 5xx or an undocumented answer); an empty
# query value still means "not given", as for the pages, so schemathesis' negative_data_rejection is
# not among the checks.
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))
DERANDOMIZE = not os.environ.get("API_FUZZ_RANDOM")


def test_the_generated_schema_is_valid_openapi_3():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.") and len(schema["paths"]) >= 10


def test_the_schema_needs_a_key_or_a_session(client, provincial_officer):
    assert client.get(reverse("api:schema"), HTTP_AUTHORIZATION="Bearer sai").status_code == 401
    client.force_login(provincial_officer)
    assert client.get(reverse("api:schema")).status_code == 200


def test_the_docs_page_loads_only_local_scripts_and_no_inline_code(client, provincial_officer):
    client.force_login(provincial_officer)
    html = client.get(reverse("api:docs")).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    assert "<style" not in html and "style=" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "every asset is served from this site"
    script_url = re.findall(r'<script src="([^"]+)"', html)[-1].replace("&amp;", "&")
    init = client.get(script_url)
    assert init.status_code == 200 and init["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in init.content.decode()


def _known_ids(objects: list[Objects]) -> dict[str, list[int]]:
    """Ids that exist, per collection, so that generated paths reach real objects most of the time."""
    return {
        "organizations": [o.org.pk for o in objects],
        "people": [p.pk for o in objects for p in (o.member, o.newcomer)],
        "candidacies": [o.candidacy.pk for o in objects],
        "courses": [o.course.pk for o in objects],
        "targets": [o.target.pk for o in objects],
    }


def _with_real_ids(operation: Any, known: dict[str, list[int]]) -> Any:
    strategy = st.one_of(operation.as_strategy(), operation.as_strategy(GenerationMode.NEGATIVE))
    ids = known.get(operation.path.strip("/").split("/")[1], [])
    if "{id}" not in operation.path or not ids:
        return strategy

    def use(case: Any, real: int | None) -> Any:
        if real is not None:
            case.path_parameters["id"] = real
        return case

    # Mostly a real id, sometimes the generated one (which then is "not found").
    return st.builds(use, strategy, st.one_of(st.sampled_from(ids), st.sampled_from(ids), st.none()))


@pytest.fixture
def wsgi_app():
    """The project as a WSGI app, in this test's transaction (as the test client keeps it)."""
    # A real request ends by closing the database connection, which would end the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_answer_matches_the_schema_and_none_is_a_server_error(tree, provincial_officer, wsgi_app):
    known = _known_ids([objects_in(tree.cell), objects_in(tree.other_cell)])
    auth = {"Authorization": f"Bearer {key_for(provincial_officer)}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, headers=auth)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    answered: Counter[tuple[str, int]] = Counter()
    for operation in operations:

        @given(case=_with_real_ids(operation, known))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=DERANDOMIZE,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case) -> None:
            response = case.call_and_validate(headers=auth, checks=CHECKS)
            answered[(f"{case.method} {case.path}", response.status_code)] += 1

        exercise()
    # The run reached real objects: every read answered 200 at least once.
    reads = {f"{op.method.upper()} {op.path}" for op in operations if op.method.upper() == "GET"}
    assert reads <= {label for label, status in answered if status == 200}, sorted(answered.items())
