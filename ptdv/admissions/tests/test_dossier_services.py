"""Uploading scanned papers: only real PDF/JPEG/PNG within the size limit, history kept, audited."""

import datetime as dt
import hashlib
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ptdv.access.roles import Role
from ptdv.admissions.domain.dossier_kinds import DOCUMENT_KINDS
from ptdv.admissions.models import Candidacy, DossierFile, Stage
from ptdv.admissions.services.dossier import dossier_file_upload, size_label
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import make_person, make_user

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 40
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 40 + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def candidacy(tree):
    today = timezone.localdate()
    return Candidacy.objects.create(
        person=make_person(tree.cell),
        organization=tree.cell,
        stage=Stage.SOURCED,
        stage_since=today - dt.timedelta(days=30),
        opened_on=today - dt.timedelta(days=30),
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_clerk_uploads_a_pdf_and_its_checksum_size_type_and_nfc_name_are_kept(candidacy, clerk, tmp_path):
    name = unicodedata.normalize("NFD", "Đơn xin vào Đảng.pdf")
    row = dossier_file_upload(actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload(name, PDF))
    row.refresh_from_db()
    assert row.original_name == unicodedata.normalize("NFC", name)
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert row.size == len(PDF)
    assert row.content_type == "application/pdf"
    assert row.uploaded_by == clerk and row.replaces is None
    with row.file.open("rb") as handle:
        assert handle.read() == PDF
    assert str(tmp_path) in row.file.path and row.file.name.endswith(".pdf")


def test_the_upload_is_audited_with_what_was_stored(candidacy, clerk):
    row = dossier_file_upload(actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("don.pdf", PDF))
    event = AuditEvent.objects.get(code="candidacy.file_uploaded")
    assert event.actor == clerk and event.target_id == str(candidacy.pk)
    assert event.organization == candidacy.organization
    assert event.after == {
        "id": row.pk,
        "kind": "1-KNĐ",
        "name": "don.pdf",
        "size": len(PDF),
        "sha256": row.sha256,
        "replaces": None,
    }


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("anh-chup.png", PNG, "image/png"),
        ("ban-quet.jpg", JPEG, "image/jpeg"),
        ("ban-quet.JPEG", JPEG, "image/jpeg"),
    ],
)
def test_png_and_jpeg_scans_are_accepted_with_their_real_type(candidacy, clerk, name, content, content_type):
    row = dossier_file_upload(
        actor=clerk, candidacy=candidacy, kind="chung-nhan", uploaded=upload(name, content)
    )
    assert row.content_type == content_type
    assert row.sha256 == hashlib.sha256(content).hexdigest()


def test_an_exe_renamed_to_pdf_is_refused_and_nothing_is_saved(candidacy, clerk, tmp_path):
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("don.pdf", EXE))
    message = messages_of(caught.value)
    assert "Tệp “don.pdf” không phải là PDF, JPEG hay PNG (nội dung thực là EXE" in message
    assert not DossierFile.objects.exists()
    assert not AuditEvent.objects.filter(code="candidacy.file_uploaded").exists()
    assert stored_files(tmp_path) == []


def test_a_text_file_renamed_to_pdf_is_refused_as_unrecognised_content(candidacy, clerk):
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(
            actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("don.pdf", b"Xin chao " * 50)
        )
    assert "nội dung thực là một định dạng không nhận ra được" in messages_of(caught.value)


def test_a_word_document_is_refused_by_its_extension(candidacy, clerk):
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("don.docx", PDF))
    assert "phải có đuôi .pdf, .jpg, .jpeg hoặc .png" in messages_of(caught.value)


def test_a_png_named_jpg_is_refused_with_the_right_extension_to_use(candidacy, clerk):
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("anh.jpg", PNG))
    assert "có đuôi .jpg nhưng nội dung là PNG" in messages_of(caught.value)


def test_an_empty_file_is_refused(candidacy, clerk):
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("don.pdf", b""))
    assert "rỗng" in messages_of(caught.value)


def test_a_file_over_the_limit_is_refused_with_sizes_in_vietnamese_format(
    candidacy, clerk, settings, tmp_path
):
    settings.DOSSIER_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1536 * 1024 - len(PDF))
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("don.pdf", big))
    assert "Tệp “don.pdf” nặng 1,5 MB, vượt giới hạn 1 MB." in messages_of(caught.value)
    assert not DossierFile.objects.exists() and stored_files(tmp_path) == []


def test_a_file_exactly_at_the_limit_is_accepted(candidacy, clerk, settings):
    settings.DOSSIER_MAX_BYTES = 4096
    exact = PDF + b"0" * (4096 - len(PDF))
    row = dossier_file_upload(
        actor=clerk, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("don.pdf", exact)
    )
    assert row.size == 4096


def test_sizes_read_as_vietnamese_numbers():
    assert size_label(10 * 1024 * 1024) == "10 MB"
    assert size_label(int(12.4 * 1024 * 1024)) == "12,4 MB"
    assert size_label(300 * 1024) == "300 KB"
    assert size_label(1536) == "1,5 KB"


def test_a_new_file_of_the_same_kind_replaces_the_current_one_and_the_old_stays_as_history(candidacy, clerk):
    first = dossier_file_upload(
        actor=clerk, candidacy=candidacy, kind="2-KNĐ", uploaded=upload("v1.pdf", PDF)
    )
    second = dossier_file_upload(
        actor=clerk, candidacy=candidacy, kind="2-KNĐ", uploaded=upload("v2.pdf", PDF + b"% trang 2\n")
    )
    assert second.replaces == first
    assert list(DossierFile.objects.current().filter(kind="2-KNĐ")) == [second]
    assert DossierFile.objects.filter(candidacy=candidacy, kind="2-KNĐ").count() == 2
    first.refresh_from_db()
    assert first.file.storage.exists(first.file.name)
    assert (
        AuditEvent.objects.filter(code="candidacy.file_uploaded").order_by("id").last().after["replaces"]
        == first.pk
    )


def test_a_file_identical_to_the_current_one_is_refused_naming_the_day_it_was_uploaded(candidacy, clerk):
    first = dossier_file_upload(actor=clerk, candidacy=candidacy, kind="2-KNĐ", uploaded=upload("a.pdf", PDF))
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(actor=clerk, candidacy=candidacy, kind="2-KNĐ", uploaded=upload("b.pdf", PDF))
    day = timezone.localtime(first.uploaded_at).strftime("%d/%m/%Y")
    assert f"Tệp này giống hệt tệp đã tải lên ngày {day}" in messages_of(caught.value)
    assert DossierFile.objects.count() == 1


def test_the_same_scan_may_serve_as_another_kind_and_an_older_version_may_be_restored(candidacy, clerk):
    dossier_file_upload(actor=clerk, candidacy=candidacy, kind="2-KNĐ", uploaded=upload("a.pdf", PDF))
    dossier_file_upload(actor=clerk, candidacy=candidacy, kind="tham-tra", uploaded=upload("a.pdf", PDF))
    dossier_file_upload(
        actor=clerk, candidacy=candidacy, kind="2-KNĐ", uploaded=upload("b.pdf", PDF + b"%b\n")
    )
    restored = dossier_file_upload(
        actor=clerk, candidacy=candidacy, kind="2-KNĐ", uploaded=upload("a.pdf", PDF)
    )
    assert restored.replaces is not None and restored.replaces.original_name == "b.pdf"


def test_an_unknown_kind_is_refused(candidacy, clerk):
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(actor=clerk, candidacy=candidacy, kind="99-KNĐ", uploaded=upload("a.pdf", PDF))
    assert "không có trong danh mục" in messages_of(caught.value)


def test_an_officer_of_another_commune_cannot_upload(candidacy, unrelated_officer):
    with pytest.raises(ValidationError) as caught:
        dossier_file_upload(
            actor=unrelated_officer, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("a.pdf", PDF)
        )
    assert "không có quyền" in messages_of(caught.value)
    assert not DossierFile.objects.exists()


def test_a_viewer_of_the_cell_cannot_upload(candidacy, tree):
    viewer = make_user(org=tree.commune, role=Role.VIEWER)
    with pytest.raises(ValidationError):
        dossier_file_upload(actor=viewer, candidacy=candidacy, kind="1-KNĐ", uploaded=upload("a.pdf", PDF))


def test_every_kind_has_a_vietnamese_label_and_the_catalogue_follows_the_pipeline():
    codes = list(DOCUMENT_KINDS)
    assert codes[0] == "chung-nhan" and codes[-1] == "khac"
    assert codes.index("6-KNĐ") < codes.index("9-KNĐ") < codes.index("13-KNĐ") < codes.index("16-KNĐ")
    assert {"3-KNĐ", "4-KNĐ", "4A-KNĐ", "5-KNĐ", "ly-lich-dang-vien", "phieu-dang-vien"} <= set(codes)
    assert all(kind.label and kind.code == code for code, kind in DOCUMENT_KINDS.items())
