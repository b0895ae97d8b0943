"""Page-number pagination: `page`, and `page_size` up to 200."""

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MSG_PAGE_SIZE = "page_size phải là số nguyên dương (tối đa 200)."
MSG_PAGE = "page phải là số nguyên dương."


class ApiPagination(PageNumberPagination):
    """50 rows a page by default; a client may ask for up to 200 with `page_size`."""

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
