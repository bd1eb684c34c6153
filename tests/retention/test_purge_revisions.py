"""History cannot be erased: Wagtail's ``purge_revisions`` keeps the revisions of filed
records, their archive items and held pages, and the corrections' links to them (issue 14,
point 9)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError

from retention.models import Correction
from retention.services.filing import correct_filed_record, file_record
from retention.services.holds import place_hold

pytestmark = pytest.mark.django_db


def revisions_of(page) -> set[int]:
    return set(page.revisions.values_list("pk", flat=True))


def edit(page, title):
    draft = page.get_latest_revision_as_object()
    draft.title = title
    draft.save_revision().publish()


def purge() -> str:
    out = StringIO()
    call_command("purge_revisions", "--days", "0", stdout=out)
    return out.getvalue()


def test_purge_keeps_a_filed_records_revisions_and_its_corrections(make_record, fonds, archivist):
    record = make_record(title="第一稿")
    edit(record, "第二稿")
    filed = file_record(record, fonds=fonds, period="Y", user=archivist)
    correction = correct_filed_record(
        record, user=archivist, reason="错字", changes={"title": "第二稿（更正）"}
    )
    edit(filed.item.specific, filed.item.title)  # the item has history of its own too
    unfiled = make_record(title="未归档")
    edit(unfiled, "未归档二稿")
    kept_record, kept_item = revisions_of(record), revisions_of(filed.item)
    assert len(kept_record) >= 3

    output = purge()

    assert revisions_of(record) == kept_record
    assert revisions_of(filed.item) == kept_item
    correction.refresh_from_db()
    assert correction.revision_id is not None
    assert len(revisions_of(unfiled)) == 1  # ordinary pages are still purged
    assert "Kept" in output or "保留" in output


def test_purge_keeps_the_revisions_of_held_pages(make_record, archivist, branch):
    record = make_record()
    edit(record, "二稿")
    place_hold(branch, reason="审计", user=archivist)
    before = revisions_of(record)
    purge()
    assert revisions_of(record) == before


def test_a_corrected_revision_cannot_be_deleted(make_record, fonds, archivist):
    record = make_record()
    file_record(record, fonds=fonds, period="Y", user=archivist)
    correct_filed_record(record, user=archivist, reason="错字", changes={"title": "更正后"})
    correction = Correction.objects.get()
    with pytest.raises(ProtectedError):
        correction.revision.delete()
