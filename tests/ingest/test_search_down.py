"""OpenSearch down while files come in (a closed port, not a mock): the record is filed
all the same, its index update waits in the search app's durable queue with its error
and attempt count, and once OpenSearch is back the record is found by its text."""

from __future__ import annotations

import uuid

import pytest
from modelsearch.backends import get_search_backend

from search import lifecycle
from search.index import backoff, drain
from search.models import IndexQueueEntry
from tests.conftest import closed_port_url
from tests.ingest.conftest import ingest
from tests.ingest.samples import make_docx
from tests.search.conftest import refresh, use_opensearch

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
TOKEN = "wsxq7731"  # a word found nowhere else in the index


@pytest.fixture
def prefix(opensearch_url):
    name = f"ing_down_{uuid.uuid4().hex[:8]}_"
    yield name
    from opensearchpy import OpenSearch

    OpenSearch([opensearch_url]).indices.delete(index=f"{name}*", ignore_unavailable=True)


def test_opensearch_down_files_the_record_and_indexing_catches_up_when_it_is_back(
    builtin_only, opensearch_url, prefix, settings, lines, tmp_path
):
    use_opensearch(settings, closed_port_url(), prefix, timeout=2)
    path = make_docx(
        tmp_path / "通知.docx", [*lines[:4], f"项目代号 {TOKEN}"], title="接待通知", author="x"
    )

    job = ingest(path)

    assert (job.status, job.outcome) == ("done", "created")  # search never blocks filing
    waiting = IndexQueueEntry.objects.get(page_id=job.page_id)
    assert waiting.attempts >= 1 and waiting.last_error
    assert backoff(2) > backoff(1)  # the search queue retries later, with backoff

    use_opensearch(settings, opensearch_url, prefix)  # OpenSearch is back
    lifecycle.prepare()
    result = drain()

    assert result.failed == 0 and result.indexed >= 1
    assert not IndexQueueEntry.objects.filter(page_id=job.page_id).exists()
    refresh()
    hits = get_search_backend().es.search(
        index=f"{prefix}*", body={"query": {"query_string": {"query": TOKEN}}}
    )["hits"]["hits"]
    assert [hit["_source"]["pk"] for hit in hits] == [str(job.page_id)]
    assert TOKEN in hits[0]["_source"]["repository_repositorypage__attached_text"]
