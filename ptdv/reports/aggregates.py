"""Aggregates the ORM lacks."""

from django.db.models import Aggregate, FloatField


class Median(Aggregate):
    """The median of a column, as statistics.median takes it (PostgreSQL only: PERCENTILE_CONT)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
