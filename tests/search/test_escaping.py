"""The search page never renders a title or a text as markup: titles come from users and
from ingested files, and ``<img src=x onerror=…>`` is a valid title. Highlights are
rebuilt from escaped pieces whatever the engine returned."""

from __future__ import annotations

import pytest
from django.test import Client

from repository.models import Classification
from repository.services.demo import ensure_home_page
from search.snippets import safe_highlight
from tests.factories import DepartmentPageFactory, NoticePageFactory, UserFactory, grant
from tests.search.conftest import refresh

WORD = "蓝鲸计划"
IMG = "<img src=x onerror=alert(1)>"
ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def reader(search_engine):
    office = DepartmentPageFactory(parent=ensure_home_page(), title="办公厅", classification=0)
    grant(office.department.group, office, "view_page")
    NoticePageFactory(
        parent=office,
        title=IMG,
        body=f"<p>只有正文提到{WORD}。</p>",
        classification=Classification.INTERNAL,
    )
    NoticePageFactory(
        parent=office,
        title=f"<script>alert(2)</script>{WORD}通知",
        body="<p>&lt;b onmouseover=alert(3)&gt;粗体&lt;/b&gt; 与此无关。</p>",
        classification=Classification.INTERNAL,
    )
    NoticePageFactory(
        parent=office,
        title="正文含标记",
        body=f"<p>&lt;svg onload=alert(4)&gt;{WORD}&amp;其他</p>",
        classification=Classification.INTERNAL,
    )
    user = UserFactory(clearance=Classification.INTERNAL)
    user.groups.add(office.department.group)
    refresh()
    client = Client()
    client.force_login(user)
    return client


def test_a_title_matched_only_in_the_body_renders_escaped(reader):
    html = reader.get("/search/", {"q": WORD}).content.decode()
    assert ESCAPED_IMG in html
    assert IMG not in html


def test_highlighted_titles_and_snippets_render_escaped(reader):
    html = reader.get("/search/", {"q": WORD}).content.decode()
    assert "<script>alert(2)" not in html and "&lt;script&gt;alert(2)" in html
    assert "<svg onload" not in html and "&lt;svg onload=alert(4)&gt;" in html
    assert f"<mark>{WORD}</mark>" in html
    assert "&amp;amp;" not in html  # an entity of the rich text is escaped once, not twice


@pytest.mark.parametrize(
    "fragment, expected",
    [
        ("<mark>接待</mark>方案", "<mark>接待</mark>方案"),
        ("&lt;img&gt; <mark>接待</mark>", "&lt;img&gt; <mark>接待</mark>"),
        # An engine that did not escape: its markup still never reaches the page.
        ("<img src=x onerror=alert(1)><mark>接待</mark>", ESCAPED_IMG + "<mark>接待</mark>"),
        ("<mark>未闭合", "<mark>未闭合</mark>"),
        ("多余</mark>结束", "多余结束"),
        ("<mark><mark>嵌套</mark>", "<mark>嵌套</mark>"),
        ("<MARK onclick=x>大写</MARK>", "&lt;MARK onclick=x&gt;大写&lt;/MARK&gt;"),
        ("&amp;lt;", "&amp;lt;"),
        ("", ""),
    ],
)
def test_safe_highlight_keeps_only_balanced_marks(fragment, expected):
    assert safe_highlight(fragment) == expected
