"""Per-class reception standards (接待标准): configuration, not constants.

Provincial rules grade visits by class and set a per-head meal standard and budget limits
for each; an administrator edits them in the admin (snippets). When a class has no row,
the defaults in ``workflows.services.reception_rules.DEFAULT_STANDARDS`` apply.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from repository.models import ReceptionClass


class ReceptionStandard(models.Model):
    reception_class = models.CharField(
        _("reception class"), max_length=1, choices=ReceptionClass.choices, unique=True
    )
    meal_standard_per_head = models.DecimalField(
        _("meal standard per head (yuan)"), max_digits=8, decimal_places=2
    )
    budget_limit_per_guest = models.DecimalField(
        _("budget limit per guest (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    basis = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("The local rule that sets this standard, shown in messages."),
    )

    class Meta:
        verbose_name = _("reception standard")
        verbose_name_plural = _("reception standards")
        ordering = ["reception_class"]

    def __str__(self) -> str:
        return f"{self.get_reception_class_display()}: {self.meal_standard_per_head}"
