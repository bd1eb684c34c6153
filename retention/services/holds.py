"""Holds (冻结): place and lift them, and answer whether a node may be destroyed or deleted.

A hold on a node covers the node and its whole subtree. A filed record and its item count
as one: a hold on either covers both, so a hold placed in a department branch also stops
the archive's destruction of that record, and the other way round.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page

from retention.errors import RecordOnHoldError, RetentionError
from retention.models import FiledRecord, Hold
from retention.permissions import LIFT_HOLDS, PLACE_HOLDS, ensure_permitted


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _linked_paths(page: Page) -> list[str]:
    """The node's path plus the paths of its filing twin (record ↔ item)."""
    paths = [page.path]
    for filed in FiledRecord.objects.filter(
        Q(record_id=page.pk) | Q(item_id=page.pk)
    ).select_related("record", "item"):
        for twin in (filed.record, filed.item):
            if twin is not None and twin.pk != page.pk:
                paths.append(twin.path)
    return paths


def holds_covering(page: Page) -> QuerySet:
    """Active holds on the node, an ancestor, or its filing twin or the twin's ancestors."""
    paths = {ancestor for path in _linked_paths(page) for ancestor in _ancestor_paths(path)}
    return Hold.objects.active().filter(page__path__in=paths)


def holds_blocking_deletion(page: Page) -> QuerySet:
    """Deleting a node deletes its subtree: holds anywhere in it block too."""
    below = Hold.objects.active().filter(page__path__startswith=page.path)
    return (holds_covering(page) | below).distinct()


def is_on_hold(page: Page) -> bool:
    return holds_covering(page).exists()


def ensure_not_on_hold(page: Page) -> None:
    if holds_covering(page).exists():
        raise RecordOnHoldError(
            _("“%(title)s” is on hold and cannot be destroyed or deleted."), title=page.title
        )


def ensure_subtree_not_on_hold(page: Page) -> None:
    """Deletion guard: refuse when the node, an ancestor, or anything below is on hold."""
    if holds_blocking_deletion(page).exists():
        raise RecordOnHoldError(
            _("“%(title)s” is on hold and cannot be destroyed or deleted."), title=page.title
        )


@transaction.atomic
def place_hold(page: Page, *, reason: str, user) -> Hold:
    """Freeze a record, volume or subtree against destruction and deletion."""
    ensure_permitted(user, PLACE_HOLDS)
    if not reason or not reason.strip():
        raise RetentionError(_("A hold needs a reason."))
    hold = Hold.objects.create(
        page=page, page_title=page.title[:255], reason=reason, placed_by=user
    )
    log(instance=page.specific, action="retention.hold", user=user, data={"reason": reason})
    return hold


@transaction.atomic
def lift_hold(hold: Hold, *, user, reason: str) -> Hold:
    ensure_permitted(user, LIFT_HOLDS)
    if not reason or not reason.strip():
        raise RetentionError(_("Lifting a hold needs a reason."))
    hold = Hold.objects.select_for_update().get(pk=hold.pk)
    if not hold.is_active:
        raise RetentionError(_("This hold has already been lifted."))
    hold.lifted_by, hold.lifted_at, hold.lift_reason = user, timezone.now(), reason
    hold.save()
    log(
        instance=hold.page.specific,
        action="retention.lift_hold",
        user=user,
        data={"reason": reason},
    )
    return hold
