"""Wagtail's page bulk actions, limited to pages the user may see.

A bulk action's confirmation page lists every selected page by title — and, for pages
the user may not act on, lists them again as "no access" — for whatever ids the URL
carries (``?id=…``, or ``?id=all&childOf=…`` for a whole listing). These subclasses
drop every page the user may not see from both lists before anything is shown or done;
``wagtail_hooks`` registers them in place of Wagtail's own (same ``action_type``).
"""

from __future__ import annotations

from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page

from repository.selectors import visible_pages_for


class VisiblePagesOnlyMixin:
    """For any ``PageBulkAction``: act on, and name, only pages the user may see."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        refused = extra.get("items_with_no_access", [])
        ids = [page.pk for page in [*objects, *refused]]
        visible = set(
            visible_pages_for(self.request.user, Page.objects.filter(pk__in=ids)).values_list(
                "pk", flat=True
            )
        )
        return [p for p in objects if p.pk in visible], {
            **extra,
            "items_with_no_access": [p for p in refused if p.pk in visible],
        }


class VisibleDeleteBulkAction(VisiblePagesOnlyMixin, DeleteBulkAction):
    pass


class VisibleMoveBulkAction(VisiblePagesOnlyMixin, MoveBulkAction):
    pass


class VisiblePublishBulkAction(VisiblePagesOnlyMixin, PublishBulkAction):
    pass


class VisibleUnpublishBulkAction(VisiblePagesOnlyMixin, UnpublishBulkAction):
    pass


VISIBLE_PAGE_BULK_ACTIONS = [
    VisibleDeleteBulkAction,
    VisibleMoveBulkAction,
    VisiblePublishBulkAction,
    VisibleUnpublishBulkAction,
]
