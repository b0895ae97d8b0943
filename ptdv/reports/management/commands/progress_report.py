"""`manage.py progress_report --org CODE --period 2020-2025`: the progress figures as text or JSON."""

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptdv.organizations.models import Organization
from ptdv.reports.narrative import report_text
from ptdv.reports.progress import progress_for
from ptdv.reports.selectors import parse_date
from ptdv.reports.serialize import plain
from ptdv.targets.selectors import category_from_key, period_from_key


def _date(text: str) -> dt.date:
    if (day := parse_date(text)) is None:
        raise CommandError(f"Ngày “{text}” không đúng dạng dd/mm/yyyy.")
    return day


class Command(BaseCommand):
    help = "In số liệu phát triển đảng viên của một tổ chức đảng trong một kỳ (văn bản hoặc JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Mã tổ chức đảng")
        parser.add_argument(
            "--period", required=True, help="Nhiệm kỳ (2020-2025), năm (2024) hoặc khoảng năm"
        )
        parser.add_argument("--category", default="", help="Mã đối tượng (xem trang Chỉ tiêu › Đối tượng)")
        parser.add_argument("--as-of", default="", help="Tính đến ngày (dd/mm/yyyy); mặc định hôm nay")
        parser.add_argument("--decimals", type=int, default=2, help="Số chữ số thập phân của tỷ lệ đạt")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(code__iexact=options["org"].strip()).first()
        if org is None:
            raise CommandError(f"Không có tổ chức đảng mã “{options['org']}”.")
        try:
            period = period_from_key(options["period"])
            category = category_from_key(options["category"] or None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not 0 <= options["decimals"] <= 4:
            raise CommandError("Số chữ số thập phân phải từ 0 đến 4.")
        as_of = _date(options["as_of"]) if options["as_of"] else None
        progress = progress_for(
            org=org, period=period, as_of=as_of, category=category, decimals=options["decimals"]
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(plain(progress), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report_text(progress))
