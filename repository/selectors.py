"""Read-side queries that already apply permissions.

The visibility rule, used by the site, the admin, file downloads and (later) search:
a user sees a node only when
  1. the node lies in a subtree granted to one of the user's groups (any Wagtail page
     permission, including ``view_page``, on the node or an ancestor) — superusers have
     every subtree; and
  2. neither the node nor any ancestor is classified above the user's clearance — a
     classified folder hides everything in it, and no superuser flag lifts this.
Anonymous and inactive users see nothing. Rule 2 reads the stored
``effective_classification`` (see repository/services/classification.py).
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import GroupPagePermission, Page

from repository.models import Clearance, RepositoryPage

NO_CLEARANCE = -1


def clearance_of(user) -> int:
    if not user or not user.is_authenticated or not user.is_active:
        return NO_CLEARANCE
    cached = getattr(user, "_wenshu_clearance", None)
    if cached is None:
        row = Clearance.objects.filter(user=user).values_list("level", flat=True).first()
        cached = Clearance.DEFAULT_LEVEL if row is None else row
        user._wenshu_clearance = cached
    return cached


def _in_subtrees(paths: list[str]) -> Q:
    """Nodes at or below one of ``paths``: treebeard paths make a subtree a path prefix."""
    return reduce(operator.or_, (Q(path__startswith=path) for path in paths))


def visible_pages_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """Narrow ``queryset`` (any Page queryset; default all pages) to what ``user`` may see.

    Only plain lookups on ``Page`` fields (``pk__in`` a subquery, ``path__startswith``)
    reach the queryset: search backends translate a searched queryset's filters into
    their own query language and cannot translate an EXISTS (the admin record listing
    and page chooser searches failed for every non-superuser).
    """
    pages = Page.objects.all() if queryset is None else queryset
    level = clearance_of(user)
    if level == NO_CLEARANCE:
        return pages.none()
    cleared = RepositoryPage.objects.filter(effective_classification__lte=level)
    pages = pages.filter(depth__gt=1, pk__in=cleared.values("pk"))
    paths = granted_paths(user)
    if paths is None:  # superusers have every subtree
        return pages
    return pages.filter(_in_subtrees(paths)) if paths else pages.none()


def can_view(user, page: Page) -> bool:
    return visible_pages_for(user, Page.objects.filter(pk=page.pk)).exists()


def browsable_pages_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """Visible pages and the ancestors of visible pages: the nodes the admin's explorer
    and choosers may open to reach what the user sees (the home page, a department
    branch above a granted folder). An ancestor of a visible node is never classified
    above the user — classification is inherited downwards — so its title is no secret;
    a node with nothing visible at or below it stays closed."""
    pages = Page.objects.all() if queryset is None else queryset
    visible = visible_pages_for(user, Page.objects.filter(path__startswith=OuterRef("path")))
    return pages.filter(Exists(visible))


def can_browse(user, page: Page) -> bool:
    return browsable_pages_for(user, Page.objects.filter(pk=page.pk)).exists()


def latest_bulletins_for(user) -> QuerySet:
    from repository.models import BulletinPage

    return visible_pages_for(user, BulletinPage.objects.live()).order_by("-first_published_at")


def visible_children(user, page: Page) -> QuerySet:
    return visible_pages_for(user, page.get_children().live().specific()).order_by("title")


def visible_files(user, page: Page) -> QuerySet:
    from repository.models import AttachedFile

    if not can_view(user, page):
        return AttachedFile.objects.none()
    return AttachedFile.objects.filter(page=page).select_related("stored_file")


def granted_paths(user) -> list[str] | None:
    """Tree paths of the subtrees granted to ``user``; None means every subtree."""
    if user.is_superuser:
        return None
    return sorted(
        set(
            GroupPagePermission.objects.filter(group__user=user).values_list(
                "page__path", flat=True
            )
        )
    )
