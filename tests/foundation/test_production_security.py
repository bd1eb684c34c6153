"""Production hardening: ``check --deploy`` is clean under the production settings, every
response carries a Content-Security-Policy that the site's and the admin's own pages
comply with, repeated failed sign-ins lock the account (site and admin login alike)
with a Chinese message, idle sessions end, and the demo loader refuses outside
development."""

from __future__ import annotations

import io
import re
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from repository.services.demo import ensure_home_page
from tests.conftest import embedded_env, manage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "Correct-Horse-2026"


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    return embedded_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="wenshu.example.gov.cn",
        **extra,
    )


# check --deploy ------------------------------------------------------------------------


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings(tmp_path):
    done = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert "no issues" in done.stdout, done.stdout + done.stderr
    assert "WARNING" not in done.stderr


@pytest.mark.slow
def test_check_deploy_says_so_when_https_is_turned_off(tmp_path):
    """The switches for TLS-at-the-proxy intranets are honest: turning HTTPS handling off
    makes the deployment check warn instead of passing quietly."""
    env = production_env(
        tmp_path, DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SECURE_HSTS_SECONDS="0"
    )
    done = manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert done.returncode != 0
    assert "security.W004" in done.stderr and "security.W008" in done.stderr


# load_demo -------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="archivist").exists()


@pytest.mark.slow
def test_load_demo_refuses_under_production_settings_and_make_run_keeps_debug(tmp_path):
    done = manage("load_demo", env=production_env(tmp_path), check=False)
    assert done.returncode == 1
    assert "load_demo" in done.stderr and "Traceback" not in done.stderr
    dev = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env=embedded_env(tmp_path),
    )
    assert dev.stdout.strip() == "True"  # make run's load_demo still runs


# Content-Security-Policy -----------------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def _inline_scripts(html: str) -> list[str]:
    """Opening tags of inline (not src=, not data) script elements."""
    tags = re.findall(r"<script\b[^>]*>", html)
    return [t for t in tags if "src=" not in t and "application/json" not in t]


@pytest.fixture
def reader(db):
    from django.core.management import call_command

    ensure_home_page()
    # The search page needs the index with its mappings (on OpenSearch an index made on the
    # fly by a first write has none, and its facets then fail).
    call_command("search_index", "rebuild", stdout=io.StringIO())
    user = get_user_model().objects.create_superuser("reader", "reader@example.gov.cn", PASSWORD)
    client = Client()
    client.force_login(user)
    return client


def test_site_pages_carry_a_strict_policy_they_comply_with(reader):
    for url in ("/", "/search/?q=接待"):
        response = reader.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        html = response.content.decode()
        nonces = [v for v in policy["script-src"] if v.startswith("'nonce-")]
        for tag in _inline_scripts(html):
            assert nonces and f'nonce="{nonces[0][7:-1]}"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), url  # no inline event handlers
        assert not re.search(r"\sstyle\s*=", html), url  # no inline styles


def test_the_search_page_script_runs_by_its_nonce(reader):
    response = reader.get("/search/", {"q": "接待"})
    nonce = next(v for v in _policy(response)["script-src"] if v.startswith("'nonce-"))
    assert f'<script nonce="{nonce[7:-1]}">' in response.content.decode()


def test_admin_pages_carry_the_admin_policy(reader):
    response = reader.get("/admin/")
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy["script-src"]
    # A nonce would make browsers ignore 'unsafe-inline' and break Wagtail's own scripts.
    assert not any(v.startswith("'nonce-") for v in policy["script-src"])
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # Wagtail's previews


def test_admin_pages_load_nothing_from_elsewhere_and_need_their_inline_allowance(reader):
    """What the admin policy allows is what Wagtail's pages use: inline initialiser
    scripts (so 'unsafe-inline' stays), nothing from another origin (an avatar from
    gravatar.com included)."""
    from tests.factories import OfficialDocumentPageFactory

    record = OfficialDocumentPageFactory(title="关于接待工作的通知")
    edit = reader.get(f"/admin/pages/{record.pk}/edit/")
    assert edit.status_code == 200
    pages = [edit.content.decode()]
    for url in ("/admin/", "/admin/records/", f"/admin/pages/{record.pk}/", "/admin/account/"):
        response = reader.get(url)
        assert response.status_code == 200, url
        pages.append(response.content.decode())
    elsewhere = re.compile(r"""(\ssrc=|<link\b[^>]*\shref=|\saction=)["'](https?:)?//""")
    for html in pages:
        assert not elsewhere.search(html)  # links to Wagtail's guide are not loads
    assert _inline_scripts(pages[0])  # the editor's initialisers: why 'unsafe-inline'


# Login throttling ------------------------------------------------------------------


@pytest.fixture
def throttled(settings, db):
    settings.AXES_ENABLED = True
    ensure_home_page()
    return get_user_model().objects.create_user("clerk", password=PASSWORD)


@pytest.mark.parametrize("login_url", ["/admin/login/", "/_util/login/"])
def test_failed_sign_ins_lock_the_account_then_the_lock_expires(throttled, time_machine, login_url):
    time_machine.move_to(T0, tick=False)
    client = Client(headers={"accept-language": "zh-hans"})
    limit = django_settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        refused = client.post(login_url, {"username": "clerk", "password": "wrong"})
        assert refused.status_code == 200  # the form again, with its error
    locked = client.post(login_url, {"username": "clerk", "password": "wrong"})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # Locked means locked: even the right password is refused now.
    again = client.post(login_url, {"username": "clerk", "password": PASSWORD})
    assert again.status_code == 429
    time_machine.move_to(T0 + django_settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
    allowed = client.post(login_url, {"username": "clerk", "password": PASSWORD})
    assert allowed.status_code == 302


def test_the_lockout_message_is_english_for_english_readers(throttled):
    client = Client(headers={"accept-language": "en"})
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_successful_sign_in_clears_the_count(throttled):
    client = Client()
    for _round in range(2):
        for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
            client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
        ok = client.post("/admin/login/", {"username": "clerk", "password": PASSWORD})
        assert ok.status_code == 302
        client.logout()


# Sessions ----------------------------------------------------------------------------


def test_sessions_are_renewed_by_use_and_end_after_the_idle_time(settings, db, time_machine):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == settings.WENSHU_SESSION_IDLE_MINUTES * 60
    settings.SESSION_COOKIE_AGE = 600  # ten minutes, to keep the arithmetic readable
    ensure_home_page()
    user = get_user_model().objects.create_superuser("chief", password=PASSWORD)
    time_machine.move_to(T0, tick=False)
    client = Client()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    # Each request within the idle time pushes the end back: 25 minutes of activity.
    for minutes in (9, 18, 25):
        time_machine.move_to(T0 + timedelta(minutes=minutes))
        assert client.get("/admin/").status_code == 200, minutes
    time_machine.move_to(T0 + timedelta(minutes=25, seconds=601))
    expired = client.get("/admin/")
    assert expired.status_code == 302 and "/admin/login/" in expired["Location"]
