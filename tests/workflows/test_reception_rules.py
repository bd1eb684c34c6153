"""Reception rules: boundaries of the companion limit, per-class standards from
configuration, budget limits, the 接待清单 warning, and "no letter, no reception"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from repository.models import ReceptionPlanPage
from tests.workflows.factories import ReceptionPlanPageFactory, meal_row
from workflows.models import ReceptionStandard
from workflows.services import legal_bases
from workflows.services.reception_rules import (
    check_actual_costs_within_budget,
    check_budget_limit,
    check_hosts_not_outnumbering_guests,
    check_letter_referenced,
    check_meal_companion_limit,
    check_meal_standard,
    max_companions,
    reception_list_warnings,
    reception_plan_violations,
)
from workflows.services.submission import submit_for_approval

# Building a page looks up its content type, so even the pure rule tests need the database.
pytestmark = pytest.mark.django_db


def plan_with(*meals, reception_class="C", budget=(), costs=(), guests=0):
    """An unsaved plan: the rules read the in-memory rows exactly as a revision has them."""
    plan = ReceptionPlanPage(reception_class=reception_class, letter_id=1)
    plan.meals = [meal_row(*m) for m in meals]
    plan.budget_lines = [_line(a) for a in budget]
    plan.actual_costs = [_cost(a) for a in costs]
    from repository.models.reception import Guest

    plan.guests = [Guest(name=str(i)) for i in range(guests)]
    return plan


def _line(amount):
    from repository.models.reception import BudgetLine

    return BudgetLine(item="餐费", amount=Decimal(amount))


def _cost(amount):
    from repository.models.reception import ActualCost

    return ActualCost(item="餐费", amount=Decimal(amount))


@pytest.mark.parametrize(
    ("guests", "companions", "allowed"),
    [
        (1, 3, True),
        (10, 3, True),
        (10, 4, False),
        (11, 3, True),
        (11, 4, False),
        (12, 4, True),
        (12, 5, False),
        (30, 10, True),
        (30, 11, False),
    ],
)
def test_companion_limit_boundaries(guests, companions, allowed):
    violations = check_meal_companion_limit(plan_with((guests, companions)))
    assert (not violations) is allowed
    if not allowed:
        assert violations[0].rule == "check_meal_companion_limit"
        assert violations[0].basis == legal_bases.MEAL_COMPANIONS
        assert str(max_companions(guests)) in violations[0].message


def test_companion_limit_is_three_up_to_ten_guests_then_one_third():
    assert [max_companions(n) for n in (1, 10, 11, 12, 14, 15)] == [3, 3, 3, 4, 4, 5]


def test_each_meal_is_checked_on_its_own():
    violations = check_meal_companion_limit(plan_with((8, 3), (8, 4), (9, 5)))
    assert len(violations) == 2


def test_violation_message_names_its_legal_basis():
    with translation.override("en"):
        (violation,) = check_meal_companion_limit(plan_with((10, 4)))
        text = str(violation)
    assert "4 companions for 10 guests" in text
    assert "党政机关国内公务接待管理规定" in text and "第十条" in text
    # In the default language the whole message is Chinese.
    (violation,) = check_meal_companion_limit(plan_with((10, 4)))
    assert "陪餐4人" in str(violation)


@pytest.mark.django_db
def test_meal_standard_follows_the_configured_class_standard():
    plan = plan_with((8, 2, "45"), reception_class="B")
    assert check_meal_standard(plan) == []  # default class B standard: 50
    ReceptionStandard.objects.create(
        reception_class="B", meal_standard_per_head=Decimal("40"), basis="某省公务接待管理办法"
    )
    (violation,) = check_meal_standard(plan)
    assert violation.basis == "某省公务接待管理办法"
    assert "45" in violation.message and "40" in violation.message


@pytest.mark.django_db
def test_default_standards_come_from_settings(settings):
    settings.WORKFLOWS_RECEPTION_STANDARDS = {"C": ("25", None)}
    assert check_meal_standard(plan_with((8, 2, "30")))
    settings.WORKFLOWS_RECEPTION_STANDARDS = {"C": ("30", None)}
    assert check_meal_standard(plan_with((8, 2, "30"))) == []


@pytest.mark.django_db
def test_budget_limit_per_guest_is_configurable():
    plan = plan_with((4, 2), budget=("300", "101"), guests=4)
    assert check_budget_limit(plan) == []  # no limit configured
    ReceptionStandard.objects.create(
        reception_class="C", meal_standard_per_head=30, budget_limit_per_guest=100
    )
    (violation,) = check_budget_limit(plan)
    assert "401" in violation.message and "400" in violation.message
    plan.budget_lines = [_line("400")]
    assert check_budget_limit(plan) == []


def test_actual_costs_above_budget_warn_without_blocking():
    assert check_actual_costs_within_budget(plan_with(budget=("500",), costs=("500",))) == []
    (warning,) = reception_list_warnings(plan_with(budget=("500",), costs=("300", "200.01")))
    assert warning.severity == "warning"
    assert "0.01" in warning.message
    assert warning.basis == legal_bases.RECEPTION_LIST


def test_a_plan_without_a_letter_is_refused():
    plan = plan_with((5, 2))
    assert check_letter_referenced(plan) == []
    plan.letter_id = None
    (violation,) = check_letter_referenced(plan)
    assert "公函" in violation.message
    assert violation.basis == legal_bases.NO_LETTER_NO_RECEPTION


@pytest.mark.django_db
def test_stricter_provincial_rule_runs_only_when_enabled(settings):
    plan = plan_with((2, 3))
    assert check_hosts_not_outnumbering_guests(plan)
    assert reception_plan_violations(plan) == []
    settings.WORKFLOWS_RECEPTION_RULES = ["check_hosts_not_outnumbering_guests"]
    assert [v.rule for v in reception_plan_violations(plan)] == [
        "check_hosts_not_outnumbering_guests"
    ]


@pytest.mark.django_db
def test_submission_is_blocked_with_every_violation_listed(django_user_model):
    from workflows.services.flows import ensure_standard_workflows

    ensure_standard_workflows()
    user = django_user_model.objects.create_user("drafter")
    plan = ReceptionPlanPageFactory(meals=[(10, 4), (12, 4, "31")])
    with pytest.raises(ValidationError) as raised:
        submit_for_approval(plan, user)
    messages = raised.value.messages
    assert len(messages) == 2
    assert not plan.workflow_states.exists()


@pytest.mark.django_db
def test_submission_checks_the_latest_edit_not_the_saved_row(django_user_model):
    from workflows.services.flows import ensure_standard_workflows

    ensure_standard_workflows()
    user = django_user_model.objects.create_user("drafter")
    plan = ReceptionPlanPageFactory(meals=[(10, 3)])
    draft = plan.get_latest_revision_as_object()
    draft.meals = [meal_row(10, 4)]
    draft.save_revision(user=user)
    with pytest.raises(ValidationError):
        submit_for_approval(plan, user)
    draft.meals = [meal_row(11, 3)]
    draft.save_revision(user=user)
    state = submit_for_approval(plan, user)
    assert state.status == "in_progress"


@pytest.mark.django_db
def test_the_editor_reports_breaches_each_time_it_opens_without_losing_the_draft(rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from workflows.wagtail_hooks import show_reception_rules

    plan = ReceptionPlanPageFactory(meals=[(8, 4)], budget=["100"], costs=["150"])
    request = rf.get(f"/admin/pages/{plan.pk}/edit/")
    request.session = {}
    request._messages = FallbackStorage(request)
    show_reception_rules(request, plan)
    shown = [(m.level_tag, str(m)) for m in get_messages(request)]
    assert any(level == "error" and "陪餐" in text for level, text in shown), shown
    assert any(level == "warning" for level, _text in shown), shown
    assert plan.revisions.count() == 1  # the draft stays saved

    clean = ReceptionPlanPageFactory(meals=[(8, 3)])
    request._messages = FallbackStorage(request)
    show_reception_rules(request, clean)
    assert not [m for m in get_messages(request) if m.level_tag == "error"]


@pytest.mark.django_db
def test_submitting_a_breaching_plan_from_the_editor_says_not_submitted_and_stays(rf):
    """Wagtail's "submitted for moderation" would contradict the rule step returning it."""
    from django.contrib import messages
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from workflows.wagtail_hooks import refuse_submission_breaking_the_rules

    plan = ReceptionPlanPageFactory(meals=[(10, 4)])
    request = rf.post("/admin/pages/edit/", {"action-submit": "1"})
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.success(request, "submitted for moderation")
    response = refuse_submission_breaking_the_rules(request, plan)
    assert response.status_code == 302 and response.url == f"/admin/pages/{plan.pk}/edit/"
    shown = [(m.level, str(m)) for m in get_messages(request)]
    assert [level for level, _text in shown] == [messages.ERROR], shown

    ok = ReceptionPlanPageFactory(meals=[(10, 3)])
    request._messages = FallbackStorage(request)
    assert refuse_submission_breaking_the_rules(request, ok) is None
    saved = rf.post("/admin/pages/edit/", {"action-save": "1"})
    assert refuse_submission_breaking_the_rules(saved, plan) is None  # a save is no submission
