"""Fixtures built once per module: the demo office is slow to create, and every test here
only reads it (each test's own writes roll back with its ``db`` savepoint)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def built_once(django_db_blocker, build):
    """Run ``build`` inside a transaction rolled back when the module is done, so no other
    test module ever sees what it made."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
