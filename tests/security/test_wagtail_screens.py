"""Wagtail's own screens apply the visibility rule — the issue's reproductions, one by one,
on the demo office (``editor``: 秘密, 办公室; the demo's 机密 record in 办公室; 接待处's
records), plus an approver in a workflow group with no page grant and 内部 clearance.
The leak matrix (``test_leak_matrix``) requests every URL; these pin each screen down
quickly and say what broke."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from repository.models import Classification, Clearance, OfficialDocumentPage
from repository.services.demo import load_demo_content
from tests.factories import grant
from tests.security.conftest import built_once
from workflows.models import Reminder
from workflows.services import flows
from workflows.services.reminders import send_reminders

pytestmark = pytest.mark.django_db

SECRET = "重要外事接待安全保卫工作方案"  # the demo's 机密 record in 办公室
OTHER = "关于商请接待考察团的函"  # a 接待处 record


@pytest.fixture(scope="module")
def demo_office(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, load_demo_content):
        yield


@pytest.fixture
def demo(demo_office, db):
    User = get_user_model()
    return {
        "editor": User.objects.get(username="editor"),
        "secret": OfficialDocumentPage.objects.get(slug="classified-2026-001"),
        "other_folder": Page.objects.get(slug="reception").get_children().get(slug="2026"),
        "home": Page.objects.get(slug="home"),
    }


@pytest.fixture
def editor_client(client, demo):
    client.force_login(demo["editor"])
    return client


@pytest.fixture
def approver(demo):
    """In the 办公室主任 role group (核稿 in 发文办理), no page grant, 内部 clearance."""
    groups = flows.ensure_role_groups()
    user = get_user_model().objects.create_user("approver", "a@example.gov.cn", "pw")
    Clearance.objects.create(user=user, level=Classification.INTERNAL)
    user.groups.add(groups[flows.DIRECTOR])
    return user


@pytest.fixture
def secret_in_flow(demo, approver, django_user_model):
    """The 机密 record's 发文 flow started: its first step (核稿) goes to the approver."""
    root = django_user_model.objects.create_superuser("root", "r@example.gov.cn", "pw")
    Clearance.objects.create(user=root, level=Classification.TOP_SECRET)
    flows.ensure_standard_workflows(issuer_code="示接待发")
    page = OfficialDocumentPage.objects.get(pk=demo["secret"].pk)
    flows.workflow_for(page).start(page, root)
    return root


def text(response) -> str:
    return response.content.decode()


def test_explorer_by_id_refuses_a_classified_record_and_another_departments_folder(
    editor_client, demo
):
    for page in (demo["secret"], demo["other_folder"]):
        assert editor_client.get(f"/admin/pages/{page.pk}/").status_code == 404
        assert editor_client.get(f"/admin/choose-page/{page.pk}/").status_code == 404
    # The home page above the editor's branch still opens, listing only what they see.
    home = editor_client.get(f"/admin/pages/{demo['home'].pk}/")
    assert home.status_code == 200 and "办公室" in text(home) and "接待处" not in text(home)


def test_admin_api_lists_and_details_only_visible_pages(editor_client, demo):
    office_2026 = demo["secret"].get_parent()
    listing = editor_client.get(f"/admin/api/main/pages/?child_of={office_2026.pk}")
    assert listing.status_code == 200 and "全市接待工作会议召开" in text(listing)
    assert SECRET not in text(listing)
    assert OTHER not in text(editor_client.get("/admin/api/main/pages/?limit=20"))
    assert editor_client.get(f"/admin/api/main/pages/{demo['secret'].pk}/").status_code == 404


@pytest.mark.parametrize(
    "report", ["site_history", "aging_pages", "workflow", "workflow_tasks", "locked_pages"]
)
def test_reports_name_no_page_the_user_may_not_see(editor_client, demo, secret_in_flow, report):
    office = demo["secret"].get_parent().get_parent()
    grant(demo["editor"].groups.get(name="办公室"), office, "lock_page", "unlock_page")
    Page.objects.filter(pk=demo["secret"].pk).update(locked=True, locked_by=secret_in_flow)
    response = editor_client.get(reverse(f"wagtailadmin_reports:{report}"))
    assert response.status_code == 200
    assert SECRET not in text(response) and OTHER not in text(response)


def test_page_types_usage_report_is_gone_from_menu_and_urlconf(editor_client, client, demo):
    assert editor_client.get("/admin/reports/page-types-usage/").status_code == 404
    assert "page-types-usage" not in text(editor_client.get("/admin/"))


def test_bulk_action_confirmation_names_no_hidden_page(editor_client, demo):
    secret, other = demo["secret"], demo["other_folder"].get_children().first()
    for action in ("delete", "move", "publish", "unpublish"):
        url = f"/admin/bulk/wagtailcore/page/{action}/?id={secret.pk}&id={other.pk}"
        response = editor_client.get(url)
        assert SECRET not in text(response) and OTHER not in text(response), action
    office_2026 = secret.get_parent()
    listing = editor_client.get(
        f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={office_2026.pk}"
    )
    assert SECRET not in text(listing)


def test_awaiting_review_panel_leaves_out_steps_on_records_the_approver_cannot_see(
    client, approver, secret_in_flow
):
    client.force_login(approver)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200 and SECRET not in text(dashboard)


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_a_step_its_approver_cannot_see_is_flagged_to_administrators(demo, approver):
    log, logger = Collect(), logging.getLogger("wenshu.workflows")
    logger.addHandler(log)
    try:
        root = get_user_model().objects.create_superuser("root", "r@example.gov.cn", "pw")
        flows.ensure_standard_workflows(issuer_code="示接待发")
        page = OfficialDocumentPage.objects.get(pk=demo["secret"].pk)
        flows.workflow_for(page).start(page, root)
    finally:
        logger.removeHandler(log)
    notice = Reminder.objects.get(recipient=root, level="misassigned")
    assert f"#{page.pk}" in notice.message and "approver" in notice.message
    assert SECRET not in notice.message  # the administrator's clearance may be lower
    assert any("approver" in line and f"#{page.pk}" in line for line in log.lines)
    # Nor is the approver reminded of it later (the reminder would name the record).
    send_reminders(timezone.now() + timedelta(days=30))
    assert not Reminder.objects.filter(recipient=approver).exists()


def test_a_well_assigned_step_is_not_flagged(demo, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@example.gov.cn", "pw")
    flows.ensure_standard_workflows(issuer_code="示接待发")
    director = flows.ensure_role_groups()[flows.DIRECTOR]
    demo["editor"].groups.add(director)  # 秘密, 办公室: may see the 内部 outgoing notice
    page = OfficialDocumentPage.objects.get(slug="jdb-fa-2026-12")
    flows.workflow_for(page).start(page, root)
    assert not Reminder.objects.filter(level="misassigned").exists()


def test_revision_raising_the_classification_is_not_shown_below_it(editor_client, demo):
    page = OfficialDocumentPage.objects.get(slug="jdb-fa-2026-12")  # 内部, visible to editor
    page.title, page.classification = "升密草稿", Classification.SECRET
    revision = page.save_revision()
    url = f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/"
    assert editor_client.get(url).status_code == 404


@pytest.mark.parametrize("path", ["/admin/choose-page/search/", "/admin/pages/search/"])
def test_page_searches_work_for_non_administrators_and_hide_what_they_may_not_see(
    editor_client, demo, path
):
    response = editor_client.get(path, {"q": "方案"})
    assert response.status_code == 200 and SECRET not in text(response)


def test_comparing_with_a_revision_above_the_clearance_is_refused(editor_client, demo):
    page = OfficialDocumentPage.objects.get(slug="jdb-fa-2026-12")
    live = page.live_revision_id
    page.title, page.classification = "升密草稿", Classification.SECRET
    raised = page.save_revision()
    base = f"/admin/pages/{page.pk}/revisions/compare/"
    # While the latest draft is 机密 the whole record is (the effective classification).
    assert editor_client.get(f"{base}{live}...{raised.pk}/").status_code == 404
    assert editor_client.get(f"{base}earliest...{live}/").status_code == 404
    # A later draft back at the old level shows the record again, but never the 机密 one.
    page = OfficialDocumentPage.objects.get(pk=page.pk)
    page.title, page.classification = "复核草稿", Classification.INTERNAL
    lowered = page.save_revision()
    assert editor_client.get(f"{base}earliest...{live}/").status_code == 200
    assert editor_client.get(f"{base}{raised.pk}...{lowered.pk}/").status_code == 404
    assert editor_client.get(f"{base}{live}...{lowered.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_the_dashboard_page_count_counts_only_visible_pages(client, demo, who, django_user_model):
    """A count is information too: neither an editor's nor an administrator's dashboard
    counts a record above their clearance."""
    import re

    from repository.selectors import visible_pages_for

    if who == "admin":
        user = django_user_model.objects.create_superuser("chief", password="x")
        Clearance.objects.update_or_create(user=user, defaults={"level": Classification.INTERNAL})
    else:
        user = demo["editor"]
    client.force_login(user)
    body = text(client.get("/admin/"))
    explore = reverse("wagtailadmin_explore", args=[Page.objects.get(depth=2).pk])
    shown = re.search(rf'href="{explore}">\s*(\d+)', body) or re.search(
        r'wagtailadmin/pages/\d+/">\s*(\d+)', body
    )
    assert shown, "no page count on the dashboard"
    visible = visible_pages_for(user, Page.objects.all()).count()
    everything = Page.objects.filter(depth__gt=1).count()
    assert int(shown.group(1)) == visible < everything
