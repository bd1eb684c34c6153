"""简报 / 内刊 — internal bulletins, numbered 第N期 per series and year at publication."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from repository.models.base import RepositoryPage


class BulletinPage(RepositoryPage):
    series = models.CharField(_("series"), max_length=100, help_text=_("e.g. 接待工作简报"))
    issue_number = models.PositiveIntegerField(
        _("issue number"),
        null=True,
        blank=True,
        help_text=_("第N期 within the series and year; assigned at publication"),
    )
    editor = models.CharField(_("editor"), max_length=64, blank=True)
    audience = models.CharField(_("audience"), max_length=255, blank=True, help_text=_("发送范围"))
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *RepositoryPage.content_panels,
        FieldRowPanel([FieldPanel("series"), FieldPanel("issue_number")]),
        FieldRowPanel([FieldPanel("editor"), FieldPanel("audience")]),
        FieldPanel("body"),
    ]
    parent_page_types = ["repository.DepartmentPage", "repository.FolderPage"]
    subpage_types: list[str] = []
    template = "repository/bulletin_page.html"

    search_fields = [
        *RepositoryPage.search_fields,
        index.SearchField("series"),
        index.SearchField("body"),
        index.SearchField("editor"),
        index.SearchField("audience"),
        index.FilterField("series"),
        index.FilterField("issue_number"),
    ]

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        # Uniqueness of 第N期 per series and year is guaranteed by the numbering sequence
        # that assigns it (workflows), since ``year`` lives on the parent table.

    @property
    def issue_label(self) -> str:
        return f"第{self.issue_number}期" if self.issue_number else ""
