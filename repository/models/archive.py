"""The archive branch: 全宗 (fonds) → 案卷 (volume) → 件 (filed item).

Filing rules, 档号 assignment and retention live in the ``retention`` app; these are the
nodes it fills."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.search import index

from repository.models.base import RepositoryPage


class RetentionPeriod(models.TextChoices):
    PERMANENT = "Y", _("permanent (永久)")
    THIRTY_YEARS = "D30", _("30 years (定期30年)")
    TEN_YEARS = "D10", _("10 years (定期10年)")


class FondsPage(RepositoryPage):
    """全宗 — all records of one office; its code starts every 档号."""

    fonds_code = models.CharField(
        _("fonds code"), max_length=16, unique=True, help_text=_("全宗号, e.g. Z109")
    )

    content_panels = [*RepositoryPage.content_panels, FieldPanel("fonds_code")]
    parent_page_types = ["repository.HomePage"]
    subpage_types = ["repository.ArchiveVolumePage", "repository.ArchiveItemPage"]
    template = "repository/folder_page.html"

    class Meta:
        verbose_name = _("fonds")
        verbose_name_plural = _("fonds")


class ArchiveVolumePage(RepositoryPage):
    """案卷 — a volume grouping filed items, where an office still keeps volumes."""

    volume_number = models.CharField(_("volume number"), max_length=32, blank=True)
    retention_period = models.CharField(
        _("retention period"), max_length=3, choices=RetentionPeriod.choices, blank=True
    )

    content_panels = [
        *RepositoryPage.content_panels,
        FieldRowPanel([FieldPanel("volume_number"), FieldPanel("retention_period")]),
    ]
    parent_page_types = ["repository.FondsPage"]
    subpage_types = ["repository.ArchiveItemPage"]
    template = "repository/folder_page.html"

    class Meta:
        verbose_name = _("archive volume")
        verbose_name_plural = _("archive volumes")


class ArchiveItemPage(RepositoryPage):
    """件 — one filed record with its 档号; the record itself stays where it was made."""

    record = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archive_items",
    )
    archival_code = models.CharField(
        _("archival code"), max_length=64, blank=True, db_index=True, help_text=_("档号")
    )
    item_number = models.PositiveIntegerField(_("item number"), null=True, blank=True)
    retention_period = models.CharField(
        _("retention period"), max_length=3, choices=RetentionPeriod.choices, blank=True
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    content_panels = [
        *RepositoryPage.content_panels,
        PageChooserPanel("record"),
        FieldRowPanel([FieldPanel("archival_code"), FieldPanel("item_number")]),
        FieldRowPanel([FieldPanel("retention_period"), FieldPanel("page_count")]),
    ]
    parent_page_types = ["repository.FondsPage", "repository.ArchiveVolumePage"]
    subpage_types: list[str] = []
    template = "repository/archive_item_page.html"

    search_fields = [
        *RepositoryPage.search_fields,
        index.SearchField("archival_code", boost=5),
        index.FilterField("archival_code"),
        index.FilterField("retention_period"),
    ]

    def get_document_date(self):
        """A filed item bears the date of the record it files."""
        if self.record_id:
            filed = (
                RepositoryPage.objects.filter(pk=self.record_id)
                .values_list("document_date", flat=True)
                .first()
            )
            if filed:
                return filed
        return super().get_document_date()

    class Meta:
        verbose_name = _("filed item")
        verbose_name_plural = _("filed items")
