"""Number sequences: 发文字号 serials per issuer and year, 简报期号 per series and year.

One row per (kind, key, year) holds the last number given out. Taking a number locks the
row (``select_for_update``) inside the caller's transaction, so two approvals at the same
moment queue on the row, and a rolled-back approval gives its number back: unique and
without gaps, guaranteed by the database rather than by the application.
"""

from __future__ import annotations

from django.conf import settings
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


class IssuedNumber(models.Model):
    """The register of numbers given out: which record got which number, when, by whom.

    A record's own number fields are not a safe home on their own: a draft saved from an
    editor opened before 编号 (Wagtail autosaves open editors) writes the record back
    without its number. The register is written once, never by an editor, and the flow
    puts the number back from it (``numbering.carry_number_forward``)."""

    kind = models.CharField(_("kind"), max_length=16, choices=NumberSequence.Kind.choices)
    key = models.CharField(_("issuer code or series"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("number"), max_length=100)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("record"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("issued number")
        verbose_name_plural = _("issued numbers")
        ordering = ["kind", "key", "year", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "year", "serial"], name="unique_issued_number"
            )
        ]

    def __str__(self) -> str:
        return self.number
