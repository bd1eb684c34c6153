"""Index lifecycle on the real OpenSearch node: modelsearch's atomic rebuilder builds a
new index behind the alias and swaps it, and searches keep answering meanwhile."""

from __future__ import annotations

import uuid

import pytest
from wagtail.models import Page

from search.backends.base import Visibility
from search.backends.opensearch import OpenSearchBackend
from tests.search.contract.conftest import sentence_with
from tests.search.testapp.models import ContractRecordPage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

EVERYTHING = Visibility(max_classification=4, path_prefixes=("",))


@pytest.fixture
def backend(opensearch_url, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.embedded", "AUTO_UPDATE": False}
    }
    prefix = f"wenshu_lifecycle_{uuid.uuid4().hex[:8]}_"
    backend = OpenSearchBackend({"URLS": [opensearch_url], "INDEX_PREFIX": prefix, "TIMEOUT": 30})
    yield backend
    backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


def _rebuild_start(backend):
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(ContractRecordPage))
    index = rebuilder.start()
    index.add_model(ContractRecordPage)
    return rebuilder, index


def _found(backend, query) -> set[int]:
    page = backend.find(ContractRecordPage.objects.all(), query, visibility=EVERYTHING)
    return {hit.object.pk for hit in page.hits}


def test_rebuild_fills_a_new_index_and_swaps_the_alias(backend, corpus_texts):
    anhui = corpus_texts["anhui-reception-informatization"]
    zhejiang = corpus_texts["zhejiang-reception-office-network"]
    root = Page.get_first_root_node()
    letter = root.add_child(
        instance=ContractRecordPage(slug="letter", title="公函", body=sentence_with(anhui, "陪餐"))
    )
    alias = backend.get_index_for_model(ContractRecordPage)

    rebuilder, first = _rebuild_start(backend)
    first.add_items(ContractRecordPage, [letter])
    rebuilder.finish()
    assert alias.is_alias()
    assert [index.name for index in alias.aliased_indices()] == [first.name]
    assert _found(backend, "陪餐") == {letter.pk}

    # The record changes and a new one appears; a rebuild is under way.
    letter.body = sentence_with(zhejiang, "浙江省接待办")
    letter.save()
    plan = root.add_child(
        instance=ContractRecordPage(slug="plan", title="方案", body=sentence_with(anhui, "陪餐", 1))
    )
    rebuilder, second = _rebuild_start(backend)
    second.add_items(ContractRecordPage, [letter, plan])
    second.refresh()
    assert second.name != first.name
    # Searching still answers from the old index until the swap.
    assert _found(backend, "陪餐") == {letter.pk}
    assert _found(backend, "浙江省接待办") == set()

    rebuilder.finish()
    assert [index.name for index in alias.aliased_indices()] == [second.name]
    assert not backend.es.indices.exists(index=first.name)
    assert _found(backend, "陪餐") == {plan.pk}
    assert _found(backend, "浙江省接待办") == {letter.pk}


def test_index_settings_carry_the_chinese_analysis(backend):
    index = backend.get_index_for_model(ContractRecordPage)
    index.reset()
    analysed = backend.es.indices.analyze(index=index.name, body={"text": "公務接待〔２０２６〕"})
    assert [t["token"] for t in analysed["tokens"]] == ["公务", "务接", "接待", "2026"]


def test_a_result_page_with_total_and_facets_is_one_request(backend, corpus_texts):
    # The site's search page asks for hits, the total and five facets: answered by one
    # search request, not one per question (each would run the whole query again).
    index = backend.get_index_for_model(ContractRecordPage)
    index.reset()
    index.add_model(ContractRecordPage)
    root = Page.get_first_root_node()
    pages = [
        root.add_child(
            instance=ContractRecordPage(
                slug=f"p{n}", title=f"接待方案{n}", department="接待处", year=2020 + n % 3
            )
        )
        for n in range(5)
    ]
    backend.add_bulk(ContractRecordPage, pages)
    index.refresh()
    sent = []
    perform = backend.es.transport.perform_request

    def counting(method, url, *args, **kwargs):
        sent.append((method, url))
        return perform(method, url, *args, **kwargs)

    backend.es.transport.perform_request = counting
    page = backend.find(
        ContractRecordPage.objects.all(),
        "接待方案",
        visibility=EVERYTHING,
        facets=("year", "department"),
        limit=2,
        highlight=("title",),
    )
    assert page.total == 5 and len(page.hits) == 2
    assert page.facets == {"year": {2020: 2, 2021: 2, 2022: 1}, "department": {"接待处": 5}}
    assert all("<mark>" in hit.highlights["title"] for hit in page.hits)
    assert len(sent) == 1 and sent[0][1].endswith("/_search"), sent
