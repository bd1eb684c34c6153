"""Originals are stored once by their SHA-256, never overwritten or silently deleted,
derived files are kept apart, and fixity can be re-checked."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from repository.models import AttachedFile, ImmutableFileError, StoredFile
from repository.services.files import attach_derived, attach_original, verify_fixity
from repository.storage import blob_path
from tests.factories import DepartmentPageFactory, OfficialDocumentPageFactory

pytestmark = pytest.mark.django_db

CONTENT = "浙江省接待办关于规范公务接待的通知".encode()


@pytest.fixture
def doc():
    return OfficialDocumentPageFactory(parent=DepartmentPageFactory())


def test_original_is_stored_under_its_hash_read_only(doc):
    attachment = attach_original(doc, io.BytesIO(CONTENT), "通知.txt")
    stored = attachment.stored_file
    assert stored.sha256 == hashlib.sha256(CONTENT).hexdigest()
    path = blob_path(stored.sha256)
    assert path.read_bytes() == CONTENT
    assert not os.access(path, os.W_OK) or os.geteuid() == 0
    assert oct(path.stat().st_mode & 0o777) == oct(0o444)


def test_same_bytes_are_stored_once(doc):
    other = OfficialDocumentPageFactory(parent=doc.get_parent())
    a = attach_original(doc, io.BytesIO(CONTENT), "a.txt")
    b = attach_original(other, io.BytesIO(CONTENT), "b.txt")
    again = attach_original(doc, io.BytesIO(CONTENT), "a-again.txt")
    assert a.stored_file_id == b.stored_file_id
    assert again.pk == a.pk
    assert StoredFile.objects.count() == 1


def test_stored_files_cannot_be_deleted(doc):
    stored = attach_original(doc, io.BytesIO(CONTENT), "a.txt").stored_file
    with pytest.raises(ImmutableFileError):
        stored.delete()
    with pytest.raises(ImmutableFileError):
        StoredFile.objects.all().delete()
    assert blob_path(stored.sha256).exists()


def test_deleting_a_node_keeps_the_blob(doc):
    stored = attach_original(doc, io.BytesIO(CONTENT), "a.txt").stored_file
    doc.delete()
    assert StoredFile.objects.filter(pk=stored.pk).exists()
    assert blob_path(stored.sha256).read_bytes() == CONTENT


def test_derived_files_live_apart_and_point_to_their_source(doc):
    original = attach_original(doc, io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")
    derived = attach_derived(
        original, io.BytesIO(b"%PDF-1.4 ocr"), "scan.ocr.pdf", AttachedFile.Role.OCR_PDF
    )
    assert derived.derived_from == original
    assert blob_path(derived.stored_file.sha256, "derived").exists()
    assert not blob_path(derived.stored_file.sha256, "original").exists()
    assert blob_path(original.stored_file.sha256).read_bytes() == b"%PDF-1.4 scan"


def test_fixity_check_detects_altered_and_missing_bytes(doc):
    stored = attach_original(doc, io.BytesIO(CONTENT), "a.txt").stored_file
    assert verify_fixity(stored) is True
    path = blob_path(stored.sha256)
    path.chmod(0o644)
    path.write_bytes(b"tampered")
    assert verify_fixity(stored) is False
    stored.refresh_from_db()
    assert stored.last_verified_ok is False and stored.last_verified_at
    path.unlink()
    assert verify_fixity(stored) is False


def test_file_metadata_changes_are_history_tracked(doc):
    attachment = attach_original(doc, io.BytesIO(CONTENT), "a.txt")
    attachment.filename = "改名.txt"
    attachment.save()
    assert [h.filename for h in attachment.history.order_by("history_date")] == [
        "a.txt",
        "改名.txt",
    ]


def test_text_files_are_read_for_search_but_other_roles_are_not(doc):
    original = attach_original(doc, io.BytesIO(b"%PDF scan"), "scan.pdf")
    attach_derived(
        original, io.BytesIO("陪餐人数不超过三人".encode()), "scan.txt", AttachedFile.Role.TEXT
    )
    attach_derived(original, io.BytesIO(b"%PDF ocr"), "scan.ocr.pdf", AttachedFile.Role.OCR_PDF)
    assert doc.attached_text() == "陪餐人数不超过三人"


def test_a_file_link_opened_signed_out_leads_to_the_sign_in_page(client):
    response = client.get("/files/1/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/files/1/"
