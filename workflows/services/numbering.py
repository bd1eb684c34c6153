"""编号: 发文字号 per issuer and year, 第N期 per bulletin series and year.

Numbers come from ``NumberSequence`` rows locked for the length of the caller's
transaction: concurrent approvals wait for each other, a rolled-back approval releases
its number, so numbers are unique and have no gaps. A new sequence starts after the
highest number already in use (records typed in by hand before Wenshu numbered them).

Every number given is written to the register (``IssuedNumber``). The flow's later steps
call ``carry_number_forward`` so that a draft saved from an editor opened before 编号 —
which writes the record back without its number — cannot lose it: the number would
otherwise be used up (a gap) and the record published unnumbered.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from repository.document_numbers import format_document_number, parse_document_number
from repository.models import BulletinPage, LetterPage, OfficialDocumentPage
from workflows.models import IssuedNumber, NumberSequence

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


def _issued_to(page, kind: str) -> IssuedNumber | None:
    return IssuedNumber.objects.filter(page_id=page.pk, kind=kind).order_by("-pk").first()


def _register(kind, key, year, serial, number, page, user) -> IssuedNumber:
    return IssuedNumber.objects.create(
        kind=kind,
        key=key,
        year=year,
        serial=serial,
        number=number,
        page_id=page.pk,
        issued_by=user if user is not None and user.is_authenticated else None,
    )


def _write_document_number(page, issued: IssuedNumber, user) -> None:
    OfficialDocumentPage.objects.filter(pk=page.pk).update(
        document_number=issued.number,
        issuer_code=issued.key,
        number_year=issued.year,
        number_serial=issued.serial,
    )
    _record_in_latest_revision(page, user, document_number=issued.number)


def _write_bulletin_issue(page, issued: IssuedNumber, user) -> None:
    BulletinPage.objects.filter(pk=page.pk).update(issue_number=issued.serial, year=issued.year)
    _record_in_latest_revision(page, user, issue_number=issued.serial, year=issued.year)


@transaction.atomic
def assign_document_number(page, issuer_code: str, *, year: int | None = None, user=None) -> str:
    """发文字号 ``机关代字〔年份〕序号号``; a page already numbered for this issuer and year
    keeps its number (a flow resumed after a refusal must not take a second one)."""
    year = year or timezone.localdate().year
    page = OfficialDocumentPage.objects.select_for_update().get(pk=page.pk)
    issued = _issued_to(page, Kind.DOCUMENT)
    if issued is not None and (issued.key, issued.year) == (issuer_code, year):
        carry_number_forward(page, user=user)
        return issued.number
    if page.issuer_code == issuer_code and page.number_year == year and page.number_serial:
        return page.document_number  # numbered before Wenshu numbered it: not ours to log
    serial = next_number(Kind.DOCUMENT, issuer_code, year)
    number = format_document_number(issuer_code, year, serial)
    parse_document_number(number)  # an issuer code that breaks the pattern fails here
    issued = _register(Kind.DOCUMENT, issuer_code, year, serial, number, page, user)
    _write_document_number(page, issued, user)
    return number


@transaction.atomic
def assign_bulletin_issue(page, *, user=None) -> int:
    """第N期 at publication, per series and year; an issue already numbered keeps it."""
    page = BulletinPage.objects.select_for_update().get(pk=page.pk)
    issued = _issued_to(page, Kind.BULLETIN)
    if issued is not None:
        carry_number_forward(page, user=user)
        return issued.serial
    if page.issue_number:
        return page.issue_number
    year = page.year or timezone.localdate().year
    issue = next_number(Kind.BULLETIN, page.series, year)
    issued = _register(Kind.BULLETIN, page.series, year, issue, f"第{issue}期", page, user)
    _write_bulletin_issue(page, issued, user)
    return issue


def carry_number_forward(page, *, user=None) -> bool:
    """Put the registered number back on the record and its draft if a later save lost
    it; True when something had to be restored."""
    if isinstance(page.specific, OfficialDocumentPage):
        kind, model, field = Kind.DOCUMENT, OfficialDocumentPage, "document_number"
    elif isinstance(page.specific, BulletinPage):
        kind, model, field = Kind.BULLETIN, BulletinPage, "issue_number"
    else:
        return False
    issued = _issued_to(page, kind)
    if issued is None:
        return False
    expected = issued.number if kind == Kind.DOCUMENT else issued.serial
    row = model.objects.get(pk=page.pk)
    draft = row.get_latest_revision_as_object() if row.get_latest_revision() else row
    if getattr(row, field) == expected and getattr(draft, field) == expected:
        return False
    write = _write_document_number if kind == Kind.DOCUMENT else _write_bulletin_issue
    write(row, issued, user)
    return True
