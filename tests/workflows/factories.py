"""Factories for the workflows tests, built on the shared ones in ``tests.factories``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from repository import models as m
from repository.models.reception import ActualCost, BudgetLine, Guest, Meal
from repository.services.demo import ensure_home_page
from tests.factories import LetterPageFactory, PageFactory


class ReceptionPlanPageFactory(PageFactory):
    class Meta:
        model = m.ReceptionPlanPage

    letter = factory.SubFactory(LetterPageFactory)
    visiting_unit = "样例县人民政府办公室"
    purpose = "学习接待信息化建设经验"
    reception_class = m.ReceptionClass.C
    start_date = date(2026, 4, 15)
    end_date = date(2026, 4, 16)

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        parent=None,
        publish=False,
        meals=(),
        budget=(),
        costs=(),
        guests=0,
        **kwargs,
    ):
        """Meals as (guests, companions[, per head]) tuples; budget and costs as amounts."""
        page = model_class(*args, **kwargs)
        page.meals = [meal_row(*row) for row in meals]
        page.budget_lines = [
            BudgetLine(item=f"项目{i}", amount=Decimal(a)) for i, a in enumerate(budget)
        ]
        page.actual_costs = [
            ActualCost(item=f"费用{i}", amount=Decimal(a)) for i, a in enumerate(costs)
        ]
        page.guests = [Guest(name=f"来宾{i}") for i in range(guests)]
        (parent or ensure_home_page()).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


def meal_row(guests: int, companions: int, per_head="30") -> Meal:
    return Meal(
        date=date(2026, 4, 15),
        guest_count=guests,
        companion_count=companions,
        standard_per_head=Decimal(per_head),
    )


class BulletinPageFactory(PageFactory):
    class Meta:
        model = m.BulletinPage

    series = "接待工作简报"
    body = "<p>全市接待工作会议召开。</p>"
    year = 2026
