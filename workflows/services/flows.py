"""The four standard flows and which records take them.

``ensure_standard_workflows`` (run by ``manage.py setup_workflows``) creates them once,
with role groups as assignees; administrators then edit steps, groups and assignments in
the admin. A record's flow is chosen by ``workflow_for``: the most specific
``WorkflowAssignment`` for its type (and 收文/发文 direction, and subtree) wins, then
Wagtail's own per-subtree assignment.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.models import Workflow, WorkflowTask

from repository.models import BulletinPage, NoticePage, OfficialDocumentPage, ReceptionPlanPage
from workflows.models import (
    ApprovalTask,
    AssignedTask,
    CirculationTask,
    CountersignTask,
    FinalCopyTask,
    NumberingTask,
    RuleCheckTask,
    WorkflowAssignment,
)

# Role groups the standard flows are assigned to (data, so in Chinese).
REGISTRY, DIRECTOR, LEADERS, SECRETARIAT = "收发登记", "办公室主任", "单位领导", "文秘"
HANDLERS, EDITORS, REVIEWERS, RECEPTION = "承办人员", "简报编辑", "简报审核", "接待审核"
ROLE_GROUPS = [REGISTRY, DIRECTOR, LEADERS, SECRETARIAT, HANDLERS, EDITORS, REVIEWERS, RECEPTION]

INCOMING, OUTGOING = "收文办理", "发文办理"
RECEPTION_FLOW, PUBLISHING = "接待方案审批", "简报/通知发布"

# (task name, task class, role groups, extra fields)
FLOWS = {
    INCOMING: [
        ("签收登记", ApprovalTask, [REGISTRY], {}),
        ("拟办", ApprovalTask, [SECRETARIAT], {}),
        ("审核", ApprovalTask, [DIRECTOR], {}),
        ("领导批示", ApprovalTask, [LEADERS], {}),
        ("传阅", CirculationTask, [LEADERS], {}),
        ("承办", ApprovalTask, [HANDLERS], {}),
        ("办结", ApprovalTask, [DIRECTOR], {}),
        ("归档", ApprovalTask, [SECRETARIAT], {}),
    ],
    OUTGOING: [
        ("核稿", ApprovalTask, [DIRECTOR], {}),
        ("会签", CountersignTask, [], {}),
        ("复核", ApprovalTask, [SECRETARIAT], {}),
        ("签发", ApprovalTask, [LEADERS], {}),
        ("编号", NumberingTask, [SECRETARIAT], {}),
        ("用印/成文", FinalCopyTask, [SECRETARIAT], {}),
        ("分发", ApprovalTask, [REGISTRY], {}),
        ("归档（发文）", ApprovalTask, [SECRETARIAT], {}),
    ],
    RECEPTION_FLOW: [
        ("接待规则校验", RuleCheckTask, [], {}),
        ("接待方案审核", ApprovalTask, [RECEPTION], {}),
        ("接待方案审批", ApprovalTask, [LEADERS], {}),
        ("接待清单审核", ApprovalTask, [RECEPTION], {}),
    ],
    PUBLISHING: [
        ("编辑", ApprovalTask, [EDITORS], {}),
        ("审核（发布）", ApprovalTask, [REVIEWERS], {}),
        ("期号", NumberingTask, [EDITORS], {}),
    ],
}
ASSIGNMENTS = [
    (INCOMING, OfficialDocumentPage, OfficialDocumentPage.Direction.INCOMING),
    (OUTGOING, OfficialDocumentPage, OfficialDocumentPage.Direction.OUTGOING),
    (RECEPTION_FLOW, ReceptionPlanPage, ""),
    (PUBLISHING, BulletinPage, ""),
    (PUBLISHING, NoticePage, ""),
]


def ensure_role_groups() -> dict[str, Group]:
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {}
    for name in ROLE_GROUPS:
        groups[name], _created = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(access_admin)
    return groups


def _ensure_task(name, task_class, group_names, fields, groups):
    task = task_class.objects.filter(name=name).first()
    if task is None:
        task = task_class.objects.create(name=name, **fields)
        if isinstance(task, AssignedTask):
            task.groups.add(*(groups[name] for name in group_names))
        elif isinstance(task, CountersignTask):
            from workflows.services.countersign import add_party

            for group_name in group_names:
                add_party(task, groups[group_name])
    return task


@transaction.atomic
def ensure_standard_workflows(issuer_code: str = "") -> dict[str, Workflow]:
    """Create the four flows if missing; existing ones (maybe edited) are left alone."""
    groups = ensure_role_groups()
    workflows = {}
    for flow_name, steps in FLOWS.items():
        workflow = Workflow.objects.filter(name=flow_name).first()
        if workflow is None:
            workflow = Workflow.objects.create(name=flow_name)
            for order, (name, task_class, group_names, fields) in enumerate(steps):
                task = _ensure_task(name, task_class, group_names, fields, groups)
                WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        workflows[flow_name] = workflow
    if issuer_code:
        NumberingTask.objects.filter(name="编号", issuer_code="").update(issuer_code=issuer_code)
    for flow_name, model, direction in ASSIGNMENTS:
        if not WorkflowAssignment.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            direction=direction,
            subtree=None,
        ).exists():
            assign_workflow(workflows[flow_name], model, direction=direction)
    return workflows


def assign_workflow(workflow, model, *, direction: str = "", subtree=None) -> WorkflowAssignment:
    assignment, _created = WorkflowAssignment.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(model),
        direction=direction,
        subtree=subtree,
        defaults={"workflow": workflow},
    )
    return assignment


def workflow_for(page):
    """The active flow a record takes (type/direction assignment first, then Wagtail's
    subtree assignment — see ``RepositoryPage.get_workflow``); None when nothing applies."""
    return page.specific.get_workflow()


def assigned_workflow(page):
    """The flow assigned to the record's type and direction (most specific subtree wins);
    None when no assignment matches. Registered with repository as a workflow resolver."""
    page = page.specific
    direction = getattr(page, "direction", "")
    candidates = (
        WorkflowAssignment.objects.filter(
            content_type=ContentType.objects.get_for_model(page),
            workflow__active=True,
        )
        .filter(Q(direction="") | Q(direction=direction))
        .filter(Q(subtree__isnull=True) | Q(subtree__in=page.get_ancestors(inclusive=True)))
        .select_related("workflow", "subtree")
    )

    def specificity(assignment):
        depth = assignment.subtree.depth if assignment.subtree_id else 0
        return (depth, bool(assignment.direction))

    best = max(candidates, key=specificity, default=None)
    return best.workflow if best else None
