"""The access log is append-only by construction: the ORM refuses changes, the database
trigger refuses them whoever asks, and the hash chain checked by ``audit verify`` names
the first row that was altered, removed or inserted out of turn."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import translation

from repository.models import AccessAction, AccessLogEntry, AppendOnlyError, Classification
from repository.models.access_log import GENESIS_HASH
from repository.services.access_log import client_address, record_access, verify_chain
from tests.factories import DepartmentPageFactory, OfficialDocumentPageFactory, UserFactory

pytestmark = pytest.mark.django_db
TABLE = AccessLogEntry._meta.db_table


@pytest.fixture
def reader():
    return UserFactory(username="reader")


@pytest.fixture
def lines(reader):
    """Three lines, as the surfaces write them."""
    for query in ("接待", "通知", "会议"):
        record_access(None, AccessAction.SEARCH, user=reader, detail={"query": query})
    return list(AccessLogEntry.objects.order_by("seq"))


def raw(sql: str, params=()) -> None:
    """Run SQL in a savepoint, so a refusal leaves the test's transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def without_triggers() -> None:
    """What someone with the database owner's rights could do; the test's transaction
    rolls the DDL back afterwards on both engines."""
    if connection.vendor == "postgresql":
        raw(f"ALTER TABLE {TABLE} DISABLE TRIGGER repository_access_log_append_only")
    else:
        raw("DROP TRIGGER repository_access_log_no_update")
        raw("DROP TRIGGER repository_access_log_no_delete")


def verify() -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("audit", "verify", stdout=out)
    return out.getvalue()


# Writing ---------------------------------------------------------------------------------


def test_lines_form_a_chain_from_the_genesis_hash(lines, reader):
    assert [line.seq for line in lines] == [1, 2, 3]
    assert lines[0].prev_hash == GENESIS_HASH
    assert [line.prev_hash for line in lines[1:]] == [line.hash for line in lines[:-1]]
    assert all(line.hash == line.compute_hash() for line in lines)
    assert (lines[0].user, lines[0].username, lines[0].action) == (reader, "reader", "search")
    assert lines[0].detail == {"query": "接待"}


def test_a_line_keeps_the_highest_effective_classification_at_the_time(reader):
    folder = DepartmentPageFactory(classification=Classification.CONFIDENTIAL)
    inside = OfficialDocumentPageFactory(parent=folder, classification=Classification.INTERNAL)
    plain = OfficialDocumentPageFactory(classification=Classification.PUBLIC)
    one = record_access(None, AccessAction.VIEW, user=reader, records=[inside])
    assert (one.record_id, one.record_ids, one.classification) == (inside.pk, "", 2)
    # Ids alone are looked up; several records keep every id and the highest level.
    several = record_access(None, AccessAction.EXPORT, user=reader, records=[plain.pk, inside.pk])
    assert (several.record_id, several.record_ids) == (plain.pk, f",{plain.pk},{inside.pk},")
    assert several.classification == Classification.CONFIDENTIAL
    # Later changes do not rewrite what was true then.
    folder.classification = Classification.PUBLIC
    folder.save()
    one.refresh_from_db()
    assert one.classification == Classification.CONFIDENTIAL


def test_text_that_the_database_or_json_would_change_is_stored_as_hashed(reader):
    odd = "a\x00b" + "\udcff" + "x" * 5000  # NUL, an undecodable CLI byte, very long
    record_access(None, AccessAction.SEARCH, user=reader, detail={"query": odd, "n": (1, 2)})
    line = AccessLogEntry.objects.get()
    assert "\x00" not in line.detail["query"] and len(line.detail["query"]) == 1000
    assert line.detail["n"] == [1, 2]
    assert verify_chain().intact


def test_address_is_remote_addr_unless_a_trusted_proxy_header_is_configured(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.9"
    )
    settings.WENSHU_TRUSTED_PROXY_HEADER = ""
    assert client_address(request) == "10.0.0.5"  # any client can send the header
    settings.WENSHU_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    assert client_address(request) == "192.0.2.9"  # the one our proxy appended
    request.META["HTTP_X_FORWARDED_FOR"] = "not-an-address"
    assert client_address(request) == "10.0.0.5"
    request.META["REMOTE_ADDR"] = "2001:DB8:0:0:0:0:0:1"
    assert client_address(request) == "2001:db8::1"


# Refusals ------------------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_delete(lines):
    line = lines[0]
    line.detail = {"query": "改过"}
    with pytest.raises(AppendOnlyError):
        line.save()
    with pytest.raises(AppendOnlyError):
        line.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=line.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.bulk_update([line], ["detail"])
    assert AccessLogEntry.objects.count() == 3
    assert AccessLogEntry.objects.get(pk=line.pk).detail == {"query": "接待"}


def test_the_database_refuses_update_and_delete_from_raw_sql(lines):
    """The trigger, on whichever engine the suite runs (SQLite here, PostgreSQL under
    ``make test``): no code path, however it reaches the table, rewrites a line."""
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"UPDATE {TABLE} SET username = %s WHERE seq = 2", ["intruder"])
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"DELETE FROM {TABLE} WHERE seq = 2")
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"DELETE FROM {TABLE}")
    assert (
        list(AccessLogEntry.objects.order_by("seq").values_list("username", flat=True))
        == ["reader"] * 3
    )
    assert verify_chain().intact


@pytest.mark.integration
def test_postgresql_trigger_refuses_update_and_delete(database_url, lines):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL trigger is tested on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [TABLE],
        )
        assert [row[0] for row in cursor.fetchall()] == ["repository_access_log_append_only"]
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"UPDATE {TABLE} SET detail = '{{}}'::jsonb")
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"DELETE FROM {TABLE} WHERE seq = 1")
    assert AccessLogEntry.objects.count() == 3


# Verifying -----------------------------------------------------------------------------


def test_verify_passes_on_an_intact_chain(lines):
    out = verify()
    assert "3" in out and lines[-1].hash in out


def test_verify_passes_on_an_empty_log(db):
    assert GENESIS_HASH in verify()


def test_verify_names_the_row_whose_content_was_altered(lines):
    without_triggers()
    raw(f"UPDATE {TABLE} SET username = %s WHERE seq = 2", ["someone-else"])
    with pytest.raises(CommandError, match=r"row 2 \(id \d+\).*altered"):
        verify()
    assert verify_chain().broken_seq == 2
    with translation.override("zh-hans"), pytest.raises(CommandError, match=r"第 2 条.*篡改"):
        call_command("audit", "verify")


def test_verify_names_the_row_after_one_rewritten_with_a_fresh_hash(lines):
    forged = AccessLogEntry.objects.get(seq=2)
    forged.username = "someone-else"
    without_triggers()
    new_content = [forged.username, forged.compute_hash()]
    raw(f"UPDATE {TABLE} SET username = %s, hash = %s WHERE seq = 2", new_content)
    with pytest.raises(CommandError, match=r"row 3 .*hash of row 2"):
        verify()


def test_verify_names_the_gap_a_deleted_row_leaves(lines):
    without_triggers()
    raw(f"DELETE FROM {TABLE} WHERE seq = 2")
    with pytest.raises(CommandError, match=r"row 3 .*expected sequence 2"):
        verify()


def test_export_writes_every_line_with_its_hashes(lines):
    out = io.StringIO()
    call_command("audit", "export", stdout=out)
    exported = out.getvalue().splitlines()
    assert len(exported) == 3 and lines[0].hash in exported[0] and "接待" in exported[0]


# Concurrency ---------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_writers_never_fork_the_chain(database_url):
    """Needs PostgreSQL: SQLite serialises writers by locking the whole file (every
    transaction begins IMMEDIATE), so it would prove nothing about the advisory lock."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    user = UserFactory(username="parallel")
    workers, each = 8, 10
    start = threading.Barrier(workers)
    errors: list[BaseException] = []

    def write(n):
        try:
            start.wait()
            for i in range(each):
                record_access(None, AccessAction.SEARCH, user=user, detail={"w": n, "i": i})
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    check = verify_chain()
    assert check.intact and check.rows == workers * each
