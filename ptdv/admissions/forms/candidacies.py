"""Forms of the candidacy pages: open a candidacy, record a step, add introducers and verifications."""

from typing import Any

from django import forms

from ptdv.admissions.member_picker import MemberField
from ptdv.admissions.models import Candidacy, Introduction, Verification
from ptdv.admissions.models.candidacy import ExitReason, NominatedBy
from ptdv.admissions.rules import Step
from ptdv.common.forms import DateInput, bootstrap
from ptdv.organizations.models import CELL_KINDS
from ptdv.organizations.picker import OrganizationField
from ptdv.people.models import MembershipStatus, Person

APPROVAL_STEPS = {Step.CELL_VOTE, Step.DECIDE, Step.CEREMONY, Step.CONFIRMATION_VOTE}
VOTE_STEPS = {Step.CELL_VOTE, Step.CONFIRMATION_VOTE, Step.COMMITTEE_VOTE}
REASON_STEPS = {Step.REFUSE, Step.WITHDRAW, Step.REMOVE}
DATE_LABELS: dict[str, str] = {
    Step.COURSE: "Ngày cấp giấy chứng nhận",
    Step.APPLY: "Ngày viết đơn",
    Step.HISTORY: "Ngày khai xong lý lịch",
    Step.VERIFY: "Ngày cấp ủy cơ sở kết luận thẩm tra",
    Step.INTRODUCE: "Ngày hoàn tất giấy giới thiệu",
    Step.OPINIONS: "Ngày tổng hợp ý kiến",
    Step.CELL_VOTE: "Ngày chi bộ họp xét",
    Step.APPRAISE: "Ngày báo cáo thẩm định",
    Step.COMMITTEE_VOTE: "Ngày đảng ủy cơ sở họp",
    Step.DECIDE: "Ngày ký quyết định kết nạp",
    Step.REFUSE: "Ngày thông báo không kết nạp",
    Step.CEREMONY: "Ngày tổ chức lễ kết nạp",
    Step.CONFIRMATION_VOTE: "Ngày chi bộ họp xét công nhận chính thức",
    Step.CONFIRM: "Ngày ký quyết định công nhận chính thức",
    Step.REMOVE: "Ngày quyết định xóa tên",
    Step.WITHDRAW: "Ngày dừng hồ sơ",
    Step.TRANSFER: "Ngày chuyển",
}


def _count(label: str, required: bool = True, help_text: str = "") -> forms.IntegerField:
    widget = forms.NumberInput(attrs={"inputmode": "numeric"})
    return forms.IntegerField(
        label=label, required=required, help_text=help_text, widget=widget, min_value=0, max_value=100000
    )


class StepForm(forms.Form):
    """The fields one step needs; the rules check the values in the service."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label="Ngày", widget=DateInput)

    def __init__(self, *args: Any, step: str, candidacy: Candidacy, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["date"].label = DATE_LABELS.get(step, "Ngày")
        if step == Step.COURSE:
            self.fields["certificate_number"] = forms.CharField(label="Số giấy chứng nhận", max_length=40)
        if step in VOTE_STEPS:
            committee = step == Step.COMMITTEE_VOTE
            self.fields["members"] = _count(
                "Tổng số cấp ủy viên" if committee else "Tổng số đảng viên chính thức của chi bộ"
            )
            if not committee:
                self.fields["on_temporary_transfer"] = _count(
                    "Số đảng viên chính thức đang chuyển sinh hoạt tạm thời đi nơi khác", required=False
                )
                self.fields["exempt_absent"] = _count(
                    "Số đảng viên chính thức được miễn sinh hoạt và vắng mặt", required=False
                )
            self.fields["present"] = _count("Số có mặt")
            self.fields["votes_for"] = _count("Số tán thành")
        if step == Step.DECIDE:
            self.fields["received_date"] = forms.DateField(
                label="Ngày chi bộ nhận được quyết định",
                required=False,
                widget=DateInput,
                help_text="Để trống nếu nhận ngay trong ngày ký.",
            )
        if step == Step.CEREMONY:
            self.fields["mentor"] = forms.ModelChoiceField(
                label="Đảng viên chính thức được phân công giúp đỡ trong thời kỳ dự bị",
                queryset=Person.objects.filter(
                    organization=candidacy.organization, status=MembershipStatus.FULL
                ),
                required=False,
                initial=candidacy.mentor_id,
            )
        if step == Step.TRANSFER:
            self.fields["organization"] = OrganizationField(
                label="Chi bộ chuyển đến", purpose="change-cells"
            ).limit_to(user)
        self.fields["document"] = forms.CharField(
            label="Số quyết định"
            if step in (Step.DECIDE, Step.CONFIRM, Step.REMOVE)
            else "Văn bản (số, ngày)",
            required=step in (Step.DECIDE, Step.CONFIRM),
            max_length=255,
        )
        if step in APPROVAL_STEPS:
            self.fields["approval_document"] = forms.CharField(
                label="Văn bản đồng ý hoặc gia hạn của cấp có thẩm quyền (nếu có)",
                required=False,
                max_length=255,
                help_text="Chỉ điền khi có văn bản: ví dụ “Công văn số 12-CV/ĐU ngày 05/04/2025 của Đảng ủy xã”.",
            )
        self.fields["note"] = forms.CharField(
            label="Lý do" if step in REASON_STEPS else "Ghi chú",
            required=step in REASON_STEPS,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        bootstrap(self)

    def step_data(self) -> dict[str, Any]:
        """The step-specific values, for the rules and the step's record."""
        skip = {"version", "date", "document", "approval_document", "note", "organization", "mentor"}
        data = {k: v for k, v in self.cleaned_data.items() if k not in skip and v not in (None, "")}
        if self.step == Step.COURSE:
            data["certificate_date"] = self.cleaned_data["date"]
        return data


class CandidacyCreateForm(forms.Form):
    """Put a person on the list of outstanding non-members of a cell."""

    organization = OrganizationField(label="Chi bộ", purpose="change-cells")
    opened_on = forms.DateField(label="Ngày chi bộ đưa vào danh sách nguồn", widget=DateInput)
    nominated_by = forms.ChoiceField(label="Đơn vị giới thiệu nguồn", choices=NominatedBy.choices)
    mentor = MemberField(
        label="Đảng viên chính thức được phân công giúp đỡ", purpose="mentor", required=False
    )
    planned_vote_date = forms.DateField(
        label="Dự kiến ngày chi bộ xét kết nạp", widget=DateInput, required=False
    )
    youth_union_exists = forms.BooleanField(
        label="Nơi làm việc, cư trú có tổ chức Đoàn", required=False, initial=True
    )
    trade_union_exists = forms.BooleanField(
        label="Cơ quan, doanh nghiệp có tổ chức Công đoàn", required=False
    )
    lives_in_exempt_area = forms.BooleanField(
        label="Ở miền núi, biên giới, hải đảo, vùng dân tộc thiểu số, vùng đặc biệt khó khăn hoặc là ngư dân",
        required=False,
    )
    is_village_elder = forms.BooleanField(label="Là già làng, trưởng bản, người có uy tín", required=False)
    document = forms.CharField(label="Nghị quyết của chi bộ (số, ngày)", required=False, max_length=255)
    is_readmission = forms.BooleanField(label="Kết nạp lại (người đã từng là đảng viên)", required=False)
    previous_exit_date = forms.DateField(
        label="Ngày ra khỏi Đảng trước đây", widget=DateInput, required=False
    )
    previous_exit_reason = forms.ChoiceField(
        label="Lý do ra khỏi Đảng", choices=[("", "—"), *ExitReason.choices], required=False
    )
    conviction_cleared_on = forms.DateField(
        label="Ngày được xóa án tích (nếu bị kết án)", widget=DateInput, required=False
    )
    family_hardship = forms.BooleanField(
        label="Đã xin ra khỏi Đảng vì hoàn cảnh gia đình đặc biệt khó khăn", required=False
    )

    def __init__(self, *args: Any, user: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].limit_to(user)  # type: ignore[attr-defined]
        self.fields["mentor"].limit_to(user)  # type: ignore[attr-defined]
        if person.organization.kind in CELL_KINDS:
            self.fields["organization"].initial = person.organization_id
        bootstrap(self)


class IntroductionForm(forms.ModelForm):
    introducer = MemberField(label="Đảng viên giới thiệu", purpose="introducer", required=False)

    class Meta:
        model = Introduction
        fields = ["kind", "introducer", "name", "together_since", "same_unit", "date"]
        widgets = {"together_since": DateInput, "date": DateInput}

    def __init__(self, *args: Any, candidacy: Candidacy, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        introducer = self.fields["introducer"].limit_to(user)  # type: ignore[attr-defined]
        # The search cannot know the candidate; the form (and the service) refuse them.
        introducer.queryset = introducer.queryset.exclude(pk=candidacy.person_id)
        introducer.help_text = "Với đảng viên giới thiệu. Chọn người trong danh sách đảng viên."
        self.fields["name"].required = False
        self.fields["name"].help_text = "Với Ban chấp hành Đoàn, Công đoàn: ghi tên ban chấp hành."
        bootstrap(self)


class VerificationForm(forms.ModelForm):
    class Meta:
        model = Verification
        fields = ["relation", "name", "is_party_member", "requested_on", "verified_on", "result", "note"]
        widgets = {
            "requested_on": DateInput,
            "verified_on": DateInput,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class IntroductionEndForm(forms.Form):
    ended_on = forms.DateField(label="Thôi giới thiệu từ ngày", widget=DateInput)
    reason = forms.CharField(
        label="Lý do (chuyển đi nơi khác, bị kỷ luật, từ trần…)", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
