"""Vietnamese wording for audit codes and recorded field names."""

from functools import cache

from django.apps import apps

CODE_LABELS = {
    "organization.created": "Thành lập tổ chức",
    "organization.updated": "Sửa thông tin tổ chức",
    "organization.renamed": "Đổi tên tổ chức",
    "organization.moved": "Chuyển trực thuộc",
    "organization.merged": "Sáp nhập tổ chức",
    "organization.split": "Chia tách tổ chức",
    "organization.dissolved": "Giải thể tổ chức",
    "organization.population_set": "Cập nhật dân số",
    "person.created": "Thêm người",
    "person.updated": "Sửa hồ sơ",
    "membership.corrected": "Đính chính sự kiện",
    "user.created": "Tạo tài khoản",
    "grant.created": "Phân quyền",
    "grant.revoked": "Thu hồi quyền",
    "candidacy.created": "Đưa vào danh sách quần chúng ưu tú",
    "candidacy.introducer_added": "Thêm người giới thiệu",
    "candidacy.introducer_ended": "Thay người giới thiệu",
    "candidacy.verification_added": "Thêm người cần thẩm tra",
    "candidacy.verification_updated": "Cập nhật kết quả thẩm tra",
    "candidacy.file_uploaded": "Tải lên giấy tờ",
    "course.created": "Mở lớp nhận thức về Đảng",
    "course.enrolled": "Ghi danh học lớp nhận thức",
    "course.completed": "Ghi hoàn thành lớp nhận thức",
    "rules.parameter_set": "Đổi tham số quy tắc",
    "rules.calendar_day_added": "Khai báo ngày làm bù, nghỉ thêm",
    "target.created": "Giao chỉ tiêu",
    "target.updated": "Sửa chỉ tiêu",
    "target.deleted": "Xóa chỉ tiêu",
    "category.created": "Thêm đối tượng",
    "category.updated": "Sửa đối tượng",
    "term.created": "Thêm nhiệm kỳ",
    "term.updated": "Sửa nhiệm kỳ",
    "import.created": "Tải lên tệp nhập dữ liệu",
    "import.mapped": "Chọn cột cho tệp nhập",
    "import.decided": "Chọn cách xử lý dòng trùng",
    "import.dry_run": "Chạy thử nhập dữ liệu",
    "import.started": "Bắt đầu ghi dữ liệu nhập",
    "import.committed": "Nhập xong dữ liệu",
    "user.locked": "Khóa tài khoản",
    "user.unlocked": "Mở lại tài khoản",
    "user.password_changed": "Đổi mật khẩu",
    "user.login_unlocked": "Mở khóa đăng nhập",
    "user.otp_enrolled": "Bật xác thực hai bước",
    "user.otp_removed": "Tắt xác thực hai bước",
    "user.otp_reset": "Đặt lại xác thực hai bước",
    "user.backup_codes_created": "Tạo mã dự phòng",
    "user.backup_code_used": "Đăng nhập bằng mã dự phòng",
    "api_token.created": "Tạo khóa API",
    "api_token.revoked": "Thu hồi khóa API",
}
EXTRA_FIELDS = {
    "organization_id": "Tổ chức",
    "parent_id": "Trực thuộc",
    "event": "Sự kiện",
    "predecessors": "Tổ chức tiền thân",
    "successors": "Tổ chức kế tục",
}


def code_label(code: str) -> str:
    if code in CODE_LABELS:
        return CODE_LABELS[code]
    if code.startswith("candidacy."):
        from ptdv.admissions.domain.pipeline import STEPS

        step = code.split(".", 1)[1]
        return STEPS[step].label if step in STEPS else code
    if code.startswith("membership."):
        from ptdv.people.models import EventKind

        kind = code.split(".", 1)[1]
        return EventKind(kind).label if kind in EventKind.values else code
    return code


@cache
def _field_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("ptdv."):
            continue
        for field in model._meta.concrete_fields:
            labels.setdefault(field.attname, str(field.verbose_name))
    return {**labels, **EXTRA_FIELDS}


def field_label(name: str) -> str:
    return _field_labels().get(name, name)


# The kinds of object an audit event is about, as a filter offers them.
TARGET_LABELS = {
    "organizations.organization": "Tổ chức đảng",
    "people.person": "Hồ sơ cá nhân",
    "people.membershipevent": "Sự kiện trong quá trình",
    "admissions.candidacy": "Hồ sơ kết nạp",
    "admissions.introduction": "Người giới thiệu",
    "admissions.verification": "Thẩm tra lý lịch",
    "admissions.dossierfile": "Giấy tờ trong hồ sơ",
    "admissions.awarenesscourse": "Lớp bồi dưỡng nhận thức về Đảng",
    "targets.target": "Chỉ tiêu",
    "targets.category": "Đối tượng của chỉ tiêu",
    "targets.term": "Nhiệm kỳ",
    "spreadsheets.importjob": "Lần nhập dữ liệu",
    "access.user": "Tài khoản",
    "access.grant": "Phân quyền",
}


def target_label(target_type: str) -> str:
    """Vietnamese name of an object type (`people.person` → "Hồ sơ cá nhân")."""
    if target_type in TARGET_LABELS:
        return TARGET_LABELS[target_type]
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type
