"""Full backup and restore: export_all → import_all gives back every row and every file, or nothing at all."""

import datetime as dt
import hashlib
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from ptdv.access.models import User
from ptdv.admissions.models import DossierFile
from ptdv.admissions.services import candidacy_create
from ptdv.admissions.services.dossier import dossier_file_upload
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_member, make_org, make_person
from ptdv.organizations.models import Organization, OrgKind
from ptdv.people.models import MembershipEvent, Person
from ptdv.spreadsheets.backup import backup_restore, backup_write, data_models, row_count
from ptdv.targets.models import Category, Target, Term
from ptdv.targets.services import target_create

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ORIGINAL = "imports/2026/01/Danh sách đảng viên (bản gốc).xlsx"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files() -> dict[str, bytes]:
    root = media_root()
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def dump() -> dict[str, list[dict]]:
    """Every row of every data table, as Python values (datetimes to the microsecond), many-to-many sorted."""
    result = {}
    for model in data_models():
        rows = serializers.serialize("python", model._base_manager.order_by("pk"))
        for row in rows:
            row["fields"] = {k: sorted(v) if isinstance(v, list) else v for k, v in row["fields"].items()}
        result[model._meta.label_lower] = rows
    return result


def rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> None:
    """A copy of the zip `source` with each member passed through `change` (its CRC is then correct)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change(info.filename, old.read(info)))


@pytest.fixture
def empty_backup(db, tmp_path) -> Path:
    """A backup of the freshly migrated database (seeded terms and categories only), taken first."""
    path = tmp_path / "empty.zip"
    backup_write(path)
    return path


@pytest.fixture
def data(empty_backup, tree, clerk, national_admin) -> dict[str, object]:
    """Members, a non-member with a candidacy and an uploaded paper, a target, an import original, a group."""
    members = [make_member(tree.cell, full_name=f"Lê Văn Giới {n}") for n in "AB"]
    applicant = make_person(
        tree.cell, full_name="Nguyễn Thị Hoa", gender="F", date_of_birth=dt.date(2000, 5, 17)
    )
    candidacy = candidacy_create(
        actor=SYSTEM,
        person=applicant,
        organization=tree.cell,
        opened_on=timezone.localdate() - dt.timedelta(days=10),
        mentor=members[0],
        document="NQ số 01-NQ/CB",
    )
    paper = dossier_file_upload(
        actor=clerk,
        candidacy=candidacy,
        kind="1-KNĐ",
        uploaded=SimpleUploadedFile("Đơn xin vào Đảng.pdf", PDF),
    )
    target = target_create(
        actor=SYSTEM,
        organization=tree.province,
        term=Term.objects.get(code="2020-2025"),
        minimum=12,
        source_document="Nghị quyết số 20-NQ/TU ngày 11/01/2024",
    )
    original = media_root() / ORIGINAL
    original.parent.mkdir(parents=True)
    original.write_bytes(b"PK\x03\x04 not really a workbook \xe1\xba\xa1")
    group = Group.objects.create(name="Tổ thẩm tra")
    group.permissions.add(Permission.objects.get(codename="view_person"))
    clerk.groups.add(group)
    clerk.user_permissions.add(Permission.objects.get(codename="change_person"))
    return {"candidacy": candidacy, "paper": paper, "target": target, "members": members}


def restore_into_empty_database(tmp_path: Path, empty_backup: Path) -> dict:
    """Back up, empty the database and the media folder as on a new machine, restore without --replace."""
    manifest = backup_write(tmp_path / "full.zip")
    backup_restore(empty_backup, replace=True)
    assert not Organization.objects.exists() and not Person.objects.exists()
    assert Term.objects.filter(code="2020-2025").exists()  # as freshly migrated
    with connection.cursor() as cursor:  # PostgreSQL: a new database's sequences start again at 1
        for sql in connection.ops.sequence_reset_sql(no_style(), [Person, Organization]):
            cursor.execute(sql)
    shutil.rmtree(media_root())
    result = backup_restore(tmp_path / "full.zip", replace=False)
    assert result["rows"] == row_count(manifest) and not result["replaced"]
    return manifest


def test_a_backup_restored_into_an_empty_database_gives_back_every_row_and_every_file(
    data, empty_backup, tmp_path
):
    before, files = dump(), media_files()
    assert DossierFile.objects.count() == 1 and Target.objects.count() == 1
    assert MembershipEvent.objects.count() >= 6 and AuditEvent.objects.count() >= 10  # append-only history
    assert any(".pdf" in name for name in files) and ORIGINAL in files

    manifest = restore_into_empty_database(tmp_path, empty_backup)

    assert dump() == before
    assert media_files() == files
    assert data["paper"].file.read() == PDF
    again = backup_write(tmp_path / "again.zip")
    assert again["models"] == manifest["models"]
    assert again["members"] == manifest["members"]  # byte for byte, media modification times included


def test_the_restored_database_gives_the_next_person_a_fresh_id(data, tree, empty_backup, tmp_path):
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    restore_into_empty_database(tmp_path, empty_backup)
    cell = Organization.objects.get(pk=tree.cell.pk)
    assert make_person(cell, full_name="Người Mới Sau Khôi Phục").pk > highest
    assert make_org(cell.parent, kind=OrgKind.CELL).pk > tree.other_cell.pk


def test_a_database_with_data_is_refused_without_replace_and_left_unchanged(data, tree, tmp_path):
    call_command("export_all", tmp_path / "full.zip", stdout=io.StringIO())
    make_person(tree.cell, full_name="Người Thêm Sau Sao Lưu")
    before, files = dump(), media_files()
    with pytest.raises(CommandError) as refused:
        call_command("import_all", tmp_path / "full.zip", stdout=io.StringIO())
    message = str(refused.value)
    assert "đã có dữ liệu" in message and "--replace" in message and "tổ chức đảng" in message
    assert dump() == before and media_files() == files


def test_replace_brings_the_database_and_the_files_back_to_the_backup(data, tree, clerk, tmp_path):
    call_command("export_all", tmp_path / "full.zip", stdout=io.StringIO())
    before, files = dump(), media_files()
    make_person(tree.cell, full_name="Người Thêm Sau Sao Lưu")
    dossier_file_upload(
        actor=clerk,
        candidacy=data["candidacy"],
        kind="1-KNĐ",
        uploaded=SimpleUploadedFile("don-moi.pdf", PDF + b"%new\n"),
    )
    (media_root() / ORIGINAL).write_bytes(b"overwritten")
    out = io.StringIO()
    call_command("import_all", tmp_path / "full.zip", "--replace", stdout=out)
    assert dump() == before
    assert {name: media_files()[name] for name in files} == files
    assert not Person.objects.filter(full_name="Người Thêm Sau Sao Lưu").exists()
    assert "Đã khôi phục" in out.getvalue() and "đăng nhập lại" in out.getvalue()


def tampered(name: str, content: bytes) -> bytes:
    return (
        content.replace("Nguyễn Thị Hoa".encode(), "Nguyễn Thị Hòa".encode()) if "person" in name else content
    )


def truncated_member(name: str, content: bytes) -> bytes:
    return content[:-20] if name.endswith("people.person.jsonl") else content


@pytest.mark.parametrize(
    ("change", "expected"),
    [(tampered, "SHA-256"), (truncated_member, "SHA-256")],
    ids=["a-name-changed", "a-member-cut-short"],
)
def test_a_backup_whose_checksum_does_not_match_is_refused_and_nothing_is_written(
    data, tmp_path, change, expected
):
    backup_write(tmp_path / "full.zip")
    rewrite(tmp_path / "full.zip", tmp_path / "bad.zip", change)
    shutil.rmtree(media_root())
    before = dump()
    with pytest.raises(CommandError, match=expected) as refused:
        call_command("import_all", tmp_path / "bad.zip", "--replace", stdout=io.StringIO())
    assert "people.person" in str(refused.value) and "Không ghi gì" in str(refused.value)
    assert dump() == before
    assert not media_root().exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ptdv-restore")]


def test_a_backup_that_fails_to_load_rolls_everything_back_and_puts_no_file_in_place(data, tmp_path):
    """Checksums fine, but a person left out whom events point at: the key check fails, nothing remains."""
    backup_write(tmp_path / "full.zip")
    with zipfile.ZipFile(tmp_path / "full.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    entry = next(e for e in manifest["models"] if e["label"] == "people.person")
    with zipfile.ZipFile(tmp_path / "full.zip") as zf:
        people = zf.read(entry["member"]).splitlines(keepends=True)
    kept = b"".join(line for line in people if b"L\xc3\xaa V\xc4\x83n Gi\xe1\xbb\x9bi A" not in line)
    entry["rows"] = len(people) - 1
    manifest["members"][entry["member"]] = {"sha256": hashlib.sha256(kept).hexdigest(), "size": len(kept)}

    def without_a_person(name: str, content: bytes) -> bytes:
        return (
            kept
            if name == entry["member"]
            else json.dumps(manifest).encode()
            if name == "manifest.json"
            else content
        )

    rewrite(tmp_path / "full.zip", tmp_path / "inconsistent.zip", without_a_person)
    shutil.rmtree(media_root())
    before = dump()
    with pytest.raises(CommandError, match="không nhất quán") as refused:
        call_command("import_all", tmp_path / "inconsistent.zip", "--replace", stdout=io.StringIO())
    assert "giữ nguyên" in str(refused.value)
    assert dump() == before
    assert not media_root().exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ptdv-restore")]


def test_damaged_bytes_or_a_file_that_is_not_a_backup_are_refused_with_a_clear_message(data, tmp_path):
    backup_write(tmp_path / "full.zip")
    raw = bytearray((tmp_path / "full.zip").read_bytes())
    middle = len(raw) // 3
    raw[middle : middle + 64] = bytes(64)
    (tmp_path / "damaged.zip").write_bytes(bytes(raw))
    (tmp_path / "notes.zip").write_text("không phải tệp zip", encoding="utf-8")
    before = dump()
    for name, expected in [("damaged.zip", "bị hỏng|không đọc được|không khớp"), ("notes.zip", "không phải")]:
        with pytest.raises(CommandError, match=expected):
            call_command("import_all", tmp_path / name, "--replace", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("import_all", tmp_path / "missing.zip", stdout=io.StringIO())
    assert dump() == before


def test_a_backup_from_a_newer_version_of_the_software_is_refused(data, tmp_path):
    backup_write(tmp_path / "full.zip")

    def future(name: str, content: bytes) -> bytes:
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        manifest["migrations"]["people"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    rewrite(tmp_path / "full.zip", tmp_path / "future.zip", future)
    with pytest.raises(CommandError, match=r"people\.9999_from_the_future") as refused:
        call_command("import_all", tmp_path / "future.zip", "--replace", stdout=io.StringIO())
    assert "migrate" in str(refused.value)


def test_the_manifest_counts_rows_records_versions_and_checksums_every_member(data, tmp_path):
    out = io.StringIO()
    call_command("export_all", tmp_path / "full.zip", stdout=out)
    with zipfile.ZipFile(tmp_path / "full.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for name, entry in manifest["members"].items():
            assert hashlib.sha256(zf.read(name)).hexdigest() == entry["sha256"]
        names = set(zf.namelist())
    assert manifest["format"] == "ptdv-backup" and manifest["format_version"] == 1
    assert manifest["versions"]["django"].startswith("5.2") and manifest["created_at"]
    rows = {entry["label"]: entry["rows"] for entry in manifest["models"]}
    assert rows["people.person"] == Person.objects.count()
    assert rows["targets.category"] == Category.objects.count()
    assert rows["access.user"] == User.objects.count() and rows["auth.group"] == 1
    assert not {"sessions.session", "contenttypes.contenttype", "auth.permission"} & rows.keys()
    labels = list(rows)
    assert labels.index("organizations.organization") < labels.index("people.person")
    assert labels.index("people.person") < labels.index("admissions.candidacy")
    assert f"media/{ORIGINAL}" in names and manifest["media"]["files"] == 2
    total = sum(rows.values())
    assert re.search(
        rf"Đã sao lưu {re.escape(f'{total:,}'.replace(',', '.'))} bản ghi của \d+ bảng", out.getvalue()
    )
    # Permissions are pointed at by natural key: their ids differ from one database to another.
    with zipfile.ZipFile(tmp_path / "full.zip") as zf:
        user_rows = zf.read(next(e["member"] for e in manifest["models"] if e["label"] == "access.user"))
    clerk_row = next(json.loads(line) for line in user_rows.splitlines() if b"nhaplieu" in line)
    assert clerk_row["fields"]["user_permissions"] == [["change_person", "people", "person"]]
    assert clerk_row["fields"]["groups"] == [Group.objects.get().pk]
