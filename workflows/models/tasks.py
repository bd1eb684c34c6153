"""Custom Wagtail task types (任务类型) for office flows.

Wagtail's ``Task`` decides who may act (``get_actions``) and what an action does
(``on_action``). Ours add what an office needs on every step: assignees by group or by
name, a deadline that depends on the document's urgency, delegation, and an action log
for the trail. The behaviour lives in ``workflows.services``; these classes only route
Wagtail's calls there (imports are late because the services import these models).

Two families share ``OfficeTask``: steps one person handles for listed groups/users
(``AssignedTask``: 拟办, 签发, 编号, 成文 …, and 传阅 where each listed party marks read),
and 会签, whose parties are an ordered list of their own (``CountersignParty``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Task, TaskState

from workflows.models.parties import StepParty, group_field, position_field, user_field


class OfficeTask(Task):
    """Shared by every step a person handles: how long they have, and how they act."""

    deadline_days = models.PositiveSmallIntegerField(_("deadline (days)"), default=7)
    urgent_deadline_days = models.PositiveSmallIntegerField(
        _("deadline when urgent (加急, days)"), default=3
    )
    extra_urgent_deadline_days = models.PositiveSmallIntegerField(
        _("deadline when extra urgent (特急, days)"), default=1
    )

    admin_form_fields = [
        *Task.admin_form_fields,
        "deadline_days",
        "urgent_deadline_days",
        "extra_urgent_deadline_days",
    ]
    # Shown in the admin's "choose a task type" list; each concrete type sets its own.
    description = ""

    class Meta:
        abstract = True

    @classmethod
    def get_description(cls):
        return cls.description

    def assigned_groups(self):
        """Groups the step is assigned to (a queryset)."""
        raise NotImplementedError

    def assigned_users(self):
        """Users the step is assigned to by name (a queryset)."""
        raise NotImplementedError

    def start(self, workflow_state, user=None):
        from workflows.services.deadlines import open_step
        from workflows.services.misassignment import flag_misassignment

        task_state = super().start(workflow_state, user=user)
        open_step(task_state, self)
        flag_misassignment(task_state, self)
        return task_state

    def _can_act(self, obj, user) -> bool:
        """May ``user`` act now on ``obj``'s open step of this task (see ``waiting``)?"""
        from workflows.services.waiting import can_act_now

        state = obj.current_workflow_task_state
        return state is not None and state.task_id == self.pk and can_act_now(state, user)

    def user_can_access_editor(self, obj, user):
        return self._can_act(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_act(obj, user)

    def action_choices(self):
        """(name, label, needs a comment) offered to whoever may act."""
        return [
            ("reject", _("Return with opinion"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with opinion"), True),
        ]

    def get_actions(self, obj, user):
        return self.action_choices() if self._can_act(obj, user) else []

    def on_action(self, task_state, user, action_name, **kwargs):
        from workflows.services.steps import handle_action

        return handle_action(self, task_state, user, action_name, kwargs.get("comment", ""))

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """Wagtail's "awaiting your review": only steps the user may act on now, on
        records the user may see (a step on one they may not see was flagged to the
        administrators when it started — see ``services.misassignment``)."""
        from repository.selectors import can_view
        from workflows.services.waiting import can_act_now

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related(
            "workflow_state"
        )
        return TaskState.objects.filter(
            pk__in=[
                s.pk
                for s in states
                if can_act_now(s, user) and can_view(user, s.workflow_state.content_object)
            ]
        )


class AssignedTask(OfficeTask):
    """A step assigned to listed groups and users."""

    groups = models.ManyToManyField(Group, verbose_name=_("groups"), blank=True, related_name="+")
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("users"), blank=True, related_name="+"
    )

    admin_form_fields = [
        "name",
        "groups",
        "users",
        "deadline_days",
        "urgent_deadline_days",
        "extra_urgent_deadline_days",
    ]
    admin_form_widgets = {"groups": forms.CheckboxSelectMultiple}

    class Meta:
        abstract = True

    def assigned_groups(self):
        return self.groups.all()

    def assigned_users(self):
        return self.users.all()


class ApprovalTask(AssignedTask):
    """One person of the listed groups/users handles the step (拟办, 审核, 签发, 承办 …)."""

    description = _("One of the listed groups or users handles the step, with an opinion.")

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")


class NumberingTask(AssignedTask):
    """编号 — gives a 发文字号 (or a bulletin's 第N期) from the sequence on approval."""

    issuer_code = models.CharField(
        _("issuer code"), max_length=32, blank=True, help_text=_("机关代字, e.g. 示接待发")
    )

    admin_form_fields = [*AssignedTask.admin_form_fields, "issuer_code"]
    description = _("Assigns the next document number or bulletin issue number.")

    class Meta:
        verbose_name = _("numbering step")
        verbose_name_plural = _("numbering steps")


class FinalCopyTask(AssignedTask):
    """成文 — generates the GB/T 9704-2012 style Word file and attaches it as a new version."""

    description = _("Generates the Word file of the document and attaches it.")

    class Meta:
        verbose_name = _("final copy step")
        verbose_name_plural = _("final copy steps")


class CirculationTask(AssignedTask):
    """传阅 — every listed party reads the document, in parallel, each with an optional
    remark; nobody can refuse. A group is read for by any one of its members."""

    description = _("Every listed group and user marks the document read, in parallel.")

    class Meta:
        verbose_name = _("circulation step")
        verbose_name_plural = _("circulation steps")

    def start(self, workflow_state, user=None):
        from workflows.services.circulation import open_read_marks

        task_state = super().start(workflow_state, user=user)
        open_read_marks(self, task_state)
        return task_state

    def action_choices(self):
        return [
            ("approve", pgettext_lazy("circulation", "Mark as read"), False),
            ("approve", _("Mark as read with remark"), True),
        ]


class CountersignTask(OfficeTask):
    """会签 — every party on the step's list must agree; any refusal returns the draft.

    The parties (``CountersignParty``) carry an explicit, editable position: with
    "sign in order" they sign one after another by position, else all at once."""

    ordered = models.BooleanField(
        _("sign in order"),
        default=False,
        help_text=_(
            "Parties sign one after another by their position "
            "(edit them under Settings › Countersign parties)."
        ),
    )

    admin_form_fields = [*OfficeTask.admin_form_fields, "ordered"]
    description = _("Every listed party must agree, in parallel or in a set order.")

    class Meta:
        verbose_name = _("countersign step")
        verbose_name_plural = _("countersign steps")

    def assigned_groups(self):
        return Group.objects.filter(pk__in=self.parties.exclude(group=None).values("group"))

    def assigned_users(self):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        return users.filter(pk__in=self.parties.exclude(user=None).values("user"))

    def start(self, workflow_state, user=None):
        from workflows.services.countersign import close_if_nobody_to_sign, open_signatures

        task_state = super().start(workflow_state, user=user)
        open_signatures(self, task_state)
        close_if_nobody_to_sign(task_state)
        return task_state

    def action_choices(self):
        return [
            ("reject", _("Refuse with opinion"), True),
            ("approve", _("Agree"), False),
            ("approve", _("Agree with opinion"), True),
        ]


class CountersignParty(StepParty):
    """One department (group) or person on a countersign step, at an editable position."""

    task = models.ForeignKey(
        CountersignTask,
        verbose_name=_("countersign step"),
        on_delete=models.CASCADE,
        related_name="parties",
    )
    # Administrators edit these rows (Settings › Countersign parties): a position may be
    # left at its default, and a row names a group or a user, so either may be left empty
    # (``clean`` requires exactly one).
    position = position_field(default=0, help_text=_("Lower signs first when the step is ordered."))
    group = group_field(blank=True)
    user = user_field(blank=True)

    class Meta:
        verbose_name = _("countersign party")
        verbose_name_plural = _("countersign parties")
        ordering = ["task", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__isnull=False, user__isnull=True)
                | models.Q(group__isnull=True, user__isnull=False),
                name="countersign_party_is_group_or_user",
            ),
            models.UniqueConstraint(fields=["task", "group"], name="unique_countersign_group"),
            models.UniqueConstraint(fields=["task", "user"], name="unique_countersign_user"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.party}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.group_id) == bool(self.user_id):
            raise ValidationError(_("Choose either a group or a user for each party."))


class RuleCheckTask(Task):
    """规则校验 — no person: passes when the record breaks no rule, else returns it at once."""

    class Meta:
        verbose_name = _("rule check step")
        verbose_name_plural = _("rule check steps")

    @classmethod
    def get_description(cls):
        return _("Checks the record against the rules and returns it when one is broken.")

    def start(self, workflow_state, user=None):
        from workflows.services.steps import run_rule_check

        task_state = super().start(workflow_state, user=user)
        run_rule_check(task_state)
        return task_state
