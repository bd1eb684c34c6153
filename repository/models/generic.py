"""文件 — a document whose type is not known yet (typically a fresh ingest)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from repository.models.base import RepositoryPage


class GenericDocumentPage(RepositoryPage):
    description = models.TextField(_("description"), blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)

    content_panels = [*RepositoryPage.content_panels, FieldPanel("description")]
    parent_page_types = [
        "repository.DepartmentPage",
        "repository.FolderPage",
        "repository.InboxPage",
    ]
    subpage_types: list[str] = []
    template = "repository/generic_document_page.html"

    search_fields = [
        *RepositoryPage.search_fields,
        index.SearchField("description"),
        index.SearchField("extracted_text"),
    ]

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
