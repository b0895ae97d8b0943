"""API fixtures: a viewer and a clerk of the first commune, keys for any persona, a key-bearing client."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from ptdv.access.roles import Role
from ptdv.api.services import api_token_create
from ptdv.common.testing.factories import make_user


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counters live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def viewer(tree):
    """May see the first commune's subtree, change nothing."""
    return make_user("nguoixem", org=tree.commune, role=Role.VIEWER)


@pytest.fixture
def api_clerk(tree):
    """May enter data in the first commune's subtree, approve nothing."""
    return make_user("canbonhap", org=tree.commune, role=Role.CLERK)


def key_for(user) -> str:
    return api_token_create(actor=user, name="Khóa thử").key


def client_for(user) -> APIClient:
    """A client that presents a fresh key of `user`, as a program would."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key_for(user)}")
    return client
