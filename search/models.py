"""The durable index queue: index updates that have not reached every engine yet.

A row per node (not per change): the latest wish for that node wins, so a burst of
saves is indexed once. Rows are removed only after every engine accepted the update,
so an engine outage delays updates but never loses them. ``page_id`` is a plain
integer, not a foreign key, because a deletion must outlive its page.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexQueueEntry(models.Model):
    class Action(models.TextChoices):
        UPDATE = "update", _("update")
        DELETE = "delete", _("delete")

    page_id = models.BigIntegerField(_("node id"), unique=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    enqueued_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("index queue entry")
        verbose_name_plural = _("index queue entries")
        ordering = ["enqueued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.page_id}"
