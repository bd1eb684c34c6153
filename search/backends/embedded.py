"""The embedded search engine (no server): ``search.backends.embedded_sqlite`` on SQLite.

The engine is modelsearch's SQLite FTS5 backend taught Chinese (see that module). On
another database without OpenSearch, modelsearch's backend for that vendor is used
instead, with our snippets and visibility filter but without Chinese segmentation;
``doctor`` says so. The SQLite module is imported only when the database is SQLite,
because importing it looks up SQLite-only models.
"""

from __future__ import annotations

import logging

from django.db import connection

from search.backends.base import WenshuSearchMixin
from search.backends.highlighting import PythonHighlightingResultsMixin

logger = logging.getLogger(__name__)


def __getattr__(name):
    # ``from search.backends.embedded import EmbeddedSearchBackend`` keeps working (SQLite).
    if name == "EmbeddedSearchBackend":
        from search.backends.embedded_sqlite import EmbeddedSearchBackend

        return EmbeddedSearchBackend
    raise AttributeError(name)


def SearchBackend(params):
    """The embedded engine on SQLite; modelsearch's vendor backend elsewhere."""
    if connection.vendor == "sqlite":
        from search.backends.embedded_sqlite import EmbeddedSearchBackend

        return EmbeddedSearchBackend(params)
    logger.warning(
        "Embedded search needs SQLite; using the %s database backend, which does not "
        "segment Chinese. Set OPENSEARCH_URL for Chinese search.",
        connection.vendor,
    )
    from modelsearch.backends.database import SearchBackend as vendor_backend

    backend = vendor_backend(params)
    results = type(
        "FallbackSearchResults", (PythonHighlightingResultsMixin, backend.results_class), {}
    )
    backend_class = type(
        "FallbackSearchBackend",
        (WenshuSearchMixin, type(backend)),
        {"results_class": results},
    )
    return backend_class(params)
