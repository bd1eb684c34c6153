"""Back office, disposition: the due report, appraisal, two different approvers, the
destruction under two supervisors, and the destruction register with its export."""

from __future__ import annotations

from datetime import date

import pytest

from retention.models import Appraisal, DestructionRegisterEntry, FiledRecord
from retention.services.filing import file_record
from tests.retention.admin_support import messages_of, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(make_record, fonds, archivist):
    record = make_record(title="2010年值班表", year=2010, date_written=date(2010, 5, 1))
    return file_record(record, fonds=fonds, period="D10", user=archivist)


@pytest.fixture
def team(branch, fonds):
    pages = [branch, fonds]
    return dict(
        appraiser=staff(
            "appraise_records",
            "carry_out_destruction",
            "view_destructionregisterentry",
            pages=pages,
        ),
        leader1=staff("approve_destruction", pages=pages, first_name="王明"),
        leader2=staff("approve_destruction", pages=pages, first_name="李华"),
    )


def test_due_report_and_extension(due, team, client):
    client.force_login(team["appraiser"])
    assert due.archival_code in client.get("/admin/retention/due/").content.decode()
    response = client.post(
        f"/admin/retention/filed/{due.pk}/appraise/",
        {"decision": "extend", "new_period": "D30", "reasons": "仍有查考价值"},
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.retention_period == "D30"
    assert (
        f"<td>{due.archival_code}</td>" not in client.get("/admin/retention/due/").content.decode()
    )


def test_appraisal_refusal_is_shown(due, team, client):
    client.force_login(team["appraiser"])
    response = client.post(
        f"/admin/retention/filed/{due.pk}/appraise/",
        {"decision": "extend", "new_period": "D10", "reasons": "x"},
    )
    assert response.status_code == 200 and messages_of(response, "error")
    assert not Appraisal.objects.exists()


def test_destruction_needs_two_approvers_and_two_supervisors(due, team, client):
    client.force_login(team["appraiser"])
    client.post(
        f"/admin/retention/filed/{due.pk}/appraise/",
        {"decision": "destroy", "reasons": "期满无保存价值"},
    )
    appraisal = Appraisal.objects.get()
    assert appraisal.status == Appraisal.Status.AWAITING_APPROVAL
    assert client.post(f"/admin/retention/appraisals/{appraisal.pk}/approve/").url == "/admin/"

    client.force_login(team["leader1"])
    assert due.archival_code in client.get("/admin/retention/appraisals/").content.decode()
    client.post(f"/admin/retention/appraisals/{appraisal.pk}/approve/", {"comment": "同意"})
    response = client.post(f"/admin/retention/appraisals/{appraisal.pk}/approve/")
    assert messages_of(response, "error")  # the same approver twice
    appraisal.refresh_from_db()
    assert appraisal.status == Appraisal.Status.AWAITING_APPROVAL

    client.force_login(team["appraiser"])
    url = f"/admin/retention/appraisals/{appraisal.pk}/destroy/"
    assert client.get(url).status_code == 404  # not approved yet: not open for destruction
    client.force_login(team["leader2"])
    client.post(f"/admin/retention/appraisals/{appraisal.pk}/approve/")
    appraisal.refresh_from_db()
    assert appraisal.status == Appraisal.Status.APPROVED

    client.force_login(team["appraiser"])
    response = client.post(url, {"supervisors": "张三"})
    assert response.status_code == 200 and messages_of(response, "error")
    assert not DestructionRegisterEntry.objects.exists()
    response = client.post(url, {"supervisors": "张三\n李四", "remarks": "碎纸"})
    assert response.status_code == 302
    entry = DestructionRegisterEntry.objects.get()
    assert entry.supervisors == "张三、李四" and entry.approvers == "王明、李华"
    assert FiledRecord.objects.get(pk=due.pk).status == FiledRecord.Status.DESTROYED
    html = client.get("/admin/retention/destruction-register/").content.decode()
    assert due.archival_code in html
    csv = client.get("/admin/retention/destruction-register/?format=csv")
    assert "张三、李四" in csv.content.decode("utf-8-sig")


def test_disposition_pages_need_their_permissions(due, branch, fonds, client):
    client.force_login(staff(pages=[branch, fonds]))
    for url in (
        "/admin/retention/due/",
        f"/admin/retention/filed/{due.pk}/appraise/",
        "/admin/retention/appraisals/",
        "/admin/retention/destruction-register/",
    ):
        assert client.get(url).url == "/admin/", url
