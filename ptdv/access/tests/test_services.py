"""Writes to accounts and grants, audited like every other write."""

import pytest
from django.core.exceptions import ValidationError

from ptdv.access.models import Grant, User
from ptdv.access.roles import Action, Role
from ptdv.access.scoping import can
from ptdv.access.services import grant_create, grant_revoke, user_create
from ptdv.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


class TestUserCreate:
    def test_creates_an_account_with_a_hashed_password_and_no_grants(self, tree, national_admin):
        user = user_create(
            actor=national_admin, username="canbo1", password="mat-khau-dai-1", first_name="Lan"
        )
        assert user.check_password("mat-khau-dai-1")
        assert user.password != "mat-khau-dai-1"
        assert not user.grants.exists()
        assert not can(user, Action.VIEW, tree.cell)
        event = AuditEvent.objects.get(code="user.created", target_id=str(user.pk))
        assert event.actor == national_admin
        assert (event.after["username"], event.after["is_superuser"]) == ("canbo1", False)
        assert "password" not in event.after
        assert "mat-khau" not in str(event.after)

    def test_refuses_a_username_already_taken(self, tree, national_admin):
        user_create(actor=national_admin, username="canbo1", password="mat-khau-dai-1")
        before = (User.objects.count(), AuditEvent.objects.count())
        with pytest.raises(ValidationError) as error:
            user_create(actor=national_admin, username="canbo1", password="mat-khau-dai-2")
        assert error.value.message_dict == {"username": ["Tên đăng nhập “canbo1” đã được dùng."]}
        assert (User.objects.count(), AuditEvent.objects.count()) == before


class TestGrants:
    def test_a_grant_opens_the_subtree_and_is_audited(self, tree, national_admin):
        user = user_create(actor=national_admin, username="canbo1", password="mat-khau-dai-1")
        grant = grant_create(actor=national_admin, user=user, organization=tree.commune, role=Role.CLERK)
        user = User.objects.get(pk=user.pk)
        assert can(user, Action.CHANGE, tree.cell)
        event = AuditEvent.objects.get(code="grant.created", target_id=str(grant.pk))
        assert (event.organization, event.actor) == (tree.commune, national_admin)
        assert (event.after["user"], event.after["role"]) == ("canbo1", "clerk")

    def test_revoking_closes_the_subtree_and_keeps_what_it_was_in_the_audit(
        self, tree, national_admin, clerk
    ):
        grant = clerk.grants.get()
        grant_pk = grant.pk
        grant_revoke(actor=national_admin, grant=grant)
        assert not Grant.objects.filter(pk=grant_pk).exists()
        assert not can(User.objects.get(pk=clerk.pk), Action.VIEW, tree.cell)
        event = AuditEvent.objects.get(code="grant.revoked")
        assert (event.before["user"], event.before["role"]) == ("nhaplieu", "clerk")
        assert (event.target_id, event.organization, event.actor) == (
            str(grant_pk),
            tree.commune,
            national_admin,
        )
