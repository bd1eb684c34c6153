"""Filing (归档): the 档号 counter, the filing register and corrections of filed records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from repository.models import RetentionPeriod

CATEGORY_DOCUMENTS = "WS"  # 门类代码 文书


class ArchivalCodeCounter(models.Model):
    """The last 件号 given in one (全宗, 门类, 年度, 期限, 机构) group.

    The row is locked (SELECT … FOR UPDATE) while a filing takes the next number, and the
    increment commits or rolls back with the filing, so numbers stay unique and contiguous.
    Not history-tracked: it is a sequence, not a record; the numbers it hands out are kept
    on ``FiledRecord``, which is.
    """

    fonds_code = models.CharField(_("fonds code"), max_length=16)
    category_code = models.CharField(_("category code"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    retention_period = models.CharField(
        _("retention period"), max_length=3, choices=RetentionPeriod.choices
    )
    department_code = models.CharField(_("department code"), max_length=16)
    last_number = models.PositiveIntegerField(_("last item number"), default=0)

    class Meta:
        verbose_name = _("archival code counter")
        verbose_name_plural = _("archival code counters")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "fonds_code",
                    "category_code",
                    "year",
                    "retention_period",
                    "department_code",
                ],
                name="retention_counter_one_per_group",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.fonds_code}-{self.category_code}·{self.year}-"
            f"{self.retention_period}-{self.department_code}: {self.last_number}"
        )


class FiledRecord(models.Model):
    """归档登记 — one record filed as an item (件) with its 档号, period and disposition date.

    It outlives the record: after destruction the row stays (status ``destroyed``) with the
    title and code, so the catalogue and registers keep their lines.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("kept")
        DESTROYED = "destroyed", _("destroyed")

    item = models.OneToOneField(
        "repository.ArchiveItemPage",
        verbose_name=_("filed item"),
        on_delete=models.PROTECT,
        related_name="filing",
    )
    record = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filings",
    )
    fonds = models.ForeignKey(
        "repository.FondsPage", verbose_name=_("fonds"), on_delete=models.PROTECT, related_name="+"
    )
    archival_code = models.CharField(_("archival code"), max_length=64, unique=True)
    category_code = models.CharField(_("category code"), max_length=8, default=CATEGORY_DOCUMENTS)
    year = models.PositiveSmallIntegerField(_("year"))
    retention_period = models.CharField(
        _("retention period"), max_length=3, choices=RetentionPeriod.choices
    )
    department_code = models.CharField(_("department code"), max_length=16)
    item_number = models.PositiveIntegerField(_("item number"))
    title = models.CharField(_("title"), max_length=255)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    responsible_party = models.CharField(_("responsible party"), max_length=255, blank=True)
    record_date = models.DateField(_("date"), null=True, blank=True)
    classification = models.PositiveSmallIntegerField(_("classification"), default=1)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    remarks = models.CharField(_("remarks"), max_length=255, blank=True)
    retention_rule = models.ForeignKey(
        "retention.RetentionRule",
        verbose_name=_("retention rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filings",
    )
    retention_basis = models.TextField(_("basis of the retention period"), blank=True)
    disposition_date = models.DateField(_("disposition date"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("filed record")
        verbose_name_plural = _("filed records")
        ordering = ["fonds", "year", "retention_period", "department_code", "item_number"]
        permissions = [
            ("file_records", _("Can file records into the archive (归档)")),
            ("correct_filed_records", _("Can correct filed records, giving a reason (更正)")),
            (
                "view_retention_history",
                _("Can see the history of filings, holds, appraisals and loans"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "fonds",
                    "category_code",
                    "year",
                    "retention_period",
                    "department_code",
                    "item_number",
                ],
                name="retention_item_number_unique_in_group",
            ),
            models.UniqueConstraint(
                fields=["record"],
                condition=models.Q(record__isnull=False),
                name="retention_record_filed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.archival_code} {self.title}"


class Correction(models.Model):
    """更正 — a change to a filed record's content, kept as a revision with its reason."""

    filed_record = models.ForeignKey(
        FiledRecord,
        verbose_name=_("filed record"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    # PROTECT: the corrected content is the archive's evidence; Wagtail's
    # ``purge_revisions`` must not delete it (nor quietly null this link).
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_fields = models.JSONField(_("changed fields"), default=dict)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["corrected_at"]

    def __str__(self) -> str:
        return f"{self.filed_record.archival_code}: {self.reason[:40]}"
