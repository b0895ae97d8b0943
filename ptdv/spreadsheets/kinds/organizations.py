"""Import of organisations: one row per organisation, parents before children, matched by code."""

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError

from ptdv.organizations.models import Organization, OrgKind, Sector
from ptdv.organizations.services import organization_create, organization_update
from ptdv.spreadsheets.cells import read_bool, read_choice, read_date, read_text
from ptdv.spreadsheets.kinds.base import (
    CREATED,
    UNCHANGED,
    UPDATE,
    UPDATED,
    Column,
    Outcome,
    RowCheck,
    read_columns,
)
from ptdv.spreadsheets.kinds.context import MSG_ORG_UNKNOWN, Context

KIND_ALIASES = {
    "Chi bộ": OrgKind.CELL,
    "Đảng bộ xã": OrgKind.COMMUNE,
    "Đảng bộ phường": OrgKind.COMMUNE,
    "Đảng bộ tỉnh": OrgKind.PROVINCE,
}
MSG_PARENT_LATER = (
    "Mã cấp trên “{code}” chưa có; nếu đơn vị đó ở dòng sau của tệp, hãy xếp cấp trên lên trước."
)
MSG_NAME_DIFFERS = "Mã “{code}” đã có với tên “{name}”. Đổi tên là một thay đổi có ngày hiệu lực: hãy dùng chức năng Đổi tên trên trang tổ chức."
MSG_PARENT_DIFFERS = "Mã “{code}” đã có, trực thuộc “{parent}”. Chuyển trực thuộc hãy dùng chức năng Chuyển trên trang tổ chức."
MSG_KIND_DIFFERS = "Mã “{code}” đã có với loại “{kind}”, khác loại trong tệp."

COLUMNS = [
    Column(
        "code",
        "Mã tổ chức",
        partial(read_text, limit=40),
        True,
        ("Mã", "Mã đơn vị", "Mã tổ chức đảng"),
        "Mã duy nhất, không dấu, ví dụ TN-01-CB03.",
        "TN-01-CB03",
    ),
    Column(
        "name",
        "Tên tổ chức",
        partial(read_text, limit=255),
        True,
        ("Tên", "Tên đơn vị", "Tên tổ chức đảng"),
        "",
        "Chi bộ ấp Tân Hòa",
    ),
    Column(
        "parent_code",
        "Mã cấp trên",
        partial(read_text, limit=40),
        False,
        ("Mã trực thuộc", "Trực thuộc (mã)"),
        "Mã của tổ chức cấp trên trực tiếp. Để trống: trực thuộc tổ chức đang chọn khi nhập.",
        "TN-01",
    ),
    Column(
        "kind",
        "Loại tổ chức",
        partial(read_choice, choices=OrgKind.choices, label="Loại tổ chức", aliases=KIND_ALIASES),
        True,
        ("Loại", "Cấp"),
        "Ví dụ: Chi bộ trực thuộc, Đảng bộ cơ sở, Chi bộ cơ sở.",
        "Chi bộ trực thuộc",
    ),
    Column(
        "sector",
        "Loại hình",
        partial(read_choice, choices=Sector.choices, label="Loại hình"),
        False,
        ("Lĩnh vực",),
        "Ví dụ: Khu dân cư (thôn, ấp, khu phố), Trường học.",
        "Khu dân cư (thôn, ấp, khu phố)",
    ),
    Column(
        "is_authorised_to_admit",
        "Được ủy quyền kết nạp",
        read_bool,
        False,
        (),
        "Ghi x với đảng bộ cơ sở được ủy quyền kết nạp đảng viên.",
        "",
    ),
    Column(
        "valid_from",
        "Ngày thành lập",
        read_date,
        True,
        ("Ngày bắt đầu hoạt động", "Thành lập ngày"),
        "",
        "01/07/2025",
    ),
    Column(
        "document",
        "Văn bản thành lập",
        partial(read_text, limit=255),
        False,
        ("Quyết định thành lập", "Căn cứ"),
        "",
        "Quyết định số 12-QĐ/ĐU",
    ),
]


class OrganizationsKind:
    """Tổ chức đảng: created through organization_create; an existing code is compared, never overwritten."""

    key = "organizations"
    label = "Tổ chức đảng"
    columns = COLUMNS
    decides_duplicates = False

    def check(self, raw: dict[str, Any], ctx: Context) -> RowCheck:
        check = read_columns(self.columns, raw)
        v = check.values
        check.summary = " ".join(filter(None, [v.get("code"), v.get("name")]))
        parent_code = v.get("parent_code")
        v["parent"] = ctx.root if not parent_code else ctx.org(parent_code)
        if parent_code and v["parent"] is None:
            if parent_code.upper() in ctx.pending_codes:
                pass  # created by an earlier row of this file when committing
            else:
                check.errors.append(
                    MSG_ORG_UNKNOWN.format(code=parent_code, root=ctx.root.name)
                    + " "
                    + MSG_PARENT_LATER.format(code=parent_code)
                )
        if v.get("code"):
            ctx.pending_codes.add(v["code"].upper())
            existing = Organization.objects.filter(code__iexact=v["code"]).select_related("parent").first()
            if existing is not None:
                check.existing_id, check.plan = existing.pk, UPDATE
                self._compare(check, existing)
        return check

    def _compare(self, check: RowCheck, org: Organization) -> None:
        v = check.values
        if v.get("name") and v["name"] != org.name:
            check.errors.append(MSG_NAME_DIFFERS.format(code=org.code, name=org.name))
        parent = v.get("parent")
        if parent is not None and org.parent_id != parent.pk:
            check.errors.append(
                MSG_PARENT_DIFFERS.format(code=org.code, parent=org.parent.name if org.parent else "—")
            )
        if v.get("kind") and v["kind"] != org.kind:
            check.errors.append(MSG_KIND_DIFFERS.format(code=org.code, kind=org.get_kind_display()))

    def apply(
        self, check: RowCheck, decision: str, duplicate: dict[str, Any] | None, ctx: Context
    ) -> Outcome:
        v = check.values
        parent = v["parent"] if v["parent"] is not None else ctx.org(v.get("parent_code"))
        if parent is None:
            raise ValidationError(MSG_PARENT_LATER.format(code=v.get("parent_code")))
        existing = Organization.objects.filter(code__iexact=v["code"]).first()
        if existing is None:
            org = organization_create(
                actor=ctx.actor,
                code=v["code"],
                name=v["name"],
                kind=v["kind"],
                parent=parent,
                valid_from=v["valid_from"],
                sector=v.get("sector") or "",
                is_authorised_to_admit=bool(v.get("is_authorised_to_admit")),
                document=v.get("document") or "",
            )
            ctx.remember(org)
            return Outcome(CREATED, org)
        sector = v.get("sector") or existing.sector
        authorised = (
            bool(v.get("is_authorised_to_admit"))
            if v.get("is_authorised_to_admit") is not None
            else existing.is_authorised_to_admit
        )
        if (sector, authorised) == (existing.sector, existing.is_authorised_to_admit):
            return Outcome(UNCHANGED, existing)
        return Outcome(
            UPDATED,
            organization_update(
                actor=ctx.actor, org=existing, sector=sector, is_authorised_to_admit=authorised
            ),
        )
