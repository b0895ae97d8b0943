"""Shared fixtures: a small tree and the three personas every access test uses."""

import dataclasses

import pytest

from ptdv.access.roles import Role
from ptdv.common.testing.factories import SYSTEM, make_org, make_user
from ptdv.organizations.models import Organization, OrgKind, Sector


@dataclasses.dataclass
class Tree:
    root: Organization
    province: Organization
    commune: Organization
    grassroots: Organization
    cell: Organization
    other_commune: Organization
    other_cell: Organization


def _empties_the_database(item: pytest.Item) -> bool:
    """A transactional test (as pytest-django orders them): the database is emptied after it."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _uses_the_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or "db" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A file holds tests that empty the database or tests that need its data, never both: `make test`
    sends whole files to its processes in pytest-django's order (see the Makefile), and a file of both
    would empty the database of the process before the other files it runs."""
    kinds: dict[str, set[bool]] = {}
    for item in items:
        if _uses_the_database(item):
            kinds.setdefault(item.location[0], set()).add(_empties_the_database(item))
    mixed = sorted(path for path, seen in kinds.items() if len(seen) > 1)
    if mixed:
        raise pytest.UsageError(
            "Transactional tests must be in files of their own (they empty the database): " + ", ".join(mixed)
        )


@pytest.fixture
def system():
    return SYSTEM


@pytest.fixture
def tree(db) -> Tree:
    root = make_org(None, kind=OrgKind.CENTRAL, name="Trung ương (thử)")
    province = make_org(root, kind=OrgKind.PROVINCE, name="Đảng bộ tỉnh Thử")
    commune = make_org(province, kind=OrgKind.COMMUNE, name="Đảng bộ xã An Bình", sector=Sector.COMMUNE_WARD)
    grassroots = make_org(
        commune,
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        name="Đảng bộ Trường THPT An Bình",
        sector=Sector.EDUCATION,
    )
    cell = make_org(grassroots, kind=OrgKind.CELL, name="Chi bộ Tổ Toán")
    other_commune = make_org(
        province, kind=OrgKind.COMMUNE, name="Đảng bộ xã Phú Điền", sector=Sector.COMMUNE_WARD
    )
    other_cell = make_org(other_commune, kind=OrgKind.CELL, name="Chi bộ ấp Phú Lợi")
    return Tree(root, province, commune, grassroots, cell, other_commune, other_cell)


@pytest.fixture
def national_admin(tree):
    return make_user("quantri", org=tree.root, role=Role.NATIONAL_ADMIN)


@pytest.fixture
def provincial_officer(tree):
    return make_user("tinh", org=tree.province, role=Role.ORG_ADMIN)


@pytest.fixture
def unrelated_officer(tree):
    """An officer of the other commune: must see nothing of the first one."""
    return make_user("xakhac", org=tree.other_commune, role=Role.ORG_ADMIN)


@pytest.fixture
def clerk(tree):
    return make_user("nhaplieu", org=tree.commune, role=Role.CLERK)


def verified_device(user):
    """The confirmed authenticator of `user`, created if needed (tests sign in with both factors)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Điện thoại thử", confirmed=True)


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(request, monkeypatch):
    """client.force_login(admin) stands for "signed in with password and TOTP code".

    Admin roles need a verified second factor on every page; tests that are not about it would
    otherwise all land on the enrolment page. Tests of the real flow use @pytest.mark.real_second_factor.
    """
    if request.node.get_closest_marker("real_second_factor"):
        return
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from ptdv.access.second_factor import requires_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if requires_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Password hashing is deliberately slow; tests do not need it to be."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (snapshots keyed by ids a rolled-back test may reuse)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_immediately():
    """Background tasks run in-process during tests (Huey's immediate mode)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing Chromium skips locally but fails in CI."""
    import os
    import shutil

    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        message = "Chromium (/usr/bin/chromium) is not installed: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base_url = live_server.url  # type: ignore[attr-defined]
    yield tab
    context.close()
