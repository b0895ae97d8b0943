"""Dossier pages: upload through the service, files streamed safely, out of scope is a 404."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ptdv.admissions.models import Candidacy, CandidacyStep, DossierFile, Stage
from ptdv.admissions.rules import Step
from ptdv.admissions.selectors.dossier import dossier_checklist
from ptdv.admissions.services.dossier import dossier_file_upload
from ptdv.audit.models import AuditEvent
from ptdv.common.testing.factories import SYSTEM, make_person

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 40
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def candidacy(tree):
    today = timezone.localdate()
    return Candidacy.objects.create(
        person=make_person(tree.cell, full_name="Nguyễn Thị Hoa"),
        organization=tree.cell,
        stage=Stage.SOURCED,
        stage_since=today - dt.timedelta(days=30),
        opened_on=today - dt.timedelta(days=30),
    )


def attach(candidacy, kind, content=PDF, name="tep.pdf"):
    return dossier_file_upload(
        actor=SYSTEM, candidacy=candidacy, kind=kind, uploaded=SimpleUploadedFile(name, content)
    )


def upload_url(candidacy, kind=""):
    url = reverse("admissions:dossier_file_upload", args=[candidacy.pk])
    return f"{url}?loai={quote(kind)}" if kind else url


def history_url(candidacy, kind=""):
    url = reverse("admissions:dossier_file_history", args=[candidacy.pk])
    return f"{url}?loai={quote(kind)}" if kind else url


def test_the_upload_form_preselects_the_kind_from_the_link_and_accepts_files(client, clerk, candidacy):
    client.force_login(clerk)
    response = client.get(upload_url(candidacy, "2-KNĐ"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert '<option value="2-KNĐ" selected>' in html
    assert "tối đa 10 MB" in html and 'accept=".pdf,.jpg,.jpeg,.png' in html


def test_the_form_warns_that_an_existing_file_will_be_replaced(client, clerk, candidacy):
    attach(candidacy, "2-KNĐ", name="ly-lich-cu.pdf")
    client.force_login(clerk)
    html = client.get(upload_url(candidacy, "2-KNĐ")).content.decode()
    assert "Đã có tệp “ly-lich-cu.pdf”" in html and "tệp cũ vẫn được lưu trong lịch sử" in html


def test_a_clerk_uploads_a_scan_and_returns_to_the_dossier_on_the_candidacy_page(client, clerk, candidacy):
    client.force_login(clerk)
    response = client.post(
        upload_url(candidacy), {"kind": "1-KNĐ", "uploaded": SimpleUploadedFile("Đơn.pdf", PDF)}
    )
    assert response.status_code == 302
    assert response.url == candidacy.get_absolute_url() + "#giay-to"
    row = DossierFile.objects.get()
    assert (row.kind, row.original_name, row.uploaded_by) == ("1-KNĐ", "Đơn.pdf", clerk)


def test_a_renamed_program_is_refused_on_the_form_and_nothing_is_saved(client, clerk, candidacy):
    client.force_login(clerk)
    response = client.post(
        upload_url(candidacy), {"kind": "1-KNĐ", "uploaded": SimpleUploadedFile("don.pdf", EXE)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp “don.pdf” không phải là PDF, JPEG hay PNG (nội dung thực là EXE" in html
    assert not DossierFile.objects.exists()
    assert not AuditEvent.objects.filter(code="candidacy.file_uploaded").exists()


def test_a_form_without_a_file_asks_for_one(client, clerk, candidacy):
    client.force_login(clerk)
    response = client.post(upload_url(candidacy), {"kind": "1-KNĐ"})
    assert "Hãy chọn tệp cần tải lên." in response.content.decode()


def test_an_officer_of_another_commune_gets_404_on_the_upload_page(client, unrelated_officer, candidacy):
    client.force_login(unrelated_officer)
    assert client.get(upload_url(candidacy)).status_code == 404
    response = client.post(
        upload_url(candidacy), {"kind": "1-KNĐ", "uploaded": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 404
    assert not DossierFile.objects.exists()


def test_the_file_is_streamed_inline_with_its_checked_type_and_nosniff(client, clerk, candidacy):
    row = attach(candidacy, "1-KNĐ", name="Đơn xin vào Đảng.pdf")
    client.force_login(clerk)
    response = client.get(reverse("admissions:dossier_file_view", args=[row.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert quote("Đơn xin vào Đảng.pdf") in disposition


def test_an_officer_of_another_commune_gets_404_on_the_file_and_its_history(
    client, unrelated_officer, candidacy
):
    row = attach(candidacy, "1-KNĐ")
    client.force_login(unrelated_officer)
    assert client.get(reverse("admissions:dossier_file_view", args=[row.pk])).status_code == 404
    history = history_url(candidacy, "1-KNĐ")
    assert client.get(history).status_code == 404


def test_the_provincial_officer_opens_files_of_cells_below(client, provincial_officer, candidacy):
    row = attach(candidacy, "chung-nhan", PNG, "chung-nhan.png")
    client.force_login(provincial_officer)
    response = client.get(reverse("admissions:dossier_file_view", args=[row.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_the_history_lists_every_version_with_date_size_and_short_checksum(client, clerk, candidacy):
    old = attach(candidacy, "2-KNĐ", PDF + b"0" * 2000, "ban-dau.pdf")
    new = attach(candidacy, "2-KNĐ", PDF, "ban-sua.pdf")
    client.force_login(clerk)
    response = client.get(history_url(candidacy, "2-KNĐ"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("ban-sua.pdf") < html.index("ban-dau.pdf")
    assert f"{len(PDF) + 2000:,}".replace(",", ".") + " byte" in html
    assert f'<code title="{old.sha256}">{old.sha256[:12]}…</code>' in html
    assert reverse("admissions:dossier_file_view", args=[new.pk]) in html
    assert "Đang dùng" in html and "Đã thay" in html


def test_an_unknown_kind_has_no_history_page(client, clerk, candidacy):
    client.force_login(clerk)
    assert client.get(history_url(candidacy, "zzz")).status_code == 404


def render_partial(candidacy, can_change=True):
    return render_to_string(
        "admissions/_dossier.html",
        {"candidacy": candidacy, "checklist": dossier_checklist(candidacy), "can_change": can_change},
    )


def test_the_dossier_partial_shows_badges_thumbnails_and_links(candidacy):
    for step in (Step.COURSE, Step.APPLY):
        CandidacyStep.objects.create(
            candidacy=candidacy,
            step=step,
            date=dt.date(2024, 6, 1),
            stage_after=Stage.TRAINED,
            organization=candidacy.organization,
        )
    image = attach(candidacy, "chung-nhan", PNG, "chung-nhan.png")
    attach(candidacy, "2-KNĐ", PDF, "v1.pdf")
    pdf = attach(candidacy, "2-KNĐ", PDF + b"%2\n", "v2.pdf")
    html = render_partial(candidacy)
    assert f'<img src="{reverse("admissions:dossier_file_view", args=[image.pk])}"' in html
    assert f'href="{reverse("admissions:dossier_file_view", args=[pdf.pk])}"' in html and "Mở tệp PDF" in html
    assert ">Có<" in html and ">Thiếu<" in html and ">Chưa đến bước<" in html
    assert "Thay tệp" in html and "Tải lên" in html
    assert "Lịch sử (1)" in html
    assert history_url(candidacy, "2-KNĐ") in html


def test_the_partial_offers_no_upload_to_someone_who_cannot_change(candidacy):
    attach(candidacy, "1-KNĐ")
    html = render_partial(candidacy, can_change=False)
    assert "Thay tệp" not in html and "Tải lên" not in html
    assert "Mở tệp PDF" in html


def test_a_large_scan_spooled_to_disk_is_stored_whole(client, clerk, candidacy):
    big = PDF + b"0" * (3 * 1024 * 1024)  # above FILE_UPLOAD_MAX_MEMORY_SIZE: Django spools it to a temp file
    client.force_login(clerk)
    response = client.post(
        upload_url(candidacy), {"kind": "2-KNĐ", "uploaded": SimpleUploadedFile("lon.pdf", big)}
    )
    assert response.status_code == 302
    row = DossierFile.objects.get()
    with row.file.open("rb") as handle:
        assert handle.read() == big
    assert row.size == len(big)


def test_the_history_without_a_kind_lists_every_paper_in_catalogue_order(client, clerk, candidacy):
    attach(candidacy, "khac", PDF, "khac.pdf")
    attach(candidacy, "2-KNĐ", PDF, "ly-lich.pdf")
    attach(candidacy, "1-KNĐ", PDF + b"%d\n", "don.pdf")
    client.force_login(clerk)
    html = client.get(history_url(candidacy)).content.decode()
    assert html.index("Đơn xin vào Đảng (1-KNĐ)") < html.index("Lý lịch người xin vào Đảng (2-KNĐ)")
    assert html.index("don.pdf") < html.index("ly-lich.pdf") < html.index("khac.pdf")
