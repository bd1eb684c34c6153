"""Fixtures for the search app over real record pages: a small tree with a classified
record and an ungranted subtree, users of different clearances, and the configured
engine (embedded on SQLite; OpenSearch, integration, with index names of its own)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import pytest
from django.db import connection
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from repository.models import AttachedFile, Classification
from repository.services.demo import ensure_home_page
from repository.services.files import attach_derived, attach_original
from search import index as search_index
from search import lifecycle
from tests.factories import (
    DepartmentPageFactory,
    LetterPageFactory,
    NoticePageFactory,
    OfficialDocumentPageFactory,
    UserFactory,
    grant,
)
from tests.search.contract.conftest import first_line, sentence_with

ENGINES = [
    pytest.param("embedded", id="embedded"),
    pytest.param("opensearch", id="opensearch", marks=pytest.mark.integration),
]
# Unique to the classified record and the ungranted subtree: any hit, count or
# suggestion containing it for an uncleared user is a leak.
SECRET_WORD = "青鸟行动"


def use_embedded(settings):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded engine runs on SQLite (run with DATABASE_URL unset)")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.embedded"}}


def use_opensearch(settings, url: str, prefix: str, timeout: int = 30):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URLS": [url],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": timeout,
        }
    }


def refresh() -> None:
    """Make what was indexed searchable now (OpenSearch refreshes once a second)."""
    backend = get_search_backend()
    if backend.rebuilder_class:
        backend.get_index_for_model(Page).refresh()


@pytest.fixture(params=ENGINES)
def search_engine(request, settings, db):
    if request.param == "embedded":
        use_embedded(settings)
        lifecycle.prepare()
        yield "embedded"
        return
    url = request.getfixturevalue("opensearch_url")
    prefix = f"wenshu_se_{uuid.uuid4().hex[:8]}_"
    use_opensearch(settings, url, prefix)
    lifecycle.prepare()
    yield "opensearch"
    get_search_backend().es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


@dataclass
class Tree:
    office: Page
    reception: Page
    letter: Page  # public, Traditional script
    notice: Page  # internal, 发文字号, an attached Word file with OCR-style text
    secret: Page  # 机密, in the granted subtree
    outside: Page  # public, in the ungranted subtree
    clerk: object  # clearance internal, granted the office subtree
    officer: object  # clearance secret, granted the office subtree
    stranger: object  # clearance secret, no grants


@pytest.fixture
def tree(search_engine, corpus_texts) -> Tree:
    anhui = corpus_texts["anhui-reception-informatization"]  # Traditional script
    zhejiang = corpus_texts["zhejiang-reception-office-network"]
    affairs = corpus_texts["government-affairs-management-collection"]
    home = ensure_home_page()
    office = DepartmentPageFactory(parent=home, title="办公厅", classification=0)
    reception = DepartmentPageFactory(parent=home, title="接待办", classification=0)
    letter = LetterPageFactory(
        parent=office,
        title=first_line(anhui),
        body=f"<p>{sentence_with(anhui, '陪餐規則')}</p>",
        classification=Classification.PUBLIC,
        year=2023,
        responsible_party="安徽省接待办",
    )
    notice = OfficialDocumentPageFactory(
        parent=office,
        title="关于公务接待信息网络建设的通知",
        document_number="浙接待函〔2026〕3号",
        body=f"<p>{sentence_with(zhejiang, '浙江省接待办')}</p>",
        classification=Classification.INTERNAL,
        responsible_party="浙江省接待办",
    )
    original = attach_original(notice, io.BytesIO(b"PK fake docx"), "接待网络建设方案.docx")
    ocr_text = " ".join(sentence_with(affairs, "电子政务:"))  # Tesseract-style spacing
    attach_derived(
        original, io.BytesIO(ocr_text.encode()), "接待网络建设方案.txt", AttachedFile.Role.TEXT
    )
    search_index.enqueue(notice)  # what ingest does after attaching text
    secret = OfficialDocumentPageFactory(
        parent=office,
        title=f"{SECRET_WORD}接待安排",
        document_number="浙接待函〔2026〕9号",
        body=f"<p>{SECRET_WORD}：{sentence_with(anhui, '陪餐人數')}</p>",
        classification=Classification.SECRET,
        responsible_party="机要室",
    )
    outside = NoticePageFactory(
        parent=reception,
        title=f"{SECRET_WORD}通知",
        body=f"<p>{SECRET_WORD} {sentence_with(anhui, '陪餐人數')}</p>",
        classification=Classification.PUBLIC,
    )
    clerk = UserFactory(username="clerk", clearance=Classification.INTERNAL)
    officer = UserFactory(username="officer", clearance=Classification.SECRET)
    stranger = UserFactory(username="stranger", clearance=Classification.SECRET)
    for user in (clerk, officer):
        user.groups.add(office.department.group)
    grant(office.department.group, office, "view_page")
    refresh()
    return Tree(office, reception, letter, notice, secret, outside, clerk, officer, stranger)
