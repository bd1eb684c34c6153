"""Settings shared by every environment.

Anything that differs between machines is read from the environment (see
``config.env``); leaving a variable unset selects the embedded default, so a fresh
checkout runs with SQLite, the built-in search engine and built-in extractors.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from PIL import Image

from config.env import data_dir, env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
WENSHU_DATA_DIR = data_dir(BASE_DIR)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Wenshu's own apps. ``repository`` first so its templates and translations win.
    "repository",
    "ingest",
    "search",
    "workflows",
    "retention",
    # Wagtail and what it builds on.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    # Installed because Wagtail's admin needs them, but switched off: no URL serves or
    # manages them (see repository/wagtail_file_store.py).
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, one policy for the site and one for
    # the admin (config/csp.py).
    "config.csp.WenshuCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A search the engine refuses (too long, too many terms) is a 400 with a message.
    "search.middleware.RefusedQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "repository.access_audit.AccessAuditMiddleware",  # back-office record screens
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The intranet site's templates live in ``site/`` (not a Python package).
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL (e.g. postgres://user:pass@127.0.0.1:5432/wenshu); unset means
# an SQLite file inside the data directory.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{WENSHU_DATA_DIR / 'wenshu.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite cannot create the folder its file lives in.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the site read while the worker writes; a busy timeout avoids spurious
    # "database is locked" errors during imports.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out username before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Localisation: Simplified Chinese by default, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

# Files. Everything the app writes lives under WENSHU_DATA_DIR.
STATIC_URL = "/static/"
STATIC_ROOT = WENSHU_DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = WENSHU_DATA_DIR / "media"
WENSHU_ORIGINALS_DIR = WENSHU_DATA_DIR / "originals"
WENSHU_DERIVED_DIR = WENSHU_DATA_DIR / "derived"
WENSHU_QUARANTINE_DIR = WENSHU_DATA_DIR / "quarantine"
WENSHU_INDEX_DIR = WENSHU_DATA_DIR / "index"
WENSHU_INBOX_DIR = env_str("WENSHU_INBOX_DIR")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# External services. Unset means the embedded engine (see ``python manage.py doctor``).
OPENSEARCH_URL = env_str("OPENSEARCH_URL")
OPENSEARCH_INDEX_PREFIX = env_str("OPENSEARCH_INDEX_PREFIX", "wenshu")
TIKA_URL = env_str("TIKA_URL")
# Tesseract languages; an empty value means the default too.
OCR_LANGUAGES = env_str("WENSHU_OCR_LANGUAGES") or "chi_sim+eng"

# Limits and periods an office tunes. This is their one home: each line gives the name,
# the type (env_int / env_float) and the default, and an environment variable of the same
# name overrides it (a malformed value stops the start, naming the variable). The apps
# read them from ``django.conf.settings`` (``ingest.limits``, ``retention.conf``); tests
# override them with the ``settings`` fixture.
_MIB = 1024 * 1024
# One scanned register can be a few hundred MB; beyond 1 GB is a mistake.
WENSHU_MAX_FILE_BYTES = env_int("WENSHU_MAX_FILE_BYTES", 1024 * _MIB)
# Total size after decompression of a zip archive (nested ones included) or an OOXML/ODF
# container.
WENSHU_MAX_UNCOMPRESSED_BYTES = env_int("WENSHU_MAX_UNCOMPRESSED_BYTES", 1024 * _MIB)
WENSHU_MAX_ARCHIVE_MEMBERS = env_int("WENSHU_MAX_ARCHIVE_MEMBERS", 10_000)
# Text compresses ~10:1, XML up to ~50:1; bombs reach 1000:1 and beyond.
WENSHU_MAX_COMPRESSION_RATIO = env_int("WENSHU_MAX_COMPRESSION_RATIO", 200)
# Archives inside the archive given: departments' zips zipped again for sending are two
# levels; deeper nesting is a trick, not filing.
WENSHU_MAX_ARCHIVE_DEPTH = env_int("WENSHU_MAX_ARCHIVE_DEPTH", 3)
# Pillow's own decompression-bomb threshold (about 89 megapixels, an A0 page at 300 dpi is
# ~140 MP so offices that scan maps raise it).
WENSHU_MAX_IMAGE_PIXELS = env_int("WENSHU_MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS or 89_478_485)
# Seconds to reach the Tika server, and to wait for its answer.
WENSHU_TIKA_CONNECT_TIMEOUT = env_float("WENSHU_TIKA_CONNECT_TIMEOUT", 5.0)
WENSHU_TIKA_TIMEOUT = env_float("WENSHU_TIKA_TIMEOUT", 120.0)
# Whole-document OCR budget; ocrmypdf's own timeout is per page only.
WENSHU_OCR_TIMEOUT = env_float("WENSHU_OCR_TIMEOUT", 1800.0)
# OCR processes per document; None leaves it to ocrmypdf.
WENSHU_OCR_JOBS = env_int("WENSHU_OCR_JOBS", None)
# Tesseract's orientation confidence below which a page is not turned. ocrmypdf's default
# (14) suits Latin text; Chinese pages score lower (a sideways A4 page of 三号 text scores
# 10-13 on ocrmypdf's preview), so 14 leaves them sideways. Upright pages are reported as
# upright, whatever the confidence.
WENSHU_OCR_ROTATE_THRESHOLD = env_float("WENSHU_OCR_ROTATE_THRESHOLD", 5.0)
# Lending: the period a request starts with (never above the maximum), the longest period
# a request, a check-out or a renewal may name, and the renewals a loan may have.
WENSHU_LOAN_DEFAULT_DAYS = env_int("WENSHU_LOAN_DEFAULT_DAYS", 30)
WENSHU_LOAN_MAX_DAYS = env_int("WENSHU_LOAN_MAX_DAYS", 90)
WENSHU_LOAN_MAX_RENEWALS = env_int("WENSHU_LOAN_MAX_RENEWALS", 2)
# Sign-in and sessions. After WENSHU_LOGIN_FAILURE_LIMIT failed sign-ins in a row, a
# username — and, separately, a client address — is locked for
# WENSHU_LOGIN_LOCKOUT_MINUTES (the site's and the admin's sign-in alike: both go
# through django-axes). A successful sign-in clears the count, so an office behind one
# NAT address is not locked by its own typos. Behind WENSHU_PROXY_COUNT reverse proxies
# the client address is read from X-Forwarded-For. A session ends after
# WENSHU_SESSION_IDLE_MINUTES without a request.
WENSHU_LOGIN_FAILURE_LIMIT = env_int("WENSHU_LOGIN_FAILURE_LIMIT", 5)
WENSHU_LOGIN_LOCKOUT_MINUTES = env_int("WENSHU_LOGIN_LOCKOUT_MINUTES", 15)
WENSHU_PROXY_COUNT = env_int("WENSHU_PROXY_COUNT", 0)
WENSHU_SESSION_IDLE_MINUTES = env_int("WENSHU_SESSION_IDLE_MINUTES", 30)
# Search input (search/limits.py): the longest query, in characters, and the most
# space-separated terms. Beyond them a search is refused with a message: each term is a
# clause, and FTS5's parser, Python's recursion and OpenSearch's 1024-clause ceiling
# give out long before a person runs out of words (Google also stops at 32).
WENSHU_SEARCH_MAX_QUERY_CHARS = env_int("WENSHU_SEARCH_MAX_QUERY_CHARS", 200)
WENSHU_SEARCH_MAX_TERMS = env_int("WENSHU_SEARCH_MAX_TERMS", 32)

# Sessions expire after the idle time: every request saves the session, pushing its end
# back by the full age.
SESSION_COOKIE_AGE = WENSHU_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True

# django-axes (login throttling); the lockout page says, in the reader's language, how
# long to wait.
AXES_FAILURE_LIMIT = WENSHU_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=WENSHU_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
if WENSHU_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = WENSHU_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_LOCKOUT_CALLABLE = "repository.lockout.locked_out"

# Content-Security-Policy (config/csp.py says why two policies). The site's:
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# What the Wagtail admin needs instead (no nonce: it would disable 'unsafe-inline').
WENSHU_ADMIN_CSP = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-ancestors": [SELF],
}

# Search engines (search/backends/): both add Chinese analysis, snippets and permission
# filters to Wagtail's modelsearch backends. Unset OPENSEARCH_URL means the embedded one.
if OPENSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URLS": [OPENSEARCH_URL],
            "INDEX_PREFIX": f"{OPENSEARCH_INDEX_PREFIX}_",
            "TIMEOUT": 10,
            # Rebuild into a new index, then move the alias: searching never stops.
            "ATOMIC_REBUILD": True,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.embedded"}}

# The python ``tika`` client must never download or spawn a server of its own: it only
# talks to the Tika server at TIKA_URL. It reads these at import time.
if TIKA_URL:
    os.environ["TIKA_CLIENT_ONLY"] = "1"
    os.environ["TIKA_SERVER_ENDPOINT"] = TIKA_URL

# Background jobs: one task framework. "immediate" runs a task inside the request (tests,
# ``make run``); "database" queues it for ``manage.py db_worker`` (production).
WENSHU_TASKS_BACKEND = env_str("WENSHU_TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if WENSHU_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"WENSHU_TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}, "
        f"not {WENSHU_TASKS_BACKEND!r}"
    )
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[WENSHU_TASKS_BACKEND],
        "QUEUES": ["default", "ingest", "search"],
    }
}

# Wagtail.
WAGTAIL_SITE_NAME = _("Wenshu")
# One sign-in page for the site and the back office: a file link opened while signed out
# leads there (Django's default, /accounts/login/, does not exist here).
LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Rich text may format and link to pages or addresses, but not embed images, documents or
# remote media: those would be files outside the records' own, which the visibility rule
# does not cover. Named here so that adding an app later cannot switch them on quietly.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link"]
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": RICH_TEXT_FEATURES},
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# No avatars from gravatar.com: an intranet cannot reach it, the CSP allows no other
# origin, and it would tell a third party a hash of each user's e-mail address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The access log records REMOTE_ADDR. Behind a reverse proxy, name the header it sets with
# the client's address (e.g. X-Forwarded-For; its last entry is used); unset, no header
# is believed, since any client can send one.
WENSHU_TRUSTED_PROXY_HEADER = env_str("WENSHU_TRUSTED_PROXY_HEADER")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "wenshu@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("WENSHU_LOG_LEVEL", "INFO")},
    "loggers": {
        "opensearch": {"level": "WARNING"},
        # One line per background task and per page action is noise on a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
        # Failed sign-ins and lockouts are warnings; axes' start-up banner is not news.
        "axes": {"level": "WARNING"},
    },
}
