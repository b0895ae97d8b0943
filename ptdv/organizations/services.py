"""Writes to the organisation tree. Each one is atomic and leaves an audit event."""

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Concat, Substr

from ptdv.access.roles import Action
from ptdv.access.scoping import can, scope_paths
from ptdv.audit.services import record_event, snapshot
from ptdv.common.text import nfc, search_key
from ptdv.organizations.models import (
    Organization,
    OrgChange,
    OrgChangeKind,
    OrgLineage,
    OrgPlacement,
    Population,
)
from ptdv.organizations.paths import child_path, depth_of, subtree_q
from ptdv.tallies.services import organization_added, tree_changes

ONE_DAY = dt.timedelta(days=1)

MSG_CODE_TAKEN = "Mã tổ chức “{code}” đã được dùng cho “{name}”."
MSG_NAME_EMPTY = "Tên tổ chức không được để trống."
MSG_CODE_EMPTY = "Mã tổ chức không được để trống."
MSG_PARENT_INACTIVE = "Tổ chức cấp trên “{parent}” không hoạt động vào ngày {day:%d/%m/%Y}."
MSG_INACTIVE = "“{org}” không hoạt động vào ngày {day:%d/%m/%Y}."
MSG_MOVE_INTO_ITSELF = "Không thể chuyển “{org}” vào chính nó hoặc một tổ chức trực thuộc nó."
MSG_DATE_BEFORE_PLACEMENT = (
    "Ngày hiệu lực {day:%d/%m/%Y} phải sau ngày {start:%d/%m/%Y} của lần thay đổi trước."
)
MSG_MERGE_NEEDS_TWO = "Sáp nhập cần ít nhất hai tổ chức."
MSG_SPLIT_NEEDS_TWO = "Chia tách cần ít nhất hai tổ chức mới."
MSG_SPLIT_UNASSIGNED = "Chưa phân về tổ chức mới các tổ chức trực thuộc: {names}."
MSG_SPLIT_FOREIGN = "“{child}” không trực thuộc “{org}”."
MSG_DISSOLVE_HAS_CHILDREN = "Còn {count} tổ chức trực thuộc đang hoạt động ({names}); hãy chuyển hoặc sáp nhập chúng trước khi giải thể."
MSG_HAS_PEOPLE = (
    "Còn {count} đảng viên, đối tượng kết nạp sinh hoạt trực tiếp tại “{org}”; "
    "hãy ghi chuyển sinh hoạt cho họ trước khi {what}."
)
MSG_NO_RIGHTS = "Bạn không có quyền quản trị “{org}”."
MSG_ROOT_NATIONAL_ONLY = "Chỉ quản trị toàn quốc mới tạo được tổ chức cấp cao nhất."
MSG_POPULATION_NEGATIVE = "Dân số phải là số không âm."
MSG_YEAR_RANGE = "Năm phải trong khoảng 1945–2100."


def _validate_identity(code: str, name: str) -> None:
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = MSG_CODE_EMPTY
    elif (taken := Organization.objects.filter(code=code).first()) is not None:
        errors["code"] = MSG_CODE_TAKEN.format(code=code, name=taken.name)
    if not name:
        errors["name"] = MSG_NAME_EMPTY
    if errors:
        raise ValidationError(errors)


def _reload(*orgs: Organization | None) -> None:
    """Re-read (and lock) `orgs` in place: a caller's object may predate an earlier move, and a stale
    path would make a move touch nothing or put new nodes under a path that no longer exists."""
    for org in orgs:
        if org is not None:
            org.refresh_from_db(from_queryset=Organization.objects.select_for_update())


def _require_rights(actor: Any, action: str, *orgs: Organization | None) -> None:
    """The actor must hold `action` on every organisation touched (scoping is decided in access)."""
    for org in orgs:
        if org is not None and not can(actor, action, org):
            raise ValidationError(MSG_NO_RIGHTS.format(org=org))


def _require_no_people(org: Organization, what: str) -> None:
    """Refuse a change that would leave members or candidates in an organisation that ends."""
    from ptdv.people.models import MEMBER_STATUSES, MembershipStatus

    statuses = [*MEMBER_STATUSES, MembershipStatus.CANDIDATE]
    remaining = org.people.filter(status__in=statuses).count()  # type: ignore[attr-defined]
    if remaining:
        raise ValidationError(MSG_HAS_PEOPLE.format(count=remaining, org=org, what=what))


def _require_active(
    org: Organization, day: dt.date, field: str = "__all__", message: str = MSG_INACTIVE
) -> None:
    if org.valid_from > day or (org.valid_to is not None and org.valid_to < day):
        raise ValidationError({field: message.format(org=org, parent=org, day=day)})


def _insert(
    *,
    code: str,
    name: str,
    kind: str,
    sector: str,
    parent: Organization | None,
    valid_from: dt.date,
    is_authorised_to_admit: bool,
) -> Organization:
    """Insert a node, then give it its path (the path needs the id)."""
    org = Organization.objects.create(
        code=code,
        name=name,
        name_key=search_key(name),
        kind=kind,
        sector=sector,
        parent=parent,
        path=f"~{uuid.uuid4().hex}",
        valid_from=valid_from,
        is_authorised_to_admit=is_authorised_to_admit,
    )
    org.path = child_path(parent.path if parent else "", org.pk)
    org.depth = depth_of(org.path)
    org.save(update_fields=["path", "depth"])
    OrgPlacement.objects.create(organization=org, parent=parent, path=org.path, valid_from=valid_from)
    OrgLineage.objects.create(ancestor=org, descendant=org)
    organization_added(org)
    return org


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    valid_from: dt.date,
    sector: str = "",
    is_authorised_to_admit: bool = False,
    document: str = "",
) -> Organization:
    """Create an organisation under `parent` from `valid_from` on, and record its founding."""
    code, name = nfc(code).upper(), nfc(name)
    _validate_identity(code, name)
    _reload(parent)
    if parent is None and scope_paths(actor, Action.ADMIN) is not None:
        raise ValidationError(MSG_ROOT_NATIONAL_ONLY)
    _require_rights(actor, Action.ADMIN, parent)
    if parent is not None:
        _require_active(parent, valid_from, "parent", MSG_PARENT_INACTIVE)
    org = _insert(
        code=code,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        valid_from=valid_from,
        is_authorised_to_admit=is_authorised_to_admit,
    )
    change = OrgChange.objects.create(
        kind=OrgChangeKind.CREATION, effective_date=valid_from, document=nfc(document)
    )
    change.successors.add(org)
    record_event(actor=actor, code="organization.created", target=org, organization=org, after=snapshot(org))
    return org


def _move_subtree(org: Organization, new_parent: Organization, day: dt.date) -> None:
    """Re-root `org` (and everything currently below it) under `new_parent` from `day` on.

    Set-based: a province with ~100,000 units below it moves in a handful of statements, not one
    UPDATE per row. Open placements end the day before `day` and new ones start on `day`, with the
    new paths; a placement that itself starts on `day` is rewritten in place (it had no earlier day).
    """
    old_prefix = org.path
    new_prefix = child_path(new_parent.path, org.pk)
    rewritten_path = Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1), output_field=CharField())
    subtree = Organization.objects.filter(subtree_q("path", old_prefix))
    open_placements = OrgPlacement.objects.filter(
        organization__in=subtree.values("pk"), valid_to__isnull=True
    )
    late = open_placements.filter(valid_from__gt=day).order_by("-valid_from").first()
    if late is not None:
        raise ValidationError(MSG_DATE_BEFORE_PLACEMENT.format(day=day, start=late.valid_from))
    # Dissolved units have no open placement: their history stays closed, only their current path follows.
    continuing = list(
        open_placements.filter(valid_from__lt=day).values_list("organization_id", "parent_id", "path")
    )
    open_placements.filter(valid_from__lt=day).update(valid_to=day - ONE_DAY)
    open_placements.filter(valid_from=day).update(path=rewritten_path)
    open_placements.filter(valid_from=day, organization=org).update(parent=new_parent)
    OrgPlacement.objects.bulk_create(
        [
            OrgPlacement(
                organization_id=node_id,
                parent_id=new_parent.pk if node_id == org.pk else parent_id,
                path=new_prefix + path[len(old_prefix) :],
                valid_from=day,
            )
            for node_id, parent_id, path in continuing
        ],
        batch_size=5000,
    )
    shift = depth_of(new_prefix) - depth_of(old_prefix)
    subtree.update(
        path=rewritten_path, depth=F("depth") + shift
    )  # last: the queries above select by the old paths
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.path, org.depth, org.parent = new_prefix, depth_of(new_prefix), new_parent


def _close(org: Organization, day: dt.date) -> None:
    """End `org` on the day before `day`."""
    org.valid_to = day - ONE_DAY
    org.save(update_fields=["valid_to"])
    OrgPlacement.objects.filter(organization=org, valid_to__isnull=True).update(valid_to=day - ONE_DAY)


def _extend_lineage(predecessors: Sequence[Organization], successors: Sequence[Organization]) -> None:
    ancestor_ids = set(
        OrgLineage.objects.filter(descendant__in=predecessors).values_list("ancestor_id", flat=True)
    )
    OrgLineage.objects.bulk_create(
        [OrgLineage(ancestor_id=a, descendant=s) for a in ancestor_ids for s in successors],
        ignore_conflicts=True,
    )


def _units_under(*orgs: Organization) -> list[int]:
    """The organisations in these subtrees (themselves included): what a change of the tree touches."""
    inside = Q()
    for org in orgs:
        inside |= subtree_q("path", org.path)
    return list(Organization.objects.filter(inside).values_list("pk", flat=True))


def _active_children(org: Organization, day: dt.date) -> list[Organization]:
    return list(org.children.active_on(day).order_by("name"))  # type: ignore[attr-defined]


@transaction.atomic
def organization_move(
    *, actor: Any, org: Organization, new_parent: Organization, effective_date: dt.date, document: str = ""
) -> Organization:
    """Place `org` and its subtree under `new_parent` from `effective_date` on."""
    _reload(org, new_parent)
    _require_rights(actor, Action.ADMIN, org, new_parent)
    if new_parent.path.startswith(org.path):
        raise ValidationError({"new_parent": MSG_MOVE_INTO_ITSELF.format(org=org)})
    _require_active(org, effective_date)
    _require_active(new_parent, effective_date, "new_parent", MSG_PARENT_INACTIVE)
    before = snapshot(org, ["parent_id", "path"])
    old_parent = org.parent
    with tree_changes(_units_under(org)):
        _move_subtree(org, new_parent, effective_date)
    change = OrgChange.objects.create(
        kind=OrgChangeKind.MOVE,
        effective_date=effective_date,
        document=nfc(document),
        details={
            "from_parent": old_parent.pk if old_parent else None,
            "to_parent": new_parent.pk,
            "from_name": old_parent.name if old_parent else "",
            "to_name": new_parent.name,
        },
    )
    change.predecessors.add(org)
    change.successors.add(org)
    record_event(
        actor=actor,
        code="organization.moved",
        target=org,
        organization=org,
        before=before,
        after=snapshot(org, ["parent_id", "path"]),
    )
    return org


@transaction.atomic
def organization_rename(
    *, actor: Any, org: Organization, name: str, effective_date: dt.date, document: str = ""
) -> Organization:
    """Give `org` a new name from `effective_date`; the old name stays in its history."""
    name = nfc(name)
    if not name:
        raise ValidationError({"name": MSG_NAME_EMPTY})
    _reload(org)
    _require_rights(actor, Action.ADMIN, org)
    old = org.name
    org.name, org.name_key = name, search_key(name)
    org.save(update_fields=["name", "name_key"])
    change = OrgChange.objects.create(
        kind=OrgChangeKind.RENAME,
        effective_date=effective_date,
        document=nfc(document),
        details={"old_name": old, "new_name": name},
    )
    change.predecessors.add(org)
    change.successors.add(org)
    record_event(
        actor=actor,
        code="organization.renamed",
        target=org,
        organization=org,
        before={"name": old},
        after={"name": name},
    )
    return org


@transaction.atomic
def organization_update(
    *, actor: Any, org: Organization, sector: str, is_authorised_to_admit: bool
) -> Organization:
    """Change the attributes that carry no history of their own (sector, authority to admit)."""
    fields = ["sector", "is_authorised_to_admit"]
    _reload(org)
    _require_rights(actor, Action.ADMIN, org)
    before = snapshot(org, fields)
    # The categories of targets count events by the recording unit's sector: the tallies follow it.
    with tree_changes([org.pk] if sector != org.sector else []):
        org.sector, org.is_authorised_to_admit = sector, is_authorised_to_admit
        org.save(update_fields=fields)
    record_event(
        actor=actor,
        code="organization.updated",
        target=org,
        organization=org,
        before=before,
        after=snapshot(org, fields),
    )
    return org


@transaction.atomic
def organizations_merge(
    *,
    actor: Any,
    predecessors: Sequence[Organization],
    effective_date: dt.date,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    sector: str = "",
    document: str = "",
) -> Organization:
    """Merge `predecessors` into a new organisation: their units move under it, they end the day before."""
    if len({p.pk for p in predecessors}) < 2:
        raise ValidationError(MSG_MERGE_NEEDS_TWO)
    _reload(*predecessors, parent)
    _require_rights(actor, Action.ADMIN, *predecessors, parent)
    for predecessor in predecessors:
        _require_no_people(predecessor, "sáp nhập")
    for predecessor in predecessors:
        _require_active(predecessor, effective_date)
    code, name = nfc(code).upper(), nfc(name)
    _validate_identity(code, name)
    if parent is not None:
        _require_active(parent, effective_date, "parent", MSG_PARENT_INACTIVE)
    with tree_changes(_units_under(*predecessors)):
        merged = _insert(
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            valid_from=effective_date,
            is_authorised_to_admit=False,
        )
        for predecessor in predecessors:
            for child in _active_children(predecessor, effective_date):
                _move_subtree(child, merged, effective_date)
            _close(predecessor, effective_date)
        _extend_lineage(predecessors, [merged])
    change = OrgChange.objects.create(
        kind=OrgChangeKind.MERGER, effective_date=effective_date, document=nfc(document)
    )
    change.predecessors.add(*predecessors)
    change.successors.add(merged)
    record_event(
        actor=actor,
        code="organization.merged",
        target=merged,
        organization=merged,
        after={**snapshot(merged), "predecessors": [p.pk for p in predecessors]},
    )
    return merged


@transaction.atomic
def organization_split(
    *,
    actor: Any,
    org: Organization,
    effective_date: dt.date,
    parts: Sequence[dict[str, Any]],
    document: str = "",
) -> list[Organization]:
    """Split `org` into new organisations; every active unit under it must be given to one of them.

    Each part is a dict with code, name, kind, sector and children (organisations under `org`).
    """
    if len(parts) < 2:
        raise ValidationError(MSG_SPLIT_NEEDS_TWO)
    _reload(org)
    _require_rights(actor, Action.ADMIN, org)
    _require_active(org, effective_date)
    _require_no_people(org, "chia tách")
    active = {c.pk: c for c in _active_children(org, effective_date)}
    assigned: set[int] = set()
    for part in parts:
        for child in part.get("children", []):
            if child.pk not in active:
                raise ValidationError(MSG_SPLIT_FOREIGN.format(child=child, org=org))
            assigned.add(child.pk)
    missing = [c.name for pk, c in active.items() if pk not in assigned]
    if missing:
        raise ValidationError(MSG_SPLIT_UNASSIGNED.format(names=", ".join(missing)))
    successors = []
    with tree_changes(_units_under(org)):
        for part in parts:
            code, name = nfc(part["code"]).upper(), nfc(part["name"])
            _validate_identity(code, name)
            new = _insert(
                code=code,
                name=name,
                kind=part.get("kind", org.kind),
                sector=part.get("sector", org.sector),
                parent=org.parent,
                valid_from=effective_date,
                is_authorised_to_admit=False,
            )
            for child in part.get("children", []):
                _move_subtree(active[child.pk], new, effective_date)
            successors.append(new)
        _close(org, effective_date)
        _extend_lineage([org], successors)
    change = OrgChange.objects.create(
        kind=OrgChangeKind.SPLIT, effective_date=effective_date, document=nfc(document)
    )
    change.predecessors.add(org)
    change.successors.add(*successors)
    record_event(
        actor=actor,
        code="organization.split",
        target=org,
        organization=org,
        after={"successors": [s.pk for s in successors], "valid_to": org.valid_to},
    )
    return successors


@transaction.atomic
def organization_dissolve(
    *, actor: Any, org: Organization, effective_date: dt.date, document: str = "", reason: str = ""
) -> Organization:
    """End `org` from `effective_date`; refused while units under it are still active."""
    _reload(org)
    _require_rights(actor, Action.ADMIN, org)
    _require_active(org, effective_date)
    children = _active_children(org, effective_date)
    if children:
        raise ValidationError(
            MSG_DISSOLVE_HAS_CHILDREN.format(
                count=len(children), names=", ".join(c.name for c in children[:5])
            )
        )
    # Members left in an ended organisation would drop out of every count from the next day on.
    _require_no_people(org, "giải thể")
    with tree_changes([org.pk]):
        _close(org, effective_date)
    change = OrgChange.objects.create(
        kind=OrgChangeKind.DISSOLUTION,
        effective_date=effective_date,
        document=nfc(document),
        note=nfc(reason),
    )
    change.predecessors.add(org)
    record_event(
        actor=actor,
        code="organization.dissolved",
        target=org,
        organization=org,
        after={"valid_to": org.valid_to},
        reason=nfc(reason),
    )
    return org


@transaction.atomic
def population_set(
    *, actor: Any, org: Organization, year: int, population: int, source: str = ""
) -> Population:
    """Record (or correct) the population of `org`'s area for `year`; the old figure stays in the audit."""
    if population < 0:
        raise ValidationError({"population": MSG_POPULATION_NEGATIVE})
    if not 1945 <= year <= 2100:
        raise ValidationError({"year": MSG_YEAR_RANGE})
    _require_rights(actor, Action.CHANGE, org)
    existing = Population.objects.select_for_update().filter(organization=org, year=year).first()
    before = snapshot(existing, ["year", "population", "source"]) if existing else None
    row, _ = Population.objects.update_or_create(
        organization=org, year=year, defaults={"population": population, "source": nfc(source)}
    )
    record_event(
        actor=actor,
        code="organization.population_set",
        target=org,
        organization=org,
        before=before,
        after=snapshot(row, ["year", "population", "source"]),
    )
    return row


__all__ = [
    "organization_create",
    "organization_dissolve",
    "organization_move",
    "organization_rename",
    "organization_split",
    "organization_update",
    "organizations_merge",
    "population_set",
]
