"""Simplified Chinese is the default language, English is available, and the project's own
catalogue is complete and compiled."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import translation

from tests.conftest import ROOT

CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_default_language_is_simplified_chinese_with_english_available():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert dict(settings.LANGUAGES).keys() == {"zh-hans", "en"}


def test_project_strings_are_translated_when_chinese_is_active():
    with translation.override("zh-hans"):
        assert translation.gettext("Wenshu") == "文书"
        assert translation.gettext("Not working: %(names)s") != "Not working: %(names)s"
    with translation.override("en"):
        assert translation.gettext("Wenshu") == "Wenshu"


def test_compiled_catalogue_is_up_to_date_and_complete(tmp_path):
    if not shutil.which("msgfmt"):
        pytest.skip("gettext's msgfmt is not installed")
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in done.stderr and "fuzzy" not in done.stderr, done.stderr
    assert (tmp_path / "django.mo").read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes()


@pytest.mark.django_db
def test_admin_renders_in_chinese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_an_administrator_can_choose_english_for_the_admin(client, django_user_model):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("editor", password="pw")
    client.force_login(user)
    assert "控制面板" in client.get("/admin/").content.decode()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    assert "Dashboard" in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_site_visitors_can_switch_to_english(client):
    from repository.services.demo import ensure_home_page

    ensure_home_page()
    assert "登录" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Sign in" in page
    assert '<html lang="en"' in page
