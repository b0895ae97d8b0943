"""Page-number pagination: `page`, and `page_size` up to 200; counts stop at 10,000 rows."""

from typing import Any

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from ptdv.common.paging import CappedPaginator

MSG_PAGE_SIZE = "page_size phải là số nguyên dương (tối đa 200)."
MSG_PAGE = "page phải là số nguyên dương."


class ApiPagination(PageNumberPagination):
    """50 rows a page by default; a client may ask for up to 200 with `page_size`.

    As on the list pages, `count` stops at 10,000 rows (or at the end of the page asked for), with
    `count_capped: true` when there are more: counting six million people on every request costs
    seconds. Later pages stay reachable through `next`.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_param = "page"
    invalid_page_message = "Trang không tồn tại."
    page_query_description = "Số trang (từ 1)."
    page_size_query_description = "Số dòng mỗi trang (mặc định 50, tối đa 200)."

    def get_page_size(self, request: Any) -> int | None:
        """The asked-for size, capped at 200; a size that is not a positive whole number is a 400."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: [MSG_PAGE_SIZE]})
        return min(int(raw), self.max_page_size)

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        """The page asked for; one that is not a positive whole number is a 400, not page 1."""
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and (not (raw.isascii() and raw.isdigit()) or int(raw) < 1):
            raise ValidationError({self.page_query_param: [MSG_PAGE]})
        return super().get_page_number(request, paginator)

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list | None:
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        number = self.get_page_number(request, None)
        paginator = CappedPaginator(queryset, page_size, page=number)
        try:
            self.page = paginator.page(number)
        except Exception as exc:  # an invalid or empty page, as PageNumberPagination says it
            raise NotFound(self.invalid_page_message) from exc
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        self.request = request
        return list(self.page)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        paginator = self.page.paginator  # type: ignore[union-attr]
        response.data["count_capped"] = isinstance(paginator, CappedPaginator) and paginator.capped
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "true: there are more rows than `count` (counting stops at 10.000).",
        }
        return described
