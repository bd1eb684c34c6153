"""Borrowing and every register export write the access log: a loan's request, check-out
and return name the records borrowed; an export names every record it lists."""

from __future__ import annotations

import pytest

from repository.models import AccessAction, AccessLogEntry, Classification
from repository.services.access_log import verify_chain
from retention.models import LoanRequest
from retention.services.filing import file_record
from tests.retention.admin_support import staff

pytestmark = pytest.mark.django_db
A = AccessAction


@pytest.fixture
def filed(make_record, fonds, archivist):
    public = make_record(title="内部通知", classification=Classification.INTERNAL)
    secret = make_record(title="秘密方案", classification=Classification.CONFIDENTIAL)
    return (
        file_record(public, fonds=fonds, period="Y", user=archivist),
        file_record(secret, fonds=fonds, period="Y", user=archivist),
    )


@pytest.fixture
def people(branch, fonds):
    pages = [branch, fonds]
    return dict(
        clerk=staff(pages=pages, clearance=Classification.CONFIDENTIAL, username="clerk"),
        approver=staff("approve_loan", "approve_sensitive_loan", pages=pages, username="ap"),
        keeper=staff("view_all_loans", "handle_loans", pages=pages, username="keeper"),
    )


def lines(action) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(action=action).order_by("seq"))


def test_request_check_out_and_return_are_logged(filed, people, client):
    client.force_login(people["clerk"])
    records = {"records": [f.pk for f in filed], "purpose": "编写年鉴", "form": "physical"}
    assert client.post("/admin/retention/loans/new/", records).status_code == 302
    loan = LoanRequest.objects.get()
    base = f"/admin/retention/loans/{loan.pk}"
    client.force_login(people["approver"])
    client.post(f"{base}/approve/", {"note": "同意"})
    client.force_login(people["keeper"])
    client.post(f"{base}/checkout/", {"days": 10})
    client.post(f"{base}/return/", {"condition": ""})  # refused: the condition is missing
    client.post(f"{base}/return/", {"condition": "完好"})

    [request] = lines(A.LOAN_REQUEST)
    [checkout] = lines(A.LOAN_CHECKOUT)
    [returned] = lines(A.LOAN_RETURN)  # the refused return wrote nothing
    items = {f.item_id for f in filed}
    for line, user in ((request, "clerk"), (checkout, "keeper"), (returned, "keeper")):
        assert line.username == user and line.detail == {"loan": loan.pk}
        assert {int(i) for i in line.record_ids.strip(",").split(",")} == items
        assert line.classification == Classification.CONFIDENTIAL
    # Approving is a decision, not a read: not in the access log.
    assert AccessLogEntry.objects.count() == 3
    assert verify_chain().intact


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/admin/retention/catalogue/", "filing-catalogue"),
        ("/admin/retention/loans/", "lending-register"),
        ("/admin/retention/destruction-register/", "destruction-register"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_every_register_export_is_logged(filed, people, client, url, name, fmt, settings):
    if fmt == "pdf":
        pytest.importorskip("fpdf")
        from pathlib import Path

        from retention.exports import DEFAULT_CJK_FONT

        if not Path(getattr(settings, "WENSHU_CJK_FONT", DEFAULT_CJK_FONT)).exists():
            pytest.skip("no CJK font for the PDF")
    loan = LoanRequest.objects.create(borrower=people["clerk"], purpose="核对", form="reading")
    loan.items.create(filed_record=filed[0])
    user = staff(
        "view_all_loans",
        "view_destructionregisterentry",
        pages=[filed[0].item.get_parent().get_parent(), filed[0].fonds],
        username="auditor",
    )
    client.force_login(user)
    response = client.get(url, {"format": fmt})
    assert response.status_code == 200
    [line] = lines(A.EXPORT)
    assert line.detail == {"export": name, "format": fmt} and line.username == "auditor"
    if name == "filing-catalogue":
        listed = {int(i) for i in line.record_ids.strip(",").split(",")}
        assert listed == {f.item_id for f in filed}
    if name == "lending-register":
        assert line.record_id == filed[0].item_id


def test_an_unknown_format_is_not_an_export(filed, people, client):
    client.force_login(people["keeper"])
    assert client.get("/admin/retention/loans/", {"format": "exe"}).status_code == 404
    assert not AccessLogEntry.objects.exists()
