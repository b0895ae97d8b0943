"""Reads of personal data leave a trace: the full national ID only for those who may change the record."""

import pytest
from django.core.exceptions import PermissionDenied

from ptdv.access.roles import Role
from ptdv.audit.context import request_context
from ptdv.audit.models import AccessKind, AccessRecord
from ptdv.common.testing.factories import make_person, make_user
from ptdv.people.privacy import national_id_reveal, person_record_viewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tree):
    return make_person(tree.cell, full_name="Lê Thị Hoa")


def test_a_clerk_gets_the_full_national_id_and_the_reveal_is_recorded(clerk, person):
    with request_context("yeu-cau-1"):
        value = national_id_reveal(actor=clerk, person=person, channel="api")

    assert value == person.national_id and len(value) == 12
    record = AccessRecord.objects.get()
    assert (record.kind, record.actor, record.organization, record.channel) == (
        AccessKind.REVEALED_ID,
        clerk,
        person.organization,
        "api",
    )
    assert (record.target_type, record.target_id, record.target_repr) == (
        "people.person",
        str(person.pk),
        "Lê Thị Hoa",
    )
    assert record.request_id == "yeu-cau-1"


def test_a_viewer_is_refused_the_full_national_id_and_nothing_is_recorded(tree, person):
    viewer = make_user(org=tree.commune, role=Role.VIEWER)
    with pytest.raises(PermissionDenied, match="số CCCD đầy đủ"):
        national_id_reveal(actor=viewer, person=person)
    assert not AccessRecord.objects.exists()


def test_an_officer_of_another_commune_is_refused(unrelated_officer, person):
    with pytest.raises(PermissionDenied):
        national_id_reveal(actor=unrelated_officer, person=person)


def test_a_person_without_a_national_id_reveals_an_empty_string_and_is_still_recorded(tree, clerk):
    person = make_person(tree.cell, with_id=False)
    assert national_id_reveal(actor=clerk, person=person) == ""
    assert AccessRecord.objects.filter(kind=AccessKind.REVEALED_ID).count() == 1


def test_opening_a_record_is_recorded_on_the_web_channel_by_default(clerk, person):
    person_record_viewed(actor=clerk, person=person)
    record = AccessRecord.objects.get()
    assert (record.kind, record.actor, record.channel, record.target_id) == (
        AccessKind.VIEWED,
        clerk,
        "web",
        str(person.pk),
    )
