"""`manage.py import_all FILE [--replace]`: restore a backup made by export_all, all or nothing."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime
from django.utils.timezone import localtime

from ptdv.common.formatting import vn_number
from ptdv.spreadsheets.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục dữ liệu từ tệp .zip do export_all tạo vào cơ sở dữ liệu trống "
        "(hoặc thay toàn bộ dữ liệu hiện có với --replace)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .zip do export_all tạo")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Xóa toàn bộ dữ liệu hiện có rồi khôi phục (mặc định: từ chối nếu đã có dữ liệu).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        progress = self.stdout.write if options["verbosity"] >= 2 else None
        try:
            result = backup_restore(options["file"], replace=options["replace"], progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Không đọc hoặc ghi được tệp: {error}") from error
        for warning in result["warnings"]:
            self.stderr.write(self.style.WARNING(warning))
        if options["verbosity"] < 1:
            return
        created = parse_datetime(result["created_at"])
        when = f" (sao lưu lúc {localtime(created):%H:%M %d/%m/%Y})" if created else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {vn_number(result['rows'])} bản ghi của {vn_number(result['tables'])} bảng "
                f"và {vn_number(result['media_files'])} tệp từ {options['file']}{when} "
                f"trong {vn_number(time.perf_counter() - started, 1)} giây."
            )
        )
        replaced = "Dữ liệu cũ đã được thay thế. " if result["replaced"] else ""
        self.stdout.write(f"{replaced}Các phiên đăng nhập cũ đã hết hiệu lực: mọi người cần đăng nhập lại.")
