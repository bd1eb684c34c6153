"""档号 under concurrency: parallel filings into one group get unique, contiguous numbers.

Needs PostgreSQL: SQLite serialises writers by locking the whole file, so it would prove
nothing about the row lock that ``assign_archival_code`` relies on."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from repository.models import RetentionPeriod
from retention.models import FiledRecord
from retention.services.filing import file_record

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WORKERS = 8


@pytest.fixture(autouse=True)
def _postgresql_only(database_url):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")


def _in_parallel(jobs):
    """Run each job in its own thread and connection, started together."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            start.wait()
            job()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_parallel_filings_get_unique_contiguous_numbers(make_record, fonds, archivist):
    records = [make_record(title=f"并发{n}") for n in range(WORKERS)]
    others = [make_record(title=f"十年{n}") for n in range(3)]
    jobs = [
        (lambda r=r: file_record(r, fonds=fonds, period=RetentionPeriod.PERMANENT, user=archivist))
        for r in records
    ] + [
        (lambda r=r: file_record(r, fonds=fonds, period=RetentionPeriod.TEN_YEARS, user=archivist))
        for r in others
    ]

    assert _in_parallel(jobs) == []

    permanent = FiledRecord.objects.filter(retention_period="Y")
    assert sorted(permanent.values_list("item_number", flat=True)) == list(range(1, WORKERS + 1))
    assert sorted(permanent.values_list("archival_code", flat=True)) == [
        f"Z109-WS·2026-Y-BGS-{n:04d}" for n in range(1, WORKERS + 1)
    ]
    ten = FiledRecord.objects.filter(retention_period="D10")
    assert sorted(ten.values_list("item_number", flat=True)) == [1, 2, 3]
    fonds.refresh_from_db()
    assert fonds.numchild == WORKERS + 3 == fonds.get_children().count()


def test_the_same_record_filed_twice_at_once_is_filed_once(make_record, fonds, archivist):
    record = make_record()
    errors = _in_parallel(
        [lambda: file_record(record, fonds=fonds, period="Y", user=archivist) for _ in range(4)]
    )
    assert FiledRecord.objects.filter(record=record).count() == 1
    assert len(errors) == 3
    assert FiledRecord.objects.get().item_number == 1
