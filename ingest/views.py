"""Admin views for ingest: the uploader (one file per request), the jobs list with retry,
the quarantine list with download and re-process. Thin: services decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from ingest import errors
from ingest.models import IngestJob, QuarantineEntry
from ingest.services import jobs
from ingest.services.quarantine import quarantined_path
from ingest.services.records import PARENT_TYPES
from ingest.services.results import job_result
from repository.models import AccessAction
from repository.selectors import can_view, visible_pages_for
from repository.services.access_log import record_access

PERMISSION = "ingest.add_ingestjob"


def _require(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def parent_choices(user):
    """Inboxes, departments and folders the user may see, in tree order."""
    pages = Page.objects.type(*PARENT_TYPES).order_by("path")
    return visible_pages_for(user, pages)


def upload(request):
    _require(request)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "ingest/upload.html",
            {
                "parents": parent_choices(request.user),
                "jobs_url": reverse("ingest_admin:jobs"),
                "labels": _upload_labels(),
            },
        )
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return JsonResponse({"error": _("No file was sent.")}, status=400)
    parent = None
    if request.POST.get("parent"):
        parent = get_object_or_404(Page, pk=request.POST["parent"]).specific
        permissions = parent.permissions_for_user(request.user)
        if not can_view(request.user, parent) or not permissions.can_add_subpage():
            raise PermissionDenied
    try:
        job = jobs.submit(uploaded, uploaded.name, parent=parent, user=request.user)
    except errors.IngestError as exc:
        return JsonResponse({"error": exc.as_dict()}, status=400)
    jobs.schedule(job)  # immediate backend: done now; database backend: db_worker
    job.refresh_from_db()
    return JsonResponse(_reply(job))


def _upload_labels() -> dict[str, str]:
    """The uploader script's words, as JSON (a translation with a quote stays valid)."""
    return {
        "created": _("created"),
        "duplicate": _("duplicate"),
        "error": _("error"),
        "queued": _("queued"),
        "running": _("running"),
        "uploading": _("uploading"),
        "open": _("Edit"),
    }


def _reply(job: IngestJob) -> dict:
    result = job_result(job, path=job.filename)
    result["job_id"] = job.pk
    result["job_status"] = job.status
    result["status_url"] = reverse("ingest_admin:job_status", args=[job.pk])
    result["edit_url"] = (
        reverse("wagtailadmin_pages:edit", args=[job.page_id]) if job.page_id else None
    )
    return result


def job_status(request, job_id):
    _require(request)
    return JsonResponse(_reply(get_object_or_404(IngestJob, pk=job_id)))


def job_list(request):
    _require(request)
    status = request.GET.get("status", "")
    queryset = IngestJob.objects.select_related("page", "created_by")
    if status in IngestJob.Status.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "ingest/jobs.html",
        {"jobs": page, "status": status, "statuses": IngestJob.Status.choices},
    )


@require_POST
def job_retry(request, job_id):
    _require(request)
    _tell_outcome(request, jobs.retry(get_object_or_404(IngestJob, pk=job_id)))
    return redirect("ingest_admin:jobs")


def quarantine_list(request):
    _require(request)
    show_all = bool(request.GET.get("all"))
    entries = QuarantineEntry.objects.select_related("job")
    if not show_all:
        entries = entries.filter(released_at=None)
    page = Paginator(entries, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "ingest/quarantine.html", {"entries": page, "show_all": show_all}
    )


def quarantine_download(request, entry_id):
    _require(request)
    entry = get_object_or_404(QuarantineEntry, pk=entry_id)
    path = quarantined_path(entry)
    if not path.is_file():
        raise Http404
    detail = {"quarantine": entry.pk, "name": entry.filename, "job": entry.job_id}
    record_access(
        request, AccessAction.QUARANTINE_DOWNLOAD, records=[entry.job.parent_id], detail=detail
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=entry.filename)


@require_POST
def quarantine_reprocess(request, entry_id):
    _require(request)
    entry = get_object_or_404(QuarantineEntry, pk=entry_id)
    _tell_outcome(request, jobs.retry(entry.job))
    return redirect("ingest_admin:quarantine")


def _tell_outcome(request, job: IngestJob) -> None:
    """Say what the retry did: under the immediate task backend it has already run."""
    if job.status == IngestJob.Status.DONE:
        messages.success(request, _("“%(file)s” was processed.") % {"file": job.filename})
    elif job.status == IngestJob.Status.FAILED:
        messages.error(
            request,
            _("“%(file)s” failed again: %(error)s")
            % {"file": job.filename, "error": job.error_message},
        )
    else:
        messages.info(
            request,
            _("“%(file)s” is queued and will be processed shortly.") % {"file": job.filename},
        )
