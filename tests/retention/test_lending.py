"""Lending (借阅): approvals by classification, checkout and due dates, renewals with a
limit, returns, electronic access expiring on its own, overdue reminders, the register,
and who sees which loans."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from openpyxl import load_workbook

from repository.models import Classification
from retention.errors import LendingError, NotPermittedError
from retention.exports import to_xlsx
from retention.models import LoanRequest
from retention.registers import lending_register
from retention.services.filing import file_record
from retention.services.lending import (
    approve_loan,
    check_out,
    has_electronic_access,
    loans_visible_to,
    refuse_loan,
    renew_loan,
    request_loan,
    return_loan,
)
from tests.factories import UserFactory
from tests.retention.factories import user_with

pytestmark = pytest.mark.django_db
S = LoanRequest.Status
START = datetime(2026, 5, 4, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def filed(make_record, fonds, archivist):
    public = make_record(title="内部通知", classification=Classification.INTERNAL)
    secret = make_record(title="机密方案", classification=Classification.SECRET)
    return (
        file_record(public, fonds=fonds, period="Y", user=archivist),
        file_record(secret, fonds=fonds, period="Y", user=archivist),
    )


@pytest.fixture
def people():
    return dict(
        clerk=UserFactory(username="clerk", email="clerk@example.gov.cn", clearance=1),
        chief=UserFactory(username="chief", email="chief@example.gov.cn", clearance=3),
        approver=user_with("approve_loan", username="approver"),
        leader=user_with("approve_sensitive_loan", username="leader"),
        archivist=user_with("view_all_loans", "handle_loans", username="keeper"),
    )


def test_ordinary_records_need_an_approver(filed, people):
    loan = request_loan(
        borrower=people["clerk"], records=[filed[0]], purpose="编史", form="reading"
    )
    with pytest.raises(LendingError):
        approve_loan(loan, approver=people["clerk"])
    with pytest.raises(NotPermittedError):
        approve_loan(loan, approver=UserFactory())
    approve_loan(loan, approver=people["approver"])
    assert LoanRequest.objects.get(pk=loan.pk).status == S.APPROVED


def test_classified_records_and_originals_need_the_higher_approver(filed, people):
    secret = request_loan(
        borrower=people["chief"], records=[filed[1]], purpose="查考", form="reading"
    )
    with pytest.raises(LendingError):
        approve_loan(secret, approver=people["approver"])
    approve_loan(secret, approver=people["leader"])

    original = request_loan(
        borrower=people["clerk"],
        records=[filed[0]],
        purpose="展览",
        form="physical",
        originals=True,
    )
    with pytest.raises(LendingError):
        approve_loan(original, approver=people["approver"])
    approve_loan(original, approver=people["leader"])


def test_borrower_needs_clearance_for_every_record(filed, people):
    loan = request_loan(borrower=people["clerk"], records=filed, purpose="查考", form="reading")
    with pytest.raises(LendingError):
        approve_loan(loan, approver=people["leader"])


def test_classified_originals_go_out_only_when_explicitly_allowed(filed, people):
    loan = request_loan(
        borrower=people["chief"],
        records=[filed[1]],
        purpose="庭审",
        form="physical",
        originals=True,
    )
    with pytest.raises(LendingError):
        approve_loan(loan, approver=people["leader"])
    approve_loan(loan, approver=people["leader"], allow_classified_original=True, note="法院调取")
    loan.refresh_from_db()
    assert loan.classified_original_allowed and loan.status == S.APPROVED
    refused = request_loan(borrower=people["chief"], records=[filed[1]], purpose="x", form="copy")
    refuse_loan(refused, approver=people["leader"], reason="不予复制")
    assert LoanRequest.objects.get(pk=refused.pk).status == S.REFUSED


def test_checkout_renewals_and_return(filed, people, settings):
    settings.WENSHU_LOAN_MAX_RENEWALS = 1
    loan = request_loan(
        borrower=people["clerk"], records=[filed[0]], purpose="编史", form="physical"
    )
    approve_loan(loan, approver=people["approver"])
    with time_machine.travel(START, tick=False):
        loan = check_out(loan, handled_by=people["archivist"])
        assert loan.due_at == START + timedelta(days=30)
        with pytest.raises(NotPermittedError):  # the borrower asks, the archivist renews
            renew_loan(loan, user=people["clerk"])
        loan = renew_loan(loan, user=people["archivist"])
        assert loan.due_at == START + timedelta(days=60)
        with pytest.raises(LendingError):
            renew_loan(loan, user=people["archivist"])
        with pytest.raises(LendingError):
            return_loan(loan, received_by=people["archivist"], condition=" ")
        loan = return_loan(loan, received_by=people["archivist"], condition="完好")
    assert (loan.status, loan.return_condition) == (S.RETURNED, "完好")
    assert loan.history.count() >= 5


def test_electronic_access_expires_at_the_due_time(filed, people):
    loan = request_loan(
        borrower=people["clerk"], records=[filed[0]], purpose="查考", form="electronic"
    )
    approve_loan(loan, approver=people["approver"])
    record = filed[0].record
    with time_machine.travel(START, tick=False):
        assert not has_electronic_access(people["clerk"], record)
        check_out(loan, handled_by=people["archivist"], days=7)
        assert has_electronic_access(people["clerk"], record)
        assert not has_electronic_access(people["chief"], record)
    with time_machine.travel(START + timedelta(days=7, seconds=-1), tick=False):
        assert has_electronic_access(people["clerk"], record)
    with time_machine.travel(START + timedelta(days=7), tick=False):
        assert not has_electronic_access(people["clerk"], record)
        call_command("loans", "remind", stdout=StringIO())
    assert LoanRequest.objects.get(pk=loan.pk).status == S.EXPIRED


def test_overdue_loans_are_reminded_once_a_day(filed, people):
    loan = request_loan(
        borrower=people["clerk"], records=[filed[0]], purpose="编史", form="physical"
    )
    approve_loan(loan, approver=people["approver"])
    with time_machine.travel(START, tick=False):
        check_out(loan, handled_by=people["archivist"])
    with time_machine.travel(START + timedelta(days=29), tick=False):
        call_command("loans", "remind", stdout=StringIO())
        assert mail.outbox == []
    with time_machine.travel(START + timedelta(days=31), tick=False):
        call_command("loans", "remind", stdout=StringIO())
        call_command("loans", "remind", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["clerk@example.gov.cn"]
    assert filed[0].archival_code in mail.outbox[0].body


def test_archivists_see_all_loans_others_only_their_own(filed, people):
    mine = request_loan(borrower=people["clerk"], records=[filed[0]], purpose="a", form="reading")
    theirs = request_loan(borrower=people["chief"], records=[filed[1]], purpose="b", form="reading")
    assert list(loans_visible_to(people["clerk"])) == [mine]
    assert set(loans_visible_to(people["archivist"])) == {mine, theirs}


def test_lending_register_lists_each_record_lent(filed, people):
    loan = request_loan(
        borrower=people["chief"], records=filed, purpose="编史", form="reading", unit="办公室"
    )
    approve_loan(loan, approver=people["leader"])
    check_out(loan, handled_by=people["archivist"])
    sheet = load_workbook(io.BytesIO(to_xlsx(lending_register()))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["序号", "借阅日期", "借阅人", "单位", "档号"]
    assert [r[4] for r in rows[1:]] == [f.archival_code for f in filed]
    assert rows[2][6] == "机密" and rows[1][9] == "leader"


def test_a_request_names_its_days_by_default_the_configured_period(filed, people, settings):
    settings.WENSHU_LOAN_DEFAULT_DAYS, settings.WENSHU_LOAN_MAX_DAYS = 20, 45
    clerk, record = people["clerk"], [filed[0]]
    loan = request_loan(borrower=clerk, records=record, purpose="编史", form="reading")
    assert loan.requested_days == 20
    assert (
        request_loan(
            borrower=clerk, records=record, purpose="编史", form="reading", days=45
        ).requested_days
        == 45
    )
    for days in (0, 46):
        with pytest.raises(LendingError):
            request_loan(borrower=clerk, records=record, purpose="编史", form="reading", days=days)
    assert LoanRequest.objects.count() == 2
    settings.WENSHU_LOAN_DEFAULT_DAYS = 60  # a default above the maximum is capped
    assert (
        request_loan(borrower=clerk, records=record, purpose="编史", form="reading").requested_days
        == 45
    )


def test_the_approver_may_shorten_the_period_and_check_out_uses_it(filed, people):
    def approved(days_requested, **approval):
        loan = request_loan(
            borrower=people["clerk"],
            records=[filed[0]],
            purpose="编史",
            form="physical",
            days=days_requested,
        )
        return approve_loan(loan, approver=people["approver"], **approval)

    loan = request_loan(
        borrower=people["clerk"], records=[filed[0]], purpose="编史", form="physical", days=14
    )
    with pytest.raises(LendingError):
        approve_loan(loan, approver=people["approver"], days=15)
    assert LoanRequest.objects.get(pk=loan.pk).status == S.REQUESTED
    loan = approve_loan(loan, approver=people["approver"], days=10)
    assert (loan.requested_days, loan.approved_days) == (14, 10)
    with time_machine.travel(START, tick=False):
        with pytest.raises(LendingError):
            check_out(loan, handled_by=people["archivist"], days=11)
        loan = check_out(loan, handled_by=people["archivist"])
        assert loan.due_at == START + timedelta(days=10)

        unchanged = check_out(approved(14), handled_by=people["archivist"])
        assert unchanged.due_at == START + timedelta(days=14)
        shorter = check_out(approved(14), handled_by=people["archivist"], days=3)
        assert shorter.due_at == START + timedelta(days=3)
