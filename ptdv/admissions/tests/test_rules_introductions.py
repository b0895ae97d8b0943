"""Rules on the introducers: INTRODUCERS (who introduces) and INTRODUCER_QUALIFIED (each member introducer)."""

import datetime as dt

import pytest

from ptdv.admissions.rules import RULESETS, CandidacyFacts, IntroducerFacts, RuleResult, WorkCalendar

D = dt.date
CAL = WorkCalendar()
QD294 = RULESETS[-1]
ON = D(2025, 9, 25)
YOUNG = D(2000, 1, 1)  # 25 years old on ON
OLDER = D(1985, 1, 1)  # 40 years old on ON


def member(name: str = "Nguyễn Văn A", **kw: object) -> IntroducerFacts:
    kw.setdefault("is_full_member", True)
    kw.setdefault("together_since", D(2020, 1, 1))
    return IntroducerFacts("member", name, **kw)  # type: ignore[arg-type]


YOUTH = IntroducerFacts("youth_union", "BCH Đoàn cơ sở")
TRADE = IntroducerFacts("trade_union", "BCH Công đoàn cơ sở")


def run(code: str, facts: CandidacyFacts) -> RuleResult | None:
    return QD294.rule(code).run(facts, QD294.params, CAL)


@pytest.mark.parametrize(
    "born,intros,kw,passed,phrase",
    [
        pytest.param(
            OLDER,
            (member(), member("Trần Thị B")),
            {},
            True,
            "2 đảng viên chính thức",
            id="adult-two-members",
        ),
        pytest.param(
            OLDER, (member(),), {}, False, "phải có hai đảng viên chính thức", id="adult-one-member"
        ),
        pytest.param(
            YOUNG,
            (YOUTH, member()),
            {"is_youth_union_member": True},
            True,
            "Ban Chấp hành Đoàn cơ sở",
            id="youth-union-and-member",
        ),
        pytest.param(
            YOUNG,
            (member(), member("Trần Thị B")),
            {"is_youth_union_member": True},
            False,
            "Ban Chấp hành Đoàn",
            id="youth-two-members-no-union",
        ),
        pytest.param(YOUNG, (YOUTH, member()), {}, False, "phải là đoàn viên", id="youth-not-a-union-member"),
        pytest.param(
            YOUNG,
            (TRADE, member()),
            {"youth_union_exists": False, "trade_union_exists": True, "is_trade_union_member": True},
            True,
            "công đoàn",
            id="youth-no-youth-union-trade-union",
        ),
        pytest.param(
            YOUNG,
            (member(), member("Trần Thị B")),
            {"youth_union_exists": False, "trade_union_exists": True, "is_trade_union_member": True},
            False,
            "Ban Chấp hành công đoàn",
            id="youth-trade-union-missing",
        ),
        pytest.param(
            YOUNG,
            (member(), member("Trần Thị B")),
            {"youth_union_exists": False},
            True,
            "2 đảng viên",
            id="youth-no-unions",
        ),
        pytest.param(
            D(1994, 9, 25), (member(), member("Trần Thị B")), {}, True, "2 đảng viên", id="31-is-not-youth"
        ),
        pytest.param(D(1995, 9, 26), (member(), member("Trần Thị B")), {}, False, "Đoàn", id="30-is-youth"),
    ],
)
def test_introducers_follow_the_charter_composition(born, intros, kw, passed, phrase):
    """Điều lệ Đảng, Điều 4, khoản 1: two full members; youth: Youth Union (else trade union) executive + one member."""
    result = run("INTRODUCERS", CandidacyFacts(on=ON, date_of_birth=born, introducers=intros, **kw))
    assert result is not None and result.passed is passed
    assert phrase in result.message


def test_introducers_need_a_date_of_birth_to_know_the_youth_rule():
    """Điều lệ Đảng, Điều 4, khoản 1: "người vào Đảng trong độ tuổi thanh niên" needs the age, so a missing birth date blocks."""
    result = run("INTRODUCERS", CandidacyFacts(on=ON, introducers=(member(), member("B"))))
    assert result is not None and not result.passed and "Chưa có ngày sinh" in result.message


@pytest.mark.parametrize(
    "intro,passed,message_part",
    [
        pytest.param(
            member(together_since=D(2024, 9, 25)), True, "Nguyễn Văn A: 12 tháng", id="exactly-12-months"
        ),
        pytest.param(
            member(together_since=D(2024, 10, 25)),
            False,
            "Người giới thiệu Nguyễn Văn A mới cùng công tác 11 tháng với người vào Đảng; phải ít nhất 12 tháng.",
            id="11-months",
        ),
        pytest.param(member(is_full_member=False), False, "chưa là đảng viên chính thức", id="probationary"),
        pytest.param(member(same_unit=False), False, "không cùng đơn vị", id="other-unit"),
        pytest.param(member(together_since=None), False, "chưa có ngày bắt đầu", id="no-start-date"),
        pytest.param(member(person_id=7), False, "là chính người vào Đảng", id="self-introduction"),
    ],
)
def test_each_member_introducer_is_a_full_member_together_12_months_in_the_same_unit(
    intro, passed, message_part
):
    """QĐ 294-QĐ/TW, điểm 3.2.1: "Là đảng viên chính thức, cùng công tác … ít nhất 12 tháng … trong cùng một đơn vị"."""
    facts = CandidacyFacts(on=ON, applicant_id=7, introducers=(intro, member("Trần Thị B", person_id=8)))
    result = run("INTRODUCER_QUALIFIED", facts)
    assert result is not None and result.passed is passed
    assert message_part in result.message


def test_introducer_qualification_does_not_apply_without_member_introducers():
    """QĐ 294-QĐ/TW, điểm 3.2.1 concerns member introducers; the Youth Union executive is not checked here."""
    assert run("INTRODUCER_QUALIFIED", CandidacyFacts(on=ON, introducers=(YOUTH,))) is None


def test_unknown_introducer_kind_is_a_programming_error():
    """Facts validate their codes: an unknown introducer kind raises ValueError."""
    with pytest.raises(ValueError):
        IntroducerFacts("womens_union", "Hội Phụ nữ")
