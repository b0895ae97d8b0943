"""Append-only rows: the history tables refuse updates and deletes at the model and queryset level."""

from typing import Any

from django.db import models

from ptdv.access.querysets import RestrictedQuerySet


class AppendOnlyQuerySet(RestrictedQuerySet):
    """A scoped queryset whose bulk update and delete raise `append_only_message`."""

    append_only_message = "Chỉ được ghi thêm, không được sửa hay xóa."

    def update(self, **kwargs: Any) -> int:
        raise ValueError(self.append_only_message)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError(self.append_only_message)


class AppendOnlyModel(models.Model):
    """A model whose rows are written once: saving an existing row or deleting one raises."""

    append_only_message = AppendOnlyQuerySet.append_only_message

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(self.append_only_message)
