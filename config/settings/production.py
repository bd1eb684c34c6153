"""Production: refuses to start without a real secret key and an explicit host list,
queues background jobs in the database for ``manage.py db_worker``."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_str
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
X_FRAME_OPTIONS = "SAMEORIGIN"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
