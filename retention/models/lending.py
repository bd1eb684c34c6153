"""Lending (借阅): requests, the records they name, and their life from approval to return.

The lending register (借阅登记簿) is these rows; nothing is kept twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from retention.conf import loan_default_days


class LoanForm(models.TextChoices):
    READING_ROOM = "reading", _("reading-room viewing (查阅)")
    PHYSICAL = "physical", _("physical loan (借出)")
    ELECTRONIC = "electronic", _("electronic access (电子借阅)")
    COPY = "copy", _("copy (复制)")


class LoanRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        CHECKED_OUT = "checked_out", _("checked out")
        RETURNED = "returned", _("returned")
        EXPIRED = "expired", _("access expired")

    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("borrower"),
        on_delete=models.PROTECT,
        related_name="loan_requests",
    )
    borrower_unit = models.CharField(_("unit"), max_length=255, blank=True)
    purpose = models.TextField(pgettext_lazy("loan", "purpose"))
    form = models.CharField(_("form of use"), max_length=16, choices=LoanForm.choices)
    originals = models.BooleanField(
        _("originals"), default=False, help_text=_("The original paper records (原件)")
    )
    requested_days = models.PositiveSmallIntegerField(
        _("days requested"),
        default=loan_default_days,
        help_text=_("How long the borrower asks to keep the records or the access"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    approved_days = models.PositiveSmallIntegerField(
        _("days approved"),
        null=True,
        blank=True,
        help_text=_("At most the days requested; the default period at check-out"),
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    classified_original_allowed = models.BooleanField(
        _("loan of classified originals explicitly allowed"), default=False
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("经办人"),
    )
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_condition = models.TextField(_("condition on return"), blank=True)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-requested_at", "-pk"]
        permissions = [
            ("approve_loan", _("Can approve loans of unclassified records, not originals")),
            ("approve_sensitive_loan", _("Can approve loans of classified records or originals")),
            ("view_all_loans", _("Can see everyone's loans (archivist)")),
            ("handle_loans", _("Can check out, renew and take back loans (借阅经办)")),
        ]

    def __str__(self) -> str:
        return f"{self.borrower} · {self.get_form_display()} · {self.get_status_display()}"


class LoanItem(models.Model):
    loan = models.ForeignKey(
        LoanRequest, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="items"
    )
    filed_record = models.ForeignKey(
        "retention.FiledRecord",
        verbose_name=_("filed record"),
        on_delete=models.PROTECT,
        related_name="loan_items",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("loaned record")
        verbose_name_plural = _("loaned records")
        constraints = [
            models.UniqueConstraint(fields=["loan", "filed_record"], name="retention_item_once")
        ]

    def __str__(self) -> str:
        return str(self.filed_record)
