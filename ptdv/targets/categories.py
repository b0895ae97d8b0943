"""Which people a category covers, as a query filter (the one definition every count uses)."""

from django.db.models import Q

from ptdv.people.choices import MAJORITY_ETHNICITY, NO_RELIGION
from ptdv.targets.models import Category


def category_q(category: Category, *, person: str = "person__", organization: str = "organization__") -> Q:
    """Rows (events, candidacies) whose person belongs to `category`: any of its conditions holds.

    `person` and `organization` are the lookups from the queried model to the person and to the
    organisation whose sector counts (the cell that admitted them, or the candidacy's cell).
    A category with no condition covers nobody, so a half-configured category never counts everyone.
    """
    q = Q(pk__in=[])
    if category.occupation_groups:
        q |= Q(**{f"{person}occupation_group__in": category.occupation_groups})
    if category.sectors:
        q |= Q(**{f"{organization}sector__in": category.sectors})
    if category.gender:
        q |= Q(**{f"{person}gender": category.gender})
    if category.ethnic_minority:
        q |= ~Q(**{f"{person}ethnicity": MAJORITY_ETHNICITY})
    if category.religious:
        q |= ~Q(**{f"{person}religion": NO_RELIGION})
    if category.youth_union:
        q |= Q(**{f"{person}is_youth_union_member": True})
    if category.trade_union:
        q |= Q(**{f"{person}is_trade_union_member": True})
    if category.demobilised_soldier:
        q |= Q(**{f"{person}is_demobilised_soldier": True})
    return q


def has_condition(category: Category) -> bool:
    return bool(
        category.occupation_groups
        or category.sectors
        or category.gender
        or category.ethnic_minority
        or category.religious
        or category.youth_union
        or category.trade_union
        or category.demobilised_soldier
    )
