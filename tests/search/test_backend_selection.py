"""Wagtail's search layer resolves our engines from WAGTAILSEARCH_BACKENDS."""

from __future__ import annotations

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from search.backends.opensearch import OpenSearchBackend


def test_opensearch_backend_is_resolved_with_chinese_analysis_merged(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 0}}},
        }
    }
    backend = get_search_backend()
    assert isinstance(backend, OpenSearchBackend)
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"][-1] == "wenshu_bigrams"
    assert "edgengram_analyzer" in analysis["analyzer"]  # modelsearch's defaults kept
    assert backend.settings["settings"]["index"]["number_of_replicas"] == 0
    assert backend.rebuilder_class is backend.atomic_rebuilder_class


@pytest.mark.django_db
def test_embedded_backend_is_resolved_on_sqlite(settings):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded engine runs on SQLite")
    # Imported here: modelsearch's SQLite modules cannot even load on PostgreSQL.
    from search.backends.embedded import EmbeddedSearchBackend

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.embedded"}}
    assert isinstance(get_search_backend(), EmbeddedSearchBackend)
