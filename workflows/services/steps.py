"""What each action on a step does. Task classes route Wagtail's ``on_action`` here.

Every action is logged as a ``TaskAction`` with the person who acted and, when they acted
as a delegate, the person they stood in for — the raw material of the trail.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from repository.models import BulletinPage, OfficialDocumentPage
from workflows.models import (
    CirculationTask,
    CountersignTask,
    FinalCopyTask,
    NumberingTask,
    TaskAction,
)
from workflows.services.assignees import acting_principal
from workflows.services.submission import submission_violations

Action = TaskAction.Action


def record_action(task_state, action, actor, principal=None, opinion="") -> TaskAction:
    return TaskAction.objects.create(
        task_state=task_state,
        action=action,
        actor=actor,
        on_behalf_of=principal if principal is not None and principal != actor else None,
        opinion=opinion,
    )


def handle_action(task, task_state, user, action_name: str, comment: str = ""):
    """Dispatch an approve/reject on any office step to the step type's behaviour."""
    task = task.specific
    if isinstance(task, CountersignTask):
        from workflows.services.countersign import sign

        return sign(task_state, user, agree=action_name == "approve", opinion=comment)
    if isinstance(task, CirculationTask):
        from workflows.services.circulation import mark_read

        if action_name != "approve":
            raise PermissionDenied(_("A circulated document is marked read, not returned."))
        return mark_read(task_state, user, remark=comment)
    principal = acting_principal(task, user)
    if principal is None:
        raise PermissionDenied(_("This step is not assigned to you."))
    if action_name == "reject":
        record_action(task_state, Action.REJECT, user, principal, comment)
        return task_state.reject(user=user, comment=comment)
    if action_name != "approve":
        raise PermissionDenied
    from workflows.services.numbering import carry_number_forward

    record = task_state.workflow_state.content_object.specific
    if not isinstance(task, NumberingTask) and carry_number_forward(record, user=user):
        record = record.specific_class.objects.get(pk=record.pk)
    if isinstance(task, NumberingTask):
        comment = _join(number_record(task, record, user), comment)
        record_action(task_state, Action.NUMBER, user, principal, comment)
    elif isinstance(task, FinalCopyTask):
        from workflows.services.final_copy import issue_final_copy

        attached = issue_final_copy(record, user=user)
        comment = _join(attached.filename, comment)
        record_action(task_state, Action.FINAL_COPY, user, principal, comment)
    else:
        record_action(task_state, Action.APPROVE, user, principal, comment)
    _forget_cached_record(task_state)
    return task_state.approve(user=user, comment=comment)


def _forget_cached_record(task_state) -> None:
    """Numbering and 成文 add a revision; when that was the last step, Wagtail publishes
    ``workflow_state.content_object.get_latest_revision()`` — it must not be a stale copy."""
    workflow_state = task_state.workflow_state
    field = type(workflow_state)._meta.get_field("content_object")
    if field.is_cached(workflow_state):
        field.delete_cached_value(workflow_state)


def _join(fact: str, comment: str) -> str:
    return "；".join(part for part in (fact, comment) if part)


def number_record(task, record, user) -> str:
    from workflows.services.numbering import assign_bulletin_issue, assign_document_number

    if isinstance(record, OfficialDocumentPage):
        if not task.issuer_code:
            raise PermissionDenied(_("The numbering step has no issuer code configured."))
        return assign_document_number(record, task.issuer_code, user=user)
    if isinstance(record, BulletinPage):
        return f"第{assign_bulletin_issue(record, user=user)}期"
    return ""  # notices share the publishing flow and carry no number


def run_rule_check(task_state) -> None:
    """The automatic first step: pass, or return the record to its drafter with reasons."""
    violations = submission_violations(task_state.workflow_state.content_object)
    if violations:
        opinion = "\n".join(str(v) for v in violations)
        record_action(task_state, Action.CHECK_FAILED, None, None, opinion)
        task_state.reject(update=False, comment=opinion)
    else:
        record_action(task_state, Action.CHECK_PASSED, None, None, "")
        task_state.approve(update=False)
