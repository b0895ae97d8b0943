"""The order of the pipeline: which step may follow which stage, and what each step is called."""

from dataclasses import dataclass

from ptdv.admissions.models import Stage
from ptdv.admissions.models.candidacy import BEFORE_ADMISSION
from ptdv.admissions.rules import Step
from ptdv.organizations.models import Organization, OrgKind
from ptdv.organizations.paths import ancestor_paths


@dataclass(frozen=True)
class StepInfo:
    """How a step is shown and guarded: label, the stages it may follow, where it leads."""

    step: str
    label: str
    verb: str
    after: tuple[str, ...]
    leads_to: str | None  # None: the stage stays (a transfer)
    needs_approve_right: bool = False
    closes: bool = False


S = Stage
STEPS: dict[str, StepInfo] = {
    info.step: info
    for info in [
        StepInfo(
            Step.COURSE,
            "Học lớp bồi dưỡng nhận thức về Đảng",
            "Ghi kết quả lớp nhận thức",
            (S.SOURCED,),
            S.TRAINED,
        ),
        StepInfo(Step.APPLY, "Đơn xin vào Đảng (1-KNĐ)", "Ghi ngày nộp đơn", (S.TRAINED,), S.APPLIED),
        StepInfo(
            Step.HISTORY,
            "Lý lịch người xin vào Đảng (2-KNĐ)",
            "Ghi ngày khai lý lịch",
            (S.APPLIED,),
            S.HISTORY_DECLARED,
        ),
        StepInfo(
            Step.VERIFY, "Thẩm tra lý lịch", "Kết luận thẩm tra lý lịch", (S.HISTORY_DECLARED,), S.VERIFIED
        ),
        StepInfo(
            Step.INTRODUCE,
            "Người giới thiệu (3-KNĐ, 4-KNĐ)",
            "Xác nhận người giới thiệu",
            (S.VERIFIED,),
            S.INTRODUCED,
        ),
        StepInfo(
            Step.OPINIONS,
            "Tổng hợp ý kiến nhận xét (5-KNĐ)",
            "Ghi tổng hợp ý kiến",
            (S.INTRODUCED,),
            S.OPINIONS_GATHERED,
        ),
        StepInfo(
            Step.CELL_VOTE,
            "Chi bộ xét, đề nghị kết nạp (6-KNĐ)",
            "Ghi nghị quyết chi bộ",
            (S.OPINIONS_GATHERED,),
            S.CELL_RESOLVED,
        ),
        StepInfo(
            Step.APPRAISE,
            "Đảng ủy bộ phận thẩm định (7-KNĐ)",
            "Ghi báo cáo thẩm định",
            (S.CELL_RESOLVED,),
            S.APPRAISED,
        ),
        StepInfo(
            Step.COMMITTEE_VOTE,
            "Đảng ủy cơ sở đề nghị kết nạp (8-KNĐ)",
            "Ghi nghị quyết đảng ủy cơ sở",
            (S.CELL_RESOLVED, S.APPRAISED),
            S.COMMITTEE_RESOLVED,
            needs_approve_right=True,
        ),
        StepInfo(
            Step.DECIDE,
            "Quyết định kết nạp (9-KNĐ)",
            "Ghi quyết định kết nạp",
            (S.CELL_RESOLVED, S.COMMITTEE_RESOLVED),
            S.ADMITTED,
            needs_approve_right=True,
        ),
        StepInfo(
            Step.REFUSE,
            "Cấp ủy không đồng ý kết nạp",
            "Ghi không kết nạp",
            (S.CELL_RESOLVED, S.APPRAISED, S.COMMITTEE_RESOLVED),
            S.REFUSED,
            needs_approve_right=True,
            closes=True,
        ),
        StepInfo(Step.CEREMONY, "Lễ kết nạp", "Ghi lễ kết nạp", (S.ADMITTED,), S.PROBATION),
        StepInfo(
            Step.CONFIRMATION_VOTE,
            "Chi bộ xét, đề nghị công nhận chính thức (13-KNĐ)",
            "Ghi nghị quyết chi bộ công nhận chính thức",
            (S.PROBATION,),
            S.CONFIRMATION_PROPOSED,
        ),
        StepInfo(
            Step.CONFIRM,
            "Quyết định công nhận đảng viên chính thức",
            "Ghi quyết định công nhận chính thức",
            (S.CONFIRMATION_PROPOSED,),
            S.FULL_MEMBER,
            needs_approve_right=True,
            closes=True,
        ),
        StepInfo(
            Step.REMOVE,
            "Xóa tên trong danh sách đảng viên dự bị",
            "Ghi quyết định xóa tên",
            (S.ADMITTED, S.PROBATION, S.CONFIRMATION_PROPOSED),
            S.REMOVED,
            needs_approve_right=True,
            closes=True,
        ),
        StepInfo(
            Step.WITHDRAW,
            "Dừng hồ sơ, rút khỏi danh sách",
            "Dừng hồ sơ",
            tuple(BEFORE_ADMISSION),
            S.WITHDRAWN,
            closes=True,
        ),
        StepInfo(
            Step.TRANSFER,
            "Chuyển sinh hoạt (chuyển hồ sơ sang chi bộ khác)",
            "Chuyển hồ sơ",
            tuple(s for s in Stage.values if s not in (S.FULL_MEMBER, S.WITHDRAWN, S.REFUSED, S.REMOVED)),
            None,
        ),
    ]
}
NOMINATE_LABEL = "Vào danh sách quần chúng ưu tú (tạo nguồn)"
# The main line, in order: the first of these allowed from a stage is "the next step".
MAIN_LINE = [
    Step.COURSE,
    Step.APPLY,
    Step.HISTORY,
    Step.VERIFY,
    Step.INTRODUCE,
    Step.OPINIONS,
    Step.CELL_VOTE,
    Step.APPRAISE,
    Step.COMMITTEE_VOTE,
    Step.DECIDE,
    Step.CEREMONY,
    Step.CONFIRMATION_VOTE,
    Step.CONFIRM,
]
SIDE_STEPS = [Step.REFUSE, Step.REMOVE, Step.WITHDRAW, Step.TRANSFER]


def step_label(step: str) -> str:
    return NOMINATE_LABEL if step == Step.NOMINATE else STEPS[step].label


@dataclass(frozen=True)
class Structure:
    """The organisations above a cell that take part in an admission."""

    cell: Organization
    sub_committee: Organization | None
    grassroots: Organization
    upper: Organization | None

    @property
    def has_committee_vote(self) -> bool:
        return self.grassroots.kind == OrgKind.GRASSROOTS_COMMITTEE

    @property
    def deciding(self) -> Organization:
        """Who decides: an authorised grassroots committee, else the level directly above it."""
        if self.grassroots.is_authorised_to_admit or self.upper is None:
            return self.grassroots
        return self.upper


def structure_of(cell: Organization) -> Structure:
    """Find the sub-committee, grassroots organisation and upper level of a cell (one query)."""
    above = list(Organization.objects.filter(path__in=ancestor_paths(cell.path)).order_by("-depth"))
    chain = [cell, *above]
    grassroots_index = next((i for i, org in enumerate(chain) if org.is_grassroots), 0)
    sub = next((org for org in chain[:grassroots_index] if org.kind == OrgKind.SUB_COMMITTEE), None)
    upper = chain[grassroots_index + 1] if grassroots_index + 1 < len(chain) else None
    return Structure(cell=cell, sub_committee=sub, grassroots=chain[grassroots_index], upper=upper)


def next_steps(stage: str, structure: Structure) -> list[str]:
    """The steps a candidacy may take from `stage`: the next main step first, then the side steps."""
    allowed: list[str] = [s for s in MAIN_LINE if stage in STEPS[s].after and _fits(s, stage, structure)]
    main: list[str] = allowed[:1]
    return main + [step for step in SIDE_STEPS if stage in STEPS[step].after]


def _fits(step: str, stage: str, structure: Structure) -> bool:
    if step == Step.APPRAISE:
        return structure.sub_committee is not None and structure.has_committee_vote
    if step == Step.COMMITTEE_VOTE:
        return structure.has_committee_vote and (stage == Stage.APPRAISED or structure.sub_committee is None)
    if step == Step.DECIDE:
        return stage == Stage.COMMITTEE_RESOLVED or not structure.has_committee_vote
    return True
