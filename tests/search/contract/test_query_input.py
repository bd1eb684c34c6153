"""Hypothesis-generated queries against each engine (the embedded one by default,
OpenSearch as an integration test): every entry point that typed text reaches answers
or refuses with ``QueryRejected`` — no FTS5 syntax error, parser stack overflow,
recursion error or OpenSearch clause limit — and never finds what visibility hides."""

from __future__ import annotations

import pytest
from hypothesis import given

from search.backends.base import SearchPage, Visibility
from search.limits import QueryRejected
from tests.search.contract.conftest import EVERYTHING
from tests.search.query_strategies import GENERATED, QUERIES, TYPED, accepted
from tests.search.testapp.models import ContractRecordPage

# The engines -----------------------------------------------------------------------


def _exercise(engine, query: str) -> None:
    """Every engine entry point typed text reaches; each must answer or refuse."""
    backend = engine.backend
    pages = ContractRecordPage.objects.all()
    if not accepted(query):
        with pytest.raises(QueryRejected):
            engine.find(query)
        with pytest.raises(QueryRejected):
            backend.search(query, pages)
        with pytest.raises(QueryRejected):
            backend.autocomplete(query, pages)
    else:
        page = engine.find(query, facets=["year"], highlight=("title", "body"))
        assert isinstance(page, SearchPage) and page.total >= len(page.hits)
        list(backend.search(query, pages)[:5])
        list(backend.autocomplete(query, pages)[:5])
    # Suggestions and 发文字号 lookup take what was typed so far: never refused.
    backend.suggest(pages, query, visibility=EVERYTHING)
    backend.lookup_document_number(pages, query, visibility=EVERYTHING)


@pytest.mark.django_db
@given(query=QUERIES)
@GENERATED
def test_generated_queries_never_break_an_engine(engine, records, query):
    _exercise(engine, query)


@pytest.mark.django_db
@given(query=TYPED)
@GENERATED
def test_generated_queries_never_find_what_visibility_hides(engine, records, query):
    if not accepted(query):
        return
    clerk = Visibility(max_classification=1, path_prefixes=(records.office.path,))
    allowed = {records.letter.pk, records.plan.pk, records.ocr.pk}
    assert engine.ids(query, clerk) <= allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        " ".join("a" * 100),  # 199 characters: FTS5's parser stack overflowed
        " ".join(f"w{i}" for i in range(300)),  # Python's recursion limit
        " ".join(["陪餐人数规定"] * 150),  # chunks cut into words, each an OR of two forms
    ],
    ids=["100-terms", "300-terms", "150-chunks"],
)
def test_engines_take_many_terms_when_the_limits_allow_them(engine, records, settings, query):
    settings.WENSHU_SEARCH_MAX_QUERY_CHARS = 10_000
    settings.WENSHU_SEARCH_MAX_TERMS = 1_000
    try:
        _exercise(engine, query)
    except QueryRejected as refused:
        # OpenSearch's own clause limit (1024) comes before these raised limits: the
        # query is refused with a message, never a server error.
        assert engine.name == "opensearch" and refused.code == "too_complex", refused
        return
    assert engine.find(" ".join(["陪餐"] * 150)).total > 0  # many terms still find
