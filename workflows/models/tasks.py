"""Custom Wagtail task types (任务类型) for office flows.

Wagtail's ``Task`` decides who may act (``get_actions``) and what an action does
(``on_action``). Ours add what an office needs on every step: assignees by group or by
name, a deadline that depends on the document's urgency, delegation, and an action log
for the trail. The behaviour lives in ``workflows.services``; these classes only route
Wagtail's calls there (imports are late because the services import these models).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState


class OfficeTask(Task):
    """Shared by every step a person handles: who, and how long they have."""

    groups = models.ManyToManyField(Group, verbose_name=_("groups"), blank=True, related_name="+")
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("users"), blank=True, related_name="+"
    )
    deadline_days = models.PositiveSmallIntegerField(_("deadline (days)"), default=7)
    urgent_deadline_days = models.PositiveSmallIntegerField(
        _("deadline when urgent (加急, days)"), default=3
    )
    extra_urgent_deadline_days = models.PositiveSmallIntegerField(
        _("deadline when extra urgent (特急, days)"), default=1
    )

    admin_form_fields = [
        *Task.admin_form_fields,
        "groups",
        "users",
        "deadline_days",
        "urgent_deadline_days",
        "extra_urgent_deadline_days",
    ]
    admin_form_widgets = {"groups": forms.CheckboxSelectMultiple}

    class Meta:
        abstract = True

    def start(self, workflow_state, user=None):
        from workflows.services.deadlines import open_step

        task_state = super().start(workflow_state, user=user)
        open_step(task_state, self)
        return task_state

    def _can_handle(self, user) -> bool:
        from workflows.services.assignees import acting_principal

        return acting_principal(self, user) is not None

    def user_can_access_editor(self, obj, user):
        return self._can_handle(user)

    def locked_for_user(self, obj, user):
        return not self._can_handle(user)

    def get_actions(self, obj, user):
        if not self._can_handle(user):
            return []
        return [
            ("reject", _("Return with opinion"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with opinion"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        from workflows.services.steps import handle_action

        return handle_action(self, task_state, user, action_name, kwargs.get("comment", ""))

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self._can_handle(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()


class ApprovalTask(OfficeTask):
    """One person of the listed groups/users handles the step (拟办, 审核, 签发, 承办 …)."""

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    @classmethod
    def get_description(cls):
        return _("One of the listed groups or users handles the step, with an opinion.")


class CountersignTask(OfficeTask):
    """会签 / 传阅 — every listed group and user must sign; any refusal returns the draft."""

    ordered = models.BooleanField(
        _("sign in order"),
        default=False,
        help_text=_("Groups first, then users, each in the order they were added."),
    )

    admin_form_fields = [*OfficeTask.admin_form_fields, "ordered"]

    class Meta:
        verbose_name = _("countersign step")
        verbose_name_plural = _("countersign steps")

    @classmethod
    def get_description(cls):
        return _("Every listed group and user must agree, in parallel or in order.")

    def start(self, workflow_state, user=None):
        from workflows.services.countersign import close_if_nobody_to_sign, open_signatures

        task_state = super().start(workflow_state, user=user)
        open_signatures(self, task_state)
        close_if_nobody_to_sign(task_state)
        return task_state

    def _can_handle(self, user) -> bool:
        from workflows.services.countersign import can_sign_any

        return can_sign_any(self, user)

    def get_actions(self, obj, user):
        from workflows.services.countersign import signable_parties

        state = obj.current_workflow_task_state
        if state is None or not signable_parties(state, user):
            return []
        return [
            ("reject", _("Refuse with opinion"), True),
            ("approve", _("Agree"), False),
            ("approve", _("Agree with opinion"), True),
        ]


class NumberingTask(OfficeTask):
    """编号 — gives a 发文字号 (or a bulletin's 第N期) from the sequence on approval."""

    issuer_code = models.CharField(
        _("issuer code"), max_length=32, blank=True, help_text=_("机关代字, e.g. 示接待发")
    )

    admin_form_fields = [*OfficeTask.admin_form_fields, "issuer_code"]

    class Meta:
        verbose_name = _("numbering step")
        verbose_name_plural = _("numbering steps")

    @classmethod
    def get_description(cls):
        return _("Assigns the next document number or bulletin issue number.")


class FinalCopyTask(OfficeTask):
    """成文 — generates the GB/T 9704-2012 style Word file and attaches it as a new version."""

    class Meta:
        verbose_name = _("final copy step")
        verbose_name_plural = _("final copy steps")

    @classmethod
    def get_description(cls):
        return _("Generates the Word file of the document and attaches it.")


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
