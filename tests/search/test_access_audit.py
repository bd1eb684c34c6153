"""Every way to search writes one access-log line with the query and the ids of the hits
shown: the site page, the Wagtail admin search, the records listing and the CLI."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

from repository.models import AccessAction, AccessLogEntry, Classification
from tests.factories import UserFactory, grant
from tests.search.conftest import SECRET_WORD

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def only_search() -> AccessLogEntry:
    line = AccessLogEntry.objects.get()
    assert line.action == AccessAction.SEARCH
    return line


def test_site_search_logs_query_and_hits(tree):
    client_for(tree.officer).get("/search/", {"q": SECRET_WORD}, REMOTE_ADDR="192.0.2.1")
    line = only_search()
    assert line.detail == {"query": SECRET_WORD, "channel": "site"}
    assert (line.record_id, line.record_ids) == (tree.secret.pk, "")
    assert (line.username, line.address) == ("officer", "192.0.2.1")
    assert line.classification == Classification.SECRET


def test_a_search_with_no_visible_hits_is_logged_too(tree):
    client_for(tree.clerk).get("/search/", {"q": SECRET_WORD})
    line = only_search()
    assert (line.record_id, line.classification) == (None, None)
    assert line.detail["query"] == SECRET_WORD


def test_cli_search_as_user_is_logged(tree):
    call_command("search", SECRET_WORD, "--as-user", "officer", "--json", stdout=io.StringIO())
    line = only_search()
    assert (line.username, line.address, line.record_id) == ("officer", None, tree.secret.pk)
    assert line.detail == {"query": SECRET_WORD, "channel": "cli"}


def test_admin_search_is_logged_with_the_hits_shown(tree):
    group = tree.office.department.group
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    grant(group, tree.office, "view_page", "change_page")
    client = client_for(tree.officer)
    assert client.get("/admin/pages/search/", {"q": SECRET_WORD}).status_code == 200
    line = only_search()
    assert line.detail == {
        "query": SECRET_WORD,
        "channel": "admin",
        "screen": "VisibleSearchView",
    }
    assert line.record_id == tree.secret.pk
    # A listing without a query is not a search.
    client.get("/admin/pages/search/")
    assert AccessLogEntry.objects.count() == 1


def test_records_listing_search_is_logged(tree):
    admin = UserFactory(is_superuser=True, clearance=Classification.SECRET)
    response = client_for(admin).get("/admin/records/", {"q": SECRET_WORD})
    assert response.status_code == 200
    line = only_search()
    assert line.detail["screen"] == "VisibleRecordIndexView"
    assert tree.secret.pk == line.record_id or f",{tree.secret.pk}," in line.record_ids
