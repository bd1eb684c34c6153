"""The document date: one field every record type fills from the date it bears."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from repository.models import ArchiveItemPage, BulletinPage
from repository.services.demo import ensure_home_page
from tests.factories import LetterPageFactory, OfficialDocumentPageFactory

pytestmark = pytest.mark.django_db


def test_own_date_wins_and_follows_edits():
    document = OfficialDocumentPageFactory(date_written=date(2020, 2, 3))
    assert document.document_date == date(2020, 2, 3)
    document.date_written = date(2021, 4, 5)
    document.save()
    document.refresh_from_db()
    assert document.document_date == date(2021, 4, 5)


def test_without_own_date_the_first_publication_counts():
    letter = LetterPageFactory(letter_date=None)
    assert letter.document_date == timezone.localtime(letter.first_published_at).date()


def test_a_draft_keeps_the_day_it_was_saved_until_published():
    bulletin = BulletinPage(title="接待工作简报", slug="b", series="接待工作简报")
    ensure_home_page().add_child(instance=bulletin)
    assert bulletin.first_published_at is None
    assert bulletin.document_date == timezone.localdate()


def test_partial_saves_keep_the_document_date_current():
    document = OfficialDocumentPageFactory(date_written=date(2020, 2, 3))
    document.date_written = date(2022, 1, 1)
    document.save(update_fields=["date_written"])
    document.refresh_from_db()
    assert document.document_date == date(2022, 1, 1)


def test_a_filed_item_bears_the_date_of_its_record():
    document = OfficialDocumentPageFactory(date_written=date(2018, 7, 9))
    item = ArchiveItemPage(title="件", slug="item", record=document, archival_code="X-1")
    ensure_home_page().add_child(instance=item)
    assert item.document_date == date(2018, 7, 9)


def test_saving_through_the_base_class_keeps_the_type_date():
    from repository.models import RepositoryPage

    document = OfficialDocumentPageFactory(date_written=date(2017, 1, 2))
    node = RepositoryPage.objects.get(pk=document.pk)
    node.keywords = "接待"
    node.save()
    node.refresh_from_db()
    assert node.document_date == date(2017, 1, 2)
