"""Wagtail's ``purge_revisions``, minus the archive's history.

Wagtail's command deletes every revision that is not the latest, live, scheduled or in
moderation. For a filed record (归档) or its archive item, and for anything under an
active hold (冻结), those earlier revisions are the evidence of what the record said
and when; deleting them would also break the corrections (更正) that point at them. This
command, found before Wagtail's because ``retention`` is listed before ``wagtail`` in
``INSTALLED_APPS``, skips those revisions and says how many it kept.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.management.commands import purge_revisions as wagtail_purge
from wagtail.models import Page, Revision, WorkflowState

from retention.models import FiledRecord, Hold


def kept_page_ids() -> set[str]:
    """Revision ``object_id`` values of filed records, their items and held subtrees."""
    ids: set[int] = set()
    for record_id, item_id in FiledRecord.objects.values_list("record_id", "item_id"):
        ids.update(pk for pk in (record_id, item_id) if pk is not None)
    held_paths = list(Hold.objects.active().values_list("page__path", flat=True))
    if held_paths:
        under_hold = Q()
        for path in held_paths:
            under_hold |= Q(path__startswith=path)
        ids.update(Page.objects.filter(under_hold).values_list("pk", flat=True))
    return {str(pk) for pk in ids}


def archive_revisions():
    return Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=kept_page_ids(),
    )


def purge_revisions(days=None, pages=True, non_pages=True) -> tuple[int, int]:
    """Wagtail's purge (``wagtail.management.commands.purge_revisions``) with the archive's
    revisions left out of what it may delete; returns (deleted, protected)."""
    if pages == non_pages:
        objects = Revision.objects.all()
    elif pages:
        objects = Revision.objects.page_revisions()
    else:
        objects = Revision.objects.not_page_revisions()
    objects = objects.exclude(approved_go_live_at__isnull=False).exclude(
        pk__in=archive_revisions().values("pk")
    )
    if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        objects = objects.exclude(
            Q(task_states__workflow_state__status=WorkflowState.STATUS_IN_PROGRESS)
            | Q(task_states__workflow_state__status=WorkflowState.STATUS_NEEDS_CHANGES)
        )
    if days:
        objects = objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
    deleted = protected = 0
    for revision in objects.iterator():
        if revision.is_latest_revision():
            continue
        try:
            revision.delete()
            deleted += 1
        except ProtectedError:
            protected += 1
    return deleted, protected


class Command(wagtail_purge.Command):
    help = (
        wagtail_purge.Command.help
        + "; revisions of filed records, archive items and held pages are always kept"
    )

    def handle(self, *args, **options):
        kept = archive_revisions().count()
        deleted, protected = purge_revisions(
            days=options.get("days"), pages=options.get("pages"), non_pages=options.get("non_pages")
        )
        if deleted:
            self.stdout.write(self.style.SUCCESS(f"Successfully deleted {deleted} revisions"))
        else:
            self.stdout.write("No revisions deleted")
        if protected:
            self.stdout.write(f"Ignored {protected} revisions that other records still refer to.")
        if kept:
            self.stdout.write(
                _(
                    "Kept %(count)d revisions of filed or held records: the archive's "
                    "history is never purged."
                )
                % {"count": kept}
            )
