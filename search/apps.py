from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Runs before modelsearch's own ``ready`` (``search`` is listed before
        # ``wagtail.search``), so record types are queued instead of indexed directly.
        from search import signals

        signals.connect()
