"""Background work of the search app, on the ``search`` task queue."""

from __future__ import annotations

from django_tasks import task

from search import index


@task(queue_name="search")
def drain_index_queue() -> dict:
    """Drain the durable index queue; after an engine error, retry later with backoff."""
    result = index.drain()
    if result.failed:
        from search.models import IndexQueueEntry

        attempts = max(IndexQueueEntry.objects.values_list("attempts", flat=True), default=1)
        index.schedule_drain(delay=index.backoff(attempts))
    return {
        "indexed": result.indexed,
        "deleted": result.deleted,
        "failed": result.failed,
        "remaining": result.remaining,
    }
