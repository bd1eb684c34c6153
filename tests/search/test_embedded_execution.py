"""How the embedded engine executes a search, checked through SQLite's query plans.

Its speed depends on one property of the SQL it sends: the FTS5 ``MATCH`` is evaluated
once per statement, driving the join, and never once per row through a rowid lookup
(which modelsearch's SQL led SQLite to do for every index entry and again for every
ranked row, making each search quadratic in the corpus size). Timings belong to the
benchmark; this checks the plan that makes them possible.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from search.backends.base import Visibility
from tests.search.testapp.models import ContractRecordPage

EVERYTHING = Visibility(max_classification=4, path_prefixes=("",))
# FTS5 names its plan ``INDEX <n>:<flags>``; "=" among the flags is a rowid equality
# constraint, i.e. the virtual table is probed once per row of an outer loop.
PER_ROW_FTS = re.compile(r"VIRTUAL TABLE INDEX \d+:\S*=")


@pytest.fixture
def backend(db):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded engine runs on SQLite (run with DATABASE_URL unset)")
    from search.backends.embedded import EmbeddedSearchBackend

    backend = EmbeddedSearchBackend({})
    backend.reset_indexes()
    return backend


@pytest.fixture
def pages(backend):
    root = Page.get_first_root_node()
    texts = ["公务接待陪餐人数规定", "接待办年度工作总结", "政务信息化建设方案", "公務接待標準"]
    created = [
        root.add_child(instance=ContractRecordPage(slug=f"p{i}", title=text[:4], body=text))
        for i, text in enumerate(texts)
    ]
    backend.add_bulk(ContractRecordPage, created)
    return created


def _plans(queries) -> list[tuple[str, list[str]]]:
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            if "MATCH" not in query["sql"]:
                continue
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plans.append((query["sql"], [row[-1] for row in cursor.fetchall()]))
    return plans


@pytest.mark.parametrize("order_by", [(), ("-year",)])
def test_search_matches_once_per_statement_not_per_row(backend, pages, order_by):
    with CaptureQueriesContext(connection) as captured:
        page = backend.find(
            ContractRecordPage.objects.all(),
            "公务接待",
            visibility=EVERYTHING,
            facets=("year",),
            order_by=order_by,
        )
    assert {hit.object.pk for hit in page.hits} == {pages[0].pk, pages[3].pk}
    assert page.total == 2 and page.facets == {"year": {None: 2}}
    plans = _plans(captured.captured_queries)
    assert plans, "no full-text statement was captured"
    for sql, steps in plans:
        assert not any(PER_ROW_FTS.search(step) for step in steps), (sql, steps)


def test_total_comes_with_the_ranked_page(backend, pages):
    with CaptureQueriesContext(connection) as captured:
        page = backend.find(ContractRecordPage.objects.all(), "接待", visibility=EVERYTHING)
    assert page.total == 3
    # One statement ranks and counts, one loads the hits.
    assert len([q for q in captured.captured_queries if "MATCH" in q["sql"]]) == 1
