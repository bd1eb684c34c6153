"""Reception rules (公务接待规则): each rule a named function returning its violations.

"One letter, one list, one review": a plan needs the visiting unit's 公函, meals stay
within the companion limit and the per-class standard, the budget within the class limit;
after the visit, actual costs above the budget raise a warning on the 接待清单.
Standards are configuration (``ReceptionStandard`` rows, else ``DEFAULT_STANDARDS`` or
the ``WORKFLOWS_RECEPTION_STANDARDS`` setting); which rules run is the setting
``WORKFLOWS_RECEPTION_RULES`` (default ``DEFAULT_RULES``), so a stricter province can add
``check_hosts_not_outnumbering_guests``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from workflows.models import ReceptionStandard
from workflows.services import legal_bases

ERROR, WARNING = "error", "warning"
DEFAULT_STANDARDS = {
    # class: (meal standard per head, budget limit per guest or None)
    "A": (Decimal("80"), None),
    "B": (Decimal("50"), None),
    "C": (Decimal("30"), None),
}
SMALL_GROUP_SIZE = 10  # guests up to this number: at most 3 companions
SMALL_GROUP_COMPANIONS = 3


@dataclass(frozen=True)
class RuleViolation:
    rule: str
    message: str
    basis: str
    severity: str = ERROR

    def __str__(self) -> str:
        return _("%(message)s (basis: %(basis)s)") % {
            "message": self.message,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Standard:
    meal_per_head: Decimal
    budget_per_guest: Decimal | None
    basis: str


def standard_for(reception_class: str) -> Standard:
    row = ReceptionStandard.objects.filter(reception_class=reception_class).first()
    if row is not None:
        return Standard(row.meal_standard_per_head, row.budget_limit_per_guest, row.basis)
    defaults = getattr(settings, "WORKFLOWS_RECEPTION_STANDARDS", DEFAULT_STANDARDS)
    meal, budget = defaults[reception_class]
    return Standard(Decimal(meal), None if budget is None else Decimal(budget), "")


def max_companions(guest_count: int) -> int:
    """3 for up to 10 guests; above 10, one third of the guests (rounded down)."""
    if guest_count <= SMALL_GROUP_SIZE:
        return SMALL_GROUP_COMPANIONS
    return guest_count // 3


def check_letter_referenced(plan) -> list[RuleViolation]:
    """No letter, no reception (无函不接待)."""
    if plan.letter_id is None:
        return [
            RuleViolation(
                "check_letter_referenced",
                _("The plan does not reference the visiting unit's official letter (公函)."),
                legal_bases.NO_LETTER_NO_RECEPTION,
            )
        ]
    return []


def check_meal_companion_limit(plan) -> list[RuleViolation]:
    violations = []
    for meal in plan.meals.all():
        limit = max_companions(meal.guest_count)
        if meal.companion_count > limit:
            violations.append(
                RuleViolation(
                    "check_meal_companion_limit",
                    _(
                        "Meal on %(date)s: %(companions)s companions for %(guests)s guests; "
                        "at most %(limit)s are allowed."
                    )
                    % {
                        "date": meal.date,
                        "companions": meal.companion_count,
                        "guests": meal.guest_count,
                        "limit": limit,
                    },
                    legal_bases.MEAL_COMPANIONS,
                )
            )
    return violations


def check_hosts_not_outnumbering_guests(plan) -> list[RuleViolation]:
    """A stricter provincial rule, off by default: companions never outnumber guests."""
    return [
        RuleViolation(
            "check_hosts_not_outnumbering_guests",
            _("Meal on %(date)s: the companions outnumber the guests.") % {"date": meal.date},
            legal_bases.HOSTS_NOT_OUTNUMBERING,
        )
        for meal in plan.meals.all()
        if meal.companion_count > meal.guest_count
    ]


def check_meal_standard(plan) -> list[RuleViolation]:
    standard = standard_for(plan.reception_class)
    return [
        RuleViolation(
            "check_meal_standard",
            _(
                "Meal on %(date)s: %(amount)s yuan per head exceeds the class %(class)s "
                "standard of %(limit)s yuan."
            )
            % {
                "date": meal.date,
                "amount": meal.standard_per_head,
                "class": plan.reception_class,
                "limit": standard.meal_per_head,
            },
            standard.basis or legal_bases.MEAL_STANDARD,
        )
        for meal in plan.meals.all()
        if meal.standard_per_head > standard.meal_per_head
    ]


def guest_count(plan) -> int:
    """Named guests, or the largest meal's guest count when nobody is named yet."""
    named = len(plan.guests.all())
    return named or max((meal.guest_count for meal in plan.meals.all()), default=0)


def check_budget_limit(plan) -> list[RuleViolation]:
    standard = standard_for(plan.reception_class)
    if standard.budget_per_guest is None:
        return []
    limit = standard.budget_per_guest * guest_count(plan)
    total = sum((line.amount for line in plan.budget_lines.all()), Decimal(0))
    if total <= limit:
        return []
    return [
        RuleViolation(
            "check_budget_limit",
            _("The budget of %(total)s yuan exceeds the class %(class)s limit of %(limit)s yuan.")
            % {"total": total, "class": plan.reception_class, "limit": limit},
            standard.basis or legal_bases.BUDGET,
        )
    ]


def check_actual_costs_within_budget(plan) -> list[RuleViolation]:
    """On the 接待清单: a warning (not a block) when actual costs exceed the budget."""
    budget = sum((line.amount for line in plan.budget_lines.all()), Decimal(0))
    actual = sum((cost.amount for cost in plan.actual_costs.all()), Decimal(0))
    if actual <= budget:
        return []
    return [
        RuleViolation(
            "check_actual_costs_within_budget",
            _("Actual costs of %(actual)s yuan exceed the budget of %(budget)s yuan by %(over)s.")
            % {"actual": actual, "budget": budget, "over": actual - budget},
            legal_bases.RECEPTION_LIST,
            WARNING,
        )
    ]


RULES: dict[str, Callable] = {
    rule.__name__: rule
    for rule in (
        check_letter_referenced,
        check_meal_companion_limit,
        check_hosts_not_outnumbering_guests,
        check_meal_standard,
        check_budget_limit,
    )
}
DEFAULT_RULES = [
    "check_letter_referenced",
    "check_meal_companion_limit",
    "check_meal_standard",
    "check_budget_limit",
]


def reception_plan_violations(plan) -> list[RuleViolation]:
    """Every blocking violation of the enabled rules, in rule order."""
    names = getattr(settings, "WORKFLOWS_RECEPTION_RULES", DEFAULT_RULES)
    return [violation for name in names for violation in RULES[name](plan)]


def reception_list_warnings(plan) -> list[RuleViolation]:
    return check_actual_costs_within_budget(plan)
