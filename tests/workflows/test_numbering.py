"""编号: 发文字号 per issuer and year and 第N期 per series and year — unique, no gaps,
starting after numbers already in use, and safe under concurrent approvals."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from repository.models import BulletinPage, OfficialDocumentPage
from tests.factories import OfficialDocumentPageFactory
from tests.workflows.conftest import require_postgresql
from tests.workflows.factories import BulletinPageFactory
from workflows.models import NumberSequence
from workflows.services.numbering import (
    assign_bulletin_issue,
    assign_document_number,
    next_number,
)


def draft_document(**kwargs):
    return OfficialDocumentPageFactory(document_number="", publish=False, **kwargs)


@pytest.mark.django_db
def test_numbers_run_per_issuer_and_year():
    docs = [draft_document() for _ in range(3)]
    assert [assign_document_number(d, "示接待发", year=2026) for d in docs[:2]] == [
        "示接待发〔2026〕1号",
        "示接待发〔2026〕2号",
    ]
    assert assign_document_number(docs[2], "示接待函", year=2026) == "示接待函〔2026〕1号"
    assert next_number(NumberSequence.Kind.DOCUMENT, "示接待发", 2027) == 1
    stored = OfficialDocumentPage.objects.get(pk=docs[1].pk)
    assert (stored.issuer_code, stored.number_year, stored.number_serial) == ("示接待发", 2026, 2)


@pytest.mark.django_db
def test_the_number_is_in_the_revision_that_will_be_published():
    doc = draft_document()
    number = assign_document_number(doc, "示接待发", year=2026)
    doc.refresh_from_db()
    assert doc.get_latest_revision_as_object().document_number == number


@pytest.mark.django_db
def test_a_numbered_document_keeps_its_number():
    doc = draft_document()
    first = assign_document_number(doc, "示接待发", year=2026)
    assert assign_document_number(doc, "示接待发", year=2026) == first
    assert NumberSequence.objects.get(key="示接待发").last_value == 1


@pytest.mark.django_db
def test_a_new_sequence_starts_after_numbers_typed_in_by_hand():
    OfficialDocumentPageFactory(document_number="示接待发〔2026〕12号")
    assert assign_document_number(draft_document(), "示接待发", year=2026) == "示接待发〔2026〕13号"


@pytest.mark.django_db
def test_a_rolled_back_approval_gives_its_number_back():
    doc = draft_document()
    with pytest.raises(RuntimeError), transaction.atomic():
        assign_document_number(doc, "示接待发", year=2026)
        raise RuntimeError("the approval failed after numbering")
    assert assign_document_number(doc, "示接待发", year=2026) == "示接待发〔2026〕1号"


@pytest.mark.django_db
def test_an_issuer_code_that_breaks_the_pattern_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        assign_document_number(draft_document(), "示接待发2", year=2026)
    assert not NumberSequence.objects.filter(last_value__gt=0).exists()


@pytest.mark.django_db
def test_bulletin_issues_run_per_series_and_year():
    a = BulletinPageFactory(publish=False)
    b = BulletinPageFactory(publish=False)
    other = BulletinPageFactory(series="信息专报", publish=False)
    next_year = BulletinPageFactory(year=2027, publish=False)
    assert [assign_bulletin_issue(p) for p in (a, b, other, next_year)] == [1, 2, 1, 1]
    assert BulletinPage.objects.get(pk=b.pk).issue_label == "第2期"
    assert assign_bulletin_issue(b) == 2  # already numbered


@pytest.mark.django_db
def test_bulletin_issues_continue_after_the_highest_existing():
    BulletinPageFactory(issue_number=5)
    assert assign_bulletin_issue(BulletinPageFactory(publish=False)) == 6


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_approvals_get_unique_gapless_numbers():
    require_postgresql()
    docs = [draft_document() for _ in range(12)]
    results, errors = {}, []
    barrier = threading.Barrier(len(docs))

    def approve(doc):
        try:
            barrier.wait()
            results[doc.pk] = assign_document_number(doc, "示并发", year=2026)
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(doc,)) for doc in docs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(
        OfficialDocumentPage.objects.filter(issuer_code="示并发").values_list(
            "number_serial", flat=True
        )
    )
    assert serials == list(range(1, len(docs) + 1))
    assert len(set(results.values())) == len(docs)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_first_numbers_of_a_new_year_do_not_collide():
    """The sequence row does not exist yet: both try to create it; one waits, one retries."""
    require_postgresql()
    taken, errors = [], []
    barrier = threading.Barrier(8)

    def take():
        try:
            barrier.wait()
            taken.append(next_number(NumberSequence.Kind.BULLETIN, "并发简报", 2031))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(taken) == list(range(1, 9))


def test_a_stale_draft_saved_after_numbering_does_not_lose_the_number(office):
    """An editor opened before 编号 (Wagtail autosaves open editors) writes the record
    back without its number; the next step puts it back from the register, so the Word
    file and the published record carry it and the sequence has no gap."""
    from django.utils import timezone
    from wagtail.models import Page

    from repository.models import AttachedFile
    from tests.workflows.conftest import act, current_step_name
    from workflows.models import IssuedNumber
    from workflows.services import flows
    from workflows.services.submission import submit_for_approval

    _workflows, p = office
    doc = draft_document()
    submit_for_approval(doc, p["drafter"])
    for person in (p[flows.DIRECTOR], p["finance"], p["legal"], p[flows.SECRETARIAT]):
        act(doc, person)
    act(doc, p[flows.LEADERS])
    assert current_step_name(doc) == "编号"
    stale = Page.objects.get(pk=doc.pk).specific.get_latest_revision_as_object()

    act(doc, p[flows.SECRETARIAT])
    number = f"示接待发〔{timezone.localdate().year}〕1号"
    assert OfficialDocumentPage.objects.get(pk=doc.pk).document_number == number
    stale.save_revision(user=p[flows.SECRETARIAT])  # the autosave of the old editor …
    stale.save()  # … which also writes the record row, as Wagtail's edit view does
    assert OfficialDocumentPage.objects.get(pk=doc.pk).document_number == ""

    act(doc, p[flows.SECRETARIAT])  # 用印/成文
    assert AttachedFile.objects.get(page=doc).filename == f"{number}.docx"
    act(doc, p[flows.REGISTRY])
    act(doc, p[flows.SECRETARIAT])
    published = OfficialDocumentPage.objects.get(pk=doc.pk)
    assert published.live and published.document_number == number
    assert published.live_revision.as_object().document_number == number
    assert NumberSequence.objects.get(key="示接待发").last_value == 1
    assert list(IssuedNumber.objects.values_list("number", "page_id")) == [(number, doc.pk)]


@pytest.mark.django_db
def test_the_register_records_each_number_once_and_refuses_a_duplicate():
    from django.db import IntegrityError

    from workflows.models import IssuedNumber

    doc = draft_document()
    number = assign_document_number(doc, "示接待发", year=2026)
    assert assign_document_number(doc, "示接待发", year=2026) == number  # kept, not re-issued
    (issued,) = IssuedNumber.objects.all()
    assert (issued.key, issued.year, issued.serial, issued.page_id) == ("示接待发", 2026, 1, doc.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            kind="document", key="示接待发", year=2026, serial=1, number="x"
        )
