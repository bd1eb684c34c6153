"""Settings are chosen by DJANGO_SETTINGS_MODULE and filled from environment variables;
production refuses to start half-configured."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, embedded_env

PROBE = """
import json, os, django
django.setup()
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "search_urls": settings.WAGTAILSEARCH_BACKENDS["default"].get("URLS", []),
    "tika_client_only": os.environ.get("TIKA_CLIENT_ONLY"),
    "tika_endpoint": os.environ.get("TIKA_SERVER_ENDPOINT"),
    "tasks": settings.TASKS["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "language": settings.LANGUAGE_CODE,
    "media_root": str(settings.MEDIA_ROOT),
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "tunables": {
        name: getattr(settings, name)
        for name in ("WENSHU_MAX_ARCHIVE_DEPTH", "WENSHU_TIKA_TIMEOUT", "WENSHU_OCR_JOBS",
                     "WENSHU_LOAN_MAX_DAYS", "OCR_LANGUAGES")
    },
}))
"""


def load_settings(tmp_path, module: str, **env: str):
    full_env = embedded_env(tmp_path / "data", DJANGO_SETTINGS_MODULE=module, **env)
    full_env.pop("DJANGO_SECRET_KEY", None)
    full_env.pop("ALLOWED_HOSTS", None)
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def loaded(tmp_path, module: str, **env: str) -> dict:
    done = load_settings(tmp_path, module, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_embedded_default_uses_sqlite_and_builtin_engines_inside_data_dir(tmp_path):
    values = loaded(tmp_path, "config.settings.dev")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(tmp_path / "data" / "wenshu.sqlite3")
    assert values["media_root"].startswith(str(tmp_path / "data"))
    assert values["search"] == "search.backends.embedded"
    assert values["tika_client_only"] is None
    assert values["tasks"].endswith("ImmediateBackend")
    assert values["language"] == "zh-hans"
    assert values["debug"] is True


def test_service_urls_select_the_real_engines(tmp_path):
    values = loaded(
        tmp_path,
        "config.settings.dev",
        DATABASE_URL="postgres://u:p@127.0.0.1:5999/wenshu_x",
        OPENSEARCH_URL="http://127.0.0.1:9299",
        TIKA_URL="http://127.0.0.1:9997",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "wenshu_x"
    assert values["db_host"] == "127.0.0.1"
    assert values["search"] == "search.backends.opensearch"
    assert values["search_urls"] == ["http://127.0.0.1:9299"]
    # The tika client must only ever talk to our server, never fetch or spawn its own.
    assert values["tika_client_only"] == "1"
    assert values["tika_endpoint"] == "http://127.0.0.1:9997"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "wenshu.example.gov.cn"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_half_configured(tmp_path, env, missing):
    done = load_settings(tmp_path, "config.settings.production", **env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert missing in done.stderr
    assert "生产环境必须设置" in done.stderr


def test_production_with_key_and_hosts_queues_jobs_for_the_worker(tmp_path):
    values = loaded(
        tmp_path,
        "config.settings.production",
        DJANGO_SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="wenshu.example.gov.cn,10.0.0.5",
    )
    assert values["debug"] is False
    assert values["allowed_hosts"] == ["wenshu.example.gov.cn", "10.0.0.5"]
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"


def test_tunables_have_typed_defaults_and_environment_overrides(tmp_path):
    # An empty variable means the default, like an unset one (whatever this shell has).
    names = ["WENSHU_MAX_ARCHIVE_DEPTH", "WENSHU_TIKA_TIMEOUT", "WENSHU_OCR_JOBS"]
    names += ["WENSHU_LOAN_MAX_DAYS", "WENSHU_OCR_LANGUAGES"]
    defaults = loaded(tmp_path, "config.settings.dev", **dict.fromkeys(names, ""))["tunables"]
    assert defaults == {
        "WENSHU_MAX_ARCHIVE_DEPTH": 3,
        "WENSHU_TIKA_TIMEOUT": 120.0,
        "WENSHU_OCR_JOBS": None,
        "WENSHU_LOAN_MAX_DAYS": 90,
        "OCR_LANGUAGES": "chi_sim+eng",
    }
    overridden = loaded(
        tmp_path,
        "config.settings.dev",
        WENSHU_MAX_ARCHIVE_DEPTH="5",
        WENSHU_TIKA_TIMEOUT="30.5",
        WENSHU_OCR_JOBS="2",
        WENSHU_LOAN_MAX_DAYS=" 60 ",
        WENSHU_OCR_LANGUAGES="chi_tra+eng",
    )["tunables"]
    assert overridden == {
        "WENSHU_MAX_ARCHIVE_DEPTH": 5,
        "WENSHU_TIKA_TIMEOUT": 30.5,
        "WENSHU_OCR_JOBS": 2,
        "WENSHU_LOAN_MAX_DAYS": 60,
        "OCR_LANGUAGES": "chi_tra+eng",
    }


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("WENSHU_TASKS_BACKEND", "celery"),
        ("DJANGO_DEBUG", "maybe"),
        ("WENSHU_MAX_FILE_BYTES", "1GB"),
        ("WENSHU_OCR_TIMEOUT", "half an hour"),
    ],
)
def test_malformed_values_are_rejected_by_name(tmp_path, variable, value):
    done = load_settings(tmp_path, "config.settings.dev", **{variable: value})
    assert done.returncode != 0
    assert variable in done.stderr
