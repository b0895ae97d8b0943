"""The one place that decides which organisations a user may act on, and .restrict() built on it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from ptdv.access.models import User
from ptdv.access.roles import Action, Role
from ptdv.access.scoping import can, scope_paths, scope_q, visible_org_ids
from ptdv.access.services import grant_create
from ptdv.common.testing.factories import SYSTEM, make_org, make_person, make_user
from ptdv.organizations.models import Organization, OrgKind
from ptdv.people.models import Person

pytestmark = pytest.mark.django_db


def _visible(user, action=Action.VIEW) -> set[int]:
    return set(Organization.objects.filter(pk__in=visible_org_ids(user, action)).values_list("pk", flat=True))


def _pks(*orgs) -> set[int]:
    return {org.pk for org in orgs}


class TestPersonas:
    def test_national_admin_sees_and_changes_everything(self, tree, national_admin):
        everything = set(Organization.objects.values_list("pk", flat=True))
        assert _visible(national_admin) == _visible(national_admin, Action.CHANGE) == everything
        assert can(national_admin, Action.ADMIN, tree.other_cell)

    def test_provincial_officer_sees_the_province_subtree_only(self, tree, provincial_officer):
        assert _visible(provincial_officer) == _pks(
            tree.province, tree.commune, tree.grassroots, tree.cell, tree.other_commune, tree.other_cell
        )
        assert can(provincial_officer, Action.CHANGE, tree.cell)
        assert not can(provincial_officer, Action.VIEW, tree.root)

    def test_unrelated_officer_sees_only_the_other_commune(self, tree, unrelated_officer):
        assert _visible(unrelated_officer) == _pks(tree.other_commune, tree.other_cell)
        assert not can(unrelated_officer, Action.VIEW, tree.commune)
        assert not can(unrelated_officer, Action.VIEW, tree.cell)
        assert not can(unrelated_officer, Action.VIEW, tree.province)

    def test_clerk_changes_data_but_may_not_approve_or_administer(self, tree, clerk):
        assert can(clerk, Action.CHANGE, tree.cell)
        assert not can(clerk, Action.APPROVE, tree.cell)
        assert not can(clerk, Action.ADMIN, tree.commune)
        assert _visible(clerk, Action.ADMIN) == set()


class TestRoles:
    def test_a_viewer_may_look_but_not_change(self, tree):
        viewer = make_user(org=tree.commune, role=Role.VIEWER)
        assert can(viewer, Action.VIEW, tree.cell)
        assert not can(viewer, Action.CHANGE, tree.cell)
        assert _visible(viewer, Action.CHANGE) == set()

    def test_a_superuser_without_grants_sees_everything(self, tree):
        admin = make_user(superuser=True)
        assert scope_paths(admin, Action.ADMIN) is None
        assert _visible(admin) == set(Organization.objects.values_list("pk", flat=True))
        assert can(admin, Action.ADMIN, tree.other_cell)

    def test_an_inactive_user_sees_nothing_whatever_their_grants(self, tree, national_admin):
        national_admin.is_active = False
        national_admin.save(update_fields=["is_active"])
        user = User.objects.get(pk=national_admin.pk)
        assert _visible(user) == set()
        assert not can(user, Action.VIEW, tree.cell)

    def test_an_anonymous_user_sees_nothing(self, tree):
        make_person(tree.cell)
        anonymous = AnonymousUser()
        assert scope_paths(anonymous, Action.VIEW) == []
        assert _visible(anonymous) == set()
        assert not can(anonymous, Action.VIEW, tree.root)
        assert not Person.objects.restrict(anonymous).exists()

    def test_a_user_without_grants_sees_nothing(self, tree):
        assert _visible(make_user()) == set()

    def test_grants_on_two_branches_add_up(self, tree):
        user = make_user(org=tree.cell, role=Role.CLERK)
        grant_create(actor=SYSTEM, user=user, organization=tree.other_cell, role=Role.VIEWER)
        user = User.objects.get(pk=user.pk)
        assert _visible(user) == _pks(tree.cell, tree.other_cell)
        assert _visible(user, Action.CHANGE) == _pks(tree.cell)


class TestScopePaths:
    def test_nested_grants_collapse_to_the_outer_path(self, tree):
        user = make_user(org=tree.cell, role=Role.CLERK)
        grant_create(actor=SYSTEM, user=user, organization=tree.province, role=Role.VIEWER)
        grant_create(actor=SYSTEM, user=user, organization=tree.commune, role=Role.CLERK)
        user = User.objects.get(pk=user.pk)
        assert scope_paths(user, Action.VIEW) == [tree.province.path]
        assert scope_paths(user, Action.CHANGE) == [tree.commune.path]

    def test_are_computed_once_per_user_object_for_every_action(
        self, tree, provincial_officer, django_assert_num_queries
    ):
        user = User.objects.get(pk=provincial_officer.pk)
        with django_assert_num_queries(1):
            scope_paths(user, Action.VIEW)
            scope_paths(user, Action.VIEW)
            can(user, Action.VIEW, tree.cell)
            can(user, Action.VIEW, tree.other_cell)
        with django_assert_num_queries(0):
            can(user, Action.ADMIN, tree.cell)
            can(user, Action.ADMIN, tree.commune)

    def test_a_fresh_user_object_asks_again(self, provincial_officer, django_assert_num_queries):
        scope_paths(provincial_officer, Action.VIEW)
        user = User.objects.get(pk=provincial_officer.pk)
        with django_assert_num_queries(1):
            scope_paths(user, Action.VIEW)


class TestRestrict:
    def test_cuts_people_down_to_the_users_subtrees(self, tree, provincial_officer, unrelated_officer):
        here = make_person(tree.cell)
        there = make_person(tree.other_cell)
        assert set(Person.objects.restrict(provincial_officer)) == {here, there}
        assert list(Person.objects.restrict(unrelated_officer)) == [there]
        assert not Person.objects.restrict(unrelated_officer, Action.CHANGE).filter(pk=here.pk).exists()

    def test_cuts_organisations_down_by_their_own_path(self, tree, unrelated_officer):
        assert set(Organization.objects.restrict(unrelated_officer)) == {tree.other_commune, tree.other_cell}

    def test_is_a_single_query_with_the_scope_inlined(self, tree, clerk, django_assert_num_queries):
        make_person(tree.cell)
        user = User.objects.get(pk=clerk.pk)
        scope_paths(user, Action.VIEW)
        with django_assert_num_queries(1):
            assert len(list(Person.objects.restrict(user))) == 1


class TestAGrantOnEveryRoot:
    def test_a_grant_on_the_only_root_needs_no_join_with_the_organisations(
        self, tree, national_admin, provincial_officer
    ):
        everyone = Person.objects.restrict(national_admin)

        assert "organizations_organization" not in str(everyone.query)
        assert "organizations_organization" in str(Person.objects.restrict(provincial_officer).query)
        assert scope_q(national_admin, Action.VIEW, "path") == Q(pk__isnull=False)

    def test_or_ed_with_another_condition_the_national_scope_still_keeps_everything(
        self, tree, national_admin
    ):
        condition = scope_q(national_admin, Action.VIEW, "path") | Q(pk__in=[])
        assert Organization.objects.filter(condition).count() == Organization.objects.count()

    def test_with_a_second_root_the_national_grant_is_a_subtree_again(self, tree):
        other_root = make_org(None, kind=OrgKind.CENTRAL, name="Một cây khác")
        admin = make_user("quantri2", org=tree.root, role=Role.NATIONAL_ADMIN)

        assert scope_q(admin, Action.VIEW, "path") != Q(pk__isnull=False)
        assert other_root.pk not in _visible(admin)
        assert tree.other_cell.pk in _visible(admin)
