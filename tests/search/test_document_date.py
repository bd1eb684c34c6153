"""Date filters and date sorting use each record's own date (成文日期, a letter's date, a
visit's first day…), not when its page happened to be published — on both engines, on
the site page and in the CLI."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from repository.models import ReceptionPlanPage
from repository.services.demo import ensure_home_page
from search.services import SearchFilters, search_records
from tests.factories import (
    LetterPageFactory,
    NoticePageFactory,
    OfficialDocumentPageFactory,
    UserFactory,
)
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db

# Every record below mentions 考察 so one query finds them all. All are published today;
# only their own dates differ.
TOPIC = "考察"


@pytest.fixture
def dated(search_engine):
    home = ensure_home_page()
    circular = OfficialDocumentPageFactory(
        parent=home,
        title="关于考察学习的通知",
        date_written=date(2019, 5, 6),
        classification=0,
    )
    letter = LetterPageFactory(
        parent=home,
        title="关于前来考察的函",
        letter_date=date(2024, 6, 1),
        classification=0,
    )
    visit = ReceptionPlanPage(
        title="考察团接待方案",
        slug="visit",
        letter=letter,
        visiting_unit="样例县人民政府",
        purpose="考察学习",
        start_date=date(2021, 9, 14),
        end_date=date(2021, 9, 15),
        classification=0,
    )
    home.add_child(instance=visit)
    visit.save_revision().publish()
    notice = NoticePageFactory(parent=home, title="考察期间值班安排", classification=0)
    refresh()
    admin = UserFactory(username="dates-admin", is_superuser=True, clearance=4)
    return admin, circular, letter, visit, notice


def _ids(outcome) -> list[int]:
    return [hit.page_id for hit in outcome.hits]


def test_each_type_stores_the_date_it_bears(dated):
    _admin, circular, letter, visit, notice = dated
    assert circular.document_date == date(2019, 5, 6)
    assert letter.document_date == date(2024, 6, 1)
    assert visit.document_date == date(2021, 9, 14)
    # A notice bears no date of its own: it is issued by publishing it.
    assert notice.document_date == timezone.localtime(notice.first_published_at).date()


def test_date_filter_uses_the_document_date(dated):
    admin, circular, letter, visit, _notice = dated
    in_2021 = SearchFilters(date_from=date(2021, 1, 1), date_to=date(2021, 12, 31))
    assert _ids(search_records(admin, TOPIC, filters=in_2021)) == [visit.pk]
    before_2022 = SearchFilters(date_to=date(2021, 12, 31))
    assert set(_ids(search_records(admin, TOPIC, filters=before_2022))) == {
        circular.pk,
        visit.pk,
    }
    # Bounds are inclusive days.
    one_day = SearchFilters(date_from=date(2024, 6, 1), date_to=date(2024, 6, 1))
    assert _ids(search_records(admin, TOPIC, filters=one_day)) == [letter.pk]


def test_date_sort_uses_the_document_date(dated):
    admin, circular, letter, visit, notice = dated
    newest = _ids(search_records(admin, TOPIC, sort="date"))
    assert newest == [notice.pk, letter.pk, visit.pk, circular.pk]
    assert _ids(search_records(admin, TOPIC, sort="date_asc")) == newest[::-1]


def test_a_changed_date_reaches_the_index(dated):
    admin, circular, *_ = dated
    circular.date_written = date(2025, 1, 2)
    circular.save_revision().publish()
    refresh()
    in_2025 = SearchFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    assert _ids(search_records(admin, TOPIC, filters=in_2025)) == [circular.pk]
    in_2019 = SearchFilters(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31))
    assert _ids(search_records(admin, TOPIC, filters=in_2019)) == []


def test_cli_filters_sorts_and_prints_the_document_date(dated):
    admin, circular, _letter, visit, _notice = dated
    out = io.StringIO()
    call_command(
        "search", TOPIC, "--from", "2019-01-01", "--to", "2022-01-01", "--sort", "date_asc",
        "--json", "--as-user", admin.username, stdout=out,
    )  # fmt: skip
    payload = json.loads(out.getvalue())  # the JSON shape, unchanged
    assert [hit["page_id"] for hit in payload["hits"]] == [circular.pk, visit.pk]
    out = io.StringIO()
    call_command("search", TOPIC, "--sort", "date_asc", "--as-user", admin.username, stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("[")]
    assert lines[0].startswith(f"[{circular.pk}]") and "2019-05-06" in lines[0]


def test_search_page_filters_sorts_and_shows_the_document_date(dated):
    admin, _circular, _letter, _visit, notice = dated
    client = Client()
    client.force_login(admin)
    response = client.get(
        "/search/", {"q": TOPIC, "date_from": "2019-01-01", "date_to": "2024-12-31", "sort": "date"}
    )
    html = response.content.decode()
    assert 'datetime="2024-06-01"' in html and 'datetime="2019-05-06"' in html
    assert notice.title not in html  # published today, but dated by publication: outside
    # Titles carry <mark>s; the dates shown give the order.
    positions = [
        html.index(f'datetime="{day}"') for day in ("2024-06-01", "2021-09-14", "2019-05-06")
    ]
    assert positions == sorted(positions)
