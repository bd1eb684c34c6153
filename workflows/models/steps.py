"""What happens on a step, kept for deadlines, reminders and the trail (流程台账).

Wagtail's ``TaskState`` knows who finished a step; an office also needs when it was due,
who acted on whose behalf, each countersigner's opinion, and the reminders sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import TaskState

from workflows.models.parties import StepParty


class StepRecord(models.Model):
    task_state = models.OneToOneField(
        TaskState, verbose_name=_("task state"), on_delete=models.CASCADE, related_name="step"
    )
    due_at = models.DateTimeField(_("due at"), db_index=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminded_level = models.CharField(_("last reminder level"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("step deadline")
        verbose_name_plural = _("step deadlines")


class TaskAction(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", _("approved")
        REJECT = "reject", _("returned")
        SIGN = "sign", _("signed")
        REFUSE = "refuse", _("refused")
        NUMBER = "number", _("numbered")
        FINAL_COPY = "final_copy", _("final copy made")
        CHECK_PASSED = "check_passed", _("rules passed")
        CHECK_FAILED = "check_failed", _("rules broken")
        READ = "read", _("read")

    task_state = models.ForeignKey(
        TaskState, verbose_name=_("task state"), on_delete=models.CASCADE, related_name="actions"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opinion = models.TextField(_("opinion"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("step action")
        verbose_name_plural = _("step actions")
        ordering = ["created_at", "pk"]
        # Leaders "above" the participants: may read the trail of any flow on a record
        # they can see (the visibility rule still applies).
        permissions = [("oversee_flows", _("Can see the trails of flows below them"))]


class CountersignSignature(StepParty):
    """One party (a group or a user) that must sign a countersign step."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("not signed yet")
        AGREED = "agreed", _("agreed")
        REFUSED = "refused", _("refused")

    task_state = models.ForeignKey(
        TaskState,
        verbose_name=_("task state"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    decision = models.CharField(
        pgettext_lazy("countersign", "decision"),
        max_length=16,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opinion = models.TextField(_("opinion"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True)

    class Meta:
        verbose_name = _("countersignature")
        verbose_name_plural = _("countersignatures")
        ordering = ["task_state", "position"]


class CirculationReadMark(StepParty):
    """传阅: one party (a group or a user) that must read the document, and its read mark.

    Kept apart from countersignatures: reading is not agreeing, and nobody refuses a
    circulation."""

    task_state = models.ForeignKey(
        TaskState,
        verbose_name=_("task state"),
        on_delete=models.CASCADE,
        related_name="read_marks",
    )
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    remark = models.TextField(_("remark"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True)

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        ordering = ["task_state", "position"]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Reminder(models.Model):
    """An in-app 催办 message; the same text goes out by email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="workflow_reminders",
    )
    task_state = models.ForeignKey(
        TaskState, verbose_name=_("task state"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(_("level"), max_length=16)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]


class WorkflowAssignment(models.Model):
    """Which flow a record type takes, optionally only for 收文/发文 or below one subtree.

    Wagtail assigns flows per subtree only; offices choose by record type first.
    """

    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("workflow"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("record type"), on_delete=models.CASCADE
    )
    direction = models.CharField(
        _("direction"), max_length=16, blank=True, help_text=_("incoming or outgoing; 公文 only")
    )
    subtree = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("only below"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("workflow assignment")
        verbose_name_plural = _("workflow assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "direction", "subtree"], name="unique_workflow_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type} {self.direction} → {self.workflow}"
