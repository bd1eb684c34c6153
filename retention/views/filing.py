"""Filing (归档) in the back office: file one record, and the filing catalogue (归档文件目录)
with its filters and downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from repository.models.base import RECORD_TYPES
from retention.errors import RetentionError
from retention.exports import filing_catalogue
from retention.forms import CatalogueFilterForm, FilingForm
from retention.permissions import FILE_RECORDS
from retention.services.filing import file_record, is_frozen, is_in_archive
from retention.views.common import (
    download,
    render,
    require_perm,
    visible_filed,
    visible_page_or_404,
)

FILE_PERMISSION = FILE_RECORDS


def may_file(user, page) -> bool:
    return (
        user.has_perm(FILE_PERMISSION)
        and page.specific_class is not None
        and page.specific_class._meta.label in RECORD_TYPES
        and not is_in_archive(page)
    )


def _back_to_parent(page):
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)


def file_page(request, page_id: int):
    """归档 one record: the form names the fonds, volume, period, pages and remarks."""
    page = visible_page_or_404(request.user, page_id)
    require_perm(request.user, FILE_PERMISSION)
    if is_frozen(page):
        messages.error(request, _("This record has already been filed."))
        return _back_to_parent(page)
    form = FilingForm(request.POST or None, user=request.user, record=page)
    if request.method == "POST" and form.is_valid():
        try:
            filed = file_record(page, user=request.user, **form.service_kwargs())
        except RetentionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("“%(title)s” filed as %(code)s.")
                % {"title": page.title, "code": filed.archival_code},
            )
            return _back_to_parent(page)
    return render(
        request,
        "file_record.html",
        _("File “%(title)s”") % {"title": page.title},
        page=page,
        form=form,
    )


def catalogue(request):
    """The filed records the user may see, filtered; ``?format=`` downloads them."""
    form = CatalogueFilterForm(request.GET or None, user=request.user)
    filed = visible_filed(request.user).select_related("fonds")
    filed = form.filter(filed) if form.is_bound else filed
    filed = filed.order_by(
        "fonds__fonds_code", "year", "retention_period", "department_code", "item_number"
    )
    if fmt := request.GET.get("format"):
        items = filed.values_list("item_id", flat=True)
        return download(
            filing_catalogue(filed), fmt, "filing-catalogue", request=request, records=items
        )
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "catalogue.html",
        _("Filing catalogue"),
        form=form,
        records=Paginator(filed, 50).get_page(request.GET.get("p")),
        query=query.urlencode(),
    )
