"""The figures of the progress dashboard (ptdv.reports.figures), as JSON: decimals as strings."""

from rest_framework import serializers

from ptdv.api.serializers.base import ApiSerializer


def _dec(help_text: str = "", null: bool = True) -> serializers.CharField:
    return serializers.CharField(
        allow_null=null, help_text=help_text or 'Số thập phân dạng chuỗi, ví dụ "76.51".'
    )


class OrgRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()


class CategoryRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="2020-2025, 2024 hoặc 2019-2021.")
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    kind = serializers.ChoiceField(choices=["term", "year", "years"])


class TargetProgressSerializer(serializers.Serializer):
    target_id = serializers.IntegerField()
    measure = serializers.CharField()
    title = serializers.CharField()
    category = CategoryRefSerializer(allow_null=True)
    wording = serializers.CharField()
    source_document = serializers.CharField()
    unit = serializers.ChoiceField(choices=["count", "percent"])
    required_min = _dec()
    required_max = _dec()
    achieved = _dec(null=False)
    attainment_min = _dec("Tỷ lệ đạt so với mức tối thiểu (%).")
    attainment_max = _dec()
    status = serializers.CharField(help_text="not_met, unlikely, at_risk, below, on_track, met, over.")
    forecast_low = _dec()
    forecast_high = _dec()


class YearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    admitted = serializers.IntegerField()
    members_at_start = serializers.IntegerField()
    rate = _dec()
    partial = serializers.BooleanField()


class CategoryFiguresSerializer(serializers.Serializer):
    category = CategoryRefSerializer()
    admitted = serializers.IntegerField()
    share = _dec()


class UnitFiguresSerializer(serializers.Serializer):
    org = OrgRefSerializer()
    admitted = serializers.IntegerField()
    target_min = _dec()
    target_max = _dec()
    attainment = _dec()


class IdleUnitSerializer(serializers.Serializer):
    org = OrgRefSerializer()
    parent_name = serializers.CharField(allow_blank=True)


class FunnelStageSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    median_days = serializers.IntegerField(allow_null=True)


class ForecastSerializer(serializers.Serializer):
    low = serializers.IntegerField()
    high = serializers.IntegerField()
    pace_projection = serializers.IntegerField()
    pipeline_sure = serializers.IntegerField()
    pipeline_possible = serializers.IntegerField()
    reasoning = serializers.ListField(child=serializers.CharField())


class ProgressSerializer(serializers.Serializer):
    """Everything the dashboard shows for one organisation and period (the same computation)."""

    organization = OrgRefSerializer()
    period = PeriodSerializer()
    as_of = serializers.DateField()
    category = CategoryRefSerializer(allow_null=True)
    decimals = serializers.IntegerField()
    admitted = serializers.IntegerField()
    years = YearFiguresSerializer(many=True)
    years_counted = serializers.IntegerField()
    average_per_year = _dec(null=False)
    average_rate = _dec()
    members_at_start = serializers.IntegerField()
    members_now = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    population_year = serializers.IntegerField(allow_null=True)
    member_population_ratio = _dec()
    targets = TargetProgressSerializer(many=True)
    by_category = CategoryFiguresSerializer(many=True)
    units = UnitFiguresSerializer(many=True)
    grassroots_total = serializers.IntegerField()
    cells_total = serializers.IntegerField()
    idle_grassroots = IdleUnitSerializer(many=True)
    idle_cells = IdleUnitSerializer(many=True)
    funnel = FunnelStageSerializer(many=True)
    confirmed = serializers.IntegerField()
    removed = serializers.IntegerField()
    forecast = ForecastSerializer(allow_null=True)
    cascade_warnings = serializers.ListField(child=serializers.CharField())


class ProgressQuerySerializer(ApiSerializer):
    """The report asked for (defaults as on the dashboard)."""

    organization = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        help_text="Tổ chức (mặc định: tổ chức cao nhất trong phạm vi).",
    )
    period = serializers.CharField(
        max_length=20,
        required=False,
        help_text="Nhiệm kỳ (2020-2025), năm (2024) hoặc khoảng năm; mặc định nhiệm kỳ hiện tại.",
    )
    as_of = serializers.DateField(required=False, help_text="Tính đến ngày (YYYY-MM-DD); mặc định hôm nay.")
    category = serializers.CharField(max_length=40, required=False, help_text="Mã đối tượng.")
