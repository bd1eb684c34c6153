"""Back office, a filed record: its filing page, the correction form (a new revision with its
reason, seen in the record's history), and the history of retention and lending records —
visible to archivists, and nobody sees another person's loans."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from repository.models import ArchiveItemPage, Classification
from retention.models import Correction, FiledRecord, LoanRequest
from retention.services.filing import correct_filed_record, correctable_fields, file_record
from retention.services.holds import place_hold
from retention.services.lending import request_loan
from tests.factories import grant
from tests.retention.admin_support import messages_of, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(make_record, fonds, archivist):
    record = make_record(title="关于做好值班工作的通知", keywords="值班")
    return file_record(record, fonds=fonds, period="D30", user=archivist)


@pytest.fixture
def corrector(branch, fonds):
    return staff(
        "correct_filed_records",
        "view_retention_history",
        pages=[branch, fonds],
        username="corrector",
    )


def _form_data(client, url) -> dict:
    """The correction form as the browser would send it back unchanged."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = field.widget.format_value(form[name].value())  # rich text: the editor's JSON
        if value is not None and value is not False:
            data[name] = value
    return data


def test_the_form_corrects_what_changed_and_keeps_the_reason(filed, corrector, client, branch):
    record = filed.record.specific
    revisions = record.revisions.count()
    client.force_login(corrector)
    url = f"/admin/retention/filed/{filed.pk}/correct/"
    data = _form_data(client, url)
    assert data["title"] == "关于做好值班工作的通知"

    data["title"] = "关于做好节假日值班工作的通知"
    response = client.post(url, {**data, "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert not Correction.objects.exists()

    response = client.post(url, {**data, "reason": "题名漏字"})
    assert response.status_code == 302 and response.url == f"/admin/retention/filed/{filed.pk}/"
    correction = Correction.objects.get()
    assert correction.reason == "题名漏字" and correction.corrected_by == corrector
    assert correction.changed_fields == {
        "title": ["关于做好值班工作的通知", "关于做好节假日值班工作的通知"]
    }  # only what changed, though the whole form was sent
    record.refresh_from_db()
    assert record.title == "关于做好节假日值班工作的通知"
    assert record.revisions.count() == revisions + 1
    assert ArchiveItemPage.objects.get(pk=filed.item_id).title == record.title
    page = client.get(f"/admin/retention/filed/{filed.pk}/").content.decode()
    assert "题名漏字" in page and f"/revisions/{correction.revision_id}/view/" in page
    grant(corrector.groups.first(), branch, "change_page")  # Wagtail shows history to editors
    history = client.get(f"/admin/pages/{record.pk}/history/").content.decode()
    assert "题名漏字" in history  # the page's own history shows the reason as its comment


def test_an_unchanged_form_records_nothing(filed, corrector, client):
    client.force_login(corrector)
    url = f"/admin/retention/filed/{filed.pk}/correct/"
    response = client.post(url, {**_form_data(client, url), "reason": "核对"})
    assert response.status_code == 200 and messages_of(response, "error")
    assert not Correction.objects.exists()


def test_year_department_and_tree_fields_are_not_correctable(filed):
    fields = correctable_fields(type(filed.record.specific))
    assert "title" in fields and "keywords" in fields and "body" in fields
    for name in ("year", "department", "path", "slug", "live", "effective_classification"):
        assert name not in fields, name


def test_correcting_needs_the_permission(filed, branch, fonds, client):
    client.force_login(staff("file_records", pages=[branch, fonds]))
    url = f"/admin/retention/filed/{filed.pk}/correct/"
    assert client.get(url).url == "/admin/"
    client.post(url, {"title": "改", "reason": "x"})
    assert not Correction.objects.exists()
    page = client.get(f"/admin/retention/filed/{filed.pk}/").content.decode()
    assert url not in page  # no Correct button either


def test_the_filing_page_follows_the_visibility_rule(make_record, fonds, archivist, client, branch):
    secret = file_record(
        make_record(classification=Classification.SECRET), fonds=fonds, period="Y", user=archivist
    )
    client.force_login(
        staff("correct_filed_records", pages=[branch, fonds], clearance=Classification.INTERNAL)
    )
    assert client.get(f"/admin/retention/filed/{secret.pk}/").status_code == 404
    assert client.get(f"/admin/retention/filed/{secret.pk}/correct/").status_code == 404


def test_editing_a_filed_record_leads_to_its_filing_page(filed, corrector, branch, client):
    grant(corrector.groups.first(), branch, "change_page")
    client.force_login(corrector)
    response = client.get(f"/admin/pages/{filed.record_id}/edit/")
    assert response.status_code == 302 and response.url == f"/admin/retention/filed/{filed.pk}/"
    catalogue = client.get("/admin/retention/catalogue/").content.decode()
    assert f"/admin/retention/filed/{filed.pk}/" in catalogue


def test_archivists_see_the_history_of_retention_records(filed, corrector, archivist, client):
    hold = place_hold(filed.item, reason="审计", user=archivist)
    client.force_login(corrector)
    url = f"/admin/retention/filed/{filed.pk}/correct/"
    client.post(url, {**_form_data(client, url), "keywords": "值班 节假日", "reason": "补主题词"})
    html = client.get(f"/admin/retention/history/filedrecord/{filed.pk}/").content.decode()
    assert "Z109-WS·2026-D30-BGS-0001" in html
    assert "corrector" in html  # who changed it, recorded from the request
    assert client.get(f"/admin/retention/history/hold/{hold.pk}/").status_code == 200
    assert client.get(f"/admin/retention/history/nothing/{hold.pk}/").status_code == 404

    client.force_login(staff(pages=[Page.objects.get(pk=filed.item_id)]))  # no history right
    assert client.get(f"/admin/retention/history/filedrecord/{filed.pk}/").url == "/admin/"


def test_a_correction_changing_a_field_shows_old_and_new_in_the_history(
    filed, corrector, archivist, client
):
    correct_filed_record(filed.record, user=archivist, reason="错字", changes={"title": "新题名"})
    client.force_login(corrector)
    html = client.get(f"/admin/retention/history/filedrecord/{filed.pk}/").content.decode()
    assert "关于做好值班工作的通知 → 新题名" in html


def test_nobody_sees_another_persons_loans(filed, branch, fonds, client):
    pages = [branch, fonds]
    clerk = staff("view_retention_history", pages=pages, username="clerk", clearance=2)
    other = staff("view_retention_history", pages=pages, username="other", clearance=2)
    keeper = staff("view_all_loans", "view_retention_history", pages=pages, username="keeper")
    loan = request_loan(borrower=clerk, records=[filed], purpose="甲的目的", form="reading")

    client.force_login(other)
    for url in (
        f"/admin/retention/loans/{loan.pk}/",
        f"/admin/retention/history/loan/{loan.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for fmt in ("csv", "xlsx", "pdf"):
        export = client.get(f"/admin/retention/loans/?format={fmt}")
        assert export.status_code == 200
        assert b"clerk" not in export.content and filed.archival_code.encode() not in export.content
    filing_page = client.get(f"/admin/retention/filed/{filed.pk}/").content.decode()
    assert "甲的目的" not in filing_page and "clerk" not in filing_page
    assert f"/admin/retention/loans/{loan.pk}/" not in filing_page

    client.force_login(clerk)
    assert client.get(f"/admin/retention/history/loan/{loan.pk}/").status_code == 200
    assert "clerk" in client.get("/admin/retention/loans/?format=csv").content.decode("utf-8-sig")

    client.force_login(keeper)
    assert client.get(f"/admin/retention/history/loan/{loan.pk}/").status_code == 200
    assert (
        f"/admin/retention/loans/{loan.pk}/"
        in client.get(f"/admin/retention/filed/{filed.pk}/").content.decode()
    )
    assert LoanRequest.objects.count() == 1 and FiledRecord.objects.count() == 1
