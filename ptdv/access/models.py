"""Accounts and grants: a role on an organisation and everything under it."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse

from ptdv.access.querysets import RestrictedQuerySet
from ptdv.access.roles import Role


class GrantQuerySet(RestrictedQuerySet):
    scope_path = "organization__path"


class User(AbstractUser):
    """A person who signs in. What they may see comes only from their grants."""

    class Meta:
        verbose_name = "Tài khoản"
        verbose_name_plural = "Tài khoản"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("access:user_detail", args=[self.pk])


class Grant(models.Model):
    """A role held by a user on an organisation and its whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="grants"
    )
    role = models.CharField("Vai trò", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = "Phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="grant_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"
