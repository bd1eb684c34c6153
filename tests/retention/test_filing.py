"""Filing (归档): the 档号 of DA/T 22-2015, contiguous numbers per group, volumes, bulk
filing, and the freeze of filed records with corrections kept as reasoned revisions."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from repository.models import ArchiveItemPage, RetentionPeriod
from retention.errors import (
    AlreadyFiledError,
    FrozenRecordError,
    NoRetentionRuleError,
    NotFileableError,
)
from retention.models import ArchivalCodeCounter, Correction, FiledRecord
from retention.services.filing import (
    correct_filed_record,
    file_record,
    file_records,
    format_archival_code,
)
from tests.factories import DepartmentFactory, UserFactory, grant
from tests.retention.factories import ArchiveVolumePageFactory, RetentionRuleFactory

pytestmark = pytest.mark.django_db
Y, D30, D10 = RetentionPeriod.PERMANENT, RetentionPeriod.THIRTY_YEARS, RetentionPeriod.TEN_YEARS


def test_archival_code_has_the_national_format():
    assert format_archival_code("Z109", "WS", 2011, "Y", "BGS", 1) == "Z109-WS·2011-Y-BGS-0001"
    assert format_archival_code("Z109", "WS", 2026, "D10", "JDC", 123) == (
        "Z109-WS·2026-D10-JDC-0123"
    )


def test_filing_creates_an_item_under_the_fonds_with_its_code(make_record, fonds, archivist):
    record = make_record(title="关于规范工作餐的通知", document_number="示接待发〔2026〕12号")
    filed = file_record(record, fonds=fonds, period=Y, user=archivist)

    assert filed.archival_code == "Z109-WS·2026-Y-BGS-0001"
    item = ArchiveItemPage.objects.get(pk=filed.item_id)
    assert item.get_parent().pk == fonds.pk
    assert item.live and item.record_id == record.pk
    assert (item.archival_code, item.item_number, item.retention_period) == (
        filed.archival_code,
        1,
        "Y",
    )
    assert filed.document_number == "示接待发〔2026〕12号"
    assert filed.record_date == date(2026, 3, 16)
    assert filed.disposition_date is None  # permanent
    assert filed.filed_by == archivist
    assert filed.history.count() == 1


def test_numbers_are_contiguous_per_group(make_record, fonds, archivist):
    other_department = DepartmentFactory(code="JDC")
    codes = [
        file_record(make_record(), fonds=fonds, period=Y, user=archivist).archival_code,
        file_record(make_record(), fonds=fonds, period=Y, user=archivist).archival_code,
        file_record(make_record(), fonds=fonds, period=D10, user=archivist).archival_code,
        file_record(make_record(year=2025), fonds=fonds, period=Y, user=archivist).archival_code,
        file_record(
            make_record(department=other_department), fonds=fonds, period=Y, user=archivist
        ).archival_code,
        file_record(make_record(), fonds=fonds, period=Y, user=archivist).archival_code,
    ]
    assert codes == [
        "Z109-WS·2026-Y-BGS-0001",
        "Z109-WS·2026-Y-BGS-0002",
        "Z109-WS·2026-D10-BGS-0001",
        "Z109-WS·2025-Y-BGS-0001",
        "Z109-WS·2026-Y-JDC-0001",
        "Z109-WS·2026-Y-BGS-0003",
    ]


def test_filing_into_a_volume_checks_it_belongs_and_shares_the_period(
    make_record, fonds, archivist
):
    volume = ArchiveVolumePageFactory(parent=fonds, retention_period=Y)
    filed = file_record(make_record(), fonds=fonds, volume=volume, period=Y, user=archivist)
    assert filed.item.get_parent().pk == volume.pk

    with pytest.raises(NotFileableError):
        file_record(make_record(), fonds=fonds, volume=volume, period=D10, user=archivist)
    assert not ArchivalCodeCounter.objects.filter(retention_period=D10).exclude(last_number=0)


def test_drafts_archive_nodes_and_records_filed_twice_are_refused(make_record, fonds, archivist):
    with pytest.raises(NotFileableError):
        file_record(make_record(publish=False, live=False), fonds=fonds, period=Y, user=archivist)
    with pytest.raises(NotFileableError):
        file_record(fonds, fonds=fonds, period=Y, user=archivist)
    record = make_record()
    file_record(record, fonds=fonds, period=Y, user=archivist)
    with pytest.raises(AlreadyFiledError):
        file_record(record, fonds=fonds, period=D10, user=archivist)
    assert FiledRecord.objects.count() == 1


def test_without_a_period_the_schedule_decides_and_its_basis_is_kept(make_record, fonds, archivist):
    with pytest.raises(NoRetentionRuleError):
        file_record(make_record(), fonds=fonds, user=archivist)
    RetentionRuleFactory(period=D30, basis="8号令 第五条")
    filed = file_record(make_record(), fonds=fonds, user=archivist)
    assert filed.retention_period == D30
    assert filed.retention_basis == "8号令 第五条"
    assert filed.disposition_date == date(2057, 1, 1)


def test_bulk_filing_numbers_by_date_and_is_all_or_nothing(make_record, fonds, archivist):
    late = make_record(title="晚", date_written=date(2026, 9, 1))
    early = make_record(title="早", date_written=date(2026, 2, 1))
    filed = file_records([late, early], fonds=fonds, period=Y, user=archivist)
    assert [(f.title, f.item_number) for f in filed] == [("早", 1), ("晚", 2)]

    fresh, draft = make_record(), make_record(publish=False, live=False)
    with pytest.raises(NotFileableError):
        file_records([fresh, draft], fonds=fonds, period=Y, user=archivist)
    assert not FiledRecord.objects.filter(record=fresh).exists()
    assert ArchivalCodeCounter.objects.get(retention_period=Y).last_number == 2


@pytest.fixture
def office_editor(branch, fonds, bgs):
    editor = UserFactory(departments=[bgs], clearance=2)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    grant(bgs.group, branch, "view_page", "add_page", "change_page", "publish_page")
    grant(bgs.group, fonds, "view_page", "add_page", "change_page")
    return editor


def test_admin_refuses_to_edit_a_filed_record_and_its_item(
    make_record, fonds, archivist, office_editor, client
):
    record, unfiled = make_record(), make_record()
    filed = file_record(record, fonds=fonds, period=Y, user=archivist)
    client.force_login(office_editor)

    assert client.get(f"/admin/pages/{unfiled.pk}/edit/").status_code == 200
    for page_id in (record.pk, filed.item_id):
        response = client.get(f"/admin/pages/{page_id}/edit/")
        assert response.status_code == 302
        assert client.post(f"/admin/pages/{page_id}/edit/", {"title": "改"}).status_code == 302
    record.refresh_from_db()
    assert record.title != "改"


def test_corrections_are_revisions_with_a_reason(make_record, fonds, archivist):
    record = make_record(title="关于做好值班工作的通知")
    filed = file_record(record, fonds=fonds, period=Y, user=archivist)
    revisions_before = record.revisions.count()

    with pytest.raises(FrozenRecordError):
        correct_filed_record(record, user=archivist, reason=" ", changes={"title": "x"})
    with pytest.raises(FrozenRecordError):
        correct_filed_record(record, user=archivist, reason="错", changes={"path": "0001"})

    correction = correct_filed_record(
        record, user=archivist, reason="题名错字", changes={"title": "关于做好节假日值班工作的通知"}
    )
    record.refresh_from_db()
    filed.refresh_from_db()
    assert record.title == "关于做好节假日值班工作的通知"
    assert filed.title == record.title  # the catalogue follows
    assert record.revisions.count() == revisions_before + 1
    assert correction.revision.content["title"] == record.title
    assert correction.changed_fields == {
        "title": ["关于做好值班工作的通知", "关于做好节假日值班工作的通知"]
    }
    assert Correction.history.count() == 1


def test_numbering_continues_after_items_already_in_the_archive(make_record, fonds, archivist):
    """Items imported or placed by hand (the demo's first item) keep their 档号; filing
    continues after them and never hands out a code twice."""
    volume = ArchiveVolumePageFactory(parent=fonds, retention_period=Y)
    for number in (1, 2, 4):
        volume.add_child(
            instance=ArchiveItemPage(
                title=f"旧件{number}",
                slug=f"old-{number}",
                archival_code=f"Z109-WS·2026-Y-BGS-{number:04d}",
                item_number=number,
                year=2026,
                retention_period=Y,
            )
        )
    first = file_record(make_record(), fonds=fonds, period=Y, user=archivist)
    assert first.archival_code == "Z109-WS·2026-Y-BGS-0005"
    ArchiveItemPage.objects.filter(archival_code__endswith="0004").update(
        archival_code="Z109-WS·2026-Y-BGS-0006"  # a stray item ahead of the counter
    )
    second = file_record(make_record(), fonds=fonds, period=Y, user=archivist)
    assert second.archival_code == "Z109-WS·2026-Y-BGS-0007"
    other_group = file_record(make_record(), fonds=fonds, period=D10, user=archivist)
    assert other_group.archival_code == "Z109-WS·2026-D10-BGS-0001"

    represented = make_record()
    ArchiveItemPage.objects.filter(archival_code__endswith="0001").update(record=represented)
    with pytest.raises(AlreadyFiledError):  # the hand-placed item already stands for it
        file_record(represented, fonds=fonds, period=Y, user=archivist)


def test_filed_records_and_their_items_leave_only_by_destruction(
    make_record, fonds, archivist, branch, office_editor, client
):
    from django.db import transaction
    from django.db.models import ProtectedError
    from wagtail.models import Page

    record, unfiled = make_record(), make_record()
    filed = file_record(record, fonds=fonds, period=Y, user=archivist)
    for page in (record, filed.item, branch, fonds):
        with pytest.raises(FrozenRecordError), transaction.atomic():
            Page.objects.get(pk=page.pk).specific.delete()
    # A queryset delete is refused too: by the item's protected link, else the signal guard.
    with pytest.raises((FrozenRecordError, ProtectedError)), transaction.atomic():
        Page.objects.filter(pk=record.pk).delete()
    grant(office_editor.groups.first(), branch, "delete_page")
    client.force_login(office_editor)
    assert client.post(f"/admin/pages/{record.pk}/delete/").status_code == 302
    bulk = f"/admin/bulk/wagtailcore/page/delete/?next=/admin/pages/{branch.pk}/&id={record.pk}"
    client.post(bulk)
    assert Page.objects.filter(pk=record.pk).exists() and Page.objects.filter(pk=filed.item_id)
    assert FiledRecord.objects.get().record_id == record.pk

    Page.objects.get(pk=unfiled.pk).specific.delete()  # what is not filed is deleted as before
    assert not Page.objects.filter(pk=unfiled.pk).exists()
