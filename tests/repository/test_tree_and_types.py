"""The tree reads like the office's filing structure, and every record type can be
created, edited, published and reverted as Wagtail revisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from repository import models as m
from repository.services.demo import ensure_home_page, load_demo_content
from tests.factories import DepartmentPageFactory, LetterPageFactory, OfficialDocumentPageFactory

pytestmark = pytest.mark.django_db

RECORD_MODELS = [
    m.OfficialDocumentPage,
    m.LetterPage,
    m.ReceptionPlanPage,
    m.BulletinPage,
    m.NoticePage,
    m.RegulationPage,
    m.GenericDocumentPage,
]


@pytest.mark.parametrize("model", RECORD_MODELS)
def test_records_live_in_branches_folders_or_inbox_never_at_the_top(model):
    assert not model.can_exist_under(ensure_home_page())
    assert model.can_exist_under(DepartmentPageFactory())
    assert model.allowed_subpage_models() == []


def test_archive_branch_is_fonds_then_volume_then_item():
    home = ensure_home_page()
    assert m.FondsPage.can_exist_under(home)
    assert not m.ArchiveVolumePage.can_exist_under(home)
    assert m.ArchiveItemPage in m.ArchiveVolumePage.allowed_subpage_models()
    assert m.OfficialDocumentPage not in m.FondsPage.allowed_subpage_models()


def test_home_and_inbox_exist_once():
    home = ensure_home_page()
    assert not m.HomePage.can_create_at(Page.get_first_root_node())
    home.add_child(instance=m.InboxPage(title="收件箱", slug="inbox"))
    assert not m.InboxPage.can_create_at(home)


def test_official_document_number_is_normalised_and_parsed():
    doc = OfficialDocumentPageFactory(document_number="浙接待发【２０２６】第012号")
    assert doc.document_number == "浙接待发〔2026〕12号"
    assert (doc.issuer_code, doc.number_year, doc.number_serial) == ("浙接待发", 2026, 12)


def test_malformed_document_number_fails_validation_with_a_clear_message():
    doc = m.OfficialDocumentPage(
        title="x", direction="outgoing", kind="通知", document_number="第12号文件"
    )
    with pytest.raises(ValidationError) as error:
        doc.clean()
    assert "浙接待函〔2026〕3号" in str(error.value)


def test_edit_publish_compare_and_revert_keep_every_version():
    doc = OfficialDocumentPageFactory(title="初稿标题", body="<p>第一版正文</p>")
    first = doc.latest_revision
    doc.title, doc.body = "修改后的标题", "<p>第二版正文</p>"
    doc.save_revision().publish()
    doc.refresh_from_db()
    assert doc.title == "修改后的标题"
    assert doc.revisions.count() == 2
    # Revert: publish the old revision's content as a new revision.
    first.as_object().save_revision().publish()
    doc.refresh_from_db()
    assert doc.title == "初稿标题" and "第一版正文" in doc.body
    assert doc.revisions.count() == 3


def test_admin_compare_view_shows_both_versions(admin_client):
    doc = OfficialDocumentPageFactory(title="版本一")
    first = doc.latest_revision
    doc.title = "版本二"
    second = doc.save_revision()
    admin_client.user = None
    response = admin_client.get(
        f"/admin/pages/{doc.pk}/revisions/compare/{first.pk}...{second.pk}/"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "版本一" in text and "版本二" in text


def test_reception_plan_requires_a_letter_and_keeps_its_rows_in_revisions():
    branch = DepartmentPageFactory()
    letter = LetterPageFactory(parent=branch)
    plan = m.ReceptionPlanPage(
        title="考察团接待方案",
        slug="plan",
        letter=letter,
        visiting_unit="样例县",
        purpose="学习交流",
        start_date=date(2026, 4, 15),
        end_date=date(2026, 4, 16),
    )
    plan.meals = [
        m.Meal(
            date=date(2026, 4, 15), guest_count=8, companion_count=3, standard_per_head=Decimal(30)
        )
    ]
    plan.guests = [m.Guest(name="李华", position="副主任")]
    branch.add_child(instance=plan)
    plan.save_revision().publish()
    stored = m.ReceptionPlanPage.objects.get(pk=plan.pk)
    assert stored.meals.get().companion_count == 3
    assert stored.latest_revision.as_object().guests.first().name == "李华"
    with pytest.raises(ValidationError):
        m.ReceptionPlanPage(
            title="无函方案",
            visiting_unit="x",
            purpose="x",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 1),
        ).full_clean(exclude=["path", "depth", "slug"])


def test_regulation_links_supersedes_both_ways():
    branch = DepartmentPageFactory()
    old = m.RegulationPage(title="旧办法", slug="old", issuing_body="市政府办公室")
    branch.add_child(instance=old)
    new = m.RegulationPage(title="新办法", slug="new", issuing_body="市政府办公室", supersedes=old)
    branch.add_child(instance=new)
    assert list(old.superseded_by.all()) == [new]


def test_demo_content_has_every_type_and_is_idempotent():
    first = load_demo_content()
    again = load_demo_content()
    assert first == again
    for model in [
        *RECORD_MODELS,
        m.DepartmentPage,
        m.FolderPage,
        m.InboxPage,
        m.FondsPage,
        m.ArchiveVolumePage,
        m.ArchiveItemPage,
    ]:
        assert model.objects.exists(), model.__name__
    assert m.Department.objects.count() == 2
    assert m.RepositoryPage.objects.filter(
        classification__gte=m.Classification.CONFIDENTIAL
    ).exists()
    levels = set(
        m.Clearance.objects.filter(user__username__in=["editor", "archivist", "staff"]).values_list(
            "level", flat=True
        )
    )
    assert len(levels) == 3


def minimal_fields(model) -> dict:
    """The required fields of each record type, with realistic values."""
    letter = None
    if model is m.ReceptionPlanPage:
        letter = LetterPageFactory(parent=DepartmentPageFactory())
    return {
        m.OfficialDocumentPage: {"direction": "outgoing", "kind": "通知", "body": "<p>原文</p>"},
        m.LetterPage: {"sender_unit": "样例县", "recipient_unit": "示范市", "body": "<p>原文</p>"},
        m.ReceptionPlanPage: {
            "letter": letter,
            "visiting_unit": "样例县",
            "purpose": "原文",
            "start_date": date(2026, 4, 15),
            "end_date": date(2026, 4, 16),
        },
        m.BulletinPage: {"series": "接待工作简报", "body": "<p>原文</p>"},
        m.NoticePage: {"body": "<p>原文</p>"},
        m.RegulationPage: {"issuing_body": "市政府办公室", "body": "<p>原文</p>"},
        m.GenericDocumentPage: {"description": "原文"},
    }[model]


@pytest.mark.parametrize("model", RECORD_MODELS)
def test_every_type_can_be_created_edited_published_and_reverted(model, admin_client):
    branch = DepartmentPageFactory()
    page = model(title="第一版", slug="record", **minimal_fields(model))
    branch.add_child(instance=page)
    first = page.save_revision()
    first.publish()
    page.refresh_from_db()
    assert page.live and page.title == "第一版"

    page.title = "第二版"
    page.save_revision().publish()
    assert model.objects.get(pk=page.pk).title == "第二版"

    # The admin's revert: the old revision's content published as a new revision.
    response = admin_client.get(f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/")
    assert response.status_code == 200 and "第一版" in response.content.decode()
    first.as_object().save_revision().publish()
    reverted = model.objects.get(pk=page.pk)
    assert reverted.title == "第一版"
    assert reverted.revisions.count() == 3
