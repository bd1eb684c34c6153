"""Wagtail's admin page search, narrowed by the visibility rule.

Wagtail's search view (``wagtail/admin/views/pages/search.py``) filters by the page
permission policy's explorable pages, which knows nothing of classification. We register
a page viewset for the base ``Page`` whose search view asks that policy through a
wrapper adding ``repository.selectors.visible_pages_for`` — so results and the
per-type counts of the admin search only contain nodes the user may see.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from repository.access_audit import AuditedSearchMixin
from repository.selectors import visible_pages_for


class VisiblePagesPolicy:
    """The page permission policy, with explorable pages cut to the visible ones."""

    def __init__(self, policy):
        self._policy = policy

    def __getattr__(self, name):
        return getattr(self._policy, name)

    def explorable_instances(self, user, *args, **kwargs):
        return visible_pages_for(user, self._policy.explorable_instances(user, *args, **kwargs))


class VisibleSearchView(AuditedSearchMixin, SearchView):
    # Wagtail's search view names no model, so its results header read "1-5 of 5 None"
    # (the listing takes the name from the view, not from the search results).
    verbose_name = Page._meta.verbose_name
    verbose_name_plural = Page._meta.verbose_name_plural

    @property
    def permission_policy(self):
        return VisiblePagesPolicy(super().permission_policy)


class VisiblePageViewSet(PageViewSet):
    model = Page
    search_view_class = VisibleSearchView


@hooks.register("register_admin_viewset", order=100)
def register_visible_page_search():
    # After Wagtail's own base viewset (order 0), so this one wins for Page.
    return VisiblePageViewSet()
