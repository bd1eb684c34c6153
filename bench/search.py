"""Search benchmark: synthetic records built from the shared corpus sentences.

Figures, each against a baseline measured in the same run:
- indexing docs/s of our OpenSearch engine vs a raw ``_bulk`` of the same documents;
- query p50/p95 of OpenSearch and the embedded engine vs Wagtail's database backend;
- recall@10 and MRR on labelled Chinese queries vs Wagtail's database backend. The
  query set and the rule that labels it (computed from the records' text, independent
  of every engine) live in ``bench.search_queries``.

10k records by default, 100k with WENSHU_BENCH_LARGE=1 (WENSHU_BENCH_RECORDS overrides).
OpenSearch figures need OPENSEARCH_URL.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import time
import uuid
from pathlib import Path

from bench.common import Result

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SENTENCES_PER_RECORD = 4


def _sentences() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [
            s.strip() for s in re.split(r"(?<=[。！？!?；])|\n", text) if len(s.strip()) >= 12
        ]
    return found


def _records(count: int) -> list[tuple[str, str]]:
    rng = random.Random(6)
    sentences = _sentences()
    return [
        (rng.choice(sentences)[:24], "".join(rng.sample(sentences, SENTENCES_PER_RECORD)))
        for _ in range(count)
    ]


def _labelled_queries(records, pages) -> list[tuple[str, set[int]]]:
    from bench.search_queries import labelled_queries

    return [(query.text, set(query.relevant)) for query in labelled_queries(records, pages)]


def _create_pages(records) -> list[int]:
    from repository.models import GenericDocumentPage
    from repository.services.demo import ensure_home_page
    from search.signals import paused

    home = ensure_home_page()
    ids = []
    with paused():
        for i, (title, body) in enumerate(records):
            page = GenericDocumentPage(
                title=title, slug=f"r{i}", description=body, classification=0, live=True
            )
            home.add_child(instance=page)
            ids.append(page.pk)
    return ids


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _run_queries(search, queries):
    timings, recalls, ranks = [], [], []
    for query, relevant in queries:
        search(query)  # warm
        start = time.perf_counter()
        found = search(query)
        timings.append((time.perf_counter() - start) * 1000)
        top = found[:10]
        recalls.append(len(relevant & set(top)) / min(10, len(relevant)))
        rank = next((i + 1 for i, pk in enumerate(top) if pk in relevant), None)
        ranks.append(1 / rank if rank else 0.0)
    p50, p95 = _percentiles(timings)
    return p50, p95, statistics.mean(recalls), statistics.mean(ranks)


def _ours(backend):
    from repository.models import GenericDocumentPage
    from search.backends.base import Visibility

    everything = Visibility(4, ("",), classification_field="effective_classification")
    queryset = GenericDocumentPage.objects.all()

    def search(query):
        page = backend.find(queryset, query, visibility=everything, limit=10, highlight=())
        return [hit.object.pk for hit in page.hits]

    return search


def _index_all(backend, model, objects, chunk=500):
    start = time.perf_counter()
    for i in range(0, len(objects), chunk):
        backend.add_bulk(model, objects[i : i + chunk])
    return time.perf_counter() - start


def run() -> list[Result]:
    from modelsearch.backends import get_search_backend

    from repository.models import GenericDocumentPage
    from search.backends.embedded import EmbeddedSearchBackend

    count = int(
        os.environ.get("WENSHU_BENCH_RECORDS")
        or (100_000 if os.environ.get("WENSHU_BENCH_LARGE") == "1" else 10_000)
    )
    records = _records(count)
    ids = _create_pages(records)
    queries = _labelled_queries(records, ids)
    objects = list(GenericDocumentPage.objects.order_by("pk"))
    results: list[Result] = []

    # Wagtail's database backend (the baseline), then the embedded engine: on SQLite
    # they share modelsearch's index tables, so one after the other.
    wagtail_db = get_search_backend("wagtail.search.backends.database")
    wagtail_db.reset_indexes()
    _index_all(wagtail_db, GenericDocumentPage, objects)

    def wagtail_search(query):
        return [p.pk for p in wagtail_db.search(query, GenericDocumentPage.objects.all())[:10]]

    base = _run_queries(wagtail_search, queries)
    embedded = EmbeddedSearchBackend({})
    embedded.reset_indexes()
    _index_all(embedded, GenericDocumentPage, objects)
    mine = _run_queries(_ours(embedded), queries)
    results += [
        Result(f"embedded query p50 ({count} records)", "ms", mine[0], "wagtail database", base[0]),
        Result(f"embedded query p95 ({count} records)", "ms", mine[1], "wagtail database", base[1]),
        # Relevance against the labels themselves (an exact scan scores 1.0); Wagtail's
        # database backend cannot segment Chinese and scores near 0 — printed alike.
        Result("embedded recall@10", "", mine[2], "exact scan", 1.0, True),
        Result("embedded MRR", "", mine[3], "exact scan", 1.0, True),
        Result("wagtail database recall@10", "", base[2] or 1e-9, "exact scan", 1.0, True),
    ]

    url = os.environ.get("OPENSEARCH_URL")
    if url:
        results += _opensearch(url, objects, queries, base, count)
    return results


def _opensearch(url, objects, queries, base, count) -> list[Result]:
    from opensearchpy import helpers

    from repository.models import GenericDocumentPage
    from search.backends.opensearch import OpenSearchBackend

    prefix = f"wenshu_bench_{uuid.uuid4().hex[:8]}_"
    backend = OpenSearchBackend({"URLS": [url], "INDEX_PREFIX": prefix, "TIMEOUT": 120})
    try:
        index = backend.get_index_for_model(GenericDocumentPage)
        index.reset()
        index.add_model(GenericDocumentPage)
        ours = _index_all(backend, GenericDocumentPage, objects)
        index.refresh()
        # Raw _bulk of the very same documents into an index with the same settings.
        mapping = backend.mapping_class(GenericDocumentPage)
        documents = [mapping.get_document(obj) for obj in objects]
        raw_name = f"{prefix}raw"
        backend.es.indices.create(
            index=raw_name, body={**backend.settings, "mappings": mapping.get_mapping()}
        )
        start = time.perf_counter()
        helpers.bulk(
            backend.es,
            ({"_index": raw_name, "_id": d["pk"], "_source": d} for d in documents),
            chunk_size=500,
            request_timeout=120,
        )
        raw = time.perf_counter() - start
        measured = _run_queries(_ours(backend), queries)
    finally:
        backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)
    n = len(objects)
    return [
        Result("opensearch indexing", "docs/s", n / ours, "raw _bulk", n / raw, True),
        Result(
            f"opensearch query p50 ({count} records)",
            "ms",
            measured[0],
            "wagtail database",
            base[0],
        ),
        Result(
            f"opensearch query p95 ({count} records)",
            "ms",
            measured[1],
            "wagtail database",
            base[1],
        ),
        Result("opensearch recall@10", "", measured[2], "exact scan", 1.0, True),
        Result("opensearch MRR", "", measured[3], "exact scan", 1.0, True),
    ]
