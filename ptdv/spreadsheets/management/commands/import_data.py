"""`manage.py import_data FILE [--org CODE] [--dry-run] [--format text|json]`: import a spreadsheet."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptdv.access.models import User
from ptdv.common.formatting import vn_number
from ptdv.organizations.models import Organization
from ptdv.spreadsheets.kinds import KINDS
from ptdv.spreadsheets.models import ImportJob, ImportStatus, RowOutcome, RowStatus
from ptdv.spreadsheets.services import SystemActor, guess_kind, import_run
from ptdv.spreadsheets.workbooks import rejected_rows, rejected_workbook

SHOWN_ROWS = 50


class Command(BaseCommand):
    help = "Nhập tổ chức đảng, nhân sự, lịch sử kết nạp hoặc chỉ tiêu từ tệp .xlsx, .xls, .csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp .xlsx, .xls hoặc .csv")
        parser.add_argument("--org", default="", help="Mã tổ chức đảng nhận dữ liệu (mặc định: tổ chức gốc)")
        parser.add_argument(
            "--kind", choices=sorted(KINDS), default="", help="Loại dữ liệu (mặc định: đoán theo tiêu đề cột)"
        )
        parser.add_argument(
            "--user", default="", help="Tên đăng nhập người nhập (mặc định: hệ thống, toàn quyền)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chạy thử: kiểm tra và thử ghi rồi hoàn tác, không lưu gì"
        )
        parser.add_argument("--rejected", default="", help="Ghi các dòng không nhập được ra tệp .xlsx này")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        org = self._org(options["org"])
        actor = self._actor(options["user"])
        kind = options["kind"] or guess_kind(path, path.name)
        if kind is None:
            raise CommandError(
                "Không nhận ra loại dữ liệu từ tiêu đề cột; hãy ghi --kind (organizations, people, admissions, targets)."
            )
        try:
            job = import_run(actor=actor, kind=kind, organization=org, path=path, dry_run=options["dry_run"])
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from exc
        if options["rejected"] and job.status in (ImportStatus.READY, ImportStatus.DONE):
            Path(options["rejected"]).write_bytes(rejected_workbook(job))
        result = self._result(job, options["dry_run"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self._text(job, result))
        if job.status == ImportStatus.FAILED or job.status == ImportStatus.NEEDS_MAPPING:
            raise CommandError(job.message)

    def _org(self, code: str) -> Organization:
        if code:
            org = Organization.objects.filter(code__iexact=code.strip()).first()
            if org is None:
                raise CommandError(f"Không có tổ chức đảng mã “{code}”.")
            return org
        roots = list(Organization.objects.filter(parent__isnull=True)[:2])
        if len(roots) != 1:
            raise CommandError("Hãy ghi --org (mã tổ chức đảng nhận dữ liệu).")
        return roots[0]

    def _actor(self, username: str) -> Any:
        if not username:
            return SystemActor()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        return user

    def _result(self, job: ImportJob, dry_run: bool) -> dict[str, Any]:
        rows = []
        field = "dry_outcome" if dry_run else "outcome"
        for row in job.rows.order_by("number"):
            outcome = getattr(row, field)
            message = row.dry_message if dry_run else row.outcome_message
            rows.append(
                {
                    "row": row.number,
                    "status": row.status,
                    "outcome": outcome,
                    "errors": row.errors,
                    "warnings": row.warnings,
                    "message": message,
                    "summary": row.summary,
                }
            )
        counts = {o: sum(1 for r in rows if r["outcome"] == o) for o in RowOutcome.values if o}
        return {
            "import": job.pk,
            "file": job.original_name,
            "kind": job.kind,
            "organization": job.organization.code,
            "status": job.status,
            "message": job.message,
            "notes": job.notes,
            "dry_run": dry_run,
            "rows": job.total_rows,
            "valid": job.valid_rows,
            "warnings": job.warning_rows,
            "errors": job.error_rows,
            "outcomes": counts,
            "rejected_rows": rejected_rows(job).count() if job.status != ImportStatus.FAILED else 0,
            "row_details": rows,
            "audit_request_id": job.request_id,
        }

    def _text(self, job: ImportJob, result: dict[str, Any]) -> str:
        n = vn_number
        lines = [f"Tệp “{job.original_name}” — {job.get_kind_display()} — nhập cho {job.organization.name}"]
        if job.status in (ImportStatus.FAILED, ImportStatus.NEEDS_MAPPING):
            return "\n".join([*lines, job.message, *job.notes])
        lines.append(
            f"{n(job.total_rows)} dòng: {n(job.valid_rows)} hợp lệ, {n(job.warning_rows)} cần lưu ý, {n(job.error_rows)} có lỗi."
        )
        lines.extend(job.notes)
        o = result["outcomes"]
        prefix = "Chạy thử (không lưu): sẽ" if result["dry_run"] else "Kết quả:"
        lines.append(
            f"{prefix} tạo mới {n(o.get('created', 0))}, cập nhật {n(o.get('updated', 0))}, "
            f"không đổi {n(o.get('unchanged', 0))}, bỏ qua {n(o.get('skipped', 0))}, "
            f"không nhập được {n(o.get('rejected', 0))}."
        )
        shown = [
            r
            for r in result["row_details"]
            if r["outcome"] in ("rejected", "skipped") or r["status"] == RowStatus.ERROR
        ]
        for r in shown[:SHOWN_ROWS]:
            lines.append(f"  Dòng {r['row']}: {r['message'] or ' '.join(r['errors'])}")
        if len(shown) > SHOWN_ROWS:
            lines.append(
                f"  … và {n(len(shown) - SHOWN_ROWS)} dòng khác (dùng --rejected TỆP.xlsx để lấy đủ)."
            )
        if not result["dry_run"]:
            lines.append(f"Mã lần nhập: {job.pk}; nhật ký ghi với mã yêu cầu {job.request_id}.")
        return "\n".join(lines)
