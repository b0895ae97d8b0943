"""Progress figures of one organisation over a term or a year: the dashboard's computation, as JSON."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ptdv.api.errors import MSG_NOT_FOUND
from ptdv.api.serializers.progress import ProgressQuerySerializer, ProgressSerializer
from ptdv.reports.progress import progress_for
from ptdv.reports.selectors import report_query
from ptdv.reports.serialize import plain
from ptdv.targets.selectors import category_from_key, period_from_key


class ProgressView(APIView):
    """GET only: the figures the dashboard shows for the same organisation, period, date and category."""

    @extend_schema(
        summary="Tiến độ thực hiện chỉ tiêu của một tổ chức trong một kỳ (cùng số liệu với trang Tiến độ)",
        tags=["Tiến độ"],
        parameters=[ProgressQuerySerializer],
        responses={200: ProgressSerializer},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = ProgressQuerySerializer(data=request.query_params.dict())
        incoming.is_valid(raise_exception=True)
        values = incoming.validated_data
        # Unlike the page, which falls back to defaults, a program is told what it got wrong.
        errors: dict[str, list[str]] = {}
        for name, check in (("period", period_from_key), ("category", category_from_key)):
            if values.get(name):
                try:
                    check(values[name])
                except ValidationError as error:
                    errors[name] = list(error.messages)
        if errors:
            raise ValidationError(errors)
        query = QueryDict(mutable=True)
        for name, key in (("organization", "org"), ("period", "period"), ("category", "category")):
            if values.get(name):
                query[key] = str(values[name])
        if values.get("as_of"):
            query["as_of"] = values["as_of"].strftime("%d/%m/%Y")
        chosen = report_query(request.user, query)
        if chosen is None:
            raise Http404(MSG_NOT_FOUND)
        progress = progress_for(
            org=chosen.org,
            period=chosen.period,
            as_of=chosen.as_of,
            category=chosen.category,
            decimals=chosen.decimals,
        )
        return Response(plain(progress))
