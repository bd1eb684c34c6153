"""A department branch with finished records and a fonds to file them into."""

from __future__ import annotations

from datetime import date

import pytest

from repository.models import Classification
from tests.factories import DepartmentPageFactory, OfficialDocumentPageFactory
from tests.retention.factories import ARCHIVIST_PERMISSIONS, FondsPageFactory, office, user_with


@pytest.fixture
def bgs():
    return office()


@pytest.fixture
def branch(bgs):
    return DepartmentPageFactory(department=bgs, title="办公室")


@pytest.fixture
def fonds():
    return FondsPageFactory(fonds_code="Z109")


@pytest.fixture
def archivist():
    """Files, corrects, holds, appraises, destroys and hands out loans; approving a
    destruction or a loan is left to the approvers each test names."""
    return user_with(
        *ARCHIVIST_PERMISSIONS, username="archivist", clearance=Classification.TOP_SECRET
    )


@pytest.fixture
def make_record(branch, bgs):
    def make(**fields):
        fields.setdefault("department", bgs)
        fields.setdefault("year", 2026)
        fields.setdefault("date_written", date(2026, 3, 16))
        return OfficialDocumentPageFactory(parent=branch, **fields)

    return make


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    """Retention's tests do not exercise search, and the embedded engine needs SQLite while
    these tests also run on PostgreSQL: keep indexing out of their way."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    }


@pytest.fixture(autouse=True)
def empty_schedule(request):
    """Tests state the schedule they need; the default rules a migration seeds would
    otherwise decide for them. Tests of the defaults opt out with ``keep_default_schedule``."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_db or request.node.get_closest_marker("keep_default_schedule"):
        return
    from retention.models import RetentionRule

    if "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")
    RetentionRule.objects.all().delete()
    RetentionRule.history.all().delete()  # and the seeding, so history counts start at zero
