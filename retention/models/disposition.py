"""Disposition (鉴定销毁): appraisals of records past their period, the approvals a
destruction needs, and the destruction register (销毁清册) that outlives what it lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from repository.models import RetentionPeriod


class AppraisalDecision(models.TextChoices):
    DESTROY = "destroy", _("destroy (销毁)")
    EXTEND = "extend", _("extend (延期保管)")
    PERMANENT = "permanent", _("keep permanently (改为永久)")


class Appraisal(models.Model):
    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting", _("awaiting approval")
        APPROVED = "approved", _("approved")
        APPLIED = "applied", _("carried out")

    filed_record = models.ForeignKey(
        "retention.FiledRecord",
        verbose_name=_("filed record"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    decision = models.CharField(_("decision"), max_length=16, choices=AppraisalDecision.choices)
    new_period = models.CharField(
        _("new retention period"), max_length=3, choices=RetentionPeriod.choices, blank=True
    )
    reasons = models.TextField(_("reasons"))
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("appraised at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-appraised_at"]
        permissions = [
            ("appraise_records", _("Can appraise records due (到期鉴定)")),
            ("approve_destruction", _("Can approve the destruction of records")),
        ]

    def __str__(self) -> str:
        return f"{self.filed_record.archival_code}: {self.get_decision_display()}"


class DestructionApproval(models.Model):
    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("appraisal"), on_delete=models.PROTECT, related_name="approvals"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("destruction approval")
        verbose_name_plural = _("destruction approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "approver"], name="retention_one_approval_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.appraisal}: {self.approver}"


class DestructionRegisterEntry(models.Model):
    """销毁清册 line and tombstone of a destroyed record; kept permanently."""

    filed_record = models.OneToOneField(
        "retention.FiledRecord",
        verbose_name=_("filed record"),
        on_delete=models.PROTECT,
        related_name="destruction",
    )
    appraisal = models.OneToOneField(
        Appraisal, verbose_name=_("appraisal"), on_delete=models.PROTECT, related_name="+"
    )
    archival_code = models.CharField(_("archival code"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    retention_period = models.CharField(
        _("retention period"), max_length=3, choices=RetentionPeriod.choices
    )
    years_kept = models.PositiveSmallIntegerField(_("years kept"))
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed at"))
    disposition_date = models.DateField(_("disposition date"), null=True)
    destroyed_at = models.DateTimeField(_("destroyed at"))
    approvers = models.CharField(_("approved by"), max_length=255)
    supervisors = models.CharField(_("supervised by"), max_length=255, help_text=_("监销人"))
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carried out by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_files = models.JSONField(_("removed files"), default=list)
    remarks = models.TextField(_("remarks"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("destruction register entry")
        verbose_name_plural = _("destruction register")
        permissions = [
            ("carry_out_destruction", _("Can carry out approved destructions (销毁)")),
        ]
        ordering = ["destroyed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.archival_code} {self.title}"
