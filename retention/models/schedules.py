"""Retention schedules (保管期限表): which records are kept how long, and on what basis."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from repository.models import RetentionPeriod


class RetentionRule(models.Model):
    """One line of the schedule: records matching every filled criterion get ``period``.

    Empty criteria match anything; when several rules match, the most specific one wins
    (see ``retention.services.schedules.rule_for``). The basis (依据) is required because
    an archivist must be able to say why a record is kept that long.
    """

    name = models.CharField(_("name"), max_length=255)
    record_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("record type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"app_label": "repository"},
        related_name="+",
    )
    category = models.CharField(
        _("category"),
        max_length=64,
        blank=True,
        help_text=_("The kind of document (文种, e.g. 通知) or the name of a category folder"),
    )
    department = models.ForeignKey(
        "repository.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.CharField(_("retention period"), max_length=3, choices=RetentionPeriod.choices)
    basis = models.TextField(
        _("basis"), help_text=_("The regulation or decision behind the period")
    )
    active = models.BooleanField(_("in force"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.get_period_display()}"

    @property
    def specificity(self) -> int:
        return sum(1 for value in (self.record_type_id, self.category, self.department_id) if value)
