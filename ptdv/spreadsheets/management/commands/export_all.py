"""`manage.py export_all FILE`: every data table and every uploaded file in one checked .zip."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptdv.common.formatting import vn_number
from ptdv.spreadsheets.backup import BackupError, backup_write, row_count


class Command(BaseCommand):
    help = "Sao lưu toàn bộ dữ liệu (mọi bảng và các tệp đã tải lên) vào một tệp .zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .zip cần ghi (ghi đè nếu đã có)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        progress = self.stdout.write if options["verbosity"] >= 2 else None
        try:
            manifest = backup_write(options["file"], progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Không ghi được bản sao lưu: {error}") from error
        if options["verbosity"] < 1:  # -v 0: silent unless something goes wrong (cron mails only errors)
            return
        kib = Path(options["file"]).stat().st_size / 1024
        size = f"{vn_number(kib / 1024, 1)} MB" if kib >= 1024 else f"{vn_number(max(kib, 1))} KB"
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {vn_number(row_count(manifest))} bản ghi của {vn_number(len(manifest['models']))} "
                f"bảng và {vn_number(manifest['media']['files'])} tệp vào {options['file']} ({size}) "
                f"trong {vn_number(time.perf_counter() - started, 1)} giây."
            )
        )
