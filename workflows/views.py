"""Admin views: a record's trail (流程台账) and its CSV/Excel export, the page of an open
step (who has signed or read), and the user's 催办 messages. Thin: services decide who
may see what and what it says."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page, TaskState

from repository.models import AccessAction
from repository.services.access_log import record_access
from workflows.services import reminders
from workflows.services.step_page import step_context
from workflows.services.trail import can_view_trail, trail_as_csv, trail_as_xlsx, trail_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page_for(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_view_trail(request.user, page):
        raise PermissionDenied
    return page


def trail(request, page_id):
    page = _page_for(request, page_id)
    return TemplateResponse(
        request, "workflows/trail.html", {"page": page, "rows": trail_rows(page)}
    )


def trail_export(request, page_id, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    page = _page_for(request, page_id)
    rows = trail_rows(page)
    detail = {"export": "trail", "format": fmt}
    record_access(request, AccessAction.EXPORT, records=[page], detail=detail)
    if fmt == "csv":
        response = HttpResponse(trail_as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(trail_as_xlsx(rows, page.title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="trail-{page.pk}.{fmt}"'
    return response


def step(request, task_state_id):
    """One step of a flow: its status and, for 会签/传阅, every party's state."""
    task_state = get_object_or_404(TaskState, pk=task_state_id)
    page = task_state.workflow_state.content_object
    if page is None:
        raise Http404
    page = page.specific
    if not can_view_trail(request.user, page):
        raise PermissionDenied
    context = {"page": page, **step_context(task_state, request.user)}
    return TemplateResponse(request, "workflows/step.html", context)


def reminder_list(request):
    return TemplateResponse(
        request,
        "workflows/reminders.html",
        {
            "reminders": reminders.inbox(request.user),
            "unread": reminders.unread_count(request.user),
        },
    )


@require_POST
def reminder_read(request, reminder_id):
    if not reminders.mark_read(request.user, reminder_id):
        raise Http404
    return redirect("workflows_admin:reminders")


@require_POST
def reminders_all_read(request):
    count = reminders.mark_all_read(request.user)
    messages.success(request, _("%(count)d reminders marked as read.") % {"count": count})
    return redirect("workflows_admin:reminders")
