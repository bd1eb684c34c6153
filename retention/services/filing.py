"""Filing (归档): records become items (件) of the archive with a 档号 of DA/T 22-2015.

A filed record stays where it was made; the item in the archive branch points at it and
carries the code. From then on the record's content is frozen: the admin refuses edits
(``retention/wagtail_hooks.py``) and changes go through ``correct_filed_record``, which
keeps each as a revision with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page

from repository.models import (
    ArchiveItemPage,
    ArchiveVolumePage,
    FondsPage,
    RepositoryPage,
    RetentionPeriod,
)
from repository.models.base import RECORD_TYPES
from retention.errors import (
    AlreadyFiledError,
    FrozenRecordError,
    NoRetentionRuleError,
    NotFileableError,
    NumberingExhaustedError,
)
from retention.models import ArchivalCodeCounter, Correction, FiledRecord
from retention.models.filing import CATEGORY_DOCUMENTS
from retention.permissions import CORRECT_FILED_RECORDS, FILE_RECORDS, ensure_permitted
from retention.services.schedules import compute_disposition_date, rule_for

MAX_ITEM_NUMBER = 9999
DATE_FIELDS = ("date_written", "letter_date", "effective_date", "received_date", "start_date")
SNAPSHOT_FIELDS = ("title", "document_number", "responsible_party", "record_date", "classification")


def format_archival_code(
    fonds_code: str, category: str, year: int, period: str, department_code: str, number: int
) -> str:
    """档号 ``全宗号-门类代码·年度-保管期限代码-机构代码-件号``, e.g. Z109-WS·2026-Y-BGS-0001."""
    return f"{fonds_code}-{category}·{year:04d}-{period}-{department_code}-{number:04d}"


def assign_archival_code(
    *,
    fonds_code: str,
    year: int,
    period: str,
    department_code: str,
    category: str = CATEGORY_DOCUMENTS,
) -> tuple[int, str]:
    """Take the next 件号 of the group and return it with its 档号.

    Must run inside the filing's transaction: the counter row stays locked until it
    commits, so concurrent filings into one group queue up, and a failed filing gives its
    number back by rolling back — numbers stay unique and contiguous.
    """
    group = dict(
        fonds_code=fonds_code,
        category_code=category,
        year=year,
        retention_period=period,
        department_code=department_code,
    )
    prefix = format_archival_code(fonds_code, category, year, period, department_code, 0)[:-4]
    counter, _created = ArchivalCodeCounter.objects.get_or_create(
        **group, defaults={"last_number": _highest_in_tree(prefix)}
    )
    counter = ArchivalCodeCounter.objects.select_for_update().get(pk=counter.pk)
    while True:
        if counter.last_number >= MAX_ITEM_NUMBER:
            raise NumberingExhaustedError()
        counter.last_number += 1
        code = f"{prefix}{counter.last_number:04d}"
        # An item placed by hand or imported with this code keeps it; we take the next.
        if not ArchiveItemPage.objects.filter(archival_code=code).exists():
            break
    counter.save(update_fields=["last_number"])
    return counter.last_number, code


def _highest_in_tree(prefix: str) -> int:
    """The highest 件号 of a group among items already in the archive branch — items
    imported from the paper archive or placed by hand before any filing — so the first
    filing into the group continues their numbering instead of repeating it."""
    codes = ArchiveItemPage.objects.filter(archival_code__startswith=prefix).values_list(
        "archival_code", flat=True
    )
    numbers = [int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()]
    return max(numbers, default=0)


def record_date(record) -> date | None:
    for name in DATE_FIELDS:
        if value := getattr(record, name, None):
            return value
    published = record.first_published_at
    return published.date() if published else None


def effective_level(record) -> int:
    """The classification a filing carries: the record's effective one (its own, a
    pending draft's, or its folders', whichever is highest — see
    ``repository.services.classification``), never less than its own. A 内部 record in a
    机密 folder is a 机密 archive item; copying its own level would declassify it."""
    stored = (
        RepositoryPage.objects.filter(pk=record.pk)
        .values_list("effective_classification", flat=True)
        .first()
    )
    return max(record.classification, stored or 0)


def follow_raised_classification(page, level: int) -> None:
    """Classification listener (``repository.extensions``): when a filed record becomes
    more classified (its folder raised, a draft), its filing and archive item follow, so
    the catalogue, loans and the archive branch never show it below its level."""
    for filed in FiledRecord.objects.filter(record_id=page.pk, classification__lt=level):
        filed.classification = level
        filed.save(update_fields=["classification"])  # through history, not around it
        item = ArchiveItemPage.objects.filter(pk=filed.item_id).first()
        if item is not None and item.classification < level:
            item.classification = level
            item.save(update_fields=["classification"])


def snapshot(record) -> dict:
    """What the catalogue (归档文件目录) shows of a record, kept on the filing row so the
    catalogue and registers keep their lines after destruction."""
    return {
        "title": record.title[:255],
        "document_number": getattr(record, "document_number", "") or "",
        "responsible_party": record.responsible_party
        or getattr(record, "issuing_authority", "")
        or getattr(record, "sender_unit", ""),
        "record_date": record_date(record),
        "classification": effective_level(record),
    }


def _fileable(record) -> RepositoryPage:
    record = record.specific
    label = record._meta.label
    if label not in RECORD_TYPES:
        raise NotFileableError(_("Only records can be filed, not “%(title)s”."), title=record.title)
    if not record.live:
        raise NotFileableError(
            _("“%(title)s” is a draft; only finished records are filed."), title=record.title
        )
    if record.department is None or not record.year:
        raise NotFileableError(
            _("“%(title)s” needs a department and a year before it can be filed."),
            title=record.title,
        )
    if (
        FiledRecord.objects.filter(record=record).exists()
        # an item placed by hand or imported already stands for it in the archive
        or ArchiveItemPage.objects.filter(record=record).exists()
    ):
        raise AlreadyFiledError()
    return record


def _parent_for(fonds: FondsPage, volume: ArchiveVolumePage | None, period: str) -> Page:
    if volume is None:
        return fonds
    if not volume.is_descendant_of(fonds):
        raise NotFileableError(_("The volume does not belong to this fonds."))
    if volume.retention_period and volume.retention_period != period:
        raise NotFileableError(
            _("The volume keeps records for %(volume)s, not %(period)s."),
            volume=volume.retention_period,
            period=period,
        )
    return volume


def _file_one(record, *, fonds, volume, period, user, page_count, remarks) -> FiledRecord:
    record = _fileable(record)
    rule = None
    if not period:
        rule = rule_for(record)
        if rule is None:
            raise NoRetentionRuleError()
        period = rule.period
    period = RetentionPeriod(period).value
    parent = _parent_for(fonds, volume, period)
    # Lock order everywhere: counter first, then the parent node (treebeard computes the
    # next child path from the parent's children, so concurrent adds must queue).
    number, code = assign_archival_code(
        fonds_code=fonds.fonds_code,
        year=record.year,
        period=period,
        department_code=record.department.code,
    )
    parent = Page.objects.select_for_update().get(pk=parent.pk).specific
    item = ArchiveItemPage(
        title=record.title,
        slug=code.lower().replace("·", "-"),
        record=record,
        archival_code=code,
        item_number=number,
        retention_period=period,
        page_count=page_count,
        year=record.year,
        department=record.department,
        classification=effective_level(record),
        secrecy_period=record.secrecy_period,
        responsible_party=snapshot(record)["responsible_party"][:255],
    )
    parent.add_child(instance=item)
    # Filing is authorised by the archive's rules, not by page permissions in the branch.
    item.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    try:
        with transaction.atomic():
            filed = FiledRecord.objects.create(
                item=item,
                record=record,
                fonds=fonds,
                archival_code=code,
                category_code=CATEGORY_DOCUMENTS,
                year=record.year,
                retention_period=period,
                department_code=record.department.code,
                item_number=number,
                page_count=page_count,
                remarks=remarks,
                retention_rule=rule,
                retention_basis=rule.basis if rule else "",
                disposition_date=compute_disposition_date(record.year, period),
                filed_by=user,
                **snapshot(record),
            )
    except IntegrityError as error:  # the same record filed concurrently
        raise AlreadyFiledError() from error
    log(instance=record, action="retention.file", user=user, data={"archival_code": code})
    return filed


@transaction.atomic
def file_record(
    record,
    *,
    fonds: FondsPage,
    volume: ArchiveVolumePage | None = None,
    period: str | None = None,
    user=None,
    page_count: int | None = None,
    remarks: str = "",
) -> FiledRecord:
    """File one finished record into ``fonds`` (or its ``volume``) with the next 档号.

    Without ``period`` the retention schedule decides (``rule_for``); its basis is kept.
    """
    ensure_permitted(user, FILE_RECORDS)
    return _file_one(
        record,
        fonds=fonds,
        volume=volume,
        period=period,
        user=user,
        page_count=page_count,
        remarks=remarks,
    )


@transaction.atomic
def file_records(
    records: Iterable,
    *,
    fonds: FondsPage,
    volume: ArchiveVolumePage | None = None,
    period: str | None = None,
    user=None,
) -> list[FiledRecord]:
    """File several records at once, all or none, numbered in date order (DA/T 22 orders
    items of a group by date) so the catalogue reads chronologically."""
    ensure_permitted(user, FILE_RECORDS)
    specific = [record.specific for record in records]
    specific.sort(key=lambda r: (record_date(r) or date.max, r.pk))
    return [
        _file_one(
            r, fonds=fonds, volume=volume, period=period, user=user, page_count=None, remarks=""
        )
        for r in specific
    ]


def filing_of(page) -> FiledRecord | None:
    """The filing a node belongs to, whether it is the filed record or its item."""
    return FiledRecord.objects.filter(Q(record_id=page.pk) | Q(item_id=page.pk)).first()


def is_frozen(page) -> bool:
    return FiledRecord.objects.filter(Q(record_id=page.pk) | Q(item_id=page.pk)).exists()


def filings_within(page):
    """Filings whose record or archive item is this node or lies below it."""
    return FiledRecord.objects.filter(
        Q(record__path__startswith=page.path) | Q(item__path__startswith=page.path)
    )


def ensure_not_filed(page) -> None:
    """Deletion guard: a filed record leaves only by an approved destruction (two
    approvers, a register line), and archive items stay as tombstones; deleting the record,
    its item or a folder holding either would bypass that."""
    if filings_within(page).exists():
        raise FrozenRecordError(
            _(
                "“%(title)s” is filed or holds filed records; filed records leave only "
                "by an approved destruction."
            ),
            title=page.title,
        )


def is_in_archive(page) -> bool:
    """Filed, or already represented by an item placed in the archive by other means."""
    return is_frozen(page) or ArchiveItemPage.objects.filter(record_id=page.pk).exists()


# What a correction may not touch although the record model declares it: values the
# repository's services derive, and the year and department, which are part of the 档号
# (changing them means a different item, not a corrected one).
NOT_CORRECTABLE = {
    "effective_classification",
    "issuer_code",
    "number_year",
    "number_serial",
    "year",
    "department",
}


def correctable_fields(model) -> list[str]:
    """The content fields of a record type a correction may change: the title and the
    record's own editable fields, never Wagtail's tree and publishing columns nor
    relations."""
    names = ["title"]
    for field in model._meta.concrete_fields:
        if field.model is Page or field.primary_key or not field.editable:
            continue
        if field.name in NOT_CORRECTABLE or field.is_relation:
            continue
        names.append(field.name)
    return names


def _mirror_on_item(filed: FiledRecord, page, user) -> None:
    """Keep the archive item's copy of the record's metadata in step, as a revision."""
    item = ArchiveItemPage.objects.get(pk=filed.item_id)
    values = {
        "title": page.title,
        "responsible_party": filed.responsible_party,
        "classification": effective_level(page),
        "secrecy_period": page.secrecy_period,
    }
    if all(getattr(item, name) == value for name, value in values.items()):
        return
    for name, value in values.items():
        setattr(item, name, value)
    item.save_revision(user=user).publish(user=user, skip_permission_checks=True)


@transaction.atomic
def correct_filed_record(record, *, user, reason: str, changes: dict) -> Correction:
    """Change a filed record's content as a new published revision, kept with its reason.

    The previous content stays in the page's revisions; the correction row names who,
    when, why and what changed (old → new) for the audit trail.
    """
    ensure_permitted(user, CORRECT_FILED_RECORDS)
    if not reason or not reason.strip():
        raise FrozenRecordError(_("A correction needs a reason."))
    filed = FiledRecord.objects.select_for_update().filter(record_id=record.pk).first()
    if filed is None or filed.status != FiledRecord.Status.ACTIVE:
        raise FrozenRecordError(_("Only kept filed records can be corrected."))
    page = Page.objects.get(pk=record.pk).specific
    allowed = correctable_fields(type(page))
    changed = {}
    for name, value in changes.items():
        if name not in allowed:
            raise FrozenRecordError(_("The field “%(name)s” cannot be corrected."), name=name)
        old = getattr(page, name)
        if old != value:
            changed[name] = [str(old), str(value)]
            setattr(page, name, value)
    if not changed:
        raise FrozenRecordError(_("Nothing was changed; a correction needs a change."))
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    for name, value in snapshot(page).items():
        setattr(filed, name, value)
    filed.save()
    _mirror_on_item(filed, page, user)
    correction = Correction.objects.create(
        filed_record=filed,
        revision=revision,
        changed_fields=changed,
        reason=reason,
        corrected_by=user,
    )
    log(instance=page, action="retention.correct", user=user, data={"reason": reason})
    return correction
