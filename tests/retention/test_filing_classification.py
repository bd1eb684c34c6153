"""Filing never lowers classification: a record is filed at its effective (inherited)
level, and loans, the catalogue and search follow it (issue 14, point 1)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client

from repository.models import ArchiveItemPage, Classification
from repository.selectors import can_view
from repository.services.files import attach_original
from retention.errors import LendingError
from retention.services.filing import file_record
from retention.services.lending import approve_loan, check_out, request_loan
from tests.factories import FolderPageFactory, OfficialDocumentPageFactory, UserFactory, grant
from tests.retention.admin_support import staff
from tests.retention.factories import user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_secret_folder(branch, bgs):
    """A 内部 record inside a 机密 folder: effectively 机密."""
    folder = FolderPageFactory(
        parent=branch, title="机密卷夹", classification=Classification.SECRET
    )
    return OfficialDocumentPageFactory(
        parent=folder,
        title="夹内内部文件",
        classification=Classification.INTERNAL,
        department=bgs,
        year=2026,
        date_written=date(2026, 3, 16),
    )


@pytest.fixture
def filed(in_secret_folder, fonds, archivist):
    return file_record(in_secret_folder, fonds=fonds, period="Y", user=archivist)


def test_filing_copies_the_effective_classification(filed):
    assert filed.classification == Classification.SECRET
    item = ArchiveItemPage.objects.get(pk=filed.item_id)
    assert item.classification == Classification.SECRET
    assert item.effective_classification == Classification.SECRET


def test_the_archive_item_is_hidden_from_a_confidential_reader(filed, fonds):
    reader = staff(pages=[fonds], clearance=Classification.CONFIDENTIAL)
    assert not can_view(reader, filed.item)
    client = Client()
    client.force_login(reader)
    assert client.get(filed.item.url).status_code == 404


def test_catalogue_export_omits_it_for_a_confidential_reader_and_says_机密(filed, fonds):
    reader = staff(pages=[fonds], clearance=Classification.CONFIDENTIAL)
    client = Client()
    client.force_login(reader)
    csv = client.get("/admin/retention/catalogue/", {"format": "csv"}).content.decode("utf-8")
    assert "夹内内部文件" not in csv
    keeper = staff(pages=[fonds], clearance=Classification.SECRET)
    client.force_login(keeper)
    csv = client.get("/admin/retention/catalogue/", {"format": "csv"}).content.decode("utf-8")
    line = next(line for line in csv.splitlines() if "夹内内部文件" in line)
    assert "机密" in line


def test_electronic_loan_needs_the_sensitive_loan_approver(filed):
    borrower = UserFactory(clearance=Classification.SECRET)
    loan = request_loan(borrower=borrower, records=[filed], purpose="查考", form="electronic")
    with pytest.raises(LendingError):
        approve_loan(loan, approver=user_with("approve_loan"))
    approve_loan(loan, approver=user_with("approve_sensitive_loan"))


def test_a_borrower_below_the_level_cannot_borrow_it(filed):
    borrower = UserFactory(clearance=Classification.CONFIDENTIAL)
    loan = request_loan(borrower=borrower, records=[filed], purpose="查考", form="electronic")
    with pytest.raises(LendingError):
        approve_loan(loan, approver=user_with("approve_sensitive_loan"))


def test_original_download_after_check_out_is_refused_to_a_borrower_below_it(
    in_secret_folder, fonds, archivist
):
    attachment = attach_original(in_secret_folder, io.BytesIO(b"%PDF-1.4 secret"), "原件.pdf")
    filed = file_record(in_secret_folder, fonds=fonds, period="Y", user=archivist)
    borrower = UserFactory(clearance=Classification.SECRET)
    loan = request_loan(borrower=borrower, records=[filed], purpose="查考", form="electronic")
    approve_loan(loan, approver=user_with("approve_sensitive_loan"))
    check_out(loan, handled_by=user_with("handle_loans"))
    client = Client()
    client.force_login(borrower)
    assert client.get(f"/files/{attachment.pk}/").status_code == 200
    # The borrower's clearance is lowered while the loan runs: the loan does not lift it.
    borrower.clearance.level = Classification.CONFIDENTIAL
    borrower.clearance.save()
    assert client.get(f"/files/{attachment.pk}/").status_code == 404


def test_search_hides_the_item_from_a_confidential_reader(
    in_secret_folder, fonds, archivist, settings
):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the embedded engine runs on SQLite")
    from search import lifecycle
    from search.services import search_records

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.embedded"}}
    lifecycle.prepare()
    filed = file_record(in_secret_folder, fonds=fonds, period="Y", user=archivist)
    reader = UserFactory(clearance=Classification.CONFIDENTIAL)
    grant(reader.groups.create(name="档案查阅"), fonds)
    officer = UserFactory(clearance=Classification.SECRET)
    officer.groups.add(reader.groups.first())
    assert filed.item_id in [hit.page.pk for hit in search_records(officer, "夹内内部文件").hits]
    assert search_records(reader, "夹内内部文件").total == 0


def test_a_filed_record_raised_later_raises_its_filing_and_item(
    make_record, fonds, archivist, branch
):
    folder = FolderPageFactory(parent=branch, title="卷夹")
    record = OfficialDocumentPageFactory(
        parent=folder, title="后定密文件", department=branch.department, year=2026
    )
    filed = file_record(record, fonds=fonds, period="Y", user=archivist)
    assert filed.classification == Classification.INTERNAL
    folder.classification = Classification.SECRET
    folder.save_revision().publish()
    filed.refresh_from_db()
    item = ArchiveItemPage.objects.get(pk=filed.item_id)
    assert filed.classification == Classification.SECRET
    assert item.effective_classification == Classification.SECRET
    reader = staff(pages=[fonds], clearance=Classification.CONFIDENTIAL)
    assert not can_view(reader, item)
