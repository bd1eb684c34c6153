"""催办 inbox: the recipient lists their reminders newest first, follows them to the
document and the step, and marks one or all read; nobody sees anyone else's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from wagtail.users.models import UserProfile

from tests.factories import OfficialDocumentPageFactory
from tests.workflows.conftest import current_state
from workflows.models import Reminder
from workflows.services import flows
from workflows.services.reminders import unread_count
from workflows.services.submission import submit_for_approval

T0 = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)


@pytest.fixture
def inbox(office, client):
    _workflows, people = office
    doc = OfficialDocumentPageFactory(document_number="", publish=False, title="关于接待的请示")
    submit_for_approval(doc, people["drafter"])
    state = current_state(doc)
    director, drafter = people[flows.DIRECTOR], people["drafter"]
    old = Reminder.objects.create(
        recipient=director, task_state=state, level="due_soon", message="较早的催办", created_at=T0
    )
    new = Reminder.objects.create(
        recipient=director,
        task_state=state,
        level="overdue",
        message="最新的催办",
        created_at=T0 + timedelta(days=1),
    )
    theirs = Reminder.objects.create(
        recipient=drafter, task_state=state, level="overdue", message="起草人的催办", created_at=T0
    )
    director.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(director)
    return client, doc, state, old, new, theirs, director


def test_lists_only_the_recipients_reminders_newest_first_with_links(inbox):
    client, doc, state, _old, _new, _theirs, _director = inbox
    html = client.get("/admin/workflows/reminders/").content.decode()
    assert html.index("最新的催办") < html.index("较早的催办")
    assert "起草人的催办" not in html
    assert f"/admin/pages/{doc.pk}/edit/" in html
    assert f"/admin/workflows/step/{state.pk}/" in html
    assert html.count('data-read="no"') == 2


def test_marks_one_read_and_then_all_read(inbox):
    client, _doc, _state, old, new, theirs, director = inbox
    assert unread_count(director) == 2
    response = client.post(f"/admin/workflows/reminders/{old.pk}/read/")
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.read_at is not None and new.read_at is None
    assert unread_count(director) == 1
    client.post("/admin/workflows/reminders/read/")
    new.refresh_from_db()
    theirs.refresh_from_db()
    assert new.read_at is not None
    assert theirs.read_at is None  # "all" means all of mine
    assert unread_count(director) == 0


def test_cannot_mark_someone_elses_reminder(inbox):
    client, _doc, _state, _old, _new, theirs, _director = inbox
    assert client.post(f"/admin/workflows/reminders/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(f"/admin/workflows/reminders/{theirs.pk}/read/").status_code == 405


def test_the_menu_item_carries_the_unread_count(inbox):
    client, _doc, _state, old, _new, _theirs, director = inbox
    # The sidebar's labels travel as JSON (non-ASCII escaped): read the admin in English.
    profile = UserProfile.get_for_user(director)
    profile.preferred_language = "en"
    profile.save()
    html = client.get("/admin/").content.decode()
    assert "workflow-reminders" in html and "Reminders (2 unread)" in html
    client.post(f"/admin/workflows/reminders/{old.pk}/read/")
    html = client.get("/admin/").content.decode()
    assert "Reminders (1 unread)" in html and unread_count(director) == 1
