"""解密/降密: the log of every lowering of a node's classification.

Classification flows one way. Raising it is an ordinary edit; lowering it — by changing
the node's own level or by moving it out of a classified folder — is an action of its own,
reserved to the classification officer (定密责任人, ``repository.declassify_records``),
with a reason, and recorded here (``repository.services.declassification``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from repository.models.base import Classification

DECLASSIFY_PERMISSION = "repository.declassify_records"


class ClassificationChange(models.Model):
    """One 解密/降密: who lowered which node, when, from which level to which, and why."""

    class Kind(models.TextChoices):
        LOWER = "lower", _("classification lowered")
        MOVE = "move", _("moved to a less classified place")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("node"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="classification_changes",
    )
    page_title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    from_level = models.PositiveSmallIntegerField(
        _("classification before"), choices=Classification.choices
    )
    to_level = models.PositiveSmallIntegerField(
        _("classification after"), choices=Classification.choices
    )
    from_place = models.CharField(_("from"), max_length=255, blank=True)
    to_place = models.CharField(_("to"), max_length=255, blank=True)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declassification")
        verbose_name_plural = _("declassifications")
        ordering = ["-changed_at", "-pk"]
        permissions = [
            (
                "declassify_records",
                _("Can lower classifications (解密/降密) as classification officer (定密责任人)"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_title}: {self.get_from_level_display()} → {self.get_to_level_display()}"
