"""Every path of the four standard flows, with refusal loops and countersign states."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Workflow, WorkflowState

from repository.models import AttachedFile, OfficialDocumentPage, Urgency
from tests.factories import OfficialDocumentPageFactory
from tests.workflows.conftest import act, current_state, current_step_name
from tests.workflows.factories import BulletinPageFactory, ReceptionPlanPageFactory, meal_row
from workflows.models import CirculationReadMark, CountersignSignature, TaskAction
from workflows.services import flows
from workflows.services.countersign import countersign_status
from workflows.services.submission import submit_for_approval


def outgoing_draft():
    return OfficialDocumentPageFactory(
        document_number="", publish=False, urgency=Urgency.NONE, title="关于规范工作餐的通知"
    )


@pytest.mark.django_db
def test_setup_workflows_is_idempotent_and_assigns_by_type():
    call_command("setup_workflows", "--issuer-code", "示接待发", verbosity=0)
    call_command("setup_workflows", verbosity=0)
    assert Workflow.objects.filter(name__in=flows.FLOWS).count() == 4
    incoming = OfficialDocumentPageFactory(direction="incoming", publish=False)
    outgoing = outgoing_draft()
    assert flows.workflow_for(incoming).name == flows.INCOMING
    assert flows.workflow_for(outgoing).name == flows.OUTGOING
    assert flows.workflow_for(BulletinPageFactory()).name == flows.PUBLISHING
    # The Wagtail editor asks the page itself; it must get the same type-assigned flow.
    assert incoming.get_workflow().name == flows.INCOMING
    assert outgoing.get_workflow().name == flows.OUTGOING
    steps = [t.name for t in Workflow.objects.get(name=flows.OUTGOING).tasks]
    assert steps == [name for name, *_ in flows.FLOWS[flows.OUTGOING]]


@pytest.mark.django_db
def test_a_subtree_assignment_beats_the_type_assignment(office):
    from tests.factories import FolderPageFactory

    workflows, _people = office
    folder = FolderPageFactory()
    special = Workflow.objects.create(name="特别流程")
    flows.assign_workflow(special, OfficialDocumentPage, subtree=folder)
    inside = OfficialDocumentPageFactory(parent=folder, publish=False)
    assert flows.workflow_for(inside) == special
    assert flows.workflow_for(outgoing_draft()) == workflows[flows.OUTGOING]


@pytest.mark.django_db
def test_outgoing_flow_with_a_countersign_refusal_loop(office):
    _workflows, p = office
    doc = outgoing_draft()
    submit_for_approval(doc, p["drafter"])
    assert current_step_name(doc) == "核稿"
    with pytest.raises(PermissionDenied):
        act(doc, p["outsider"])
    act(doc, p[flows.DIRECTOR], comment="同意")
    assert current_step_name(doc) == "会签"

    act(doc, p["finance"], comment="经费可以保障")
    status = countersign_status(current_state(doc))
    assert [s.group.name for s in status["signed"]] == ["财务处"]
    assert [s.group.name for s in status["pending"]] == ["法规处"]
    assert current_step_name(doc) == "会签"
    with pytest.raises(PermissionDenied):
        act(doc, p["finance"])  # already signed for their department

    act(doc, p["legal"], "reject", comment="第三条与现行办法不一致")
    state = WorkflowState.objects.for_instance(doc).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    refused = state.current_task_state
    assert "财务处（" in refused.comment and "经费可以保障" in refused.comment
    assert "法规处（" in refused.comment and "第三条与现行办法不一致" in refused.comment

    state.resume(user=p["drafter"])
    assert current_step_name(doc) == "会签"
    assert len(countersign_status(current_state(doc))["pending"]) == 2  # everyone signs again
    act(doc, p["legal"])
    act(doc, p["finance"])
    for role in (flows.SECRETARIAT, flows.LEADERS, flows.SECRETARIAT, flows.SECRETARIAT):
        act(doc, p[role])
    assert current_step_name(doc) == "分发"
    act(doc, p[flows.REGISTRY])
    act(doc, p[flows.SECRETARIAT])

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    doc = OfficialDocumentPage.objects.get(pk=doc.pk)
    assert doc.live
    year = timezone.localdate().year
    assert doc.document_number == f"示接待发〔{year}〕1号"
    assert doc.number_serial == 1
    word = AttachedFile.objects.get(page=doc)
    assert word.filename == f"{doc.document_number}.docx"
    numbered = TaskAction.objects.get(action=TaskAction.Action.NUMBER)
    assert doc.document_number in numbered.opinion


@pytest.mark.django_db
def test_countersign_in_a_set_order(office):
    workflows, p = office
    countersign = workflows[flows.OUTGOING].tasks.get(name="会签").specific
    countersign.ordered = True
    countersign.save()
    doc = outgoing_draft()
    submit_for_approval(doc, p["drafter"])
    act(doc, p[flows.DIRECTOR])
    with pytest.raises(PermissionDenied):
        act(doc, p["legal"])  # 法规处 signs after 财务处
    assert current_state(doc).task.specific.get_actions(doc, p["legal"]) == []
    act(doc, p["finance"])
    assert current_state(doc).task.specific.get_actions(doc, p["legal"]) != []
    act(doc, p["legal"])
    assert current_step_name(doc) == "复核"


@pytest.mark.django_db
def test_incoming_flow_with_circulation_to_several_leaders(office):
    workflows, p = office
    from tests.factories import UserFactory

    second_leader = UserFactory(username="leader2")
    circulation = workflows[flows.INCOMING].tasks.get(name="传阅").specific
    circulation.groups.clear()
    circulation.users.add(p[flows.LEADERS], second_leader)
    doc = OfficialDocumentPageFactory(direction="incoming", publish=False)
    submit_for_approval(doc, p[flows.REGISTRY])
    for role in (flows.REGISTRY, flows.SECRETARIAT, flows.DIRECTOR, flows.LEADERS):
        act(doc, p[role])
    assert current_step_name(doc) == "传阅"
    act(doc, second_leader, comment="已阅")
    assert current_step_name(doc) == "传阅"
    act(doc, p[flows.LEADERS], comment="请接待处抓好落实")
    assert current_step_name(doc) == "承办"
    act(doc, p[flows.HANDLERS], "reject", comment="请明确承办时限")
    state = WorkflowState.objects.for_instance(doc).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    state.resume(user=p[flows.REGISTRY])
    for role in (flows.HANDLERS, flows.DIRECTOR, flows.SECRETARIAT):
        act(doc, p[role])
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    remarks = CirculationReadMark.objects.exclude(read_at=None).values_list("remark", flat=True)
    assert set(remarks) == {"已阅", "请接待处抓好落实"}
    assert not CountersignSignature.objects.exists()  # reading is not countersigning


@pytest.mark.django_db
def test_reception_flow_returns_a_plan_breaking_the_rules_from_the_editor(office):
    """Started as the Wagtail editor starts it (no service check): the rule step returns it."""
    workflows, p = office
    plan = ReceptionPlanPageFactory(meals=[(10, 4)])
    workflows[flows.RECEPTION_FLOW].start(plan, p["drafter"])
    state = WorkflowState.objects.for_instance(plan).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "第十条" in state.current_task_state.comment

    draft = Page.objects.get(pk=plan.pk).specific.get_latest_revision_as_object()
    draft.meals = [meal_row(10, 3)]
    draft.save_revision(user=p["drafter"])
    state.resume(user=p["drafter"])
    assert current_step_name(plan) == "接待方案审核"
    for role in (flows.RECEPTION, flows.LEADERS, flows.RECEPTION):
        act(plan, p[role])
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert Page.objects.get(pk=plan.pk).live


@pytest.mark.django_db
def test_bulletin_gets_its_issue_number_at_publication(office):
    _workflows, p = office
    BulletinPageFactory(issue_number=4)
    bulletin = BulletinPageFactory(publish=False)
    submit_for_approval(bulletin, p[flows.EDITORS])
    act(bulletin, p[flows.EDITORS])
    act(bulletin, p[flows.REVIEWERS], "reject", comment="标题过长")
    state = WorkflowState.objects.for_instance(bulletin).get()
    state.resume(user=p[flows.EDITORS])
    act(bulletin, p[flows.REVIEWERS])
    act(bulletin, p[flows.EDITORS])
    published = Page.objects.get(pk=bulletin.pk).specific
    assert published.live and published.issue_number == 5
    assert published.live_revision.as_object().issue_number == 5


@pytest.mark.django_db
def test_every_outgoing_step_can_return_the_draft_and_resumes_where_it_stopped(office):
    """The refusal loop at every step a person handles: returned with the opinion to the
    drafter, resumed at the same step, then passed on."""
    _workflows, p = office
    handlers = {
        "核稿": [p[flows.DIRECTOR]],
        "会签": [p["finance"], p["legal"]],
        "复核": [p[flows.SECRETARIAT]],
        "签发": [p[flows.LEADERS]],
        "编号": [p[flows.SECRETARIAT]],
        "用印/成文": [p[flows.SECRETARIAT]],
        "分发": [p[flows.REGISTRY]],
        "归档（发文）": [p[flows.SECRETARIAT]],
    }
    doc = outgoing_draft()
    submit_for_approval(doc, p["drafter"])
    state = WorkflowState.objects.for_instance(doc).get()
    for step, people in handlers.items():
        assert current_step_name(doc) == step
        act(doc, people[0], "reject", comment=f"{step}退回")
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert f"{step}退回" in state.current_task_state.comment
        state.resume(user=p["drafter"])
        assert current_step_name(doc) == step
        for person in people:
            act(doc, person)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert TaskAction.objects.filter(action__in=["reject", "refuse"]).count() == len(handlers)


@pytest.mark.django_db
def test_reception_plan_returned_by_the_reviewer_and_the_list_reviewed_after_the_visit(office):
    _workflows, p = office
    plan = ReceptionPlanPageFactory(meals=[(11, 3)], budget=["300"])
    submit_for_approval(plan, p["drafter"])
    assert current_step_name(plan) == "接待方案审核"
    act(plan, p[flows.RECEPTION], "reject", comment="请补充行程")
    state = WorkflowState.objects.for_instance(plan).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    state.resume(user=p["drafter"])
    act(plan, p[flows.RECEPTION])
    act(plan, p[flows.LEADERS])
    assert current_step_name(plan) == "接待清单审核"
    with pytest.raises(PermissionDenied):
        act(plan, p[flows.LEADERS])  # the list is reviewed by the reception office
    act(plan, p[flows.RECEPTION], comment="清单与公函一致")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


@pytest.mark.django_db
def test_a_background_save_carrying_a_workflow_action_does_not_act(office, client):
    """Wagtail's autosave re-posts the editor form, action fields included, just after the
    real submission; it must not approve the step that is current by then."""
    from django.contrib.auth.models import Permission

    _workflows, p = office
    doc = outgoing_draft()
    submit_for_approval(doc, p["drafter"])
    director = p[flows.DIRECTOR]
    director.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(director)
    data = {"action-workflow-action": "1", "workflow-action-name": "approve"}
    response = client.post(f"/admin/pages/{doc.pk}/edit/", data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "workflow_action_in_background_save"
    assert current_step_name(doc) == "核稿"
    assert not TaskAction.objects.filter(action="approve").exists()
