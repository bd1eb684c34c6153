"""公函 — official letters between units; a reception needs one ("no letter, no reception")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from repository.models.base import RepositoryPage
from repository.models.official_document import DocumentNumberFields


class LetterPage(DocumentNumberFields, RepositoryPage):
    sender_unit = models.CharField(_("from unit"), max_length=255)
    recipient_unit = models.CharField(_("to unit"), max_length=255)
    letter_date = models.DateField(_("date"), null=True, blank=True)
    body = RichTextField(_("body"), blank=True)
    reply_to = models.ForeignKey(
        "repository.LetterPage",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )

    content_panels = [
        *RepositoryPage.content_panels,
        FieldRowPanel([FieldPanel("sender_unit"), FieldPanel("recipient_unit")]),
        FieldRowPanel([FieldPanel("document_number"), FieldPanel("letter_date")]),
        FieldPanel("body"),
        PageChooserPanel("reply_to", "repository.LetterPage"),
    ]
    parent_page_types = [
        "repository.DepartmentPage",
        "repository.FolderPage",
        "repository.InboxPage",
    ]
    subpage_types: list[str] = []
    template = "repository/letter_page.html"

    document_date_field = "letter_date"  # the letter's date

    search_fields = [
        *RepositoryPage.search_fields,
        index.SearchField("document_number", boost=5),
        index.SearchField("sender_unit"),
        index.SearchField("recipient_unit"),
        index.SearchField("body"),
        index.FilterField("document_number"),
        index.FilterField("sender_unit"),
        index.FilterField("recipient_unit"),
        index.FilterField("letter_date"),
    ]

    class Meta:
        verbose_name = _("official letter")
        verbose_name_plural = _("official letters")
