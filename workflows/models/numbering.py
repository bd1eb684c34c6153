"""Number sequences: 发文字号 serials per issuer and year, 简报期号 per series and year.

One row per (kind, key, year) holds the last number given out. Taking a number locks the
row (``select_for_update``) inside the caller's transaction, so two approvals at the same
moment queue on the row, and a rolled-back approval gives its number back: unique and
without gaps, guaranteed by the database rather than by the application.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("document number")
        BULLETIN = "bulletin", _("bulletin issue")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("issuer code or series"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "year"], name="unique_number_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.year}: {self.last_value}"
