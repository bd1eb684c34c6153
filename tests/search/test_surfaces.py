"""Every way to search — site page, suggestions, CLI, Wagtail admin — over the same
tree, with the classified record and the ungranted subtree never leaking."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from tests.factories import grant
from tests.search.conftest import SECRET_WORD

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cli(*args) -> dict:
    out = io.StringIO()
    call_command("search", *args, "--json", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1  # exactly one JSON object
    return json.loads(lines[0])


# Site page ---------------------------------------------------------------------------


def test_site_search_page_shows_highlights_facets_and_files(tree):
    response = client_for(tree.clerk).get("/search/", {"q": "电子政务"})
    assert response.status_code == 200
    html = response.content.decode()
    assert tree.notice.title in html
    assert "<mark>" in html
    assert "接待网络建设方案.docx" in html
    assert "type=repository.officialdocumentpage" in html  # a facet filter link


def test_site_search_page_in_chinese_by_default(tree):
    html = client_for(tree.clerk).get("/search/", {"q": "接待"}).content.decode()
    assert 'lang="zh-hans"' in html  # msgids are English; the catalogue makes them Chinese


def test_site_search_page_does_not_leak(tree):
    html = client_for(tree.clerk).get("/search/", {"q": SECRET_WORD}).content.decode()
    assert tree.secret.title not in html and tree.outside.title not in html
    assert "<mark>" not in html
    officer = client_for(tree.officer).get("/search/", {"q": SECRET_WORD}).content.decode()
    assert f'href="{tree.secret.url}"' in officer


def test_document_number_opens_the_record(tree):
    response = client_for(tree.clerk).get("/search/", {"q": "浙接待函【2026】3号"})
    assert response.status_code == 302
    assert response["Location"] == tree.notice.url
    # The classified record's number is just a query with no results.
    response = client_for(tree.clerk).get("/search/", {"q": "浙接待函[2026]9号"})
    assert response.status_code == 200


def test_anonymous_visitors_find_nothing(tree):
    html = Client().get("/search/", {"q": "接待"}).content.decode()
    assert tree.letter.title not in html


# Suggestions -------------------------------------------------------------------------


def test_suggestions_endpoint(tree):
    response = client_for(tree.clerk).get("/search/suggest/", {"q": "信息网络"})
    assert response.json() == {"suggestions": [tree.notice.title]}
    leaked = client_for(tree.clerk).get("/search/suggest/", {"q": SECRET_WORD}).json()
    assert leaked == {"suggestions": []}
    assert client_for(tree.officer).get("/search/suggest/", {"q": SECRET_WORD}).json() == {
        "suggestions": [tree.secret.title]
    }


# CLI ---------------------------------------------------------------------------------


def test_cli_json_shape(tree):
    result = cli("电子政务", "--as-user", "clerk", "--limit", "5")
    assert set(result) == {"total", "took_ms", "hits"}
    assert result["total"] == 1
    (hit,) = result["hits"]
    assert set(hit) == {"page_id", "title", "type", "score", "files", "highlight"}
    assert hit["page_id"] == tree.notice.pk
    assert hit["files"] == ["接待网络建设方案.docx"]


def test_cli_as_user_does_not_leak(tree):
    clerk = cli(SECRET_WORD, "--as-user", "clerk")
    assert clerk["total"] == 0 and clerk["hits"] == []
    assert cli(SECRET_WORD, "--as-user", "stranger")["total"] == 0
    assert [h["page_id"] for h in cli(SECRET_WORD, "--as-user", "officer")["hits"]] == [
        tree.secret.pk
    ]


# Wagtail admin -----------------------------------------------------------------------


def _admin_user(tree, user):
    group = tree.office.department.group
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    grant(group, tree.office, "view_page", "change_page")
    return client_for(user)


def test_admin_search_respects_classification(tree):
    clerk = _admin_user(tree, tree.clerk)
    response = clerk.get("/admin/pages/search/", {"q": SECRET_WORD})
    assert response.status_code == 200
    assert tree.secret.title not in response.content.decode()
    results = clerk.get("/admin/pages/search/results/", {"q": SECRET_WORD})
    assert tree.secret.title not in results.content.decode()
    officer = _admin_user(tree, tree.officer)
    html = officer.get("/admin/pages/search/", {"q": SECRET_WORD}).content.decode()
    assert tree.secret.title in html
    assert tree.outside.title not in html  # ungranted subtree


def test_admin_search_header_names_what_it_counts(tree):
    officer = _admin_user(tree, tree.officer)
    html = officer.get("/admin/pages/search/", {"q": SECRET_WORD}).content.decode()
    assert tree.secret.title in html
    header = re.search(r"1-1 of 1 ([^<]*)</th>", html)  # zh-hans leaves it English
    assert header and header.group(1).strip() == str(Page._meta.verbose_name), header


def test_admin_record_listing_and_chooser_search_for_non_superusers(tree):
    """A visibility filter built on EXISTS could not be searched: every non-superuser got
    a 500 ('Exists' object has no attribute 'target') from both screens."""
    for user in (tree.clerk, tree.officer):
        client = _admin_user(tree, user)
        for url in ("/admin/records/", "/admin/choose-page/search/"):
            response = client.get(url, {"q": "接待"})
            assert response.status_code == 200, (url, user)
            body = response.content.decode()
            assert tree.notice.title in body, (url, user)
            assert tree.outside.title not in body, (url, user)
            assert (tree.secret.title in body) == (user == tree.officer), (url, user)
