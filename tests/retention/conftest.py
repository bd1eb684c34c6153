"""A department branch with finished records and a fonds to file them into."""

from __future__ import annotations

from datetime import date

import pytest

from repository.models import Classification
from tests.factories import DepartmentPageFactory, OfficialDocumentPageFactory, UserFactory
from tests.retention.factories import FondsPageFactory, office


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
    return UserFactory(username="archivist", clearance=Classification.TOP_SECRET)


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
