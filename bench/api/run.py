#!/usr/bin/env python
"""Latency of API and page requests on the demo database, with the security middleware in place.

    make run            # once: creates var/ptdv.sqlite3 with the demo (or use DATABASE_URL)
    .venv/bin/python bench/api/run.py [--repeat 30]

In-process (Django's test client, no network), one request at a time: p50/p95 in ms and SQL
statements per request. The demo account `tinh` (provincial admin) is used with an API key for the
API and a session verified by its second factor for the pages, so every guard runs as in production.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from ptdv.access.models import User  # noqa: E402
from ptdv.api.services import api_token_create, api_token_revoke  # noqa: E402
from ptdv.organizations.models import Organization, OrgKind  # noqa: E402


def measure(client: Client, url: str, repeat: int, **headers: str) -> tuple[float, float, int, int]:
    """(p50 ms, p95 ms, statements of the last request, status) over `repeat` requests after a warm-up."""
    client.get(url, **headers)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return statistics.median(times), p95, len(queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    user = User.objects.get(username="tinh")
    province = Organization.objects.filter(kind=OrgKind.PROVINCE).order_by("pk").first()
    made = api_token_create(actor=user, name="bench/api", days=1)
    api = {"HTTP_AUTHORIZATION": f"Bearer {made.key}"}
    pages = Client()
    pages.force_login(user)
    session = pages.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session.save()

    rows = [
        ("API people, 50 per page", Client(), "/api/people/", api),
        ("API people, 200 per page", Client(), "/api/people/?page_size=200", api),
        ("API people search 'nguyen van'", Client(), "/api/people/?q=nguyen+van", api),
        ("API candidacies", Client(), "/api/candidacies/", api),
        ("API progress of the province", Client(), f"/api/progress/?organization={province.pk}", api),
        ("Page: people list", pages, "/nhan-su/", {}),
        ("Page: audit trail", pages, "/nhat-ky/", {}),
        ("Page: access log", pages, "/nhat-ky/truy-cap/", {}),
    ]
    print(f"Database: {connection.vendor}; {args.repeat} requests each after one warm-up\n")
    print("| Request | p50 ms | p95 ms | SQL statements | Status |")
    print("|---|---:|---:|---:|---:|")
    for label, client, url, headers in rows:
        p50, p95, statements, status = measure(client, url, args.repeat, **headers)
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {statements} | {status} |")
    api_token_revoke(actor=user, token=made.token)


if __name__ == "__main__":
    main()
