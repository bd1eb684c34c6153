"""Where reads are written to the access log without touching the views that serve them.

- Record pages on the site: a ``before_serve_page`` hook, registered after the one that
  refuses invisible pages (``wagtail_hooks.refuse_invisible_pages``), so only pages
  actually served are logged.
- Wagtail's own back-office screens that show a record (edit, draft, revisions, compare,
  preview, history) have no hook of their own: ``AccessAuditMiddleware`` logs a successful
  GET of those URL names, with the ``page_id`` of the URL.
- Back-office listing searches (Wagtail's page search, 记录一览 with ``?q=``):
  ``AuditedSearchMixin`` logs the query and the ids of the hits shown.
"""

from __future__ import annotations

from wagtail import hooks

from repository.models import AccessAction, HomePage, RepositoryPage
from repository.services.access_log import record_access

# URL name -> action, for the back-office screens that display one record.
AUDITED_ADMIN_SCREENS = {
    "wagtailadmin_pages:edit": AccessAction.ADMIN_VIEW,
    "wagtailadmin_pages:view_draft": AccessAction.ADMIN_VIEW,
    "wagtailadmin_pages:revisions_view": AccessAction.ADMIN_VIEW,
    "wagtailadmin_pages:revisions_compare": AccessAction.ADMIN_VIEW,
    "wagtailadmin_pages:history": AccessAction.ADMIN_VIEW,
    "wagtailadmin_pages:workflow_history": AccessAction.ADMIN_VIEW,
    "wagtailadmin_pages:preview_on_edit": AccessAction.PREVIEW,
    "repository_admin:page_files": AccessAction.ADMIN_VIEW,
    "workflows_admin:trail": AccessAction.ADMIN_VIEW,
}


@hooks.register("before_serve_page", order=1000)
def record_page_view(page, request, serve_args, serve_kwargs):
    # The home page is the front door, not a record; anonymous visitors see no record.
    is_record = isinstance(page, RepositoryPage) and not isinstance(page, HomePage)
    if is_record and request.user.is_authenticated:
        record_access(request, AccessAction.VIEW, records=[page])


class AccessAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and match.view_name in AUDITED_ADMIN_SCREENS
            and request.method == "GET"
            and response.status_code == 200
            and "page_id" in match.kwargs
        ):
            action = AUDITED_ADMIN_SCREENS[match.view_name]
            detail = {"screen": match.view_name, **_other_ids(match.kwargs)}
            record_access(request, action, records=[match.kwargs["page_id"]], detail=detail)
        return response


def _other_ids(kwargs) -> dict:
    return {k: str(v) for k, v in kwargs.items() if k != "page_id"}


class AuditedSearchMixin:
    """For a Wagtail listing view: a search (``?q=``) logs its query and the hits shown."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if self.search_query:
            detail = {"query": self.search_query, "channel": "admin", "screen": type(self).__name__}
            record_access(
                self.request, AccessAction.SEARCH, records=context["object_list"], detail=detail
            )
        return context
