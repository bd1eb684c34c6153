"""The one door through which other apps ask for a node to be (re)indexed.

Ingest calls ``enqueue(page)`` after attaching text to a node; record saves, moves and
deletions arrive here through ``search.signals``. An update is first written to the
durable queue (``IndexQueueEntry``) in the caller's transaction, then a ``search``
task drains the queue into the engines. If an engine is down the rows stay and are
retried, so saving a record never fails because of search and no update is lost.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from modelsearch.backends import get_search_backends_with_name

from search.models import IndexQueueEntry, IndexRebuild, IndexRebuildChange

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_BACKOFF = timedelta(hours=1)


def enqueue(page) -> None:
    """Bring ``page``'s index entries up to date in every configured engine."""
    _record([page.pk], ContentType.objects.get_for_id(page.content_type_id), "update")
    schedule_drain()


def enqueue_many(pages: Iterable) -> None:
    """Queue updates for many nodes (a moved subtree) with one drain."""
    by_type = defaultdict(list)
    for page in pages:
        by_type[page.content_type_id].append(page.pk)
    for content_type_id, ids in by_type.items():
        _record(ids, ContentType.objects.get_for_id(content_type_id), "update")
    if by_type:
        schedule_drain()


def enqueue_deletion(page) -> None:
    """Queue the removal of a node that is being deleted."""
    _record([page.pk], ContentType.objects.get_for_id(page.content_type_id), "delete")
    schedule_drain()


def enqueue_removals(page_ids: list[int]) -> None:
    """Queue the removal of index entries whose node is gone or no record (``verify``'s
    extras); the entry's own type is unknown then, the record base type stands in."""
    from repository.models import RepositoryPage

    if page_ids:
        _record(page_ids, ContentType.objects.get_for_model(RepositoryPage), "delete")
        schedule_drain()


def _record(ids: list[int], content_type: ContentType, action: str) -> None:
    now = timezone.now()
    for page_id in ids:
        # A fresh ``enqueued_at`` tells a drain already holding the old row that the
        # node changed again, so it must not remove the row (see ``drain``).
        IndexQueueEntry.objects.update_or_create(
            page_id=page_id,
            defaults={
                "content_type": content_type,
                "action": action,
                "enqueued_at": now,
                "attempts": 0,
                "last_error": "",
            },
        )


def schedule_drain(delay: timedelta | None = None) -> None:
    """Ask the ``search`` task queue to drain; inline under the immediate backend."""
    from search.tasks import drain_index_queue

    task = drain_index_queue
    if delay is not None:
        if not task.get_backend().supports_defer:
            return  # waits for the next change or ``search_index drain``
        task = task.using(run_after=timezone.now() + delay)
    try:
        task.enqueue()
    except Exception:  # the queue row is durable; a lost task only delays the update
        logger.exception("could not schedule the search index drain")


@dataclass
class DrainResult:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    remaining: int = 0
    error: str = ""


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … capped at an hour."""
    return min(timedelta(seconds=5 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def drain(limit: int | None = None) -> DrainResult:
    """Apply queued updates to every auto-updated engine, oldest first.

    Stops at the first engine error: the failed batch keeps its rows (with the error
    and an attempt count) and the rest waits for the next drain.
    """
    result = DrainResult()
    backends = [backend for _name, backend in get_search_backends_with_name(with_auto_update=True)]
    while limit is None or result.indexed + result.deleted < limit:
        size = (
            BATCH_SIZE
            if limit is None
            else min(BATCH_SIZE, limit - result.indexed - result.deleted)
        )
        batch = list(IndexQueueEntry.objects.select_related("content_type")[:size])
        if not batch:
            break
        try:
            indexed, deleted = _apply(batch, backends)
        except Exception as error:  # engine down or refusing: keep the rows
            logger.warning("search index update failed, kept in the queue: %s", error)
            ids = [entry.pk for entry in batch]
            for entry in IndexQueueEntry.objects.filter(pk__in=ids):
                entry.attempts += 1
                entry.last_error = str(error)[:2000]
                entry.save(update_fields=["attempts", "last_error"])
            result.failed += len(batch)
            result.error = str(error)
            break
        for entry in batch:
            # Removed only if nobody queued the node again meanwhile.
            IndexQueueEntry.objects.filter(pk=entry.pk, enqueued_at=entry.enqueued_at).delete()
        result.indexed += indexed
        result.deleted += deleted
    result.remaining = IndexQueueEntry.objects.count()
    return result


def _apply(batch: list[IndexQueueEntry], backends) -> tuple[int, int]:
    updates: dict[type, list[int]] = defaultdict(list)
    deletions: list = []
    for entry in batch:
        model = entry.content_type.model_class()
        if model is None:
            continue
        if entry.action == IndexQueueEntry.Action.UPDATE:
            updates[model].append(entry.page_id)
        else:
            deletions.append(model(pk=entry.page_id))
    loaded: list[tuple[type, list]] = []
    for model, ids in updates.items():
        objects = list(model.objects.filter(pk__in=ids))
        found = {obj.pk for obj in objects}
        # A node deleted after its update was queued is removed instead.
        deletions.extend(model(pk=pk) for pk in ids if pk not in found)
        if objects:
            loaded.append((model, objects))
    # After reading what to send and before sending it: see ``note_for_rebuilds``.
    note_for_rebuilds([entry.page_id for entry in batch])
    indexed = 0
    for model, objects in loaded:
        for backend in backends:
            backend.add_bulk(model, objects)
        indexed += len(objects)
    for obj in deletions:
        for backend in backends:
            backend.delete(obj)
    return indexed, len(deletions)


def note_for_rebuilds(page_ids: list[int]) -> None:
    """Tell every rebuild under way that these nodes are about to reach the engines.

    Until its swap, a rebuild's new index gets only what the fill read, and what a drain
    sends goes to the old index or may be overwritten by the fill's older copy. The
    rebuild sends the noted nodes again after the swap (``search.lifecycle``). Noting
    before sending means every update sent before the swap is noted by then; noting
    after reading the queue rows and the nodes means any change this drain did not
    see keeps its queue row and is noted by a later drain.
    """
    if not page_ids:
        return
    rebuilds = list(IndexRebuild.objects.values_list("pk", flat=True))
    if rebuilds:
        IndexRebuildChange.objects.bulk_create(
            [
                IndexRebuildChange(rebuild_id=rebuild, page_id=page_id)
                for rebuild in rebuilds
                for page_id in set(page_ids)
            ],
            ignore_conflicts=True,
        )


def pending() -> int:
    return IndexQueueEntry.objects.count()
