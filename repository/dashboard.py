"""Wagtail's dashboard panels, narrowed to what the user may see.

The stock panels list workflow steps awaiting the user, the user's records in moderation,
pages they locked and pages they edited, each from a query that knows nothing of
classification: a step on a 机密 record, or a record since moved into a classified
folder, would be listed by title. Each subclass filters its panel's list with the
visibility rule; ``narrow_homepage_panels`` (a ``construct_homepage_panels`` hook)
swaps them in.
"""

from __future__ import annotations

from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page

from repository.selectors import can_view, clearance_of, visible_pages_for


def _visible(user, obj) -> bool:
    return obj is not None and can_view(user, obj)


def _revision_cleared(user, revision) -> bool:
    level = (getattr(revision, "content", None) or {}).get("classification")
    return level is None or int(level) <= clearance_of(user)


class VisibleWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """ "Awaiting your review": only steps on records the reviewer may see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"] = [
            item
            for item in context["states"]
            if _visible(user, item["obj"]) and _revision_cleared(user, item["revision"])
        ]
        return context


class VisibleUserObjectsInWorkflowModerationPanel(UserObjectsInWorkflowModerationPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["workflow_states"] = [
            state for state in context["workflow_states"] if _visible(user, state.content_object)
        ]
        return context


class VisibleLockedPagesPanel(LockedPagesPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["locked_pages"] = visible_pages_for(user, context["locked_pages"])
        return context


class VisibleRecentEditsPanel(RecentEditsPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["last_edits"] = [
            (when, page) for when, page in context["last_edits"] if _visible(user, page)
        ]
        return context


NARROWED = {
    WorkflowObjectsToModeratePanel: VisibleWorkflowObjectsToModeratePanel,
    UserObjectsInWorkflowModerationPanel: VisibleUserObjectsInWorkflowModerationPanel,
    LockedPagesPanel: VisibleLockedPagesPanel,
    RecentEditsPanel: VisibleRecentEditsPanel,
}


def narrow_homepage_panels(request, panels):
    panels[:] = [NARROWED[type(p)]() if type(p) in NARROWED else p for p in panels]


class VisiblePagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count, counting only pages the user may see.

    Wagtail counts every page below the user's explorable root, classified ones included
    (for an administrator, the whole tree whatever their clearance); a count is itself
    information about what exists.
    """

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        root = context["root_page"]
        if root is not None:
            below = Page.objects.descendant_of(root, inclusive=True)
            context["total_pages"] = visible_pages_for(self.request.user, below).count()
        return context


def narrow_summary_items(request, summary_items):
    summary_items[:] = [
        VisiblePagesSummaryItem(request) if type(item) is PagesSummaryItem else item
        for item in summary_items
    ]
