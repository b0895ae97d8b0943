"""The dossier checklist: which papers apply at each stage, which are there, missing, expired or not due."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ptdv.admissions.models import Candidacy, CandidacyStep, Introduction, RuleParameter, Stage
from ptdv.admissions.models.dossier import IntroducerKind
from ptdv.admissions.rules import Step, add_months
from ptdv.admissions.selectors.dossier import dossier_checklist, dossier_file_versions
from ptdv.admissions.services.dossier import dossier_file_upload
from ptdv.common.testing.factories import SYSTEM, make_person

TODAY = dt.date(2025, 10, 15)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def candidacy(tree):
    return Candidacy.objects.create(
        person=make_person(tree.cell),
        organization=tree.cell,
        stage=Stage.SOURCED,
        stage_since=dt.date(2024, 1, 10),
        opened_on=dt.date(2024, 1, 10),
    )


def record(candidacy: Candidacy, *steps: str, day: dt.date = dt.date(2024, 6, 1)) -> None:
    for step in steps:
        CandidacyStep.objects.create(
            candidacy=candidacy,
            step=step,
            date=day,
            stage_after=Stage.TRAINED,
            organization=candidacy.organization,
        )


def introduce(candidacy: Candidacy, kind: str) -> None:
    Introduction.objects.create(
        candidacy=candidacy, kind=kind, name="Người giới thiệu", date=dt.date(2024, 6, 1)
    )


def attach(candidacy: Candidacy, kind: str, content: bytes = PDF, name: str = "tep.pdf"):
    return dossier_file_upload(
        actor=SYSTEM, candidacy=candidacy, kind=kind, uploaded=SimpleUploadedFile(name, content)
    )


def by_kind(candidacy: Candidacy, today: dt.date = TODAY) -> dict:
    return {item.kind: item for item in dossier_checklist(candidacy, today=today)}


def test_a_new_candidacy_lists_every_paper_of_the_usual_path_as_not_yet_due(candidacy):
    items = by_kind(candidacy)
    assert {"chung-nhan", "1-KNĐ", "2-KNĐ", "tham-tra", "3-KNĐ", "5-KNĐ", "6-KNĐ", "9-KNĐ", "16-KNĐ"} <= set(
        items
    )
    assert {item.status for item in items.values()} == {"later"}
    assert not any(item.required for item in items.values())


def test_papers_that_depend_on_the_path_are_left_out_until_it_is_known(candidacy):
    items = by_kind(candidacy)
    assert "4-KNĐ" not in items and "4A-KNĐ" not in items
    assert "7-KNĐ" not in items and "8-KNĐ" not in items


def test_the_items_follow_the_pipeline_order(candidacy):
    kinds = [item.kind for item in dossier_checklist(candidacy, today=TODAY)]
    assert kinds.index("chung-nhan") < kinds.index("1-KNĐ") < kinds.index("6-KNĐ") < kinds.index("16-KNĐ")
    assert kinds[-1] == "khac"


def test_a_paper_whose_step_is_recorded_is_present_when_uploaded_and_missing_otherwise(candidacy):
    record(candidacy, Step.COURSE, Step.APPLY)
    certificate = attach(candidacy, "chung-nhan")
    items = by_kind(candidacy)
    assert items["chung-nhan"].status == "present" and items["chung-nhan"].required
    assert items["chung-nhan"].file == certificate
    assert items["1-KNĐ"].status == "missing" and items["1-KNĐ"].required
    assert items["2-KNĐ"].status == "later" and not items["2-KNĐ"].required


def test_a_paper_uploaded_before_its_step_is_present_but_not_yet_required(candidacy):
    attach(candidacy, "1-KNĐ")
    item = by_kind(candidacy)["1-KNĐ"]
    assert item.status == "present" and not item.required


def test_other_papers_are_never_required(candidacy):
    record(candidacy, *[s for s in Step if s not in (Step.APPRAISE, Step.COMMITTEE_VOTE)])
    item = by_kind(candidacy)["khac"]
    assert item.status == "later" and not item.required and item.optional


def test_youth_union_and_trade_union_resolutions_apply_only_with_such_an_introduction(candidacy):
    introduce(candidacy, IntroducerKind.MEMBER)
    introduce(candidacy, IntroducerKind.YOUTH_UNION)
    record(candidacy, Step.INTRODUCE)
    items = by_kind(candidacy)
    assert items["3-KNĐ"].status == "missing" and items["4-KNĐ"].status == "missing"
    assert "4A-KNĐ" not in items


def test_a_trade_union_introduction_asks_for_4a(candidacy):
    introduce(candidacy, IntroducerKind.MEMBER)
    introduce(candidacy, IntroducerKind.TRADE_UNION)
    items = by_kind(candidacy)
    assert items["4A-KNĐ"].status == "later" and "4-KNĐ" not in items


def test_an_ended_introduction_no_longer_asks_for_its_paper_but_an_uploaded_one_stays_listed(candidacy):
    introduce(candidacy, IntroducerKind.MEMBER)
    Introduction.objects.create(
        candidacy=candidacy,
        kind=IntroducerKind.YOUTH_UNION,
        name="BCH Đoàn",
        date=dt.date(2024, 6, 1),
        ended_on=dt.date(2024, 8, 1),
    )
    assert "4-KNĐ" not in by_kind(candidacy)
    attach(candidacy, "4-KNĐ")
    item = by_kind(candidacy)["4-KNĐ"]
    assert item.status == "present" and not item.required


def test_appraisal_and_committee_papers_appear_only_once_those_steps_are_recorded(candidacy):
    record(candidacy, Step.CELL_VOTE, Step.COMMITTEE_VOTE)
    items = by_kind(candidacy)
    assert "7-KNĐ" not in items
    assert items["8-KNĐ"].status == "missing" and items["8-KNĐ"].required


def test_confirmation_papers_are_required_once_the_confirmation_vote_is_recorded(candidacy):
    record(candidacy, Step.CEREMONY)
    items = by_kind(candidacy)
    assert items["ly-lich-dang-vien"].status == "missing" and items["phieu-dang-vien"].status == "missing"
    assert {items[k].status for k in ("10-KNĐ", "11-KNĐ", "12-KNĐ", "13-KNĐ")} == {"later"}
    record(candidacy, Step.CONFIRMATION_VOTE)
    items = by_kind(candidacy)
    assert {items[k].status for k in ("10-KNĐ", "11-KNĐ", "12-KNĐ", "13-KNĐ")} == {"missing"}
    assert items["16-KNĐ"].status == "later"


def test_a_certificate_older_than_60_months_without_a_cell_vote_is_expired_even_if_uploaded(candidacy):
    candidacy.certificate_date = add_months(TODAY, -60) - dt.timedelta(days=1)
    candidacy.save()
    record(candidacy, Step.COURSE)
    attach(candidacy, "chung-nhan")
    item = by_kind(candidacy)["chung-nhan"]
    assert item.status == "expired" and item.file is not None
    assert "hết giá trị" in item.note and "60 tháng" in item.note and "học lại" in item.note


def test_a_certificate_is_valid_through_its_last_day(candidacy):
    candidacy.certificate_date = add_months(TODAY, -60)
    candidacy.save()
    record(candidacy, Step.COURSE)
    item = by_kind(candidacy)["chung-nhan"]
    assert item.status == "missing"
    assert item.note == f"Còn giá trị đến hết ngày {TODAY:%d/%m/%Y}."


def test_a_certificate_valid_on_the_cell_vote_stays_valid_afterwards(candidacy):
    candidacy.certificate_date = dt.date(2019, 1, 10)
    candidacy.cell_resolution_date = dt.date(2023, 12, 20)
    candidacy.save()
    record(candidacy, Step.COURSE, Step.CELL_VOTE)
    attach(candidacy, "chung-nhan")
    assert by_kind(candidacy)["chung-nhan"].status == "present"


def test_a_certificate_expired_on_the_cell_vote_day_is_shown_as_expired(candidacy):
    candidacy.certificate_date = dt.date(2018, 1, 10)
    candidacy.cell_resolution_date = dt.date(2023, 12, 20)
    candidacy.save()
    assert by_kind(candidacy)["chung-nhan"].status == "expired"


def test_introduction_and_opinion_papers_older_than_12_months_before_the_cell_vote_are_expired(candidacy):
    introduce(candidacy, IntroducerKind.MEMBER)
    introduce(candidacy, IntroducerKind.YOUTH_UNION)
    record(candidacy, Step.INTRODUCE, Step.OPINIONS)
    candidacy.papers_date = add_months(TODAY, -12) - dt.timedelta(days=1)
    candidacy.save()
    attach(candidacy, "3-KNĐ")
    items = by_kind(candidacy)
    assert {items[k].status for k in ("3-KNĐ", "4-KNĐ", "5-KNĐ")} == {"expired"}
    assert "quá 12 tháng mà chi bộ chưa xét kết nạp" in items["5-KNĐ"].note
    assert items["1-KNĐ"].status != "expired"


def test_papers_exactly_12_months_old_are_still_valid(candidacy):
    record(candidacy, Step.INTRODUCE)
    candidacy.papers_date = add_months(TODAY, -12)
    candidacy.save()
    assert by_kind(candidacy)["3-KNĐ"].status == "missing"


def test_papers_do_not_expire_once_the_cell_has_voted(candidacy):
    record(candidacy, Step.INTRODUCE, Step.OPINIONS, Step.CELL_VOTE)
    candidacy.papers_date = dt.date(2022, 1, 1)
    candidacy.cell_resolution_date = dt.date(2022, 6, 1)
    candidacy.save()
    assert by_kind(candidacy)["5-KNĐ"].status == "missing"


def test_the_papers_validity_follows_the_configured_parameter(candidacy):
    RuleParameter.objects.create(
        key="papers_valid_months", value=24, valid_from=dt.date(2020, 1, 1), document="Hướng dẫn thử"
    )
    record(candidacy, Step.INTRODUCE)
    candidacy.papers_date = add_months(TODAY, -18)
    candidacy.save()
    assert by_kind(candidacy)["3-KNĐ"].status == "missing"


def test_history_counts_the_replaced_versions_and_the_item_shows_the_newest(candidacy):
    attach(candidacy, "2-KNĐ", PDF, "v1.pdf")
    attach(candidacy, "2-KNĐ", PDF + b"%2\n", "v2.pdf")
    newest = attach(candidacy, "2-KNĐ", PDF + b"%3\n", "v3.pdf")
    item = by_kind(candidacy)["2-KNĐ"]
    assert item.file == newest and item.history == 2
    assert by_kind(candidacy)["1-KNĐ"].history == 0


def test_the_checklist_takes_a_handful_of_queries_however_many_files(
    candidacy, django_assert_max_num_queries
):
    candidacy.certificate_date = dt.date(2024, 1, 1)
    candidacy.papers_date = dt.date(2024, 6, 1)
    candidacy.save()
    record(candidacy, Step.COURSE, Step.APPLY, Step.HISTORY)
    for kind in ("chung-nhan", "1-KNĐ", "2-KNĐ", "3-KNĐ", "5-KNĐ"):
        attach(candidacy, kind)
        attach(candidacy, kind, PDF + b"%v2\n")
    with django_assert_max_num_queries(4):
        items = dossier_checklist(candidacy, today=TODAY)
        assert [item.file.original_name for item in items if item.file]


def test_the_versions_of_a_kind_are_listed_newest_first_within_scope(candidacy, clerk, unrelated_officer):
    old = attach(candidacy, "2-KNĐ", PDF, "v1.pdf")
    new = attach(candidacy, "2-KNĐ", PDF + b"%2\n", "v2.pdf")
    assert dossier_file_versions(actor=clerk, candidacy=candidacy, kind="2-KNĐ") == [new, old]
    assert dossier_file_versions(actor=unrelated_officer, candidacy=candidacy, kind="2-KNĐ") == []
