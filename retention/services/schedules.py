"""Retention schedules: which rule applies to a record, and when its period runs out."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType

from repository.models import FolderPage, RetentionPeriod
from retention.models import RetentionRule

PERIOD_YEARS = {RetentionPeriod.THIRTY_YEARS: 30, RetentionPeriod.TEN_YEARS: 10}
# Longer periods rank higher: when two equally specific rules disagree we keep longer.
PERIOD_RANK = {
    RetentionPeriod.TEN_YEARS: 1,
    RetentionPeriod.THIRTY_YEARS: 2,
    RetentionPeriod.PERMANENT: 3,
}


def compute_disposition_date(year: int, period: str) -> date | None:
    """The day a record's period has run out: it counts from 1 January of the year after its
    年度, so a 2026 record kept 10 years falls due on 2037-01-01. Permanent: never."""
    if period == RetentionPeriod.PERMANENT:
        return None
    return date(year + 1 + PERIOD_YEARS[RetentionPeriod(period)], 1, 1)


def record_categories(record) -> set[str]:
    """What a rule's category may name: the 文种 of a 公文 and any category folder above."""
    categories = {record.kind} if getattr(record, "kind", "") else set()
    folders = FolderPage.objects.filter(kind=FolderPage.Kind.CATEGORY).filter(
        pk__in=record.get_ancestors().values("pk")
    )
    categories.update(folders.values_list("title", flat=True))
    return categories


def rule_for(record) -> RetentionRule | None:
    """The rule of the schedule for ``record``: the most specific active rule matching its
    type, category and department; ties go to the longer period (keeping too long can be
    corrected at appraisal, destroying too early cannot)."""
    record = record.specific
    content_type = ContentType.objects.get_for_model(record)
    categories = record_categories(record)
    candidates = [
        rule
        for rule in RetentionRule.objects.filter(active=True)
        if rule.record_type_id in (None, content_type.pk)
        and (not rule.category or rule.category in categories)
        and rule.department_id in (None, getattr(record, "department_id", None))
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.specificity, PERIOD_RANK[r.period], -r.pk))


def is_longer(new_period: str, old_period: str) -> bool:
    return PERIOD_RANK[RetentionPeriod(new_period)] > PERIOD_RANK[RetentionPeriod(old_period)]
