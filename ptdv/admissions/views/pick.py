"""The member picker's search (ptdv/admissions/member_picker.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from ptdv.admissions import member_picker


@login_required
@require_GET
def member_pick(request: HttpRequest) -> JsonResponse:
    """The member picker's results: whom the named purpose lets this user choose, matching `q`.

    The purpose is looked up here, never described by the browser: an unknown one is 404. Asking
    without a purpose asks for nothing and gets an empty list.
    """
    name = request.GET.get("muc", "")
    if not name:
        return JsonResponse({"results": [], "more": False})
    if name not in member_picker.PURPOSES:
        raise Http404("Không có danh sách đảng viên này.")
    found, more = member_picker.member_pick_list(actor=request.user, purpose=name, q=request.GET.get("q", ""))
    return JsonResponse({"results": [member_picker.pick_row(person) for person in found], "more": more})
