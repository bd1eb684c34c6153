"""Back office, lending: requests from what the borrower may see, the approvals queue with
the classification rules, check-out/renew/return by archivists, and who sees which loans."""

from __future__ import annotations

import pytest

from repository.models import Classification
from retention.models import LoanRequest
from retention.services.filing import file_record
from tests.retention.admin_support import messages_of, staff

pytestmark = pytest.mark.django_db
S = LoanRequest.Status


@pytest.fixture
def filed(make_record, fonds, archivist):
    public = make_record(title="内部通知", classification=Classification.INTERNAL)
    secret = make_record(title="机密方案", classification=Classification.SECRET)
    return (
        file_record(public, fonds=fonds, period="Y", user=archivist),
        file_record(secret, fonds=fonds, period="Y", user=archivist),
    )


@pytest.fixture
def people(branch, fonds):
    pages = [branch, fonds]
    return dict(
        clerk=staff(pages=pages, clearance=Classification.INTERNAL, username="clerk"),
        other=staff(pages=pages, clearance=Classification.INTERNAL, username="other"),
        approver=staff("approve_loan", pages=pages, username="approver"),
        keeper=staff("view_all_loans", "handle_loans", pages=pages, username="keeper"),
    )


def _request(client, user, filed, **data):
    client.force_login(user)
    return client.post(
        "/admin/retention/loans/new/",
        {"records": [filed.pk], "purpose": "编写年鉴", "form": "physical", **data},
    )


def test_borrower_chooses_only_records_they_may_see(filed, people, client):
    public, secret = filed
    client.force_login(people["clerk"])
    form = client.get("/admin/retention/loans/new/").content.decode()
    assert "内部通知" in form and "机密方案" not in form
    response = _request(client, people["clerk"], secret)
    assert response.status_code == 200 and not LoanRequest.objects.exists()
    assert _request(client, people["clerk"], public).status_code == 302
    loan = LoanRequest.objects.get()
    assert (loan.borrower, loan.form, loan.status) == (people["clerk"], "physical", S.REQUESTED)


def test_full_life_of_a_loan(filed, people, client):
    _request(client, people["clerk"], filed[0])
    loan = LoanRequest.objects.get()
    base = f"/admin/retention/loans/{loan.pk}"
    client.force_login(people["clerk"])
    assert client.post(f"{base}/checkout/").url == "/admin/"  # not an archivist

    client.force_login(people["approver"])
    assert "编写年鉴" in client.get("/admin/retention/loans/approvals/").content.decode()
    client.post(f"{base}/approve/", {"note": "同意"})
    loan.refresh_from_db()
    assert (loan.status, loan.approver) == (S.APPROVED, people["approver"])

    client.force_login(people["keeper"])
    client.post(f"{base}/checkout/", {"days": 10})
    client.post(f"{base}/renew/", {"days": 5})
    loan.refresh_from_db()
    assert (loan.status, loan.renewals) == (S.CHECKED_OUT, 1)
    response = client.post(f"{base}/return/", {"condition": ""})
    assert messages_of(response, "error")  # a physical return notes the condition
    client.post(f"{base}/return/", {"condition": "完好"})
    loan.refresh_from_db()
    assert (loan.status, loan.return_condition) == (S.RETURNED, "完好")


def test_classified_records_need_the_higher_approver(filed, people, client, make_record):
    chief = staff(pages=[], clearance=Classification.SECRET)
    loan = LoanRequest.objects.create(borrower=chief, purpose="核对", form="reading")
    loan.items.create(filed_record=filed[1])
    client.force_login(people["approver"])
    response = client.post(f"/admin/retention/loans/{loan.pk}/approve/")
    assert messages_of(response, "error")
    loan.refresh_from_db()
    assert loan.status == S.REQUESTED
    client.post(f"/admin/retention/loans/{loan.pk}/refuse/", {"reason": "请改为复制件"})
    loan.refresh_from_db()
    assert (loan.status, loan.decision_note) == (S.REFUSED, "请改为复制件")


def test_others_see_only_their_own_loans_and_archivists_all(filed, people, client):
    _request(client, people["clerk"], filed[0], purpose="甲的目的")
    loan = LoanRequest.objects.get()
    client.force_login(people["other"])
    assert "甲的目的" not in client.get("/admin/retention/loans/").content.decode()
    assert client.get(f"/admin/retention/loans/{loan.pk}/").status_code == 404
    client.force_login(people["clerk"])
    assert "内部通知" in client.get("/admin/retention/loans/").content.decode()
    client.force_login(people["keeper"])
    assert (
        f"/admin/retention/loans/{loan.pk}/"
        in client.get("/admin/retention/loans/").content.decode()
    )
    csv = client.get("/admin/retention/loans/?format=csv").content.decode("utf-8-sig")
    assert filed[0].archival_code in csv and "甲的目的" in csv


def test_requested_days_from_request_to_check_out(filed, people, client, settings):
    settings.WENSHU_LOAN_DEFAULT_DAYS, settings.WENSHU_LOAN_MAX_DAYS = 21, 60
    client.force_login(people["clerk"])
    form = client.get("/admin/retention/loans/new/").content.decode()
    assert 'name="days"' in form and 'value="21"' in form and 'max="60"' in form
    response = _request(client, people["clerk"], filed[0], days=61)
    assert response.status_code == 200 and not LoanRequest.objects.exists()
    _request(client, people["clerk"], filed[0], days=14)
    loan = LoanRequest.objects.get()
    assert loan.requested_days == 14
    base = f"/admin/retention/loans/{loan.pk}"

    client.force_login(people["approver"])
    queue = client.get("/admin/retention/loans/approvals/").content.decode()
    assert "<td>14</td>" in queue
    detail = client.get(f"{base}/").content.decode()
    assert 'name="days" value="14"' in detail and 'max="14"' in detail
    response = client.post(f"{base}/approve/", {"days": 20})
    assert messages_of(response, "error")
    loan.refresh_from_db()
    assert loan.status == S.REQUESTED
    client.post(f"{base}/approve/", {"days": 7})
    loan.refresh_from_db()
    assert (loan.status, loan.approved_days) == (S.APPROVED, 7)

    client.force_login(people["keeper"])
    assert 'name="days" value="7"' in client.get(f"{base}/").content.decode()
    client.post(f"{base}/checkout/", {"days": ""})
    loan.refresh_from_db()
    assert (loan.due_at - loan.checked_out_at).days == 7
