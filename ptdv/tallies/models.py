"""Pre-aggregated figures of the organisations at the top of the tree (the centre, the provinces).

They hold, per tallied organisation, what `reports.queries.events_under` and
`people.selectors.member_count_on` would count, so the national and provincial dashboards read a few
thousand rows instead of millions. They are derived data: the people services keep them in step with
every write in the same transaction (`services.person_changes`), a tree change marks them stale until
they are rebuilt, and the dashboards use them only while `TallyState.ready`. docs/scaling.md explains
the design.
"""

from django.db import models

from ptdv.organizations.models import Organization

# The attributes the categories of targets filter on, as named on Person and Organization.
PROFILE = (
    "gender",
    "ethnicity",
    "religion",
    "occupation_group",
    "sector",
    "is_youth_union_member",
    "is_trade_union_member",
    "is_demobilised_soldier",
)


class TallyState(models.Model):
    """An organisation whose figures are tallied, and whether the tallies can be trusted now."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="tally_state"
    )
    ready = models.BooleanField(default=False)
    built_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.organization_id}: {'ready' if self.ready else 'stale'}"


class EventTally(models.Model):
    """Effective membership events of one kind in one month under a tallied organisation.

    One row per combination of the attributes the categories of targets filter on (the person's, and
    the sector of the recording unit), named as on Person and Organization, so
    `targets.categories.category_q(category, person="", organization="")` filters these rows the way
    it filters events. Ethnicity and religion keep only "majority / none" or "" (any other): that is
    all a category asks of them.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    kind = models.CharField(max_length=20)
    gender = models.CharField(max_length=1)
    ethnicity = models.CharField(max_length=40)
    religion = models.CharField(max_length=40)
    occupation_group = models.CharField(max_length=24)
    sector = models.CharField(max_length=24)
    is_youth_union_member = models.BooleanField()
    is_trade_union_member = models.BooleanField()
    is_demobilised_soldier = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month", "kind", *PROFILE],
                name="event_tally_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%m/%Y} {self.kind}: {self.n}"


class MemberTally(models.Model):
    """How the number of party members under a tallied organisation changes on one day.

    The members on day d are the sum of `change` over the days up to d.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    change = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "day"], name="member_tally_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day:%d/%m/%Y}: {self.change:+d}"


class UnitTally(models.Model):
    """How the number of grassroots organisations and of cells under a tallied organisation changes.

    Under = in its subtree as the tree stands now (as the dashboard's unit totals count); a unit counts
    from its first day to its last. The numbers on day d are the sums of the changes up to d.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    grassroots = models.IntegerField()
    cells = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "day"], name="unit_tally_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day:%d/%m/%Y}: {self.grassroots:+d} / {self.cells:+d}"
