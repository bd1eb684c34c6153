"""Index: ask the search app to index the node, through its one door."""

from __future__ import annotations

import logging

from django.conf import settings

from ingest import errors
from ingest.pipeline import JobContext, Stage
from search.index import enqueue

log = logging.getLogger(__name__)


class IndexStage(Stage):
    name = "index"

    def applies(self, context: JobContext) -> bool:
        return context.page is not None and not context.duplicate

    def run(self, context: JobContext) -> None:
        try:
            enqueue(context.page)
        except Exception as exc:
            # Any engine's connection error: the node is filed, only the index is behind,
            # so this is a service error and the job is retried from this stage.
            log.warning("indexing node %s failed: %s", context.page.pk, exc)
            service = "OpenSearch" if getattr(settings, "OPENSEARCH_URL", None) else "search"
            raise errors.IndexingFailedError(detail=repr(exc)[:1000], service=service) from exc
