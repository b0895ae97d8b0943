"""manage.py tallies_rebuild: recompute the pre-aggregated figures from the raw tables."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from ptdv.tallies.services import rebuild


class Command(BaseCommand):
    help = "Tính lại số liệu tổng hợp sẵn (Trung ương, các tỉnh) từ dữ liệu gốc."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = rebuild()
        self.stdout.write(
            f"Đã tính lại số liệu tổng hợp của {count} tổ chức trong {time.monotonic() - started:.1f} giây."
        )
