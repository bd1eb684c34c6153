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

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
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


def _covers_outer_page(queryset: QuerySet, path_field: str = "path") -> Exists:
    """EXISTS a row of ``queryset`` whose node is the outer page or one of its ancestors.

    Treebeard paths make this a prefix test: an ancestor's path is a prefix of ours.
    """
    return Exists(
        queryset.annotate(prefix_length=Length(path_field)).filter(
            **{path_field: Substr(OuterRef("path"), 1, F("prefix_length"))}
        )
    )


def visible_pages_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """Narrow ``queryset`` (any Page queryset; default all pages) to what ``user`` may see."""
    pages = Page.objects.all() if queryset is None else queryset
    level = clearance_of(user)
    if level == NO_CLEARANCE:
        return pages.none()
    cleared = RepositoryPage.objects.filter(effective_classification__lte=level)
    if not user.is_superuser:
        grants = GroupPagePermission.objects.filter(group__user=user)
        cleared = cleared.filter(_covers_outer_page(grants, "page__path"))
    # Only ``pk__in`` a subquery reaches ``pages`` itself: search backends translate a
    # queryset's filters into their own query language and cannot translate an EXISTS
    # (``.search()`` on the result failed for every non-superuser), but both the
    # database engines and OpenSearch take an ``in`` subquery of ids.
    return pages.filter(depth__gt=1, pk__in=cleared.values("pk"))


def can_view(user, page: Page) -> bool:
    return visible_pages_for(user, Page.objects.filter(pk=page.pk)).exists()


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
