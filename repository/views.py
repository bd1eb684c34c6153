"""Thin views: file downloads through the permission check, and “我知道了” on notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from repository.extensions import has_granted_access
from repository.models import AccessAction, AttachedFile, NoticePage
from repository.selectors import can_view
from repository.services.access_log import record_access
from repository.services.notices import acknowledge_notice
from repository.storage import blob_path


@login_required
def download_file(request, pk: int):
    """Serve an attached file only to someone who may see its node (or holds a grant such
    as an electronic loan); 404 otherwise, so a forbidden file looks like a missing one."""
    attachment = get_object_or_404(
        AttachedFile.objects.select_related("stored_file", "page"), pk=pk
    )
    page = attachment.page
    if not (can_view(request.user, page) or has_granted_access(request.user, page)):
        raise Http404
    stored = attachment.stored_file
    path = blob_path(stored.sha256, stored.kind)
    if not path.is_file():
        raise Http404
    action = AccessAction.PREVIEW if request.GET.get("inline") == "1" else AccessAction.DOWNLOAD
    record_access(request, action, records=[page], detail={"file": attachment.pk})
    return FileResponse(
        path.open("rb"),
        as_attachment=request.GET.get("inline") != "1",
        filename=attachment.filename,
        content_type=stored.mime_type or None,
    )


@login_required
@require_POST
def acknowledge(request, page_id: int):
    notice = get_object_or_404(NoticePage, pk=page_id)
    if not can_view(request.user, notice):
        raise Http404
    acknowledge_notice(notice, request.user)
    return HttpResponseRedirect(notice.url or "/")
