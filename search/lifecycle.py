"""Index lifecycle: create, rebuild behind an alias, verify against the database.

A rebuild fills a *new* index and then moves the alias to it (modelsearch's atomic
rebuilder on OpenSearch), so searching answers from the old index until the swap.
Changes saved during the rebuild reach the old index through the queue (the alias
still points there), so the new index may hold an older state of a record copied
before it changed: a move, an unpublish or a classification refresh creates no
revision, a deleted record stays behind, and a record created after its type was
copied is missing. A rebuilder that fills the live index itself (OpenSearch or SQLite
with ``ATOMIC_REBUILD`` off) may overwrite a fresher update with the older copy it read.

Every such change reaches the engines through a drain of the queue, the one door for
index updates. While a rebuild is under way (an ``IndexRebuild`` row) each drain notes
the nodes it is about to send; after the swap the rebuild queues exactly those nodes
again, so the catch-up costs what changed during the rebuild, not a second pass over
every record. A change that bypasses the queue (a bulk ``update()``, ``signals.paused``)
is as invisible to this as to the live index: ``verify`` and ``repair`` find those.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index

from search import index as queue
from search.models import IndexRebuild, IndexRebuildChange
from search.signals import record_models

CHUNK_SIZE = 500


def prepare(backend=None) -> None:
    """Create empty indexes with our mappings (fresh installs and tests)."""
    backend = backend or get_search_backend()
    if not backend.rebuilder_class:
        backend.reset_indexes()
        return
    for search_index, models in group_models_by_index(backend, get_indexed_models()).items():
        search_index.reset()
        for model in models:
            search_index.add_model(model)


def _chunks(queryset, size: int) -> Iterable[list]:
    last_pk = None
    while True:
        chunk_qs = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        chunk = list(chunk_qs[:size])
        if not chunk:
            return
        yield chunk
        last_pk = chunk[-1].pk


def rebuild(backend=None, *, progress: Callable | None = None, on_filled=None) -> int:
    """Rebuild every index; returns how many objects were indexed.

    ``progress(total)`` returns an object with ``update(n)`` and ``close()`` (tqdm);
    ``on_filled(index)`` runs after the new index is filled and before the swap (tests).
    Afterwards the nodes changed meanwhile are queued again (see the module docstring).
    """
    backend = backend or get_search_backend()
    count = 0
    with _catching_up():
        for search_index, models in group_models_by_index(backend, get_indexed_models()).items():
            rebuilder = backend.rebuilder_class(search_index) if backend.rebuilder_class else None
            target = rebuilder.start() if rebuilder else search_index
            if rebuilder is None:
                search_index.reset()
            for model in models:
                target.add_model(model)
            querysets = [(m, m.get_indexed_objects().order_by("pk")) for m in models]
            total = sum(qs.count() for _m, qs in querysets)
            bar = progress(total) if progress else None
            for model, queryset in querysets:
                # Wagtail's get_indexed_objects keeps only pages of exactly this type.
                for chunk in _chunks(queryset, CHUNK_SIZE):
                    target.add_items(model, chunk)
                    count += len(chunk)
                    if bar:
                        bar.update(len(chunk))
            if bar:
                bar.close()
            if on_filled:
                on_filled(target)
            if rebuilder:
                rebuilder.finish()
    return count


@contextlib.contextmanager
def _catching_up():
    """Watch the drains while the body rebuilds; afterwards queue what they sent.

    The ``IndexRebuild`` row is committed before the fill reads anything (the command
    runs in autocommit), so a change the fill did not see is drained after the row
    exists and gets noted (``search.index.note_for_rebuilds``); anything drained before
    the swap is noted by the time the body returns. The noted nodes are queued again
    even when the rebuild failed: some indexes may have been swapped already, and
    queuing a node that needs nothing costs one update.
    """
    rebuild = IndexRebuild.objects.create()
    try:
        yield rebuild
    finally:
        changes = IndexRebuildChange.objects.filter(rebuild_id=rebuild.pk)
        requeue(sorted(set(changes.values_list("page_id", flat=True))))
        rebuild.delete()
        # Also notes that raced the end of this or an earlier rebuild.
        IndexRebuildChange.objects.exclude(
            rebuild_id__in=IndexRebuild.objects.values("pk")
        ).delete()


def requeue(page_ids: list[int]) -> None:
    """Queue these nodes again: an update for each record, a removal for each node that
    no longer exists. Nodes that exist but are no records are not ours to touch."""
    from wagtail.models import Page

    from repository.models import RepositoryPage

    for start in range(0, len(page_ids), CHUNK_SIZE):
        ids = page_ids[start : start + CHUNK_SIZE]
        queue.enqueue_many(RepositoryPage.objects.filter(pk__in=ids))
        existing = set(Page.objects.filter(pk__in=ids).values_list("pk", flat=True))
        queue.enqueue_removals([pk for pk in ids if pk not in existing])


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def verify(backend=None) -> VerifyReport:
    """Records missing from the index, stale in it (content differs), or left over."""
    from repository.models import RepositoryPage

    backend = backend or get_search_backend()
    report = VerifyReport()
    markers = backend.index_markers(RepositoryPage)
    seen: set[str] = set()
    for model in record_models():
        for chunk in _chunks(model.get_indexed_objects().order_by("pk"), CHUNK_SIZE):
            for obj in chunk:
                key = str(obj.pk)
                seen.add(key)
                report.checked += 1
                stored = markers.get(key)
                if stored is None:
                    report.missing.append(obj.pk)
                elif stored != backend.marker_for(obj):
                    report.stale.append(obj.pk)
    record_ids = {str(pk) for pk in RepositoryPage.objects.values_list("pk", flat=True)}
    from wagtail.models import Page

    all_ids = {str(pk) for pk in Page.objects.values_list("pk", flat=True)}
    report.extra = sorted(
        k for k in markers if k not in all_ids or (k in record_ids and k not in seen)
    )
    return report


def repair(report: VerifyReport) -> None:
    """Queue fixes for what ``verify`` found."""
    from repository.models import RepositoryPage

    queue.enqueue_many(RepositoryPage.objects.filter(pk__in=[*report.missing, *report.stale]))
    if report.extra:
        queue.enqueue_removals([int(pk) for pk in report.extra])
