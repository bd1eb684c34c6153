"""Departments (部门) and clearances (密级许可): who belongs where, who may see what.

A department is a Django group (its members) plus a code used in 档号; the subtree it
may work in is granted with Wagtail's group page permissions. Both models are history
tracked: who changed a clearance, and when, must be answerable.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from repository.models.base import Classification


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("code"),
        max_length=16,
        unique=True,
        help_text=_("机构代码 used in archival codes, e.g. BGS"),
    )
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="department"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Clearance(models.Model):
    """A user's highest classification; users without one may see public and internal."""

    DEFAULT_LEVEL = Classification.INTERNAL

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="clearance",
    )
    level = models.PositiveSmallIntegerField(
        _("clearance level"), choices=Classification.choices, default=DEFAULT_LEVEL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_level_display()}"
