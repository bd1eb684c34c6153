"""Revision comparison that honours each revision's own classification.

The revision and draft views render through ``RepositoryPage.serve_preview``, which
refuses a revision classified above the reader. Wagtail's compare view shows two
revisions' fields without rendering them, so it gets the same check here: a record lowered
since (解密/降密) does not show its earlier, more classified content to a reader below it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.admin.views.pages.revisions import RevisionsCompareView
from wagtail.admin.viewsets.pages import PageViewSet

from repository.models import RepositoryPage
from repository.selectors import clearance_of
from repository.services.classification import inherited_classification


def revision_level(page, as_of_revision) -> int:
    """The classification a revision gave ``page`` (``as_of_revision`` is the revision as
    a page), with what the node inherits from above."""
    return max(int(as_of_revision.classification or 0), inherited_classification(page))


class ClearanceRevisionsCompareView(RevisionsCompareView):
    def _get_revision_and_heading(self, revision_id):
        revision, heading = super()._get_revision_and_heading(revision_id)
        above = isinstance(revision, RepositoryPage) and revision_level(self.object, revision) > (
            clearance_of(self.request.user)
        )
        if above:
            raise PermissionDenied
        return revision, heading


class RecordPageViewSet(PageViewSet):
    """Wagtail's page views for every Wenshu node, with the clearance-aware comparison."""

    model = RepositoryPage
    revisions_compare_view_class = ClearanceRevisionsCompareView
