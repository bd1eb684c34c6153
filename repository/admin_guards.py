"""One guard in front of every admin URL that names a page: a node the user may not
see answers 404, whatever Wagtail view sits behind the URL.

Wagtail's own views check *edit* permissions through the page's permission tester
(``repository.permissions``), but several only *show* a page — the explorer opened by
id, the chooser opened on a node, the add-subpage picker, a workflow preview, a revision
— and never ask. Rather than find each, ``config/urls.py`` wraps every admin view with
``refuse_hidden_pages`` (Wagtail's ``decorate_urlpatterns``), which reads the page ids
from the URL's keywords, so a URL Wagtail adds tomorrow is guarded too. Screens that
list pages are narrowed by the permission policy and hooks instead, and screens that
cannot be narrowed are taken out here (``REMOVED``).
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from wagtail.models import Page, Revision

from repository.selectors import can_browse, can_view, clearance_of

# Keywords that carry a page id in Wagtail's admin URLs (``pk`` only where the view
# name says it is a page).
PAGE_KEYWORDS = ("page_id", "parent_page_id", "page_to_move_id", "page_pk", "destination_id")
PAGE_PK_VIEWS = {"wagtailadmin_pages:revisions_compare"}
# Keywords that carry a revision id (compare also takes "live", "earliest", "latest").
REVISION_KEYWORDS = ("revision_id", "revision_id_a", "revision_id_b")
# Views that open a node to reach what lies below it: an ancestor of a visible node may
# be opened (the home page, a department branch), not only a visible node.
BROWSE_VIEWS = {
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_choose_page_child",
}
# Screens that show pages across the whole tree and offer no hook to narrow them:
# Wagtail's page-types report counts every page and names the last edited one of each
# type. Its menu item goes too (``repository.wagtail_hooks``).
REMOVED = {
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}


def refuse_hidden_pages(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return view(request, *args, **kwargs)  # Wagtail sends them to sign in
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in REMOVED:
            raise Http404
        for page_id in _page_ids(name, kwargs):
            page = Page.objects.filter(pk=page_id).first()
            if page is None:
                continue  # Wagtail's own 404
            allowed = can_browse if name in BROWSE_VIEWS else can_view
            if not allowed(request.user, page):
                raise Http404
        for key in REVISION_KEYWORDS:
            revision_id = kwargs.get(key)
            if str(revision_id).isdigit() and not _revision_visible(request.user, revision_id):
                raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _page_ids(name: str, kwargs: dict) -> list:
    ids = [kwargs[key] for key in PAGE_KEYWORDS if kwargs.get(key)]
    if name in PAGE_PK_VIEWS and kwargs.get("pk"):
        ids.append(kwargs["pk"])
    return ids


def _revision_visible(user, revision_id) -> bool:
    """A revision shows the record as it was then (or will be): its own classification
    counts, not only the page's current one — a draft raising a record to 机密 is 机密."""
    revision = Revision.objects.filter(pk=revision_id).only("content").first()
    if revision is None:
        return True
    level = (revision.content or {}).get("classification")
    return level is None or int(level) <= clearance_of(user)
