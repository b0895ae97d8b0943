"""`manage.py seed_demo --seed N`: a deterministic demo province, written through the services."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count

from ptdv.access.models import User
from ptdv.audit.context import request_context
from ptdv.demo import seeding
from ptdv.demo.second_factor import DEMO_KEY_BASE32, demo_devices
from ptdv.organizations.models import Organization, OrgKind
from ptdv.people.models import MembershipStatus, Person
from ptdv.tallies.services import rebuild as tallies_rebuild

MSG_NOT_EMPTY = "Cơ sở dữ liệu đã có tổ chức đảng; dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu trống (dùng --if-empty để bỏ qua)."
MSG_SKIPPED = "Cơ sở dữ liệu đã có dữ liệu, không tạo dữ liệu mẫu."
MSG_USERS_TAKEN = "Đã có tài khoản {names}; hãy dùng cơ sở dữ liệu trống."
MSG_SECOND_FACTOR = (
    "Tài khoản quản trị ({names}) đăng nhập bằng mật khẩu và mã xác thực hai bước: thêm khóa {key} vào "
    "ứng dụng xác thực trên điện thoại, hoặc lấy mã hiện tại bằng lệnh `.venv/bin/python manage.py demo_code`."
)
MSG_PEOPLE_POSITIVE = "Số người phải là số nguyên dương."


def number(value: float, decimals: int = 0) -> str:
    """A number the Vietnamese way: dot between thousands, comma before decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Lines of a plain text table with columns padded to their widest cell."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *[line(row) for row in rows]]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (một tỉnh sau sắp xếp 2025, đảng viên, tài khoản) — kết quả giống nhau với cùng --seed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")
        parser.add_argument("--people", type=int, default=3000, help="Số người cần tạo (mặc định 3000).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Không làm gì nếu cơ sở dữ liệu đã có tổ chức đảng."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Refuse or skip a non-empty database, then seed in one transaction under one request id."""
        if Organization.objects.exists():
            if options["if_empty"]:
                self.stdout.write(MSG_SKIPPED)
                if accounts := seeding.existing_accounts():
                    self.accounts(accounts, f"Tài khoản mẫu (mật khẩu ban đầu: {seeding.PASSWORD})")
                return
            raise CommandError(MSG_NOT_EMPTY)
        if options["people"] < 1:
            raise CommandError(MSG_PEOPLE_POSITIVE)
        taken = sorted(User.objects.filter(username__in=seeding.USERNAMES).values_list("username", flat=True))
        if taken:
            raise CommandError(MSG_USERS_TAKEN.format(names=", ".join(taken)))
        started = time.perf_counter()
        quiet = options["verbosity"] < 1
        with request_context(), transaction.atomic():
            result = seeding.seed(
                seed=options["seed"],
                people=options["people"],
                progress=(lambda _: None) if quiet else self.stdout.write,
            )
        # The seeding's tree changes (the 2025 mergers) left the pre-aggregated figures to a rebuild
        # queued for the worker; do it now so the demo's dashboards read them from the first page.
        tallies_rebuild()
        elapsed = time.perf_counter() - started
        self.report(result, options["seed"], elapsed)

    def report(self, result: seeding.Result, seed: int, elapsed: float) -> None:
        """Counts by kind and status, then the demo accounts."""
        out = self.stdout.write
        out(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu mẫu (--seed {seed}) trong {number(elapsed, 1)} giây: {number(result.people)} người, "
                f"{number(result.events)} sự kiện đảng tịch (tính đến ngày {result.cutoff:%d/%m/%Y})."
            )
        )
        active = dict(Organization.objects.current().values_list("kind").annotate(n=Count("id")))
        total = dict(Organization.objects.values_list("kind").annotate(n=Count("id")))
        rows = [
            [kind.label, number(active.get(kind, 0)), number(total.get(kind, 0))]
            for kind in OrgKind
            if total.get(kind)
        ]
        out("")
        for line in table(["Loại tổ chức", "Đang hoạt động", "Tổng (cả đã giải thể)"], rows):
            out(line)
        statuses = dict(Person.objects.values_list("status").annotate(n=Count("id")))
        out("")
        for line in table(
            ["Tình trạng", "Số người"],
            [[s.label, number(statuses.get(s, 0))] for s in MembershipStatus if statuses.get(s)],
        ):
            out(line)
        out("")
        self.accounts(result.accounts, f"Tài khoản mẫu (mật khẩu chung: {seeding.PASSWORD})")

    def accounts(self, accounts: list[seeding.Account], title: str) -> None:
        """The demo accounts as a table under `title`, and how their admins pass the second factor."""
        self.stdout.write(self.style.MIGRATE_HEADING(title))
        if names := [device.user.username for device in demo_devices()]:
            self.stdout.write(MSG_SECOND_FACTOR.format(names=", ".join(names), key=DEMO_KEY_BASE32))
        rows = [[a.username, a.full_name, a.role, a.organization] for a in accounts]
        for line in table(["Tên đăng nhập", "Họ và tên", "Vai trò", "Tổ chức"], rows):
            self.stdout.write(line)
