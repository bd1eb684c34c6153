"""The last line of defence for holds and filings: refuse to delete a held page, or a filed
record or archive item outside destruction, however it is deleted.

The admin paths are refused earlier and politely (``wagtail_hooks.py``); this receiver is
for everything else — ``Page.delete()`` from code or management commands, queryset deletes,
cascades from a parent. A signal is used because it is the only point every delete path of
a page passes through that the retention app can reach without changing repository's
models; it guards and never changes data, so no business logic hides in it.

The first line of defence for deletes from code is the deletion guard registered with
``repository.extensions`` (see ``retention/apps.py``), which refuses before Wagtail or
treebeard change anything; this receiver remains for paths that bypass
``RepositoryPage.delete()`` (queryset deletes, cascades).
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.models import Page

from retention.models import Hold


@receiver(pre_delete, sender=Page, dispatch_uid="retention_refuse_deleting_held_pages")
def refuse_deleting_held_pages(sender, instance, **kwargs):
    from retention.models import FiledRecord
    from retention.services.filing import ensure_not_filed
    from retention.services.holds import ensure_not_on_hold

    if FiledRecord.objects.filter(Q(record_id=instance.pk) | Q(item_id=instance.pk)).exists():
        ensure_not_filed(instance)  # filed records leave only by destruction
    if not Hold.objects.active().exists():  # the common case costs one query
        return

    # Every deleted page passes here once as its base ``Page`` row (treebeard and Django's
    # multi-table cascade both delete through it), so descendants of a deleted node are
    # each checked against holds placed above or on them.
    ensure_not_on_hold(instance)


def refuse_changing_frozen(page, action: str):
    """Change guard (``repository.extensions``): a filed record or its archive item, and
    anything under an active hold, cannot be changed — no files attached, no unpublishing,
    no moving, no editing, no lowering of its classification. A filed record changes only
    through ``correct_filed_record``, which does not ask the guards."""
    from retention.services.filing import is_frozen
    from retention.services.holds import is_on_hold

    if page.pk is None:
        return None
    if is_frozen(page):
        return _(
            "“%(title)s” is filed and frozen; it changes only by a correction (更正) with a reason."
        ) % {"title": page.title}
    if Hold.objects.active().exists() and is_on_hold(page):
        return _("“%(title)s” is on hold; nothing about it may change while the hold lasts.") % {
            "title": page.title
        }
    return None
