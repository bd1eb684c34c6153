"""The registers as tables ready for ``retention.exports``: which rows, in which order."""

from __future__ import annotations

from django.db.models import QuerySet

from retention.exports import Register, classification_label, filing_catalogue, yyyymmdd
from retention.models import DestructionRegisterEntry, FiledRecord, LoanRequest

__all__ = ["destruction_register", "filing_catalogue_for", "lending_register"]


def filing_catalogue_for(fonds, **filters) -> Register:
    """归档文件目录 of a fonds, optionally one year/period/department, in 档号 order."""
    rows = FiledRecord.objects.filter(fonds=fonds, **filters).order_by(
        "year", "retention_period", "department_code", "item_number"
    )
    return filing_catalogue(rows)


def destruction_register(entries: QuerySet | None = None) -> Register:
    """销毁清册 with its prescribed columns, plus approvers, supervisors and date."""
    entries = DestructionRegisterEntry.objects.all() if entries is None else entries
    rows = [
        [
            serial,
            e.title,
            e.year,
            e.archival_code,
            e.get_retention_period_display(),
            e.years_kept,
            e.page_count if e.page_count is not None else "",
            e.remarks,
            e.approvers,
            e.supervisors,
            yyyymmdd(e.destroyed_at),
        ]
        for serial, e in enumerate(entries.order_by("destroyed_at", "pk"), start=1)
    ]
    return Register(
        "销毁清册",
        [
            "序号",
            "题名",
            "年度",
            "档号",
            "应保管期限",
            "已保管期限",
            "页数",
            "备注",
            "批准人",
            "监销人",
            "销毁日期",
        ],
        rows,
        [8, 60, 10, 40, 16, 12, 8, 20, 24, 24, 16],
    )


def lending_register(loans: QuerySet | None = None, *, shown: set[int] | None = None) -> Register:
    """借阅登记簿: one line per record lent.

    ``shown``: ids of the filed records whose title and 密级 the reader may see
    (``retention.selectors.lent_records_shown_to``); the others keep only their 档号, as
    on the page. ``None`` names every record (for callers that are not a reader).
    """
    loans = LoanRequest.objects.all() if loans is None else loans
    rows = []
    for loan in loans.order_by("checked_out_at", "pk").prefetch_related("items__filed_record"):
        for item in loan.items.all():
            filed = item.filed_record
            named = shown is None or filed.pk in shown
            rows.append(
                [
                    len(rows) + 1,
                    yyyymmdd(loan.checked_out_at),
                    loan.borrower.get_full_name() or loan.borrower.get_username(),
                    loan.borrower_unit,
                    filed.archival_code,
                    filed.title if named else "",
                    classification_label(filed.classification) if named else "",
                    loan.purpose,
                    loan.get_form_display(),
                    _name(loan.approver),
                    yyyymmdd(loan.due_at),
                    yyyymmdd(loan.returned_at),
                    _name(loan.handled_by),
                    loan.remarks,
                ]
            )
    return Register(
        "借阅登记簿",
        [
            "序号",
            "借阅日期",
            "借阅人",
            "单位",
            "档号",
            "题名",
            "密级",
            "利用目的",
            "利用方式",
            "批准人",
            "应还日期",
            "实还日期",
            "经办人",
            "备注",
        ],
        rows,
        [8, 16, 16, 24, 40, 50, 10, 30, 16, 16, 16, 16, 16, 20],
    )


def _name(user) -> str:
    return "" if user is None else user.get_full_name() or user.get_username()
