"""A small version of the benchmark's relevance check, on each engine.

Records are made of shared-corpus sentences (one Traditional text among them); the
queries and their relevant records come from ``bench.search_queries``, whose rule is
computed from the source text alone (see its docstring). Recall@10 must reach the
target of the issue, 0.98, on every engine.
"""

from __future__ import annotations

import random

import pytest
from wagtail.models import Page

from bench.search_queries import evaluate, labelled_queries, mean_reciprocal_rank, recall_at_10
from tests.search.contract.conftest import sentences
from tests.search.testapp.models import ContractRecordPage

RECORDS = 120
KINDS = {"substring": 10, "words": 10, "quoted": 4, "traditional": 5, "title": 3}


@pytest.fixture
def corpus_records(engine, corpus_texts):
    rng = random.Random(6)
    pool = [s for text in corpus_texts.values() for s in sentences(text) if len(s) >= 12]
    root = Page.get_first_root_node()
    records, pages = [], []
    for number in range(RECORDS):
        title = rng.choice(pool)[:24]
        body = "".join(rng.sample(pool, 3))
        records.append((title, body))
        pages.append(
            root.add_child(instance=ContractRecordPage(slug=f"r{number}", title=title, body=body))
        )
    engine.index(*pages)
    return records, [page.pk for page in pages]


def test_recall_at_10_on_labelled_chinese_queries(engine, corpus_records):
    records, ids = corpus_records
    queries = labelled_queries(records, ids, kinds=KINDS)
    assert len(queries) == sum(KINDS.values())

    def search(text):
        page = engine.find(text, limit=10, highlight=())
        return [hit.object.pk for hit in page.hits]

    outcomes = evaluate(search, queries)
    failures = [
        (o.query.kind, o.query.text, sorted(o.query.relevant - set(o.found)))
        for o in outcomes
        if o.recall < 1
    ]
    assert recall_at_10(outcomes) >= 0.98, failures
    assert mean_reciprocal_rank(outcomes) >= 0.9, failures
