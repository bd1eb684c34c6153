"""Domain permissions: each archive action is allowed by the permission named for it and
refused without it — by the service itself, not only by the view — and the demo archivist
holds every one of them."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from repository.models import Classification
from repository.services.demo import ROLE_PERMISSIONS, grant_role_permissions
from retention.errors import NotPermittedError
from retention.models import Appraisal, FiledRecord, Hold, LoanRequest
from retention.services.disposition import appraise, approve_destruction, destroy_record
from retention.services.filing import correct_filed_record, file_record, file_records
from retention.services.holds import lift_hold, place_hold
from retention.services.lending import (
    approve_loan,
    check_out,
    refuse_loan,
    renew_loan,
    request_loan,
    return_loan,
)
from tests.factories import UserFactory
from tests.retention.admin_support import messages_of, staff
from tests.retention.factories import user_with

pytestmark = pytest.mark.django_db

DOMAIN = [
    "file_records",
    "correct_filed_records",
    "view_retention_history",
    "place_holds",
    "lift_holds",
    "appraise_records",
    "approve_destruction",
    "carry_out_destruction",
    "approve_loan",
    "approve_sensitive_loan",
    "handle_loans",
    "view_all_loans",
]


def test_domain_permissions_exist_with_translatable_names():
    from django.utils import translation

    names = dict(
        Permission.objects.filter(
            content_type__app_label="retention", codename__in=DOMAIN
        ).values_list("codename", "name")
    )
    assert set(names) == set(DOMAIN)
    from retention.models import FiledRecord as model

    declared = dict(model._meta.permissions)
    with translation.override("en"):
        assert str(declared["file_records"]) == "Can file records into the archive (归档)"


def test_demo_archivist_holds_every_domain_permission():
    archivist = UserFactory()
    grant_role_permissions(archivist, ROLE_PERMISSIONS["archivist"])
    for codename in DOMAIN:
        assert archivist.has_perm(f"retention.{codename}"), codename
    assert archivist.has_perm("retention.change_retentionrule")  # edits the schedule
    editor = UserFactory()
    grant_role_permissions(editor, ROLE_PERMISSIONS["editor"])
    assert not any(editor.has_perm(f"retention.{codename}") for codename in DOMAIN)


def test_filing_and_correcting_need_their_permissions(make_record, fonds):
    record = make_record(title="原题名")
    nobody = UserFactory(clearance=Classification.TOP_SECRET)
    with pytest.raises(NotPermittedError):
        file_record(record, fonds=fonds, period="Y", user=nobody)
    with pytest.raises(NotPermittedError):
        file_records([record], fonds=fonds, period="Y", user=nobody)
    assert not FiledRecord.objects.exists()

    filer = user_with("file_records")
    file_record(record, fonds=fonds, period="Y", user=filer)
    with pytest.raises(NotPermittedError):  # filing does not carry the right to correct
        correct_filed_record(record, user=filer, reason="错字", changes={"title": "新题名"})
    correct_filed_record(
        record, user=user_with("correct_filed_records"), reason="错字", changes={"title": "新"}
    )
    assert FiledRecord.objects.get().title == "新"


def test_placing_and_lifting_holds_are_separate_rights(make_record):
    record = make_record()
    with pytest.raises(NotPermittedError):
        place_hold(record, reason="审计", user=user_with("lift_holds"))
    hold = place_hold(record, reason="审计", user=user_with("place_holds"))
    with pytest.raises(NotPermittedError):
        lift_hold(hold, user=user_with("place_holds"), reason="结束")
    lift_hold(hold, user=user_with("lift_holds"), reason="结束")
    assert not Hold.objects.active().exists()


def test_disposition_steps_need_their_permissions(make_record, fonds, archivist):
    record = make_record(year=2010, date_written=date(2010, 5, 1))
    filed = file_record(record, fonds=fonds, period="D10", user=archivist)
    with pytest.raises(NotPermittedError):
        appraise(filed, decision="destroy", reasons="期满", user=user_with("approve_destruction"))
    appraisal = appraise(filed, decision="destroy", reasons="期满", user=archivist)
    for name in ("甲", "乙"):
        approve_destruction(appraisal, approver=user_with("approve_destruction", first_name=name))
    with pytest.raises(NotPermittedError):
        destroy_record(
            appraisal, user=user_with("approve_destruction"), supervisors=["张三", "李四"]
        )
    assert Appraisal.objects.get().status == Appraisal.Status.APPROVED
    destroy_record(appraisal, user=user_with("carry_out_destruction"), supervisors=["张三", "李四"])
    assert FiledRecord.objects.get().status == FiledRecord.Status.DESTROYED


def test_loan_steps_need_their_permissions(make_record, fonds, archivist):
    filed = file_record(make_record(), fonds=fonds, period="Y", user=archivist)
    clerk = UserFactory(clearance=Classification.INTERNAL)
    loan = request_loan(borrower=clerk, records=[filed], purpose="编史", form="physical")
    with pytest.raises(NotPermittedError):
        refuse_loan(loan, approver=user_with("handle_loans"), reason="不")
    approve_loan(loan, approver=user_with("approve_loan"))
    approver_only = user_with("approve_loan")
    with pytest.raises(NotPermittedError):
        check_out(loan, handled_by=approver_only)
    loan = check_out(loan, handled_by=archivist)
    with pytest.raises(NotPermittedError):
        renew_loan(loan, user=clerk)
    with pytest.raises(NotPermittedError):
        return_loan(loan, received_by=clerk, condition="完好")
    loan = return_loan(loan, received_by=archivist, condition="完好")
    assert loan.status == LoanRequest.Status.RETURNED


def test_admin_checks_the_domain_permissions(make_record, fonds, branch, client):
    """The old model permissions no longer open the archive's pages."""
    record = make_record()
    old = staff("add_filedrecord", "add_hold", "add_appraisal", pages=[branch, fonds])
    client.force_login(old)
    for url in (
        f"/admin/retention/pages/{record.pk}/file/",
        "/admin/retention/due/",
    ):
        assert client.get(url).url == "/admin/", url
    client.post(f"/admin/retention/pages/{record.pk}/holds/", {"reason": "审计"})
    assert not Hold.objects.exists()

    client.force_login(
        staff("file_records", "place_holds", "appraise_records", pages=[branch, fonds])
    )
    assert client.get(f"/admin/retention/pages/{record.pk}/file/").status_code == 200
    assert client.get("/admin/retention/due/").status_code == 200
    response = client.post(f"/admin/retention/pages/{record.pk}/holds/", {"reason": "审计"})
    assert response.status_code == 302 and Hold.objects.count() == 1
    assert not messages_of(response, "error")
