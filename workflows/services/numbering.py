"""编号: 发文字号 per issuer and year, 第N期 per bulletin series and year.

Numbers come from ``NumberSequence`` rows locked for the length of the caller's
transaction: concurrent approvals wait for each other, a rolled-back approval releases
its number, so numbers are unique and have no gaps. A new sequence starts after the
highest number already in use (records typed in by hand before Wenshu numbered them).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from repository.document_numbers import format_document_number, parse_document_number
from repository.models import BulletinPage, LetterPage, OfficialDocumentPage
from workflows.models import NumberSequence

Kind = NumberSequence.Kind


def _highest_in_use(kind: str, key: str, year: int) -> int:
    if kind == Kind.BULLETIN:
        found = BulletinPage.objects.filter(series=key, year=year).aggregate(m=Max("issue_number"))
        return found["m"] or 0
    highest = 0
    for model in (OfficialDocumentPage, LetterPage):
        found = model.objects.filter(issuer_code=key, number_year=year).aggregate(
            m=Max("number_serial")
        )
        highest = max(highest, found["m"] or 0)
    return highest


def _locked_sequence(kind: str, key: str, year: int) -> NumberSequence:
    rows = NumberSequence.objects.select_for_update()
    try:
        return rows.get(kind=kind, key=key, year=year)
    except NumberSequence.DoesNotExist:
        pass
    try:
        with transaction.atomic():  # a savepoint: losing the race must not spoil the caller
            NumberSequence.objects.create(
                kind=kind, key=key, year=year, last_value=_highest_in_use(kind, key, year)
            )
    except IntegrityError:
        pass  # another transaction created it first; its row is committed now
    return rows.get(kind=kind, key=key, year=year)


def next_number(kind: str, key: str, year: int) -> int:
    """Take the next number; it stays taken only if the surrounding transaction commits."""
    with transaction.atomic():
        sequence = _locked_sequence(kind, key, year)
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
        return sequence.last_value


def _record_in_latest_revision(page, user, **fields) -> None:
    """Write the number into the draft too, so the revision the flow publishes carries it."""
    if page.get_latest_revision() is None:
        return
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision(user=user, log_action=False)


@transaction.atomic
def assign_document_number(page, issuer_code: str, *, year: int | None = None, user=None) -> str:
    """发文字号 ``机关代字〔年份〕序号号``; a page already numbered for this issuer and year
    keeps its number (a flow resumed after a refusal must not take a second one)."""
    year = year or timezone.localdate().year
    page = OfficialDocumentPage.objects.select_for_update().get(pk=page.pk)
    if page.issuer_code == issuer_code and page.number_year == year and page.number_serial:
        return page.document_number
    serial = next_number(Kind.DOCUMENT, issuer_code, year)
    number = format_document_number(issuer_code, year, serial)
    parse_document_number(number)  # an issuer code that breaks the pattern fails here
    OfficialDocumentPage.objects.filter(pk=page.pk).update(
        document_number=number, issuer_code=issuer_code, number_year=year, number_serial=serial
    )
    _record_in_latest_revision(page, user, document_number=number)
    return number


@transaction.atomic
def assign_bulletin_issue(page, *, user=None) -> int:
    """第N期 at publication, per series and year; an issue already numbered keeps it."""
    page = BulletinPage.objects.select_for_update().get(pk=page.pk)
    if page.issue_number:
        return page.issue_number
    year = page.year or timezone.localdate().year
    issue = next_number(Kind.BULLETIN, page.series, year)
    BulletinPage.objects.filter(pk=page.pk).update(issue_number=issue, year=year)
    _record_in_latest_revision(page, user, issue_number=issue, year=year)
    return issue
