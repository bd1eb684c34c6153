"""Fixtures for the flows: the standard workflows, role holders, and a helper that acts on
a record's current step the way the Wagtail admin does (``task.on_action``)."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import Page

from repository.services.demo import ensure_home_page
from tests.factories import DepartmentFactory, UserFactory, grant
from workflows.services import flows
from workflows.services.countersign import add_party


def require_postgresql():
    if connection.vendor != "postgresql":
        message = "row locks need PostgreSQL: run with DATABASE_URL=postgres://…"
        if os.environ.get("WENSHU_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _search_backend_for_this_database(settings):
    """The embedded search engine (search/backends/embedded.py, in progress) cannot load on
    PostgreSQL yet; these tests are not about search, so use modelsearch's own backend."""
    if connection.vendor == "postgresql":
        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}


@pytest.fixture
def office(db):
    """The standard flows and one holder per role group, plus two countersigning departments."""
    workflows = flows.ensure_standard_workflows(issuer_code="示接待发")
    groups = flows.ensure_role_groups()
    people = {
        name: UserFactory(username=f"u_{index}", first_name=name)
        for index, name in enumerate(flows.ROLE_GROUPS)
    }
    for name, user in people.items():
        user.groups.add(groups[name])
    finance = DepartmentFactory(name="财务处", group__name="财务处")
    legal = DepartmentFactory(name="法规处", group__name="法规处")
    people["finance"] = UserFactory(username="finance", departments=[finance])
    people["legal"] = UserFactory(username="legal", departments=[legal])
    people["drafter"] = UserFactory(username="drafter", first_name="起草人")
    people["outsider"] = UserFactory(username="outsider")
    staff = Group.objects.create(name="全体人员")  # everyone sees the records
    for user in (people["drafter"], people["outsider"]):
        user.groups.add(staff)
    home = ensure_home_page()
    for group in Group.objects.all():  # the flow's last approver publishes the record
        grant(group, home, "view_page", "add_page", "change_page", "publish_page")
    countersign = workflows[flows.OUTGOING].tasks.get(name="会签").specific
    add_party(countersign, finance.group)  # positions 1, 2: 财务处 signs first when ordered
    add_party(countersign, legal.group)
    return workflows, people


def current_state(page):
    return Page.objects.get(pk=page.pk).specific.current_workflow_task_state


def act(page, user, action="approve", comment=""):
    state = current_state(page)
    assert state is not None, "no step in progress"
    return state.task.specific.on_action(state, user, action, comment=comment)


def current_step_name(page):
    state = current_state(page)
    return state.task.name if state else None
