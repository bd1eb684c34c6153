"""URL map: Django admin is not exposed; Wagtail's admin is the back office and Wagtail
serves the page tree at the root. Files are served only by ``repository.urls`` (under
the visibility rule); Wagtail's documents and images are switched off."""

from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from repository import wagtail_file_store
from repository.admin_guards import refuse_hidden_pages
from search.admin_views import chooser_search

# Every admin view answers 404 for a page the user may not see (repository/admin_guards.py).
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, refuse_hidden_pages)

urlpatterns = [
    # First: Wagtail's documents and images answer 404 everywhere (see that module).
    *wagtail_file_store.urlpatterns,
    # Wagtail's page chooser search, answering over-long queries with a message.
    path("admin/choose-page/search/", chooser_search),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),  # never reached; kept so links reverse
    path("i18n/setlang/", set_language, name="set_language"),
    path("search/", include("search.urls")),
    path("", include("repository.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# No language prefix in page URLs: a record keeps one address whatever the reader's
# interface language (chosen by cookie or browser, see LocaleMiddleware).
urlpatterns += [path("", include(wagtail_urls))]
