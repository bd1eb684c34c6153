"""What every retention admin view needs: permission checks, the visibility rule applied to
filed records, rendering and register downloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Page

from repository.file_responses import attachment
from repository.models import AccessAction
from repository.selectors import can_view
from repository.services.access_log import record_access
from retention.exports import FORMATS, Register
from retention.models import FiledRecord
from retention.selectors import visible_filed  # the views' one import of the rule


def require_perm(user, *perms: str) -> None:
    """Refuse unless the user has at least one of ``perms``."""
    if not any(user.has_perm(perm) for perm in perms):
        raise PermissionDenied


def visible_page_or_404(user, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_view(user, page):
        raise Http404
    return page


def visible_filed_or_404(user, filed_id: int) -> FiledRecord:
    filed = visible_filed(user).filter(pk=filed_id).first()
    if filed is None:
        raise Http404
    return filed


def render(request, template: str, title: str, **context) -> TemplateResponse:
    return TemplateResponse(
        request, f"retention/admin/{template}", {"header_title": title, **context}
    )


def download(register: Register, fmt: str, name: str, *, request, records) -> HttpResponse:
    """The register as a file; the export is written to the access log with the ids of
    the records it lists (``records``: pages or page ids)."""
    if fmt not in FORMATS:
        raise Http404
    detail = {"export": name, "format": fmt}
    record_access(request, AccessAction.EXPORT, records=records, detail=detail)
    convert, content_type = FORMATS[fmt]
    stamp = timezone.localdate().strftime("%Y%m%d")
    return attachment(convert(register), f"{name}-{stamp}.{fmt}", content_type)
