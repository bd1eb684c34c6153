from django.apps import AppConfig


class SearchTestAppConfig(AppConfig):
    name = "tests.search.testapp"
    label = "search_testapp"
    default_auto_field = "django.db.models.BigAutoField"
