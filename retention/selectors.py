"""Read-side queries of retention that apply the repository's visibility rule.

One place decides which filed records (and so which titles) a user may see, so the web
pages and the files exported from them can never disagree: the lending register page and
its csv/xlsx/PDF withhold the same titles.
"""

from __future__ import annotations

from collections.abc import Iterable

from repository.selectors import visible_pages_for
from retention.models import FiledRecord


def visible_filed(user, filed_records=None):
    """Filed records whose archive item the user may see (the repository's visibility rule)."""
    filed_records = FiledRecord.objects.all() if filed_records is None else filed_records
    return filed_records.filter(item_id__in=visible_pages_for(user).values("pk"))


def visible_filed_ids(user, filed_ids: Iterable[int] | None = None) -> set[int]:
    """Ids among ``filed_ids`` (default: all) of the filed records ``user`` may see."""
    rows = FiledRecord.objects.all()
    if filed_ids is not None:
        rows = rows.filter(pk__in=list(filed_ids))
    return set(visible_filed(user, rows).values_list("pk", flat=True))


def lent_records_shown_to(user, loans) -> set[int]:
    """Which of the records lent in ``loans`` may be named to ``user`` (title, 密级):
    others appear by 档号 only, on the page and in the register alike."""
    lent = {item.filed_record_id for loan in loans for item in loan.items.all()}
    return visible_filed_ids(user, lent)
