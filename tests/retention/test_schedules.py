"""Retention schedules: the matching rule, and disposition dates counted from 1 January of
the year after the record's year — checked across year boundaries with a frozen clock."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from repository.models import FolderPage, LetterPage, OfficialDocumentPage, RetentionPeriod
from retention.models import RetentionRule
from retention.services.disposition import records_due
from retention.services.filing import file_record
from retention.services.schedules import compute_disposition_date, rule_for
from tests.factories import FolderPageFactory, OfficialDocumentPageFactory
from tests.retention.factories import RetentionRuleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("year", "period", "expected"),
    [
        (2026, "D10", date(2037, 1, 1)),
        (2026, "D30", date(2057, 1, 1)),
        (2025, "D10", date(2036, 1, 1)),  # a record of 31 Dec 2025 still counts from 2026
        (2026, "Y", None),
    ],
)
def test_disposition_date_counts_from_next_january(year, period, expected):
    assert compute_disposition_date(year, period) == expected


@pytest.mark.django_db
def test_the_most_specific_rule_wins_and_ties_keep_longer(make_record, branch, bgs):
    notice_type = ContentType.objects.get_for_model(OfficialDocumentPage)
    RetentionRuleFactory(name="默认", period="D10")
    by_type = RetentionRuleFactory(name="公文", record_type=notice_type, period="D30")
    by_category = RetentionRuleFactory(name="通知", category="通知", period="D10")
    RetentionRuleFactory(
        name="停用", record_type=notice_type, category="通知", period="Y", active=False
    )
    both = RetentionRuleFactory(name="办公室通知", category="通知", department=bgs, period="Y")

    record = make_record(kind="通知")
    assert rule_for(record) == both
    both.delete()
    assert rule_for(record) == by_type  # type vs category: equally specific, longer kept
    assert rule_for(make_record(kind="决定")) == by_type
    letter = LetterPage(title="函", department=bgs, year=2026, sender_unit="x", recipient_unit="y")
    assert rule_for(branch.add_child(instance=letter)).name == "默认"
    assert by_category.specificity == 1


@pytest.mark.django_db
def test_a_category_folder_names_the_category(branch, bgs):
    folder = FolderPageFactory(parent=branch, title="会议纪要", kind=FolderPage.Kind.CATEGORY)
    rule = RetentionRuleFactory(category="会议纪要", period="Y")

    minutes = OfficialDocumentPageFactory(parent=folder, department=bgs, kind="纪要")
    assert rule_for(minutes) == rule


@pytest.mark.django_db
def test_rule_changes_are_kept_in_history():
    rule = RetentionRuleFactory(period="D10")
    rule.period = RetentionPeriod.THIRTY_YEARS
    rule.basis = "复核后调整"
    rule.save()
    assert [h.period for h in rule.history.order_by("history_date")] == ["D10", "D30"]
    assert RetentionRule.history.count() == 2


@pytest.mark.django_db
def test_records_fall_due_at_local_midnight_of_new_year(make_record, fonds, archivist):
    filed = file_record(make_record(year=2026), fonds=fonds, period="D10", user=archivist)
    file_record(make_record(year=2026), fonds=fonds, period="Y", user=archivist)

    with time_machine.travel(datetime(2036, 12, 31, 23, 59, tzinfo=SHANGHAI), tick=False):
        assert list(records_due()) == []
    # 16:00 UTC on 31 December is already 1 January in Beijing.
    with time_machine.travel(datetime(2036, 12, 31, 16, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert list(records_due()) == [filed]
    with time_machine.travel(datetime(2040, 6, 1, tzinfo=SHANGHAI), tick=False):
        assert list(records_due()) == [filed]


@pytest.mark.django_db
def test_due_command_lists_due_records_as_text_and_json(make_record, fonds, archivist):
    file_record(make_record(title="到期件", year=2010), fonds=fonds, period="D10", user=archivist)
    file_record(make_record(title="未到期", year=2026), fonds=fonds, period="D10", user=archivist)
    out = StringIO()
    call_command("retention", "due", "--json", "--on", "2030-01-01", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["archival_code"], r["disposition_date"], r["on_hold"]) for r in rows] == [
        ("Z109-WS·2010-D10-BGS-0001", "2021-01-01", False)
    ]
    text = StringIO()
    call_command("retention", "due", "--on", "2030-01-01", stdout=text)
    assert "到期件" in text.getvalue() and "未到期" not in text.getvalue()


@pytest.mark.django_db
@pytest.mark.keep_default_schedule
def test_a_fresh_install_has_a_default_schedule_with_its_basis():
    from django.contrib.contenttypes.models import ContentType

    from repository.models import OfficialDocumentPage, RegulationPage
    from retention.models import RetentionRule

    rules = {r.record_type: r for r in RetentionRule.objects.filter(category="")}
    assert rules[ContentType.objects.get_for_model(RegulationPage)].period == "Y"
    assert rules[ContentType.objects.get_for_model(OfficialDocumentPage)].period == "D30"
    assert all("国家档案局令第8号" in r.basis for r in RetentionRule.objects.all())
