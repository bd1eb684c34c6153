"""Access-log benchmark: what writing the audit line costs a record page view, and how
much log a thousand views leave behind.

- Cost: a demo record's page, served through Wagtail to a signed-in reader, timed with
  its access-log line and without it (``record_access`` replaced by a no-op for the
  baseline), the two interleaved request by request so that drift in a shared machine's
  load falls on both alike. The issue's target is with/without ≤ 1.1×; the first line
  prints that quotient against the target (ratio > 1: within it).
- The line alone: ``record_access`` called directly, against the page view without it.
- Volume: rows written per 1000 views, and the bytes each row takes in the database
  (table and indexes) against the bytes of its content (canonical JSON and two hashes).
"""

from __future__ import annotations

import statistics
import time
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

from bench.common import Result, median_seconds
from repository.models import AccessAction, AccessLogEntry, HomePage, RepositoryPage
from repository.selectors import visible_pages_for
from repository.services.access_log import record_access

SAMPLES = 300
VOLUME_VIEWS = 1000
TARGET = 1.1


def run() -> list[Result]:
    setup_test_environment()
    call_command("load_demo", verbosity=0)
    reader = get_user_model().objects.get(username="editor")
    record = (
        visible_pages_for(reader, RepositoryPage.objects.live().not_type(HomePage))
        .filter(depth__gte=4)
        .order_by("path")
        .first()
        .specific
    )
    client = Client()
    client.force_login(reader)
    url = record.url

    def view():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    without, with_line = _interleaved(view)
    line_alone = median_seconds(
        lambda: record_access(None, AccessAction.VIEW, user=reader, records=[record]), SAMPLES
    )
    rows_before, size_before = AccessLogEntry.objects.count(), _log_bytes()
    for _ in range(VOLUME_VIEWS):
        view()
    rows = AccessLogEntry.objects.count() - rows_before
    stored = (_log_bytes() - size_before) / rows
    content = statistics.mean(
        len(e.canonical().encode()) + len(e.hash) + len(e.prev_hash)
        for e in AccessLogEntry.objects.order_by("-seq")[:rows]
    )
    ms_with, ms_without = with_line * 1000, without * 1000
    return [
        Result("page view with/without audit line", "x", with_line / without, "target", TARGET),
        Result("record page view with audit line", "ms", ms_with, "without", ms_without),
        Result("writing one audit line alone", "ms", line_alone * 1000, "page view", ms_without),
        Result(f"audit rows per {VOLUME_VIEWS} record views", "rows", rows, "views", VOLUME_VIEWS),
        Result(f"bytes per audit row on {connection.vendor}", "B", stored, "content", content),
    ]  # fmt: skip


def _interleaved(view) -> tuple[float, float]:
    """Median seconds of a view without and with its audit line, measured alternately."""
    view()  # warm caches, imports and connections before measuring
    without, with_line = [], []
    for _ in range(SAMPLES):
        with mock.patch("repository.access_audit.record_access", lambda *a, **k: None):
            start = time.perf_counter()
            view()
            without.append(time.perf_counter() - start)
        start = time.perf_counter()
        view()
        with_line.append(time.perf_counter() - start)
    return statistics.median(without), statistics.median(with_line)


def _log_bytes() -> int:
    """Bytes the access-log table and its indexes occupy."""
    table = AccessLogEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            return cursor.fetchone()[0]
        # SQLite: the pages of the table and of every index on it (dbstat).
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE tbl_name = %s AND type IN ('table', 'index')",
            [table],
        )
        names = [row[0] for row in cursor.fetchall()]
        marks = ", ".join(["%s"] * len(names))
        cursor.execute(f"SELECT SUM(pgsize) FROM dbstat WHERE name IN ({marks})", names)
        return cursor.fetchone()[0] or 0
