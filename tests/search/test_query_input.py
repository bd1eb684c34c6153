"""Whatever is typed into search — any length, any characters, any encoding — gets
results or a clear refusal, never an engine error: the limits of ``search.limits``, and
hypothesis-generated queries through ``search_records`` on each engine (the engines
themselves: tests/search/contract/test_query_input.py).

Before the limits and the balanced query tree, 100 one-letter terms overflowed FTS5's
parser stack (a 500 on the site), 300 terms overflowed Python's recursion, and a
non-UTF-8 command-line argument crashed the folding in OpenCC.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings

from search.limits import QueryRejected, check_query, clean_query, count_terms
from search.services import search_records, suggest_titles
from tests.search.query_strategies import QUERIES, accepted

# The limits ------------------------------------------------------------------------


def test_length_and_terms_up_to_the_limits_are_accepted(settings):
    settings.WENSHU_SEARCH_MAX_QUERY_CHARS = 20
    settings.WENSHU_SEARCH_MAX_TERMS = 3
    assert check_query("陪餐 人数 规定") == "陪餐 人数 规定"
    assert check_query("陪" * 20) == "陪" * 20


def test_too_many_terms_is_refused_with_the_counts(settings):
    settings.WENSHU_SEARCH_MAX_TERMS = 3
    with pytest.raises(QueryRejected) as refused:
        check_query("陪餐 人数\u3000规定 接待")  # a full-width space separates too
    assert refused.value.code == "too_many_terms"
    assert "4" in refused.value.text and "3" in refused.value.text


def test_too_long_is_refused_counting_what_folding_makes_of_it(settings):
    settings.WENSHU_SEARCH_MAX_QUERY_CHARS = 10
    with pytest.raises(QueryRejected) as refused:
        check_query("a" * 11)
    assert refused.value.code == "too_long"
    with pytest.raises(QueryRejected):
        check_query("\ufdfa")  # one character, eighteen after NFKC


def test_the_refusal_is_in_chinese_and_in_english():
    many = " ".join("a" * 100)
    with translation.override("zh-hans"), pytest.raises(QueryRejected) as chinese:
        check_query(many)
    assert "检索词过多" in chinese.value.text
    with translation.override("en"), pytest.raises(QueryRejected) as english:
        check_query(many)
    assert "too many terms" in english.value.text
    with translation.override("zh-hans"), pytest.raises(QueryRejected) as long:
        check_query("陪" * 3000)
    assert "检索内容过长" in long.value.text


def test_what_is_not_text_is_cleaned_away():
    assert clean_query("陪餐\udcff\x00规定\x1b") == "陪餐  规定 "
    assert count_terms("陪餐\x00规定") == 2


@given(QUERIES)
@settings(max_examples=300, deadline=None)
def test_check_query_either_cleans_or_refuses(query):
    try:
        cleaned = check_query(query)
    except QueryRejected as refused:
        assert refused.text
        return
    cleaned.encode("utf-8")  # nothing an engine or C library cannot take
    assert "\x00" not in cleaned


# search_records, as a user ------------------------------------------------------------


@pytest.mark.django_db
@given(query=QUERIES)
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_queries_through_the_service(tree, query):
    try:
        outcome = search_records(tree.clerk, query, page_size=5)
    except QueryRejected:
        assert not accepted(query)
        return
    assert accepted(query)
    assert tree.secret.pk not in {hit.page_id for hit in outcome.hits}
    suggest_titles(tree.clerk, query)
