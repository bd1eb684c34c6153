"""Back office, filing: the 归档 button and form, the bulk action on page listings, and the
filing catalogue with its filters and downloads."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from repository.models import Classification, OfficialDocumentPage
from retention.models import FiledRecord
from retention.services.filing import file_record
from retention.wagtail_hooks import FileRecordButton
from tests.factories import DepartmentPageFactory, OfficialDocumentPageFactory, grant
from tests.retention.admin_support import messages_of, staff
from tests.retention.factories import FondsPageFactory, RetentionRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filer(branch, fonds):
    return staff("file_records", pages=[branch, fonds])


def test_button_is_shown_to_filers_on_unfiled_records_only(make_record, fonds, filer, branch):
    record, filed = make_record(), make_record()
    file_record(filed, fonds=fonds, period="Y", user=filer)
    assert FileRecordButton(page=record).is_shown(filer)
    assert not FileRecordButton(page=filed).is_shown(filer)
    assert not FileRecordButton(page=branch).is_shown(filer)  # a container, not a record
    reader = staff(pages=[branch])
    assert not FileRecordButton(page=record).is_shown(reader)


def test_record_page_header_links_to_the_filing_form(make_record, filer, branch, client):
    record = make_record()
    grant(filer.groups.first(), branch, "change_page")
    client.force_login(filer)
    html = client.get(f"/admin/pages/{record.pk}/edit/").content.decode()
    assert f"/admin/retention/pages/{record.pk}/file/" in html


def test_filing_form_defaults_to_the_schedule_and_keeps_its_basis(
    make_record, fonds, filer, client
):
    RetentionRuleFactory(
        record_type=ContentType.objects.get_for_model(OfficialDocumentPage),
        period="D30",
        basis="8号令 第5条",
    )
    record = make_record(title="值班安排")
    client.force_login(filer)
    url = f"/admin/retention/pages/{record.pk}/file/"
    form_html = client.get(url).content.decode()
    assert "8号令 第5条" in form_html
    response = client.post(url, {"fonds": fonds.pk, "period": "", "page_count": 4})
    assert response.status_code == 302
    filed = FiledRecord.objects.get(record=record)
    assert filed.archival_code == "Z109-WS·2026-D30-BGS-0001"
    assert filed.retention_basis == "8号令 第5条"
    assert (filed.page_count, filed.filed_by) == (4, filer)
    assert any("Z109-WS·2026-D30-BGS-0001" in m for m in messages_of(response, "success"))


def test_filing_refusal_is_shown_and_nothing_is_filed(make_record, fonds, filer, client):
    record = make_record()  # no rule applies and no period chosen
    client.force_login(filer)
    response = client.post(f"/admin/retention/pages/{record.pk}/file/", {"fonds": fonds.pk})
    assert response.status_code == 200
    assert messages_of(response, "error")
    assert not FiledRecord.objects.exists()


def test_already_filed_records_are_not_filed_again(make_record, fonds, filer, client):
    record = make_record()
    file_record(record, fonds=fonds, period="Y", user=filer)
    client.force_login(filer)
    response = client.post(
        f"/admin/retention/pages/{record.pk}/file/", {"fonds": fonds.pk, "period": "D10"}
    )
    assert response.status_code == 302 and messages_of(response, "error")
    assert FiledRecord.objects.count() == 1


def test_filing_needs_the_permission_and_a_visible_record(make_record, fonds, branch, client):
    record = make_record()
    secret = make_record(classification=Classification.SECRET)
    client.force_login(staff(pages=[branch, fonds]))
    response = client.post(f"/admin/retention/pages/{record.pk}/file/", {"fonds": fonds.pk})
    assert response.status_code == 302 and response.url == "/admin/"
    client.force_login(staff("file_records", pages=[branch, fonds], clearance=1))
    assert client.get(f"/admin/retention/pages/{secret.pk}/file/").status_code == 404
    assert not FiledRecord.objects.exists()


def test_bulk_action_files_selected_records_in_date_order(make_record, fonds, filer, client):
    later = make_record(title="后", date_written=date(2026, 6, 1))
    earlier = make_record(title="前", date_written=date(2026, 1, 5))
    client.force_login(filer)
    url = f"/admin/bulk/wagtailcore/page/file_records/?id={later.pk}&id={earlier.pk}&next=/admin/"
    page = client.get(url).content.decode()
    assert "前" in page and "后" in page
    response = client.post(url, {"fonds": fonds.pk, "period": "D10"})
    assert response.status_code == 302
    codes = dict(FiledRecord.objects.values_list("title", "archival_code"))
    assert codes == {"前": "Z109-WS·2026-D10-BGS-0001", "后": "Z109-WS·2026-D10-BGS-0002"}


def test_bulk_action_is_all_or_none_and_shows_the_refusal(make_record, fonds, filer, client):
    good = make_record()
    homeless = make_record()
    OfficialDocumentPage.objects.filter(pk=homeless.pk).update(department=None)
    client.force_login(filer)
    url = f"/admin/bulk/wagtailcore/page/file_records/?id={good.pk}&id={homeless.pk}"
    response = client.post(url, {"fonds": fonds.pk, "period": "D10"})
    assert response.status_code == 200 and messages_of(response, "error")
    assert not FiledRecord.objects.exists()


def test_catalogue_filters_and_downloads_only_what_the_user_sees(
    make_record, fonds, filer, client, bgs
):
    file_record(make_record(title="二〇二六通知"), fonds=fonds, period="Y", user=filer)
    file_record(make_record(title="二〇二五通知", year=2025), fonds=fonds, period="D10", user=filer)
    other_fonds = FondsPageFactory(fonds_code="Z200")
    other_branch = DepartmentPageFactory(department=bgs)
    hidden = OfficialDocumentPageFactory(parent=other_branch, department=bgs, year=2026)
    file_record(hidden, fonds=other_fonds, period="Y", user=filer)
    client.force_login(filer)
    html = client.get("/admin/retention/catalogue/").content.decode()
    assert "二〇二六通知" in html and "二〇二五通知" in html and "Z200-" not in html
    html = client.get("/admin/retention/catalogue/?year=2025").content.decode()
    assert "二〇二五通知" in html and "二〇二六通知" not in html
    csv = client.get("/admin/retention/catalogue/?period=Y&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Z109-WS·2026-Y-BGS-0001" in text and "D10" not in text and "Z200" not in text
    xlsx = client.get(f"/admin/retention/catalogue/?fonds={fonds.pk}&format=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/admin/retention/catalogue/?format=pdf").content[:4] == b"%PDF"


def test_catalogue_is_in_the_reports_menu(filer, client):
    client.force_login(filer)
    assert "/admin/retention/catalogue/" in client.get("/admin/").content.decode()
