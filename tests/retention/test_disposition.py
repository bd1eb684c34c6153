"""Disposition: appraisal decisions with reasons, destruction only after two different
approvers and with two supervisors, never under a hold; what remains is a tombstone, a
register line, and no bytes."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from wagtail.models import Page, Revision

from repository.models import ArchiveItemPage, AttachedFile, StoredFile
from repository.services.files import attach_original
from repository.storage import blob_path
from retention.errors import DispositionError, NotPermittedError, RecordOnHoldError
from retention.exports import to_xlsx
from retention.models import (
    Appraisal,
    AppraisalDecision,
    DestructionRegisterEntry,
    FiledRecord,
)
from retention.registers import destruction_register
from retention.services.disposition import (
    appraise,
    approve_destruction,
    destroy_record,
    records_due,
)
from retention.services.filing import file_record
from retention.services.holds import lift_hold, place_hold
from tests.retention.factories import user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(make_record, fonds, archivist):
    """A 2010 record kept ten years: due since 2021-01-01."""
    record = make_record(title="2010年值班表", year=2010, date_written=date(2010, 5, 1))
    attach_original(record, io.BytesIO(b"duty roster 2010"), "roster.txt")
    return file_record(record, fonds=fonds, period="D10", user=archivist, page_count=3)


@pytest.fixture
def approvers():
    return (
        user_with("approve_destruction", username="leader1", first_name="王明"),
        user_with("approve_destruction", username="leader2", first_name="李华"),
    )


def test_extend_and_make_permanent_apply_at_once(due, archivist):
    with pytest.raises(DispositionError):
        appraise(due, decision="extend", reasons="", user=archivist, new_period="D30")
    with pytest.raises(DispositionError):
        appraise(due, decision="extend", reasons="仍有查考价值", user=archivist, new_period="D10")
    appraise(due, decision="extend", reasons="仍有查考价值", user=archivist, new_period="D30")
    due.refresh_from_db()
    assert (due.retention_period, due.disposition_date) == ("D30", date(2041, 1, 1))
    assert ArchiveItemPage.objects.get(pk=due.item_id).retention_period == "D30"
    appraise(due, decision=AppraisalDecision.PERMANENT, reasons="重要凭证", user=archivist)
    due.refresh_from_db()
    assert (due.retention_period, due.disposition_date) == ("Y", None)
    assert due not in records_due()


def test_one_approver_is_not_enough_and_nobody_approves_twice(due, archivist, approvers):
    appraisal = appraise(due, decision="destroy", reasons="已无保存价值", user=archivist)
    assert due not in records_due()  # being decided
    with pytest.raises(NotPermittedError):
        approve_destruction(appraisal, approver=archivist)  # lacks the permission
    approve_destruction(appraisal, approver=approvers[0])
    with pytest.raises(DispositionError):
        approve_destruction(appraisal, approver=approvers[0])
    with pytest.raises(DispositionError):
        destroy_record(appraisal, user=archivist, supervisors=["甲", "乙"])
    assert FiledRecord.objects.get(pk=due.pk).status == FiledRecord.Status.ACTIVE


def test_records_not_yet_due_cannot_be_destroyed(make_record, fonds, archivist):
    filed = file_record(make_record(year=2026), fonds=fonds, period="D10", user=archivist)
    with pytest.raises(DispositionError):
        appraise(filed, decision="destroy", reasons="x", user=archivist)


def test_destruction_with_two_approvers_leaves_a_tombstone_and_a_register_line(
    due, archivist, approvers, django_capture_on_commit_callbacks
):
    record_id, item_id = due.record_id, due.item_id
    sha = AttachedFile.objects.get(page_id=record_id).stored_file.sha256
    assert blob_path(sha).exists()
    appraisal = appraise(due, decision="destroy", reasons="已无保存价值", user=archivist)
    for approver in approvers:
        approve_destruction(appraisal, approver=approver)
    assert Appraisal.objects.get(pk=appraisal.pk).status == Appraisal.Status.APPROVED
    with pytest.raises(DispositionError):
        destroy_record(appraisal, user=archivist, supervisors=["张三", "张三"])

    with django_capture_on_commit_callbacks(execute=True):
        entry = destroy_record(appraisal, user=archivist, supervisors=["张三", "李四"])

    assert not Page.objects.filter(pk=record_id).exists()
    assert not Revision.objects.filter(
        object_id=str(record_id), base_content_type__model="page"
    ).exists()
    assert not StoredFile.objects.filter(sha256=sha).exists()
    assert not blob_path(sha).exists()
    tombstone = ArchiveItemPage.objects.get(pk=item_id)
    assert tombstone.archival_code == due.archival_code and tombstone.record_id is None
    due.refresh_from_db()
    assert due.status == FiledRecord.Status.DESTROYED and due.title == "2010年值班表"
    assert (entry.archival_code, entry.year, entry.retention_period) == (
        due.archival_code,
        2010,
        "D10",
    )
    assert entry.approvers == "王明、李华" and entry.supervisors == "张三、李四"
    assert entry.removed_files[0]["filename"] == "roster.txt"
    assert entry.page_count == 3 and entry.years_kept >= 10

    sheet = load_workbook(io.BytesIO(to_xlsx(destruction_register()))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:8] == [
        "序号",
        "题名",
        "年度",
        "档号",
        "应保管期限",
        "已保管期限",
        "页数",
        "备注",
    ]
    assert rows[1][1:4] == ["2010年值班表", 2010, due.archival_code]
    assert DestructionRegisterEntry.history.count() == 1


def test_shared_bytes_stay_while_another_record_uses_them(due, make_record, archivist, approvers):
    other = make_record()
    attach_original(other, io.BytesIO(b"duty roster 2010"), "copy.txt")
    appraisal = appraise(due, decision="destroy", reasons="已无保存价值", user=archivist)
    for approver in approvers:
        approve_destruction(appraisal, approver=approver)
    destroy_record(appraisal, user=archivist, supervisors=["张三", "李四"])
    assert AttachedFile.objects.get(page=other).stored_file.sha256


def test_a_hold_blocks_destruction_until_lifted(due, archivist, approvers):
    hold = place_hold(due.record, reason="审计调阅", user=archivist)
    appraisal = appraise(due, decision="destroy", reasons="已无保存价值", user=archivist)
    for approver in approvers:
        approve_destruction(appraisal, approver=approver)
    with pytest.raises(RecordOnHoldError):
        destroy_record(appraisal, user=archivist, supervisors=["张三", "李四"])
    assert Page.objects.filter(pk=due.record_id).exists()
    lift_hold(hold, user=archivist, reason="审计结束")
    destroy_record(appraisal, user=archivist, supervisors=["张三", "李四"])
    assert not Page.objects.filter(pk=due.record_id).exists()
