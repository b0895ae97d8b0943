"""What a row check needs to know beyond the row: who imports, under which organisation, and caches."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from ptdv.access.roles import Action
from ptdv.organizations.models import Organization

MSG_ORG_UNKNOWN = "Không có tổ chức đảng mã “{code}” trong phạm vi “{root}” mà bạn được nhập dữ liệu."
MSG_ORG_MISSING = "Thiếu mã tổ chức đảng, và “{root}” không phải chi bộ để nhận thay."


@dataclass
class Context:
    """The importer's view of the world for one job; organisations are loaded once, by code."""

    actor: Any
    root: Organization
    today: dt.date = field(default_factory=timezone.localdate)
    file_label: str = ""
    pending_codes: set[str] = field(default_factory=set)  # codes the file itself creates
    _orgs: dict[str, Organization] | None = None

    def orgs(self) -> dict[str, Organization]:
        if self._orgs is None:
            inside = Organization.objects.restrict(self.actor, Action.CHANGE).filter(
                path__startswith=self.root.path
            )
            self._orgs = {org.code.upper(): org for org in inside}
        return self._orgs

    def org(self, code: str | None) -> Organization | None:
        return self.orgs().get((code or "").strip().upper())

    def org_of_row(self, values: dict[str, Any], errors: list[str]) -> Organization | None:
        """The organisation a row names in `org_code` (also stored as values["organization"]), or an error."""
        code = values.get("org_code")
        org = self.org(code)
        if code and org is None:
            errors.append(MSG_ORG_UNKNOWN.format(code=code, root=self.root.name))
        values["organization"] = org
        return org

    def remember(self, org: Organization) -> None:
        """An organisation created by this import becomes available to later rows."""
        self.orgs()[org.code.upper()] = org
