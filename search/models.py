"""The durable index queue: index updates that have not reached every engine yet.

A row per node (not per change): the latest wish for that node wins, so a burst of
saves is indexed once. Rows are removed only after every engine accepted the update,
so an engine outage delays updates but never loses them. ``page_id`` is a plain
integer, not a foreign key, because a deletion must outlive its page.

While a rebuild fills new indexes (``IndexRebuild``), drains also note which nodes
they send to the engines (``IndexRebuildChange``), so that the rebuild can send those
again to the new indexes after the swap (see ``search.lifecycle``).
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


class IndexRebuild(models.Model):
    """A rebuild under way: while a row exists, every drain notes the nodes it is about
    to send to the engines.

    Those updates reach the old index (the alias still points there) or race the fill,
    so the new index may miss them; after the swap the rebuild queues exactly the noted
    nodes again. The row lives in the database because drains run in other processes.
    ``rebuild`` removes its row when it ends, even when it fails; a row left by a killed
    rebuild only makes drains note nodes nobody reads.
    """

    started_at = models.DateTimeField(_("started at"), default=timezone.now)

    class Meta:
        verbose_name = _("index rebuild")
        verbose_name_plural = _("index rebuilds")

    def __str__(self) -> str:
        return f"rebuild {self.pk} since {self.started_at:%Y-%m-%d %H:%M:%S}"


class IndexRebuildChange(models.Model):
    """A node a drain sent to the engines while rebuild ``rebuild_id`` was under way.

    ``rebuild_id`` is a plain integer, not a foreign key: a drain may note a node just as
    the rebuild ends and removes its row, and noting must never make a drain fail.
    """

    rebuild_id = models.BigIntegerField(_("rebuild"))
    page_id = models.BigIntegerField(_("node id"))

    class Meta:
        verbose_name = _("change during a rebuild")
        verbose_name_plural = _("changes during a rebuild")
        constraints = [
            models.UniqueConstraint(
                fields=["rebuild_id", "page_id"], name="search_rebuild_change_once"
            )
        ]

    def __str__(self) -> str:
        return f"node {self.page_id} during rebuild {self.rebuild_id}"
