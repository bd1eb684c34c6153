"""Search benchmark: synthetic records built from the shared corpus sentences.

Figures per corpus size, each against a baseline measured in the same run:
- indexing docs/s of our OpenSearch engine vs a raw ``_bulk`` of the same documents
  into an index with the same settings (the raw side gets its documents ready-made, so
  the ratio is what building documents and modelsearch's bookkeeping cost);
- query p50/p95 of OpenSearch, of the embedded engine and of Wagtail's database
  backend side by side, with ratios against Wagtail's database backend;
- recall@10 and MRR on labelled Chinese queries for all three. The query set and the
  rule that labels it (computed from the records' text, independent of every engine)
  live in ``bench.search_queries``.

Sizes: ``BENCH_SEARCH_SIZES`` (default ``10000,100000``, the issue's two corpora; the
100k corpus takes about 20 min with the services and 17 min for the SQLite half on this
2-core machine — ``BENCH_SEARCH_SIZES=10000`` for a quick run). Records are written
into the tree in bulk (``bench.corpus``). The embedded engine needs SQLite: when the
configured database is another one (``make bench`` with the services), the embedded
engine and Wagtail's database backend on SQLite are measured in a child process on a
fresh SQLite database, and Wagtail's database backend is shown for both databases
(``BENCH_SEARCH_SQLITE=0`` skips that half; run it alone with DATABASE_URL unset).
OpenSearch figures need OPENSEARCH_URL; its benchmark indexes get the prefix
``OPENSEARCH_INDEX_PREFIX`` + ``_bench_<random>_`` and are deleted afterwards.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
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


@dataclass
class Figures:
    """What one engine did on one corpus."""

    engine: str
    p50_ms: float
    p95_ms: float
    recall: float
    mrr: float
    index_docs_s: float | None = None
    queries: int = 0
    load: float = 0.0  # 1-minute load average when the queries finished (2 cores here)


def sizes() -> list[int]:
    raw = os.environ.get("BENCH_SEARCH_SIZES", "10000,100000")
    return [int(size) for size in raw.replace(" ", "").split(",") if size]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


# Wagtail's database backend on SQLite can take seconds per query on large corpora: it
# stops after this many seconds (BENCH_SEARCH_BASELINE_BUDGET), and the table says how
# many of the queries its figures cover.
BASELINE_BUDGET_S = float(os.environ.get("BENCH_SEARCH_BASELINE_BUDGET", "900"))


def _run_queries(engine: str, search, queries, index_docs_s=None, budget=None) -> Figures:
    timings, recalls, ranks = [], [], []
    began = time.perf_counter()
    for query, relevant in queries:
        if budget is not None and timings and time.perf_counter() - began > budget:
            break
        search(query)  # warm
        start = time.perf_counter()
        found = search(query)
        timings.append((time.perf_counter() - start) * 1000)
        top = found[:10]
        recalls.append(len(relevant & set(top)) / min(10, len(relevant)))
        if recalls[-1] < 1 and not engine.startswith("wagtail"):  # it finds ~nothing
            missed = len(relevant - set(top))
            print(f"   {engine}: {query!r} misses {missed} of {len(relevant)} in its top 10")
        rank = next((i + 1 for i, pk in enumerate(top) if pk in relevant), None)
        ranks.append(1 / rank if rank else 0.0)
    p50, p95 = _percentiles(timings)
    return Figures(
        engine,
        p50,
        p95,
        statistics.mean(recalls),
        statistics.mean(ranks),
        index_docs_s,
        len(timings),
        os.getloadavg()[0],
    )


def _ours(backend):
    """Our engines as the site calls them: one page of 10 hits, total included."""
    from repository.models import GenericDocumentPage
    from search.backends.base import Visibility

    everything = Visibility(4, ("",), classification_field="effective_classification")
    queryset = GenericDocumentPage.objects.all()

    def search(query):
        page = backend.find(queryset, query, visibility=everything, limit=10, highlight=())
        return [hit.object.pk for hit in page.hits]

    return search


def _wagtail(backend):
    from repository.models import GenericDocumentPage

    def search(query):
        return [p.pk for p in backend.search(query, GenericDocumentPage.objects.all())[:10]]

    return search


def _chunks(ids: list[int], size: int = 500):
    """The records in indexing batches, loaded as ``search_index rebuild`` would."""
    from repository.models import GenericDocumentPage

    for start in range(0, len(ids), size):
        yield list(GenericDocumentPage.objects.filter(pk__in=ids[start : start + size]))


def _index_all(backend, ids) -> float:
    """docs/s of ``backend.add_bulk`` over every record (loading rows not counted).

    Each batch's attached file text is read with one query, as our engines do: without
    it Wagtail's database backend reads it with a query per record and field, which
    makes a 100k baseline take most of an hour to build (its query times, the figures
    compared, do not depend on it).
    """
    from repository.models import GenericDocumentPage
    from repository.services.files import prefetched_attached_text

    spent = 0.0
    for chunk in _chunks(ids):
        start = time.perf_counter()
        with prefetched_attached_text(chunk):
            backend.add_bulk(GenericDocumentPage, chunk)
        spent += time.perf_counter() - start
    return len(ids) / spent


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _measure(count: int, engines: tuple[str, ...]) -> tuple[dict[str, Figures], float]:
    """Build a corpus of ``count`` records, measure ``engines`` on it, remove it."""
    from modelsearch.backends import get_search_backend

    from bench.corpus import create_records, delete_records, timed

    records = _records(count)
    (ids, folder), built = timed(create_records, records, folder_title=f"benchmark {count}")
    print(f"   {count} records written in {built:.1f} s ({_vendor()})", flush=True)
    queries = _labelled_queries(records, ids)
    figures: dict[str, Figures] = {}
    try:
        # On SQLite, Wagtail's database backend and the embedded engine share
        # modelsearch's index tables: one after the other, each from an empty index.
        if "wagtail" in engines:
            wagtail_db = get_search_backend("wagtail.search.backends.database")
            wagtail_db.reset_indexes()
            rate = _index_all(wagtail_db, ids)
            name = f"wagtail database ({_vendor()})"
            figures["wagtail"] = _run_queries(
                name, _wagtail(wagtail_db), queries, rate, budget=BASELINE_BUDGET_S
            )
            _progress(figures["wagtail"])
        if "embedded" in engines:
            from search.backends.embedded import EmbeddedSearchBackend

            embedded = EmbeddedSearchBackend({})
            embedded.reset_indexes()
            rate = _index_all(embedded, ids)
            figures["embedded"] = _run_queries("embedded", _ours(embedded), queries, rate)
            _progress(figures["embedded"])
        if "opensearch" in engines:
            figures.update(_opensearch(ids, queries))
    finally:
        delete_records(folder)
    return figures, built


def _progress(figures: Figures) -> None:
    print(
        f"   {figures.engine}: indexed {figures.index_docs_s or 0:.0f} docs/s, "
        f"p50 {figures.p50_ms:.1f} ms",
        flush=True,
    )


def _opensearch(ids, queries) -> dict[str, Figures]:
    from django.conf import settings
    from opensearchpy import helpers

    from repository.models import GenericDocumentPage
    from repository.services.files import prefetched_attached_text
    from search.backends.opensearch import OpenSearchBackend

    prefix = f"{settings.OPENSEARCH_INDEX_PREFIX}_bench_{uuid.uuid4().hex[:8]}_"
    backend = OpenSearchBackend(
        {"URLS": [settings.OPENSEARCH_URL], "INDEX_PREFIX": prefix, "TIMEOUT": 120}
    )
    try:
        index = backend.get_index_for_model(GenericDocumentPage)
        index.reset()
        index.add_model(GenericDocumentPage)
        ours = _index_all(backend, ids)
        index.refresh()
        print(f"   opensearch: indexed {ours:.0f} docs/s", flush=True)
        # Raw _bulk of the very same documents into an index with the same settings;
        # documents are built beforehand, outside the timing.
        mapping = backend.mapping_class(GenericDocumentPage)
        raw_name = f"{prefix}raw"
        backend.es.indices.create(
            index=raw_name, body={**backend.settings, "mappings": mapping.get_mapping()}
        )
        spent = 0.0
        for chunk in _chunks(ids):
            with prefetched_attached_text(chunk):
                documents = [mapping.get_document(obj) for obj in chunk]
            start = time.perf_counter()
            helpers.bulk(
                backend.es,
                ({"_index": raw_name, "_id": d["pk"], "_source": d} for d in documents),
                chunk_size=500,
                request_timeout=120,
            )
            spent += time.perf_counter() - start
        raw = len(ids) / spent
        measured = _run_queries("opensearch", _ours(backend), queries, ours)
        _progress(measured)
    finally:
        backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)
    return {"opensearch": measured, "raw_bulk": Figures("raw _bulk", 0, 0, 0, 0, raw)}


def _sqlite_elsewhere(counts: list[int]) -> dict[int, dict[str, Figures]]:
    """The embedded engine (and Wagtail's database backend on SQLite) measured in a
    child process on a fresh SQLite database, for ``counts``."""
    data_dir = tempfile.mkdtemp(prefix="wenshu-bench-sqlite-")
    out = Path(data_dir) / "figures.json"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "OPENSEARCH_URL", "TIKA_URL"}
    }
    env["WENSHU_DATA_DIR"] = data_dir
    print("   embedded engine: child process on SQLite", flush=True)
    subprocess.run(
        [sys.executable, "-m", "bench.search", ",".join(map(str, counts)), str(out)],
        check=True,
        env=env,
    )
    loaded = json.loads(out.read_text())
    return {
        int(count): {key: Figures(**value) for key, value in figures.items()}
        for count, figures in loaded.items()
    }


def _table(count: int, rows: list[Figures]) -> None:
    print(
        f"   {count} records        index docs/s   p50 ms   p95 ms  recall@10    MRR  queries  load"
    )
    for row in rows:
        rate = f"{row.index_docs_s:12.0f}" if row.index_docs_s else " " * 12
        measured = (
            f"{row.p50_ms:8.1f} {row.p95_ms:8.1f} {row.recall:10.3f} {row.mrr:6.3f} "
            f"{row.queries:8d} {row.load:5.1f}"
            if row.queries
            else ""
        )
        print(f"   {row.engine:<28}{rate} {measured}")


def _results(count: int, figures: dict[str, Figures]) -> list[Result]:
    results: list[Result] = []
    baselines = [f for key, f in figures.items() if key.startswith("wagtail")]
    if "raw_bulk" in figures:
        results.append(
            Result(
                f"opensearch indexing ({count} records)",
                "docs/s",
                figures["opensearch"].index_docs_s,
                "raw _bulk",
                figures["raw_bulk"].index_docs_s,
                True,
            )
        )
    for key in ("opensearch", "embedded"):
        if key not in figures:
            continue
        mine = figures[key]
        for base in baselines:
            results += [
                Result(f"{key} query p50 ({count})", "ms", mine.p50_ms, base.engine, base.p50_ms),
                Result(f"{key} query p95 ({count})", "ms", mine.p95_ms, base.engine, base.p95_ms),
            ]
    # Relevance against the labels themselves (an exact scan scores 1.0); Wagtail's
    # database backend cannot segment Chinese and scores near 0 — printed alike.
    for mine in figures.values():
        if mine.queries:
            results += [
                Result(
                    f"{mine.engine} recall@10 ({count})",
                    "",
                    mine.recall or 1e-9,
                    "exact scan",
                    1.0,
                    True,
                ),
                Result(
                    f"{mine.engine} MRR ({count})", "", mine.mrr or 1e-9, "exact scan", 1.0, True
                ),
            ]
    return results


def run() -> list[Result]:
    from django.conf import settings

    counts = sizes()
    here: tuple[str, ...] = ("wagtail",)
    elsewhere: dict[int, dict[str, Figures]] = {}
    if _vendor() == "sqlite":
        here += ("embedded",)
    elif os.environ.get("BENCH_SEARCH_SQLITE", "1") == "0":
        print("   embedded engine skipped (BENCH_SEARCH_SQLITE=0)")
    else:
        started = time.perf_counter()
        elsewhere = _sqlite_elsewhere(counts)
        print(f"   (SQLite child process: {time.perf_counter() - started:.0f} s)", flush=True)
    if settings.OPENSEARCH_URL:
        here += ("opensearch",)
    else:
        print("   OpenSearch skipped: OPENSEARCH_URL is not set")
    results: list[Result] = []
    for count in counts:
        started = time.perf_counter()
        figures, _built = _measure(count, here)
        for key, value in elsewhere.get(count, {}).items():
            figures[f"{key}_sqlite" if key == "wagtail" else key] = value
        print(f"   ({count} records: {time.perf_counter() - started:.0f} s in this process)")
        order = ("opensearch", "embedded", "wagtail", "wagtail_sqlite", "raw_bulk")
        _table(count, [figures[key] for key in order if key in figures])
        results += _results(count, figures)
    return results


def _child(counts: str, out: str) -> int:
    """``python -m bench.search SIZES OUT``: the SQLite half, figures written as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    figures = {}
    for count in [int(c) for c in counts.split(",")]:
        measured, _built = _measure(count, ("wagtail", "embedded"))
        figures[count] = {key: asdict(value) for key, value in measured.items()}
    Path(out).write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(_child(*sys.argv[1:]))
