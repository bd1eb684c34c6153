"""The real services `make services` starts are the real thing: PostgreSQL, OpenSearch
2.x with Chinese analysis loaded, and Apache Tika 3.x that extracts Chinese text."""

from __future__ import annotations

import io

import pytest
import requests
from django.db import connection
from docx import Document
from opensearchpy import OpenSearch

pytestmark = pytest.mark.integration


@pytest.fixture
def opensearch(opensearch_url) -> OpenSearch:
    return OpenSearch([opensearch_url], timeout=30)


def tokens(client: OpenSearch, index: str | None = None, **body) -> list[str]:
    return [t["token"] for t in client.indices.analyze(body=body, index=index)["tokens"]]


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql(database_url):
    assert connection.vendor == "postgresql"


def test_opensearch_is_2x_on_loopback_with_chinese_analysis_plugins(opensearch, opensearch_url):
    assert "127.0.0.1" in opensearch_url
    assert opensearch.info()["version"]["number"].startswith("2.")
    plugins = {p["component"] for p in opensearch.cat.plugins(format="json")}
    assert {"analysis-smartcn", "analysis-icu"} <= plugins
    modules = {
        m["name"]
        for node in opensearch.nodes.info(metric="plugins")["nodes"].values()
        for m in node["modules"]
    }
    assert "analysis-common" in modules


def test_smartcn_segments_chinese_into_words(opensearch):
    assert tokens(opensearch, analyzer="smartcn", text="公务接待管理规定") == [
        "公务",
        "接待",
        "管理",
        "规定",
    ]


def test_cjk_bigrams_keep_two_character_words_findable(opensearch):
    assert tokens(opensearch, tokenizer="standard", filter=["cjk_bigram"], text="陪餐人数") == [
        "陪餐",
        "餐人",
        "人数",
    ]


def test_icu_folds_traditional_to_simplified_and_full_width(opensearch):
    folded = tokens(
        opensearch,
        tokenizer="icu_tokenizer",
        filter=[{"type": "icu_transform", "id": "Traditional-Simplified"}, "icu_folding"],
        text="公務接待 ＷＥＮＳＨＵ",
    )
    assert "公务" in folded and "接待" in folded and "wenshu" in folded


def test_index_settings_with_ngram_filters_are_accepted(opensearch):
    name = "wenshu_test_ngram_probe"
    opensearch.indices.delete(index=name, ignore_unavailable=True)
    try:
        opensearch.indices.create(
            index=name,
            body={
                "settings": {
                    "analysis": {
                        "filter": {"edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 10}},
                        "analyzer": {"edge": {"tokenizer": "keyword", "filter": ["edge"]}},
                    }
                }
            },
        )
        assert tokens(opensearch, index=name, analyzer="edge", text="接待")[:2] == ["接", "接待"]
    finally:
        opensearch.indices.delete(index=name, ignore_unavailable=True)


def test_tika_3_extracts_chinese_text_from_a_word_file(tika_url, corpus_texts):
    assert "127.0.0.1" in tika_url
    version = requests.get(f"{tika_url}/version", timeout=10).text
    assert version.startswith("Apache Tika 3.")
    sentence = next(
        line.strip()
        for line in corpus_texts["zhejiang-reception-office-network"].splitlines()
        if len(line.strip()) > 20
    )
    document = Document()
    document.add_paragraph(sentence)
    buffer = io.BytesIO()
    document.save(buffer)
    response = requests.put(
        f"{tika_url}/tika", data=buffer.getvalue(), headers={"Accept": "text/plain"}, timeout=60
    )
    assert response.status_code == 200
    assert sentence in response.content.decode("utf-8")
