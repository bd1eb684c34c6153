"""The test suite: same services as configured by the environment, fast hashing,
immediate tasks, and a data directory of its own per run."""

import tempfile
from pathlib import Path

from config.env import env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "wenshu-test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Login throttling needs the request at ``authenticate()``, which the test client's
# ``login()`` does not pass; the throttling tests turn it on (tests/foundation/
# test_production_security.py) and sign in through the real login forms.
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "ingest", "search"],
    }
}
# Tests never write into the developer's ./var: every file lands in a temporary tree.
_TEST_DATA_DIR = Path(tempfile.mkdtemp(prefix="wenshu-test-"))
MEDIA_ROOT = _TEST_DATA_DIR / "media"
WENSHU_ORIGINALS_DIR = _TEST_DATA_DIR / "originals"
WENSHU_DERIVED_DIR = _TEST_DATA_DIR / "derived"
WENSHU_QUARANTINE_DIR = _TEST_DATA_DIR / "quarantine"
WENSHU_INDEX_DIR = _TEST_DATA_DIR / "index"
# A tiny indexed page type for the search contract suite (tests/search/testapp).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.search.testapp"]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests that save indexed pages must never write into the development indexes; two
# suites running side by side on one OpenSearch set WENSHU_TEST_INDEX_PREFIX apart.
if "INDEX_PREFIX" in WAGTAILSEARCH_BACKENDS["default"]:  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = env_str(  # noqa: F405
        "WENSHU_TEST_INDEX_PREFIX", "wenshu_test_"
    )
