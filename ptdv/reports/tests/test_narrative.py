"""The report's wording ("báo cáo đề dẫn"): sentences, tables and figures built from the figures."""

import dataclasses
from decimal import Decimal

from ptdv.reports.figures import STATUS_LABELS
from ptdv.reports.narrative import (
    Bullets,
    Figure,
    Heading,
    Paragraph,
    Table,
    report_blocks,
    report_text,
)
from ptdv.reports.tests import samples


def text_of(progress, **kwargs) -> str:
    return report_text(progress, **kwargs)


def tables(blocks) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def section_headings(blocks) -> list[str]:
    return [block.text for block in blocks if isinstance(block, Heading) and block.level == 1]


def test_report_states_attainment_with_vietnamese_number_format():
    text = text_of(samples.term_progress())

    assert "đã kết nạp 4.762 đảng viên, đạt 76,51% chỉ tiêu 6.224 đảng viên trong nhiệm kỳ" in text
    assert "(Nghị quyết Đại hội Đảng bộ thành phố lần thứ XIV)" in text
    assert f"Đánh giá: {STATUS_LABELS['at_risk']}." in text


def test_a_range_target_is_reported_against_both_its_minimum_and_its_maximum():
    text = text_of(samples.range_progress())

    assert (
        "đã kết nạp 1.100 đảng viên, đạt 107,84% mức tối thiểu và 88,00% mức tối đa của chỉ tiêu "
        "1.020–1.250 đảng viên mỗi năm (Nghị quyết số 20-NQ/TU ngày 11/01/2024)"
    ) in text


def test_attainment_is_printed_with_the_reports_decimals():
    text = text_of(samples.thap_muoi_progress())

    assert (
        "đã kết nạp 126 đảng viên, đạt 22,1% chỉ tiêu 570 đảng viên đến cuối nhiệm kỳ (Kế hoạch số 41-KH/HU)"
        in text
    )


def test_member_population_ratio_is_stated_with_two_decimals_and_the_population_year():
    text = text_of(samples.thap_muoi_progress())

    assert (
        "Theo số liệu dân số năm 2021 (131.623 người), tổng số đảng viên đến ngày 30/04/2022 là 4.541 đảng viên, "
        "đạt tỷ lệ 3,45% so với dân số."
    ) in text


def test_members_at_the_start_and_on_the_as_of_date_are_stated():
    text = text_of(samples.term_progress())

    assert (
        "Đầu nhiệm kỳ 2020–2025 (ngày 01/10/2020), Đảng bộ thành phố Cần Thơ có 93.000 đảng viên; "
        "đến ngày 25/03/2024 có 95.900 đảng viên, tăng 2.900 đảng viên."
    ) in text


def test_yearly_average_is_rounded_to_a_whole_member_and_its_rate_kept_to_two_decimals():
    progress = dataclasses.replace(
        samples.term_progress(), average_per_year=Decimal("198.25"), average_rate=Decimal("2.4")
    )

    text = text_of(progress)

    assert (
        "bình quân hằng năm kết nạp 198 đảng viên, tỷ lệ bình quân 2,40%/năm so với tổng số đảng viên đầu năm"
    ) in text


def test_category_breakdown_gives_count_and_share_of_each_category():
    text = text_of(samples.term_progress())

    assert "trong đó nữ: 2.103 đảng viên (44,16%); học sinh, sinh viên: 120 đảng viên (2,52%)." in text


def test_every_other_target_gets_one_sentence_with_its_status_label():
    blocks = report_blocks(samples.range_progress())
    lists = [block for block in blocks if isinstance(block, Bullets)]

    sentences = lists[0].items
    assert sentences == (
        "Kết nạp đảng viên mới (học sinh, sinh viên): chỉ tiêu 40–55 người mỗi năm "
        "(Nghị quyết số 20-NQ/TU ngày 11/01/2024); thực hiện 31 đảng viên, đạt 77,50% mức tối thiểu và "
        "56,36% mức tối đa của chỉ tiêu. Đánh giá: Không đạt.",
        "Giới thiệu nguồn (Đoàn TN): chỉ tiêu 1.500 đoàn viên ưu tú mỗi năm; thực hiện 1.320, "
        "đạt 88,00% chỉ tiêu. Đánh giá: Dự kiến đạt.",
    )


def test_yearly_table_notes_the_years_cut_short():
    blocks = report_blocks(samples.term_progress())
    years = tables(blocks)[0]

    assert years.header[0] == "Năm"
    assert years.rows[0] == ("2020 (*)", "310", "93.000", "0,33")
    assert years.rows[1] == ("2021", "1.180", "93.200", "1,27")
    assert years.rows[-1][:2] == ("Cộng", "4.762")
    assert years.total
    notes = [b.text for b in blocks if isinstance(b, Paragraph) and b.text.startswith("(*)")]
    assert notes and "25/03/2024" in notes[0]


def test_confirmations_and_removals_in_the_period_are_stated():
    text = text_of(samples.term_progress())

    assert "đã công nhận đảng viên chính thức cho 3.820 đồng chí; xóa tên 57 đảng viên." in text


def test_units_section_lists_units_and_the_organisations_that_admitted_nobody():
    blocks = report_blocks(samples.term_progress())
    text = report_text(samples.term_progress())
    units = tables(blocks)[1]

    assert units.header == ("STT", "Tổ chức đảng", "Kết nạp", "Chỉ tiêu", "Tỷ lệ đạt")
    assert units.rows[0] == ("1", "Đảng bộ quận Ninh Kiều", "820", "900", "91,11%")
    assert "Còn 1/12 tổ chức cơ sở đảng chưa kết nạp được đảng viên mới, gồm: Chi bộ Công ty Cổ phần" in text
    assert (
        "Còn 3/304 chi bộ chưa kết nạp được đảng viên mới, gồm: Chi bộ khu vực 1 (Đảng bộ phường An Hòa)"
        in text
    )


def test_idle_cells_are_named_up_to_thirty_then_counted():
    text = text_of(samples.many_units_progress())

    assert "Còn 45/600 chi bộ chưa kết nạp được đảng viên mới" in text
    assert "Chi bộ ấp 29 (Đảng bộ xã Số 29) và 15 chi bộ khác." in text
    assert "Chi bộ ấp 30" not in text
    assert "Tất cả 40 tổ chức cơ sở đảng đều đã kết nạp được đảng viên mới." in text


def test_funnel_table_shows_stage_count_and_median_days_in_pipeline_order():
    funnel = tables(report_blocks(samples.term_progress()))[2]

    assert funnel.header == ("Giai đoạn", "Số hồ sơ", "Số ngày trung vị")
    assert funnel.rows[0] == ("Quần chúng ưu tú (tạo nguồn)", "1.240", "–")
    assert funnel.rows[-1] == ("Chờ quyết định kết nạp", "45", "12")


def test_forecast_gives_a_range_its_reasoning_and_the_targets_at_risk():
    blocks = report_blocks(samples.term_progress())
    text = report_text(samples.term_progress())

    assert "Dự báo đến hết nhiệm kỳ 2020–2025: từ 5.900 đến 6.400 đảng viên" in text
    assert Bullets(tuple(samples.term_progress().forecast.reasoning)) in blocks
    assert (
        "- Kết nạp đảng viên mới: chỉ tiêu 6.224 đảng viên trong nhiệm kỳ. Đánh giá: Có nguy cơ không đạt; "
        "dự báo thực hiện từ 5.900 đến 6.400 đảng viên."
    ) in text


def test_data_warnings_are_listed_under_their_own_heading():
    blocks = report_blocks(samples.term_progress())

    at = blocks.index(Heading("Lưu ý về số liệu", 1))
    assert blocks[at + 1] == Bullets(("Đảng bộ quận Ô Môn chưa nhập số liệu dân số năm 2023.",))


def test_sections_are_numbered_in_order_and_the_statistics_come_last_when_given():
    blocks = report_blocks(samples.term_progress(), stats=samples.new_member_stats())

    assert section_headings(blocks) == [
        "I. Tình hình chung",
        "II. Kết quả kết nạp đảng viên",
        "III. Tổ chức cơ sở đảng và chi bộ",
        "IV. Nguồn phát triển đảng viên",
        "V. Dự báo",
        "Lưu ý về số liệu",
        "VI. Bảng thống kê đảng viên mới kết nạp",
    ]


def test_statistics_table_gives_counts_shares_and_average_age():
    blocks = report_blocks(samples.term_progress(), stats=samples.new_member_stats())
    stats = tables(blocks)[-1]

    assert stats.rows[0] == ("Tổng số đảng viên mới kết nạp", "1.200", "100")
    assert ("Nữ", "480", "40,00") in stats.rows
    assert ("Kết nạp lại", "2", "0,17") in stats.rows
    assert ("Tuổi bình quân", "29,5", "") in stats.rows


def test_statistics_section_is_left_out_without_statistics():
    assert "Bảng thống kê" not in text_of(samples.term_progress())


def test_title_block_names_the_period_the_organisation_and_the_as_of_date():
    blocks = report_blocks(samples.term_progress())

    assert blocks[:4] == [
        Heading("BÁO CÁO", 0),
        Paragraph("Kết quả công tác phát triển đảng viên nhiệm kỳ 2020–2025", "center", bold=True),
        Paragraph("Đảng bộ thành phố Cần Thơ", "center", bold=True),
        Paragraph("Số liệu tính đến ngày 25/03/2024", "center", italic=True),
    ]


def test_charts_are_numbered_figures_placed_in_their_sections():
    blocks = report_blocks(samples.term_progress())
    figures = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Figure)]
    section_at = {b.text: i for i, b in enumerate(blocks) if isinstance(b, Heading)}

    assert [b.caption.split(".")[0] for _, b in figures] == [
        "Biểu đồ 1",
        "Biểu đồ 2",
        "Biểu đồ 3",
        "Biểu đồ 4",
    ]
    assert [b.spec.key for _, b in figures] == ["attainment", "admissions_by_year", "units", "funnel"]
    assert (
        section_at["II. Kết quả kết nạp đảng viên"]
        < figures[0][0]
        < section_at["III. Tổ chức cơ sở đảng và chi bộ"]
    )
    assert section_at["IV. Nguồn phát triển đảng viên"] < figures[3][0] < section_at["V. Dự báo"]


def test_a_report_without_data_skips_empty_sections_and_never_prints_none():
    progress = samples.empty_progress()
    blocks = report_blocks(progress)
    text = report_text(progress)

    assert section_headings(blocks) == ["I. Kết quả kết nạp đảng viên"]
    assert (
        "Từ đầu năm 2024 đến ngày 25/03/2024, Đảng bộ phường Tân Giang chưa kết nạp được đảng viên mới."
        in text
    )
    assert not any(isinstance(b, Figure | Table) for b in blocks)
    assert "None" not in text


def test_no_report_prints_none():
    for build in (
        samples.term_progress,
        samples.range_progress,
        samples.thap_muoi_progress,
        samples.many_units_progress,
    ):
        assert "None" not in report_text(build(), stats=samples.new_member_stats())


def test_plain_text_separates_paragraphs_with_blank_lines():
    text = text_of(samples.range_progress())

    assert text.startswith("BÁO CÁO\n\nKết quả công tác phát triển đảng viên năm 2024\n\n")
    assert "\n\nII. Kết quả kết nạp đảng viên\n\n" in text
    assert (
        "[Biểu đồ 1. Tỷ lệ đạt chỉ tiêu, năm 2024: Kết nạp đảng viên mới 1.100/1.020–1.250: 107,84%" in text
    )
