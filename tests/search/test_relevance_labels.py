"""The benchmark's labelled queries (``bench.search_queries``).

Labels are found with one scan over all records joined into a single string; they must
be exactly what the relevance rule (``is_relevant``, per record) says, or recall would
be measured against wrong answers.
"""

from __future__ import annotations

import random

from bench.search_queries import (
    MAX_RELEVANT,
    MAX_TERMS,
    _Haystack,
    is_relevant,
    labelled_queries,
    terms_of,
)
from tests.search.contract.conftest import sentences


def _records(corpus_texts, count):
    rng = random.Random(3)
    pool = [s for text in corpus_texts.values() for s in sentences(text) if len(s) >= 12]
    return [(rng.choice(pool)[:24], "".join(rng.sample(pool, 4))) for _ in range(count)]


def test_labels_are_what_the_rule_says(corpus_texts):
    records = _records(corpus_texts, 1500)
    ids = [1000 + i for i in range(len(records))]
    queries = labelled_queries(records, ids)
    assert len(queries) >= 50
    for query in queries:
        expected = {
            ids[i]
            for i, (title, body) in enumerate(records)
            if is_relevant(query.text, title, body)
        }
        assert set(query.relevant) == expected, query
        assert 0 < len(expected) <= MAX_RELEVANT
        assert len(terms_of(query.text)) <= MAX_TERMS


def test_common_phrases_are_refined_with_another_sentence(corpus_texts):
    # With 4,000 records of 4 sentences drawn from a few hundred, no single phrase of
    # one sentence is in ten records or fewer: the kept queries have several terms.
    records = _records(corpus_texts, 4000)
    queries = labelled_queries(records, list(range(len(records))), kinds={"quoted": 5})
    assert len(queries) == 5
    assert all(len(terms_of(query.text)) > 1 for query in queries)
    assert all(query.text.startswith('"') for query in queries)


def test_a_term_never_spans_two_fields_or_two_records():
    haystack = _Haystack([("公务接待", "规定陪餐人数"), ("无关标题", "公务接待规定"), ("接", "待")])
    assert haystack.containing(["待规"], MAX_RELEVANT) == [1]
    assert haystack.containing(["数接"], MAX_RELEVANT) == []
    assert haystack.containing(["接待", "陪餐"], MAX_RELEVANT) == [0]
    assert haystack.containing(["接待"], 1) is None  # two records: more than the limit
