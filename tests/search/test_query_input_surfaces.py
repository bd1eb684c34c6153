"""A search beyond the limits, on every surface that takes typed text: the site page,
the suggestions endpoint, the admin record listing, page search and page chooser,
Wagtail's explorer, and the ``search`` command — a message in the reader's language,
never a 500 or a traceback."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.limits import QueryRejected
from search.middleware import RefusedQueryMiddleware
from tests.conftest import ROOT, embedded_env
from tests.factories import grant
from tests.search.query_strategies import QUERIES

pytestmark = pytest.mark.django_db

HUNDRED_TERMS = " ".join("a" * 100)  # 199 characters: a 500 from FTS5 before
TOO_LONG = "陪餐人数规定" * 500  # 3,000 characters: a RecursionError in the CLI before
TOO_MANY_TERMS_ZH = "检索词过多"
TOO_LONG_ZH = "检索内容过长"


def client_for(user, language: str = "zh-hans") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def admin_client_for(tree, user) -> Client:
    group = tree.office.department.group
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    grant(group, tree.office, "view_page", "change_page")
    return client_for(user)


def test_site_search_page_says_why_in_chinese_and_english(tree):
    response = client_for(tree.clerk).get("/search/", {"q": HUNDRED_TERMS})
    assert response.status_code == 200
    assert TOO_MANY_TERMS_ZH in response.content.decode()
    english = client_for(tree.clerk, "en").get("/search/", {"q": HUNDRED_TERMS})
    assert english.status_code == 200
    assert "too many terms" in english.content.decode()
    long = client_for(tree.clerk).get("/search/", {"q": TOO_LONG})
    assert long.status_code == 200 and TOO_LONG_ZH in long.content.decode()


def test_site_search_page_still_searches_within_the_limits(tree):
    html = client_for(tree.clerk).get("/search/", {"q": "电子政务"}).content.decode()
    assert tree.notice.title in html and TOO_MANY_TERMS_ZH not in html


FORM_FIELDS = [
    "q",
    "type",
    "year",
    "department",
    "issuing_body",
    "status",
    "subtree",
    "date_from",
    "date_to",
    "sort",
    "page",
    "all",
]
FORM_VALUES = st.one_of(
    QUERIES,
    st.integers().map(str),  # 10**30 was a 500: SQLite cannot bind it
    st.sampled_from(["", "0", "-1", "600", "2024-02-30", "9999-12-31", "true", "a.b.c"]),
)


def _query_string(params: dict[str, str]) -> str:
    """As a browser would send it, except that lone surrogates go out as the invalid
    UTF-8 bytes they stand for (a client in another encoding)."""
    return "&".join(
        f"{name}={quote(value.encode('utf-8', 'surrogatepass'))}" for name, value in params.items()
    )


@pytest.mark.django_db
@given(params=st.dictionaries(st.sampled_from(FORM_FIELDS), FORM_VALUES, max_size=5))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_search_page_requests_never_fail(tree, params):
    params.setdefault("q", "接待")
    response = client_for(tree.clerk).get("/search/?" + _query_string(params))
    assert response.status_code in (200, 302), params
    if response.status_code == 200:
        assert tree.secret.title not in response.content.decode()


def test_page_numbers_and_ids_beyond_what_engines_take_are_form_errors(tree):
    client = client_for(tree.clerk)
    for name, value in (("page", str(10**20)), ("department", str(10**30)), ("subtree", "-1")):
        response = client.get("/search/", {"q": "接待", name: value})
        assert response.status_code == 200, name
        assert response.context["outcome"] is None, name


def test_suggestions_never_fail(tree):
    for typed in (HUNDRED_TERMS, TOO_LONG, '\x00"*NEAR(', "陪餐\ufffd"):
        response = client_for(tree.clerk).get("/search/suggest/", {"q": typed})
        assert response.status_code == 200
        assert isinstance(response.json()["suggestions"], list)


@pytest.mark.parametrize("url", ["/admin/records/", "/admin/pages/search/"])
def test_admin_listings_say_why_instead_of_a_500(tree, url):
    client = admin_client_for(tree, tree.clerk)
    for query, message in ((HUNDRED_TERMS, TOO_MANY_TERMS_ZH), (TOO_LONG, TOO_LONG_ZH)):
        response = client.get(url, {"q": query})
        assert response.status_code == 200, url
        assert message in response.content.decode(), url
    results = client.get(url.rstrip("/") + "/results/", {"q": HUNDRED_TERMS})
    assert results.status_code == 200
    assert TOO_MANY_TERMS_ZH in results.content.decode()


def test_admin_page_chooser_search_says_why(tree):
    client = admin_client_for(tree, tree.clerk)
    response = client.get("/admin/choose-page/search/", {"q": HUNDRED_TERMS})
    assert response.status_code == 200
    assert TOO_MANY_TERMS_ZH in response.content.decode()
    found = client.get("/admin/choose-page/search/", {"q": "接待"}).content.decode()
    assert tree.notice.title in found and tree.secret.title not in found


def test_any_other_view_that_searches_answers_400_with_the_message(tree):
    """Wagtail's explorer searches within a folder with its own code: the middleware
    turns the engine's refusal into a 400 that says why."""
    client = admin_client_for(tree, tree.clerk)
    response = client.get(f"/admin/pages/{tree.office.pk}/", {"q": HUNDRED_TERMS})
    assert response.status_code == 400
    assert TOO_MANY_TERMS_ZH in response.content.decode()


def test_refusals_from_views_we_do_not_own_are_json_for_api_requests():
    refused = QueryRejected("too many", code="too_many_terms")
    middleware = RefusedQueryMiddleware(lambda request: None)
    request = RequestFactory().get("/admin/api/main/pages/", {"search": "a " * 100})
    response = middleware.process_exception(request, refused)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert middleware.process_exception(request, ValueError("other")) is None


# The command -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        (TOO_LONG, TOO_LONG_ZH),
        ("\udcff\udcfe接待", "UTF-8"),  # how Python hands over non-UTF-8 argv bytes
    ],
    ids=["3000-characters", "not-utf8"],
)
def test_cli_refuses_with_a_message(tree, query, message):
    with pytest.raises(CommandError) as refused:
        call_command("search", query, "--as-user", "clerk")
    assert message in str(refused.value)


def test_cli_refuses_300_terms_by_their_number(tree, settings):
    settings.WENSHU_SEARCH_MAX_QUERY_CHARS = 10_000
    with pytest.raises(CommandError, match=TOO_MANY_TERMS_ZH):
        call_command("search", " ".join(f"w{i}" for i in range(300)), "--as-user", "clerk")


def test_cli_non_utf8_username_is_refused(tree):
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("search", "接待", "--as-user", "\udcffclerk")


@pytest.mark.slow
def test_cli_with_gbk_bytes_exits_with_a_message_not_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "search", "接待".encode("gbk")],
        cwd=ROOT,
        env={**embedded_env(tmp_path), "LANGUAGE": "zh_Hans", "LC_ALL": "C.UTF-8"},
        capture_output=True,
        timeout=120,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert "UTF-8" in stderr
