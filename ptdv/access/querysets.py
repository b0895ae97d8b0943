"""RestrictedQuerySet: every list, count, search and export starts from .restrict()."""

from typing import Self

from django.db import models

from ptdv.access.roles import Action


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be cut down to what a user may see; subclasses name the path field."""

    scope_path: str = "organization__path"

    def restrict(self, user: object, action: str = Action.VIEW) -> Self:
        from ptdv.access.scoping import scope_q

        return self.filter(scope_q(user, action, self.scope_path))
