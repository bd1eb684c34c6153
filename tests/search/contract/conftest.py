"""Fixtures of the search contract suite: every test runs once per engine.

The embedded engine runs on the test database (SQLite); the OpenSearch engine talks to
the real node at OPENSEARCH_URL with index names of its own, deleted afterwards. Saving
pages never indexes anything by itself here (AUTO_UPDATE off): each test indexes what
it needs explicitly, so it cannot touch the development indexes either.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from django.db import connection
from wagtail.models import Page

from search.backends.base import Visibility
from tests.search.testapp.models import ContractRecordPage

EVERYTHING = Visibility(max_classification=4, path_prefixes=("",))

ENGINES = [
    pytest.param("embedded", id="embedded"),
    pytest.param("opensearch", id="opensearch", marks=pytest.mark.integration),
]


@dataclass
class Engine:
    """One backend plus the chores a test needs: index, refresh, search helpers."""

    name: str
    backend: object

    def index(self, *pages):
        self.backend.add_bulk(ContractRecordPage, list(pages))
        self.backend.get_index_for_model(ContractRecordPage).refresh()

    def delete(self, page):
        self.backend.delete(page)
        self.backend.get_index_for_model(ContractRecordPage).refresh()

    def find(self, query, visibility=EVERYTHING, **kwargs):
        return self.backend.find(
            ContractRecordPage.objects.all(), query, visibility=visibility, **kwargs
        )

    def ids(self, query, visibility=EVERYTHING, **kwargs) -> set[int]:
        kwargs.setdefault("limit", 100)
        return {hit.object.pk for hit in self.find(query, visibility, **kwargs).hits}


def _embedded_backend():
    if connection.vendor != "sqlite":
        pytest.skip("the embedded engine runs on SQLite (run with DATABASE_URL unset)")
    from search.backends.embedded import EmbeddedSearchBackend

    backend = EmbeddedSearchBackend({})
    backend.reset_indexes()
    return backend


def _opensearch_backend(url: str, prefix: str):
    from search.backends.opensearch import OpenSearchBackend

    backend = OpenSearchBackend({"URLS": [url], "INDEX_PREFIX": prefix, "TIMEOUT": 30})
    index = backend.get_index_for_model(ContractRecordPage)
    index.reset()
    index.add_model(ContractRecordPage)
    return backend


@pytest.fixture(params=ENGINES)
def engine(request, settings, db):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.embedded", "AUTO_UPDATE": False}
    }
    if request.param == "embedded":
        yield Engine("embedded", _embedded_backend())
        return
    url = request.getfixturevalue("opensearch_url")
    prefix = f"wenshu_contract_{uuid.uuid4().hex[:8]}_"
    backend = _opensearch_backend(url, prefix)
    yield Engine("opensearch", backend)
    backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


def sentences(text: str) -> list[str]:
    """Sentences of a corpus text (split after 。！？ and at line ends)."""
    return [s.strip() for s in re.split(r"(?<=[。！？!?])|\n", text) if len(s.strip()) > 4]


def sentence_with(text: str, needle: str, nth: int = 0) -> str:
    found = [s for s in sentences(text) if needle in s]
    assert len(found) > nth, f"the corpus no longer has a sentence with {needle!r}"
    return found[nth]


def first_line(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


@dataclass
class Records:
    """The small tree every contract test searches.

    root
    ├── office (办公厅 subtree)
    │   ├── letter     Traditional text with 陪餐規則, 浙接待函〔2026〕3号, public
    │   ├── plan       Simplified text about 浙江省接待办, 浙接待函〔2026〕4号, internal
    │   ├── ocr        an OCR'd sentence (spaces between characters), public
    │   └── secret     Traditional text with 陪餐人數, 机密 (3)
    └── reception (接待办 subtree)
        ├── outside    the 陪餐人數 sentence again, public, outside the office subtree
        └── fullwidth  a regulation with a full-width 发文字号, internal
    """

    office: ContractRecordPage
    reception: ContractRecordPage
    letter: ContractRecordPage
    plan: ContractRecordPage
    ocr: ContractRecordPage
    secret: ContractRecordPage
    outside: ContractRecordPage
    fullwidth: ContractRecordPage

    @property
    def documents(self):
        return [self.letter, self.plan, self.ocr, self.secret, self.outside, self.fullwidth]


def _add(parent, slug, **fields):
    return parent.add_child(instance=ContractRecordPage(slug=slug, **fields))


@pytest.fixture
def records(engine, corpus_texts) -> Records:
    anhui = corpus_texts["anhui-reception-informatization"]  # Traditional script
    zhejiang = corpus_texts["zhejiang-reception-office-network"]
    affairs = corpus_texts["government-affairs-management-collection"]
    root = Page.get_first_root_node()
    office = _add(root, "office", title="办公厅")
    reception = _add(root, "reception", title="接待办")
    records = Records(
        office=office,
        reception=reception,
        letter=_add(
            office,
            "letter",
            title=first_line(anhui),
            body=sentence_with(anhui, "陪餐規則"),
            document_number="浙接待函〔2026〕3号",
            doc_type="letter",
            department="接待处",
            year=2023,
            classification=0,
        ),
        plan=_add(
            office,
            "plan",
            title=first_line(zhejiang),
            body=sentence_with(zhejiang, "浙江省接待办"),
            document_number="浙接待函〔2026〕4号",
            doc_type="plan",
            department="接待处",
            year=2009,
            classification=1,
        ),
        ocr=_add(
            office,
            "ocr",
            title=sentence_with(affairs, "电子政务")[:12],
            body=" ".join(sentence_with(affairs, "电子政务:")),
            doc_type="bulletin",
            department="办公室",
            year=2024,
            classification=0,
        ),
        secret=_add(
            office,
            "secret",
            title=sentence_with(anhui, "平臺建設的背景"),
            body=sentence_with(anhui, "陪餐人數"),
            document_number="浙接待函〔2026〕9号",
            doc_type="letter",
            department="接待处",
            year=2023,
            classification=3,
        ),
        outside=_add(
            reception,
            "outside",
            title=sentence_with(zhejiang, "公务接待工作门户网站")[:20],
            body=sentence_with(anhui, "陪餐人數"),
            doc_type="letter",
            department="接待办",
            year=2023,
            classification=0,
        ),
        fullwidth=_add(
            reception,
            "fullwidth",
            title=first_line(affairs),
            body=sentence_with(affairs, "政务内网"),
            document_number="浙接待函［２０２６］５号",
            doc_type="regulation",
            department="接待办",
            year=2024,
            classification=1,
        ),
    )
    engine.index(*records.documents)
    return records
