"""Production: refuses to start without a real secret key and an explicit host list,
queues background jobs in the database for ``manage.py db_worker``, and passes
``manage.py check --deploy`` as it is (``make test`` runs that check).

HTTPS is assumed, but an intranet often terminates TLS at a proxy or, inside a closed
network, not at all; each HTTPS setting can be turned off by its variable (README,
"Production"). Turning one off makes ``check --deploy`` say so, as it should.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import TASKS

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "生产环境必须设置 DJANGO_SECRET_KEY。 / DJANGO_SECRET_KEY must be set in production."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "生产环境必须设置 ALLOWED_HOSTS（以逗号分隔）。 / "
        "ALLOWED_HOSTS (comma-separated) must be set in production."
    )

# Production always queues jobs for the worker unless told otherwise explicitly.
if env_str("WENSHU_TASKS_BACKEND", "database") == "database":
    TASKS = {"default": {**TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Plain-HTTP requests are redirected to HTTPS, and browsers told to use nothing else for
# a year (includeSubDomains covers only hosts below the app's own name).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Behind a proxy that terminates TLS, Django sees plain HTTP; the proxy's
# X-Forwarded-Proto header says what the browser used. Trust it only when the proxy
# sets it (and strips it from clients), or every request would "redirect to HTTPS".
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# X-Frame-Options stays Django's DENY: Wagtail's previews frame themselves with their
# own SAMEORIGIN override, and the CSP's frame-ancestors says the same.
# The HSTS preload list is for public domain names; an intranet host cannot be on it,
# so asking for "preload" (security.W021) would promise nothing.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
