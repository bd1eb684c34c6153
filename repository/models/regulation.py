"""规章制度 / 政策法规 — rules in force, revised or repealed, linked to what they replace."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from repository.models.base import RepositoryPage
from repository.models.official_document import DocumentNumberFields


class RegulationPage(DocumentNumberFields, RepositoryPage):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force (现行有效)")
        REVISED = "revised", _("revised (已修订)")
        REPEALED = "repealed", _("repealed (已废止)")

    issuing_body = models.CharField(_("issuing body"), max_length=255)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE
    )
    supersedes = models.ForeignKey(
        "repository.RegulationPage",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *RepositoryPage.content_panels,
        FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_body")]),
        FieldRowPanel([FieldPanel("effective_date"), FieldPanel("status")]),
        PageChooserPanel("supersedes", "repository.RegulationPage"),
        FieldPanel("body"),
    ]
    parent_page_types = ["repository.DepartmentPage", "repository.FolderPage"]
    subpage_types: list[str] = []
    template = "repository/regulation_page.html"

    document_date_field = "effective_date"  # 施行日期, the only date a regulation carries

    search_fields = [
        *RepositoryPage.search_fields,
        index.SearchField("document_number", boost=5),
        index.SearchField("issuing_body"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("document_number"),
        index.FilterField("issuing_body"),
        index.FilterField("effective_date"),
    ]

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
