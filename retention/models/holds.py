"""Holds (冻结): a node under hold — and everything below it — is neither destroyed nor
deleted until the hold is lifted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ActiveHoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class Hold(models.Model):
    # SET_NULL, not PROTECT: an active hold stops deletion through the guard (guards.py)
    # with a clear message; a lifted one must not keep the node forever. The title stays.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("held node"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="retention_holds",
    )
    page_title = models.CharField(_("held node title"), max_length=255)
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    objects = ActiveHoldQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["-placed_at"]
        permissions = [
            ("place_holds", _("Can place holds (冻结)")),
            ("lift_holds", _("Can lift holds (解除冻结)")),
        ]

    def __str__(self) -> str:
        return f"{self.page}: {self.reason[:40]}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None
